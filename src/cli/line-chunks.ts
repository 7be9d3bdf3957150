import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a text stream, one array per chunk read: what `readline` with `crlfDelay: Infinity` yields
 * (breaks at `\n`, `\r\n` and a lone `\r`; a `\r\n` split across chunks is one break; no empty last line after a
 * final break; a UTF-8 sequence cut off at the end is dropped), without a promise per line.
 */
export async function* lineChunks(input: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  // The last chunk ended with `\r`: a `\n` starting the next one belongs to that break.
  let afterCr = false;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (afterCr && text.charCodeAt(0) === 10) text = text.slice(1);
    // As readline does, any chunk after the `\r` ends the wait for its `\n`, even one that decodes to nothing.
    afterCr = false;
    if (text === '') continue;
    text = carry + text;
    const lines: string[] = [];
    let start = 0;
    if (text.indexOf('\r') === -1) {
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        lines.push(text.slice(start, nl));
        start = nl + 1;
      }
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        lines.push(text.slice(start, i));
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        start = i + 1;
      }
      afterCr = start === text.length && text.charCodeAt(text.length - 1) === 13;
    }
    carry = text.slice(start);
    if (lines.length > 0) yield lines;
  }
  // Like readline, bytes of a UTF-8 sequence cut off by the end of input are dropped (no decoder.end()).
  if (carry !== '') yield [carry];
}
