// Image content parts in samples: what the schema accepts, the errors that name the field, file paths read only
// under the image root, and text rewards that see the text parts alone.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/catalog.js';
import { imageFileReader } from '../../src/cli/image-files.js';
import { checkImageUrl, imageMime, sampleImages } from '../../src/core/images.js';
import { Runner } from '../../src/core/runner.js';
import { parseSample } from '../../src/core/sample-schema.js';
import { compileNode } from '../../src/core/spec.js';
import { messageText, promptText, responseText } from '../../src/core/text.js';
import type { Sample } from '../../src/core/types.js';
import { imagePart, png, pngDataUrl } from './png.js';

const dir = mkdtempSync(join(tmpdir(), 'rk-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const red = pngDataUrl([255, 0, 0]);

/** A sample whose first prompt message has `parts`. */
const withParts = (parts: unknown[]) => ({ prompt: [{ role: 'user', content: parts }], response: 'ok' });
const errorOf = (value: unknown, options = {}) => {
  const r = parseSample(value, options);
  return r.ok ? 'accepted' : r.message;
};

describe('image parts in the sample schema', () => {
  it('accepts text and image_url parts with http(s) and data URLs, and lists them in order', () => {
    const value = {
      prompt: [
        { role: 'system', content: 'You see images.' },
        { role: 'user', content: [{ type: 'text', text: 'Which colour?' }, imagePart(red)] },
      ],
      response: [
        { role: 'assistant', content: [imagePart('https://example.org/a.png'), { type: 'text', text: 'red' }] },
      ],
    };
    const r = parseSample(value);
    expect(r.ok).toBe(true);
    const images = sampleImages((r as { sample: Sample }).sample);
    expect(images.map((i) => [i.from, i.path, i.url.slice(0, 22)])).toEqual([
      ['prompt', 'prompt[1].content[1]', 'data:image/png;base64,'],
      ['response', 'response[0].content[0]', 'https://example.org/a.'],
    ]);
  });

  it('names the field of every bad part', () => {
    const at = 'prompt[0].content[1]';
    const cases: Array<[unknown, string]> = [
      [{ type: 'image', url: red }, `${at}.type: a content part has type "text"`],
      [{ type: 'image_url' }, `${at}.image_url: expected {url: "..."}`],
      [{ type: 'image_url', image_url: {} }, `${at}.image_url.url: expected the image URL as a string`],
      [imagePart('data:text/plain;base64,aGk='), `${at}.image_url.url: a data URL here must be an image`],
      [imagePart('data:image/png,rawbytes'), `${at}.image_url.url: an image data URL must be base64`],
      [imagePart('data:image/png;base64,aGk='), `${at}.image_url.url: the data URL's bytes are not a PNG`],
      [imagePart('data:image/png;base64,@@@@'), `${at}.image_url.url: the data URL is not valid base64`],
      [imagePart('data:image/svg+xml;base64,PHN2Zz4='), `${at}.image_url.url: image/svg+xml is not supported`],
      [imagePart('ftp://host/a.png'), `${at}.image_url.url: URL scheme "ftp:" is not supported`],
      [imagePart('http://'), `${at}.image_url.url: not a valid http(s) URL`],
      [imagePart('img/a.png'), `${at}.image_url.url: a file path is read only where the host allows it`],
    ];
    for (const [part, message] of cases) {
      expect(errorOf(withParts([{ type: 'text', text: 'see' }, part]))).toContain(message);
    }
    expect(errorOf(withParts([{ type: 'text' }]))).toContain('prompt[0].content[0].text:');
    expect(errorOf({ prompt: 7, response: 'x' })).toBe(
      'prompt: expected a string or a list of chat messages ({role, content})',
    );
  });

  it('refuses an image over the size limit before decoding it', () => {
    const big = pngDataUrl([0, 0, 255], 64);
    const bytes = png([0, 0, 255], 64).length;
    expect(errorOf(withParts([imagePart(big)]), { maxImageBytes: bytes })).toBe('accepted');
    expect(errorOf(withParts([imagePart(big)]), { maxImageBytes: bytes - 1 })).toBe(
      `prompt[0].content[0].image_url.url: the image is ${bytes} bytes decoded, over the ${bytes - 1}-byte limit`,
    );
  });

  it('tells image formats by their bytes, not their names', () => {
    expect(imageMime(png([1, 2, 3]))).toBe('image/png');
    expect(imageMime(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(imageMime(Buffer.from('GIF89a'))).toBe('image/gif');
    expect(imageMime(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(imageMime(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
    expect(imageMime(Buffer.from('%PDF-1.7'))).toBeUndefined();
    expect(checkImageUrl('C:\\img\\a.png')).toEqual({ ok: true, value: { kind: 'file', path: 'C:\\img\\a.png' } });
  });
});

describe('image files, read by the CLI under its image root', () => {
  const root = join(dir, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(root, 'sub', 'green.png'), png([0, 255, 0]));
  writeFileSync(join(root, 'notes.txt'), 'not an image');
  writeFileSync(join(dir, 'outside.png'), png([9, 9, 9]));
  symlinkSync(join(dir, 'outside.png'), join(root, 'link.png'));
  const reader = imageFileReader(root, 1 << 20);
  const read = (url: string) => parseSample(withParts([imagePart(url)]), { readImageFile: reader });

  it('inlines a file under the root as a data URL (relative, absolute or file: URL)', () => {
    const inline = pngDataUrl([0, 255, 0]);
    for (const url of ['sub/green.png', join(root, 'sub', 'green.png'), `file://${join(root, 'sub', 'green.png')}`]) {
      const r = read(url);
      expect(r.ok && sampleImages(r.sample)[0]?.url).toBe(inline);
    }
  });

  it('refuses files outside the root (by .., absolute path or link), missing files and files that are not images', () => {
    const at = 'prompt[0].content[0].image_url.url';
    const message = (url: string) => {
      const r = read(url);
      return r.ok ? 'accepted' : r.message;
    };
    expect(message('../outside.png')).toBe(
      `${at}: ../outside.png is outside the image root ${root} (set --image-root)`,
    );
    expect(message(join(dir, 'outside.png'))).toContain('is outside the image root');
    expect(message('link.png')).toContain('link.png is outside the image root');
    expect(message('/etc/passwd')).toContain('is outside the image root');
    expect(message('sub/missing.png')).toBe(
      `${at}: no such file sub/missing.png (paths are read relative to the image root ${root})`,
    );
    expect(message('notes.txt')).toBe(`${at}: notes.txt is not a PNG, JPEG, GIF, WebP or BMP image`);
    expect(message('sub')).toBe(`${at}: sub is not a file`);
    const small = parseSample(withParts([imagePart('sub/green.png')]), { readImageFile: imageFileReader(root, 10) });
    expect(small.ok ? '' : small.message).toMatch(/sub\/green\.png is \d+ bytes, over the 10-byte limit/);
  });
});

describe('text rewards see the text parts only', () => {
  const registry = createRegistry();
  const runner = new Runner();
  const score = async (kind: string, params: object, sample: Sample) =>
    (await runner.score(compileNode({ kind, params }, registry, { file: 't' }), [sample]))[0];

  it('flattens messages to their text parts; a `text` field on an image part is not text', () => {
    const message = {
      role: 'assistant',
      content: [
        { type: 'text' as const, text: 'The answer is ' },
        { type: 'image_url' as const, image_url: { url: red }, text: '42' },
        { type: 'text' as const, text: '41' },
      ],
    };
    expect(messageText(message as never)).toBe('The answer is 41');
    expect(responseText({ response: [message as never] })).toBe('The answer is 41');
    expect(promptText({ prompt: [{ role: 'user', content: [imagePart(red)] }] })).toBe('');
  });

  it('cannot be gamed by hiding an answer in an image part, and never reads image bytes', async () => {
    const hidden = {
      prompt: 'What is 6 x 7?',
      response: [{ role: 'assistant', content: [{ type: 'image_url', image_url: { url: red }, text: '42' }] }],
      reference: '42',
    } as unknown as Sample;
    const r = await score('exact-match', {}, hidden);
    expect([r?.status, r?.score ?? 0]).toEqual([r?.status === 'scored' ? 'scored' : 'unscorable', 0]);
    expect((await score('exact-match', {}, { ...hidden, response: '42' }))?.score).toBe(1);
    const mixed: Sample = {
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Describe it.' }, imagePart(red)] }],
      response: [{ role: 'assistant', content: [{ type: 'text', text: 'a red square' }, imagePart(red)] }],
      reference: 'a red square',
    };
    expect((await score('exact-match', {}, mixed))?.score).toBe(1);
    expect((await score('bleu', {}, mixed))?.score).toBeCloseTo(1, 6);
    const base64 = red.slice('data:image/png;base64,'.length);
    const leaked = { ...mixed, reference: base64 };
    expect((await score('contains', { values: [base64.slice(0, 12)] }, leaked))?.score).toBe(0);
  });
});
