// Image parts of chat messages (OpenAI `image_url` content parts): what a URL may be, and where a sample's images are.
import { RewardError } from './codes.js';
import type { Message, Sample } from './types.js';

/** A text content part. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** An image content part: `url` is an http(s) URL or a `data:image/...;base64,` URL (file paths are inlined by hosts). */
export interface ImagePart {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export type ContentPart = TextPart | ImagePart;

/** Largest image a sample may carry, decoded (10 MiB); hosts may lower or raise it. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** Longest http(s) image URL accepted. */
const MAX_URL_CHARS = 8192;

/** Image formats accepted, by MIME type, with the magic bytes that identify each. */
const FORMATS: ReadonlyArray<{ mime: string; test: (b: Uint8Array) => boolean }> = [
  { mime: 'image/png', test: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { mime: 'image/jpeg', test: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { mime: 'image/gif', test: (b) => starts(b, [0x47, 0x49, 0x46, 0x38]) },
  {
    mime: 'image/webp',
    test: (b) => starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
  { mime: 'image/bmp', test: (b) => starts(b, [0x42, 0x4d]) },
];
const MIMES = new Set([...FORMATS.map((f) => f.mime), 'image/jpg']);

function starts(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((m, i) => bytes[i] === m);
}

/** The MIME type of image bytes from their magic number (PNG, JPEG, GIF, WebP, BMP), or undefined. */
export function imageMime(bytes: Uint8Array): string | undefined {
  return FORMATS.find((f) => f.test(bytes))?.mime;
}

/** What an image URL is: sent as is (`http`, `data`), or a local file a host must read (`file`). */
export type ImageUrl =
  | { kind: 'http' }
  | { kind: 'data'; mime: string; bytes: number }
  | { kind: 'file'; path: string };

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Checks an image URL: http(s) (at most 8,192 characters), a base64 `data:image/...` URL of a PNG, JPEG, GIF,
 * WebP or BMP within `maxBytes` decoded, or a file path (`file:` URL, absolute or relative path) for a host to read.
 */
export function checkImageUrl(url: string, maxBytes = MAX_IMAGE_BYTES): Checked<ImageUrl> {
  const data = DATA_URL.exec(url);
  if (data) return checkDataUrl(url, data, maxBytes);
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    if (url.length > MAX_URL_CHARS) return bad(`an http(s) image URL is at most ${MAX_URL_CHARS} characters`);
    if (!URL.canParse(url)) return bad('not a valid http(s) URL');
    return { ok: true, value: { kind: 'http' } };
  }
  if (scheme === 'file') return { ok: true, value: { kind: 'file', path: url } };
  // One letter before ':' is a Windows drive (C:\img.png), not a scheme.
  if (scheme !== undefined && scheme.length > 1) {
    return bad(`URL scheme "${scheme}:" is not supported (use http(s), a data:image/... URL or a file path)`);
  }
  if (url.trim() === '') return bad('the image URL is empty');
  return { ok: true, value: { kind: 'file', path: url } };
}

function checkDataUrl(url: string, m: RegExpExecArray, maxBytes: number): Checked<ImageUrl> {
  const mime = (m[1] ?? '').toLowerCase();
  if (!mime.startsWith('image/'))
    return bad(`a data URL here must be an image (data:image/...), not "${mime || 'text/plain'}"`);
  if (!MIMES.has(mime)) return bad(`${mime} is not supported (send PNG, JPEG, GIF, WebP or BMP)`);
  if (!/;base64$/i.test(m[2] ?? '')) return bad('an image data URL must be base64 (data:image/png;base64,...)');
  const payload = url.slice(m[0].length);
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  const bytes = Math.floor((payload.length * 3) / 4) - padding;
  if (bytes > maxBytes) return bad(`the image is ${bytes} bytes decoded, over the ${maxBytes}-byte limit`);
  if (payload.length === 0 || payload.length % 4 === 1 || !BASE64.test(payload))
    return bad('the data URL is not valid base64');
  const head = decodeHead(payload);
  const actual = imageMime(head);
  if (!actual) return bad(`the data URL's bytes are not a PNG, JPEG, GIF, WebP or BMP image`);
  return { ok: true, value: { kind: 'data', mime: actual, bytes } };
}

/** The first 12 bytes of a base64 payload (enough for every magic number above). */
function decodeHead(payload: string): Uint8Array {
  const chunk = payload.slice(0, 16);
  const binary = atob(chunk.length % 4 === 0 ? chunk : chunk.padEnd(Math.ceil(chunk.length / 4) * 4, '='));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

const bad = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** One image of a sample: its URL, whether it came from the prompt or the response, and its field path. */
export interface SampleImage {
  url: string;
  detail?: 'auto' | 'low' | 'high';
  from: 'prompt' | 'response';
  /** `prompt[0].content[1]` */
  path: string;
}

const isImagePart = (part: unknown): part is ImagePart =>
  part !== null &&
  typeof part === 'object' &&
  (part as { type?: unknown }).type === 'image_url' &&
  typeof (part as ImagePart).image_url?.url === 'string';

/** The image parts of one message, in order. */
export function messageImages(message: Message): ImagePart[] {
  return Array.isArray(message.content) ? message.content.filter(isImagePart) : [];
}

/** Every image of a sample, in order: the prompt's messages, then the response's. */
export function sampleImages(sample: Pick<Sample, 'prompt' | 'response'>): SampleImage[] {
  const out: SampleImage[] = [];
  for (const from of ['prompt', 'response'] as const) {
    const turns = sample[from];
    if (typeof turns === 'string') continue;
    turns.forEach((message, i) => {
      if (!Array.isArray(message.content)) return;
      message.content.forEach((part, j) => {
        if (!isImagePart(part)) return;
        const image: SampleImage = { url: part.image_url.url, from, path: `${from}[${i}].content[${j}]` };
        if (part.image_url.detail !== undefined) image.detail = part.image_url.detail;
        out.push(image);
      });
    });
  }
  return out;
}

/**
 * For rewards that read text only (scalar reward models, log-prob scorers, intrinsic rewards): a sample with
 * images is `image-unsupported`, never scored on its text with the images silently dropped.
 */
export function refuseImages(sample: Pick<Sample, 'prompt' | 'response'>, reader: string): void {
  const images = sampleImages(sample);
  if (images.length === 0) return;
  const where = images[0]?.path ?? '';
  throw new RewardError(
    'image-unsupported',
    `${reader} reads text only and the sample carries ${images.length} image(s), the first at ${where} (images are never dropped)`,
  );
}
