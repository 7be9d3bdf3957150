// The CLI's reader of image files named in samples: only under one root folder, only real images, inlined as data URLs.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageMime } from '../core/images.js';
import type { ImageFileReader } from '../core/sample-schema.js';

/**
 * Reads `path` (relative to `root`, or absolute, or a `file:` URL) when it resolves, links followed, to a file
 * inside `root` of at most `maxBytes` holding a PNG, JPEG, GIF, WebP or BMP image; returns it as a data URL.
 */
export function imageFileReader(root: string, maxBytes: number): ImageFileReader {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new Error(`--image-root ${root}: no such folder`);
  }
  return (path) => {
    let file: string;
    try {
      file = path.startsWith('file:') ? fileURLToPath(path) : path;
    } catch {
      return { ok: false, message: `${path} is not a valid file: URL` };
    }
    let real: string;
    try {
      real = realpathSync(resolve(realRoot, file));
    } catch {
      return { ok: false, message: `no such file ${file} (paths are read relative to the image root ${root})` };
    }
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      return { ok: false, message: `${file} is outside the image root ${root} (set --image-root)` };
    }
    const stat = statSync(real);
    if (!stat.isFile()) return { ok: false, message: `${file} is not a file` };
    if (stat.size > maxBytes)
      return { ok: false, message: `${file} is ${stat.size} bytes, over the ${maxBytes}-byte limit` };
    const bytes = readFileSync(real);
    const mime = imageMime(bytes);
    if (!mime) return { ok: false, message: `${file} is not a PNG, JPEG, GIF, WebP or BMP image` };
    return { ok: true, url: `data:${mime};base64,${bytes.toString('base64')}` };
  };
}
