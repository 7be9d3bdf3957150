import { messageText } from '../core/text.js';
import type { Message } from '../core/types.js';

/** One tool call as ToolRL compares them: a name and a parameter object. */
export interface ToolCall {
  name: string;
  parameters: Record<string, unknown>;
}

/** What a ground truth asks for: which blocks, and the calls when there are any. */
export interface ToolTruth {
  hasToolCall: boolean;
  hasResponse: boolean;
  calls: ToolCall[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{"name", "parameters"}` (ToolRL) or `{"function": {"name", "arguments"}}` (OpenAI); undefined if neither. */
export function toToolCall(value: unknown): ToolCall | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.name === 'string' && isObject(value.parameters))
    return { name: value.name, parameters: value.parameters };
  const fn = value.function;
  if (isObject(fn) && typeof fn.name === 'string') {
    let args: unknown = fn.arguments ?? {};
    if (typeof args === 'string') {
      try {
        args = JSON.parse(args);
      } catch {
        return undefined;
      }
    }
    if (isObject(args)) return { name: fn.name, parameters: args };
  }
  return undefined;
}

/** The calls between the first `<tool_call>` and `</tool_call>`, one JSON object per line (ToolRL rlla.py); undefined on any failure. */
export function parseToolCallBlock(text: string): ToolCall[] | undefined {
  const open = text.indexOf('<tool_call>');
  if (open < 0 || !text.includes('</tool_call>')) return undefined;
  const inner = text.slice(open + '<tool_call>'.length).split('</tool_call>')[0] ?? '';
  const calls: ToolCall[] = [];
  for (const line of inner.trim().split('\n')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return undefined;
    }
    // rlla.py reads `tool["name"]` and `tool["parameters"].keys()`; anything else raises and scores the minimum.
    if (!isObject(parsed) || typeof parsed.name !== 'string' || !isObject(parsed.parameters)) return undefined;
    calls.push({ name: parsed.name, parameters: parsed.parameters });
  }
  return calls;
}

/** The calls of the last assistant message's `tool_calls`; undefined when an argument string is not a JSON object. */
export function callsFromMessages(messages: readonly Message[]): { calls: ToolCall[] | undefined; content: string } {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as Message;
    if (m.role !== 'assistant') continue;
    const content = messageText(m);
    const calls: ToolCall[] = [];
    for (const call of m.tool_calls ?? []) {
      const parsed = toToolCall(call);
      if (!parsed) return { calls: undefined, content };
      calls.push(parsed);
    }
    return { calls, content };
  }
  return { calls: [], content: '' };
}

/** Reads a ground truth: ToolRL text (`<tool_call>` and/or `<response>` blocks) or a list of calls; a message names what is wrong. */
export function parseTruth(reference: unknown): { truth: ToolTruth } | { error: string } {
  if (typeof reference === 'string') {
    const hasToolCall = reference.includes('<tool_call>');
    const hasResponse = reference.includes('<response>');
    if (!hasToolCall) return { truth: { hasToolCall, hasResponse, calls: [] } };
    const calls = parseToolCallBlock(reference);
    if (!calls) return { error: 'the <tool_call> block must hold one {"name", "parameters"} JSON object per line' };
    return { truth: { hasToolCall, hasResponse, calls } };
  }
  if (Array.isArray(reference)) {
    const calls = reference.map(toToolCall);
    const bad = calls.indexOf(undefined);
    if (bad >= 0) return { error: `[${bad}] is not a {"name", "parameters"} or {"function": {...}} tool call` };
    return { truth: { hasToolCall: calls.length > 0, hasResponse: false, calls: calls as ToolCall[] } };
  }
  return { error: 'expected ToolRL text with <tool_call>/<response> blocks, or a list of tool calls' };
}
