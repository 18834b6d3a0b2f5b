import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';

export type PlateKind = 'still' | 'exr' | 'video' | 'sequence';

/** A plate named by the shot, checked and hashed before any stage runs. */
export interface PlateSource {
  /** As written in the shot. */
  spec: string;
  /** Absolute path (for a sequence, the pattern with ####). */
  path: string;
  kind: PlateKind;
  /** sha256 of the file (of the first frame for a sequence). */
  sha256: string;
  /** 'srgb' for 8/16-bit images and video, 'linear' for EXR, unless the shot says otherwise. */
  colorSpace: 'srgb' | 'linear';
}

const STILL = /\.(jpe?g|png|tiff?|webp)$/i;
const VIDEO = /\.(mp4|mov|m4v|mkv|webm)$/i;
export const MAX_PLATE_BYTES = 4 * 1024 * 1024 * 1024;

function bad(code: string, message: string, allowed: string, received: unknown): never {
  throw new InputError(message, code, [{ code, path: 'plate.path', allowed, received }]);
}

/** `plate.####.exr` → the file of frame `n` (1-based). */
export function sequenceFrame(pattern: string, n: number): string {
  return pattern.replace(/#+/, (m) => String(n).padStart(m.length, '0'));
}

/** Resolves and checks a plate path (relative to the shot's folder); hashes the file. */
export async function resolvePlate(spec: { path: string; colorSpace?: 'srgb' | 'linear' }, baseDir: string): Promise<PlateSource> {
  if (spec.path.includes('\0')) bad('plate.bad_path', 'plate path contains a NUL byte', 'a file path', spec.path);
  const abs = path.resolve(baseDir, spec.path);
  const isSequence = /#+/.test(path.basename(abs));
  const kind: PlateKind = isSequence ? 'sequence' : /\.exr$/i.test(abs) ? 'exr' : STILL.test(abs) ? 'still' : VIDEO.test(abs) ? 'video' : bad('plate.unsupported', `${spec.path}: unsupported plate type`, 'a JPEG, PNG, TIFF, WebP or EXR still, an MP4/MOV video, or an image sequence like plate.####.exr', spec.path);
  const first = isSequence ? sequenceFrame(abs, 1) : abs;
  let stat;
  try {
    stat = await fs.stat(first);
  } catch {
    return bad('plate.file_missing', `${spec.path}: no such file (looked at ${first})`, 'an existing file', spec.path);
  }
  if (!stat.isFile()) bad('plate.not_a_file', `${spec.path} is not a file`, 'a file', spec.path);
  if (stat.size > MAX_PLATE_BYTES) bad('plate.too_large', `${spec.path} is larger than 4 GiB`, 'at most 4 GiB', stat.size);
  const hash = sha256(new Uint8Array(await fs.readFile(first)));
  const colorSpace = spec.colorSpace ?? (kind === 'exr' || (kind === 'sequence' && /\.exr$/i.test(abs)) ? 'linear' : 'srgb');
  return { spec: spec.path, path: abs, kind, sha256: hash, colorSpace };
}
