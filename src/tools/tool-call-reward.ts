import { z } from 'zod';
import { defineReward, RULE } from '../core/define.js';
import { failed, scored, unscorable } from '../core/outcome.js';
import { responseText } from '../core/text.js';
import { callsFromMessages, parseToolCallBlock, parseTruth } from './parse.js';
import { toolCallCorrectness } from './toolrl-correctness.js';
import { messageFormatOk, thinkWords, toolrlFormatOk } from './toolrl-format.js';
import { lengthReward, rangesAt } from './toolrl-schedule.js';

const params = z
  .object({
    /** Which part to return: `total` (format + correctness [+ length]) or one part. */
    component: z.enum(['total', 'format', 'correctness', 'length']).default('total'),
    /** ToolRL's call matching: `partial` (default), `strict` (REFINED), `intermediate`, `coarse`. */
    matching: z.enum(['partial', 'strict', 'intermediate', 'coarse']).default('partial'),
    /** Correctness range [−1, 1] instead of [−3, 3] (CORRECTMAX1, "equal max"). */
    equalMax: z.boolean().default(false),
    /** Range schedule by training step (`metadata.step`): `two-stage` (MAX1STEP30MAX3) or `dynamic` (SCHEDULEREWARD). */
    schedule: z.enum(['none', 'two-stage', 'dynamic']).default('none'),
    /** Add ToolRL's length reward on the `<think>` block (WITHLENGTH); `lengthSchedule` grows its target (SCHEDULELENGTH). */
    length: z.boolean().default(false),
    lengthSchedule: z.boolean().default(false),
  })
  .strict();

/** ToolRL's tool-call reward: format {0, 1} plus correctness [−3, 3] on names, parameter names and values, with its variants and schedules. */
export const toolCallReward = defineReward({
  kind: 'tool-call',
  description:
    'ToolRL tool-call reward: format + correctness of names, parameter names and values (ToolRL text or OpenAI tool_calls)',
  source: 'ToolRL (Qian et al., arXiv 2504.13958), qiancheng0/ToolRL verl/utils/reward_score/rlla.py',
  params,
  // Widest range over every variant: dynamic format [−2, 2] + correctness [−3, 3] + length [0, 1].
  capabilities: { ...RULE, needsReference: true, bounds: [-5, 6] },
  score(sample, p, reference) {
    const parsed = parseTruth(reference);
    if ('error' in parsed) return failed('invalid-reference', `reference: ${parsed.error}`);
    const { truth } = parsed;
    const needsStep = p.schedule !== 'none' || (p.length && p.lengthSchedule);
    const step = sample.metadata?.step;
    if (needsStep && (typeof step !== 'number' || !Number.isFinite(step) || step < 0))
      return unscorable('missing-input', `the ${p.schedule} schedule needs metadata.step (a training step >= 0)`);
    const at = typeof step === 'number' ? step : 0;
    const ranges = rangesAt(at, p.schedule, p.equalMax);

    const messages = Array.isArray(sample.response) ? sample.response : undefined;
    const text = responseText(sample);
    if (!messages && text.trim() === '') return unscorable('empty-response', 'the response is empty');
    const fromMessages = messages ? callsFromMessages(messages) : undefined;
    const formatOk = fromMessages
      ? messageFormatOk(fromMessages.calls, fromMessages.content, truth)
      : toolrlFormatOk(text, truth);
    const format = formatOk ? ranges.format.max : ranges.format.min;

    let correctness = 0;
    let matched: number | null = null;
    let possible: number | null = null;
    if (truth.hasToolCall) {
      const predicted = fromMessages ? fromMessages.calls : parseToolCallBlock(text);
      if (!predicted || (fromMessages && predicted.length === 0)) correctness = ranges.correctness.min;
      else
        ({
          score: correctness,
          matched,
          possible,
        } = toolCallCorrectness(truth.calls, predicted, ranges.correctness, p.matching));
    }
    const length = p.length ? lengthReward(thinkWords(text), at, p.lengthSchedule) : 0;
    const parts = { format, correctness, length };
    const total = format + correctness + length;
    const score = p.component === 'total' ? total : parts[p.component];
    return scored(score, {
      ...parts,
      formatOk,
      matched,
      possible,
      step: at,
      ranges,
      via: messages ? 'messages' : 'text',
    });
  },
});
