/** Largest JSON text kept for one stored sample or result (UTF-16 units); longer ones are truncated with a marker. */
export const DEFAULT_MAX_FIELD_BYTES = 64 * 1024;
/** Nesting past which a value is stored truncated (samples are refused past 64 levels anyway). */
const MAX_DEPTH = 256;
/** How much of a truncated value's JSON the marker keeps. */
const HEAD = 1024;

/**
 * The JSON text stored for one value: as is when it fits in `max`, else a marker
 * `{"truncated":true,"head":"…"}` (still JSON, so `rewardkit traces` reads it). Serialising stops as soon as
 * the text passes `max` and never recurses, so an 8 MB or 20,000-level sample costs the server no more than
 * `max` characters of work, and one bad sample never fails the write of another.
 */
export function encodeTraceValue(value: unknown, max = DEFAULT_MAX_FIELD_BYTES): string {
  const text = boundedJson(value ?? null, max);
  if (text !== undefined) return text;
  return JSON.stringify({ truncated: true, over: max, head: boundedJson(value ?? null, HEAD, true) ?? '' });
}

type Frame =
  | { kind: 'array'; items: unknown[]; i: number }
  | { kind: 'object'; keys: string[]; obj: object; i: number };

/** JSON text of `value` if it fits in `max` characters; with `cut`, the first `max` characters instead of undefined. */
function boundedJson(value: unknown, max: number, cut = false): string | undefined {
  let out = '';
  const stack: Frame[] = [];
  const over = () => out.length > max;
  const scalar = (v: unknown): string | undefined => {
    if (v === null || typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
    if (typeof v === 'string') return v.length > max ? JSON.stringify(v.slice(0, max + 1)) : JSON.stringify(v);
    return undefined; // undefined, functions, symbols, bigint: dropped or null like JSON.stringify
  };
  const open = (v: unknown): void => {
    if (Array.isArray(v)) {
      out += '[';
      stack.push({ kind: 'array', items: v, i: 0 });
    } else if (v !== null && typeof v === 'object') {
      out += '{';
      const keys = Object.keys(v).filter((k) => {
        const x = (v as Record<string, unknown>)[k];
        return x !== undefined && typeof x !== 'function' && typeof x !== 'symbol';
      });
      stack.push({ kind: 'object', keys, obj: v, i: 0 });
    } else out += scalar(v) ?? 'null';
  };
  open(value);
  while (stack.length > 0 && !over()) {
    if (stack.length > MAX_DEPTH) return cut ? out.slice(0, max) : undefined; // too deep to keep whole
    const top = stack[stack.length - 1] as Frame;
    if (top.kind === 'array') {
      if (top.i >= top.items.length) {
        out += ']';
        stack.pop();
        continue;
      }
      if (top.i > 0) out += ',';
      open(top.items[top.i++]);
    } else {
      if (top.i >= top.keys.length) {
        out += '}';
        stack.pop();
        continue;
      }
      const key = top.keys[top.i++] as string;
      if (top.i > 1) out += ',';
      out += `${JSON.stringify(key)}:`;
      open((top.obj as Record<string, unknown>)[key]);
    }
  }
  if (!over()) return out;
  return cut ? out.slice(0, max) : undefined;
}
