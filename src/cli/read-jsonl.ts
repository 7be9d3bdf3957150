import { readFileSync } from 'node:fs';

/** Every non-blank line of a JSONL file as an object, with its 1-based line number; errors name file:line. */
export function readJsonlObjects(file: string): Array<{ line: number; row: Record<string, unknown> }> {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read it (${(err as Error).message})`);
  }
  const out: Array<{ line: number; row: Record<string, unknown> }> = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      if (raw.trim() === '') return;
      let row: unknown;
      try {
        row = JSON.parse(raw);
      } catch (err) {
        throw new Error(`${file}:${i + 1}: not valid JSON (${(err as Error).message})`);
      }
      if (row === null || typeof row !== 'object' || Array.isArray(row))
        throw new Error(`${file}:${i + 1}: each line must be a JSON object`);
      out.push({ line: i + 1, row: row as Record<string, unknown> });
    });
  return out;
}

/** A plain text table: a header, a rule, then rows, columns padded to their widest cell. */
export function textTable(head: string[], rows: Array<Array<string | number>>): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, j) => Math.max(...cells.map((r) => (r[j] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, j) => c.padEnd(widths[j] as number)).join(' | ')} |`;
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}
