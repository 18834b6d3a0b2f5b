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
  /** Size of the plate's images, pixels (0 when unknown). */
  width: number;
  height: number;
  /** `plate.cleanPlate`: the same view without the building, checked and hashed like the plate (absent when not given). */
  clean?: PlateSource;
}

const STILL = /\.(jpe?g|png|tiff?|webp)$/i;
const VIDEO = /\.(mp4|mov|m4v|mkv|webm)$/i;
export const MAX_PLATE_BYTES = 4 * 1024 * 1024 * 1024;

function badAt(code: string, message: string, allowed: string, received: unknown, field: string): never {
  throw new InputError(message, code, [{ code, path: field, allowed, received }]);
}

/** `plate.####.exr` → the file of frame `n` (1-based). */
export function sequenceFrame(pattern: string, n: number): string {
  return pattern.replace(/#+/, (m) => String(n).padStart(m.length, '0'));
}

/** Resolves and checks a plate path (relative to the shot's folder) and its clean plate; hashes the files. */
export async function resolvePlate(spec: { path: string; colorSpace?: 'srgb' | 'linear'; cleanPlate?: string }, baseDir: string): Promise<PlateSource> {
  const plate = await resolveOne(spec, baseDir, 'plate.path');
  if (spec.cleanPlate === undefined) return plate;
  const clean = await resolveOne({ path: spec.cleanPlate, colorSpace: spec.colorSpace }, baseDir, 'plate.cleanPlate');
  return { ...plate, clean };
}

async function resolveOne(spec: { path: string; colorSpace?: 'srgb' | 'linear' }, baseDir: string, field: string): Promise<PlateSource> {
  const bad = (code: string, message: string, allowed: string, received: unknown): never => badAt(code, message, allowed, received, field);
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
  const { width, height } = await plateSize(kind, first, field);
  if (width * height > 100_000_000) bad('plate.too_large', `${spec.path} is ${width}x${height}: more than 100 million pixels`, 'at most 100 million pixels', `${width}x${height}`);
  return { spec: spec.path, path: abs, kind, sha256: hash, colorSpace, width, height };
}

async function plateSize(kind: PlateKind, file: string, field: string): Promise<{ width: number; height: number }> {
  try {
    if (/\.exr$/i.test(file)) {
      const { parseExrHeader } = await import('../exr/exr-header.js');
      const header = parseExrHeader(new Uint8Array(await fs.readFile(file)));
      const dw = header.dataWindow;
      return { width: dw.xMax - dw.xMin + 1, height: dw.yMax - dw.yMin + 1 };
    }
    if (kind === 'video') {
      const { probeVideo } = await import('../encode/probe-video.js');
      const v = await probeVideo(file);
      return { width: v.width, height: v.height };
    }
    const sharp = (await import('sharp')).default;
    const m = await sharp(file, { limitInputPixels: 100_000_000 }).metadata();
    const rotated = (m.orientation ?? 1) >= 5;
    return { width: (rotated ? m.height : m.width) ?? 0, height: (rotated ? m.width : m.height) ?? 0 };
  } catch (err) {
    throw new InputError(`${path.basename(file)}: cannot read the plate: ${(err as Error).message}`, 'plate.corrupt', [
      { code: 'plate.corrupt', path: field, allowed: 'a readable image or video', received: file },
    ]);
  }
}
