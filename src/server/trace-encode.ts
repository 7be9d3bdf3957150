/** Largest JSON text kept for one stored sample or result (bytes, UTF-16 units); longer ones are truncated with a marker. */
export const DEFAULT_MAX_FIELD_BYTES = 64 * 1024;
/** How much of a truncated value's JSON the marker keeps. */
const HEAD = 1024;

/**
 * The JSON text stored for one value: as is when it fits in `max`, else a marker
 * `{"truncated":true,"bytes":N,"head":"…"}` (still JSON, so `rewardkit traces` reads it). A value
 * that cannot be serialised at all (too deep, a cycle) is stored as a marker with the reason: one
 * bad sample never fails the write of another.
 */
export function encodeTraceValue(value: unknown, max = DEFAULT_MAX_FIELD_BYTES): string {
  let text: string;
  try {
    text = JSON.stringify(value ?? null) ?? 'null';
  } catch (err) {
    return JSON.stringify({ truncated: true, unserialisable: (err as Error).message.slice(0, 200) });
  }
  if (text.length <= max) return text;
  return JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text), head: text.slice(0, HEAD) });
}
