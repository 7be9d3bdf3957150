import { didYouMean } from '../../core/suggest.js';
import { LAYOUTS, type Layout } from '../../preference/index.js';

/** A layout name, or an error with a did-you-mean; `helpsteer2` only where it can be read. */
export function layoutFlag(value: string, flag: string, readable: boolean): Layout {
  const names = LAYOUTS.filter((l) => readable || l !== 'helpsteer2');
  if ((names as readonly string[]).includes(value)) return value as Layout;
  throw new Error(`${flag} must be one of ${names.join(', ')}, got "${value}"${didYouMean(value, names)}`);
}

/** A finite number flag. */
export function numberFlag(value: string, flag: string, check?: (n: number) => boolean, want = 'a number'): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || (check && !check(n)))
    throw new Error(`${flag} must be ${want}, got "${value}"`);
  return n;
}

/** `--magnitude`: 1, 2 or 3 when given. */
export function magnitudeFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  return numberFlag(value, '--magnitude', (n) => [1, 2, 3].includes(n), '1, 2 or 3');
}
