import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { lineChunks } from '../src/cli/line-chunks.js';

async function viaReadline(chunks: Array<Buffer | string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of createInterface({ input: Readable.from(chunks), crlfDelay: Number.POSITIVE_INFINITY }))
    out.push(l);
  return out;
}

async function viaLineChunks(chunks: Array<Buffer | string>): Promise<string[]> {
  const out: string[] = [];
  for await (const lines of lineChunks(Readable.from(chunks))) out.push(...lines);
  return out;
}

/** Splits bytes at the given cut points (so a `\r\n` or a UTF-8 sequence may fall across chunks). */
function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) parts.push(bytes.subarray(from, c));
    from = Math.max(from, c);
  }
  return parts;
}

// Text made mostly of line breaks, so every break pattern and chunk boundary comes up.
const piece = fc.constantFrom('\n', '\r', '\r\n', '\n\r', '', 'a', '{"x":1}', 'é', '€', '😀', ' ', '\uFEFF');

it('yields the same lines as readline with crlfDelay Infinity, however the bytes are chunked', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 }), async (ps, cuts) => {
      const chunks = cut(Buffer.from(ps.join('')), cuts);
      expect(await viaLineChunks(chunks)).toEqual(await viaReadline(chunks));
    }),
    { numRuns: 2000 },
  );
});

it('matches readline on invalid and truncated UTF-8', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.oneof(fc.constantFrom(10, 13, 97), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      async (bytes, cuts) => {
        const chunks = cut(Buffer.from(bytes), cuts);
        expect(await viaLineChunks(chunks)).toEqual(await viaReadline(chunks));
      },
    ),
    { numRuns: 2000 },
  );
});

it('matches readline on string chunks', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
        { maxLength: 6 },
      ),
      async (chunks) => {
        expect(await viaLineChunks(chunks)).toEqual(await viaReadline(chunks));
      },
    ),
    { numRuns: 1000 },
  );
});
