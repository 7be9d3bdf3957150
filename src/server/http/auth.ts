import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <token>` against the configured tokens in constant time: both sides
 * are hashed to equal length and every token is compared, so timing says nothing about a near miss.
 */
export function bearerChecker(tokens: readonly string[]): (header: string | undefined) => boolean {
  const expected = tokens.map(digest);
  return (header) => {
    const match = header === undefined ? null : /^Bearer[ \t]+(\S+)\s*$/i.exec(header);
    const given = digest(match?.[1] ?? '');
    let ok = false;
    for (const token of expected) ok = timingSafeEqual(token, given) || ok;
    return ok && match !== null;
  };
}

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1, ::ffff:127.x, "localhost". */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || h === '0:0:0:0:0:0:0:1';
  return false;
}

/** Refuses a public bind without tokens unless `insecure` is set; returns the reason, or undefined when fine. */
export function bindRefusal(host: string, tokens: readonly string[], insecure: boolean): string | undefined {
  if (tokens.length > 0 || insecure || isLoopback(host)) return undefined;
  return (
    `refusing to listen on ${host} without a bearer token: anyone who can reach it could read and skew your rewards. ` +
    'Set REWARDKIT_TOKENS (or auth.tokens in the config), bind 127.0.0.1, or pass --insecure.'
  );
}
