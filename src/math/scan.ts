// Bracket-aware scanning of LaTeX strings; every function here is linear in the input length.

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

/** Index just past the `}` closing the group whose `{` is at `open`, or -1 when unbalanced. */
export function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') i++;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** Depth of `(`, `[`, `{` nesting before each index; intervals like `[1,2)` count as one level. */
function depthStep(text: string, i: number): { delta: number; skip: number } {
  const ch = text[i] as string;
  if (ch === '\\') {
    const next = text[i + 1];
    if (next === '{') return { delta: 1, skip: 1 };
    if (next === '}') return { delta: -1, skip: 1 };
    return { delta: 0, skip: 1 };
  }
  if (OPEN.has(ch)) return { delta: 1, skip: 0 };
  if (CLOSE.has(ch)) return { delta: -1, skip: 0 };
  return { delta: 0, skip: 0 };
}

/** Splits at separators found outside any bracket; `seps` are tried longest first at each index. */
export function splitTopLevel(text: string, seps: readonly string[]): string[] {
  const parts: string[] = [];
  const ordered = [...seps].sort((a, b) => b.length - a.length);
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (depth === 0) {
      const sep = ordered.find((s) => text.startsWith(s, i));
      if (sep !== undefined && !(sep.startsWith('\\') && /[a-zA-Z]/.test(text[i + sep.length] ?? ''))) {
        parts.push(text.slice(start, i));
        start = i + sep.length;
        i = start - 1;
        continue;
      }
    }
    const { delta, skip } = depthStep(text, i);
    depth = Math.max(0, depth + delta);
    i += skip;
  }
  parts.push(text.slice(start));
  return parts;
}

/** True when the bracket opening at index 0 closes exactly at the last character. */
export function wrapsWhole(text: string, openLength = 1, closeLength = 1): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const { delta, skip } = depthStep(text, i);
    depth += delta;
    i += skip;
    if (depth === 0) return i === text.length - 1 && openLength > 0 && closeLength > 0;
  }
  return false;
}

/** Replaces every `\cmd{...}` (balanced) using `fn(inner)`; unbalanced groups are left as they are. */
export function replaceCommandArg(text: string, cmd: RegExp, fn: (inner: string, name: string) => string): string {
  const re = new RegExp(cmd.source, 'g');
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null = re.exec(text);
  while (m !== null) {
    const brace = m.index + m[0].length;
    if (text[brace] === '{') {
      const end = closingBrace(text, brace);
      if (end > 0) {
        out += text.slice(last, m.index) + fn(text.slice(brace + 1, end - 1), m[1] ?? m[0]);
        last = end;
        re.lastIndex = end;
      }
    }
    m = re.exec(text);
  }
  return out + text.slice(last);
}
