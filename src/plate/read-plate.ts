import sharp from 'sharp';
import { InputError } from '../core/errors.js';
import { readExrFile } from '../exr/exr-reader.js';
import { runFfmpeg } from '../encode/ffmpeg-path.js';
import { spawn } from 'node:child_process';
import { resolveFfmpegPath } from '../encode/ffmpeg-path.js';
import type { PlateSource } from './plate-source.js';
import { sequenceFrame } from './plate-source.js';

/** Images larger than this many pixels are refused (decompression bombs). */
export const MAX_PLATE_PIXELS = 100_000_000;

/** sRGB (and Rec.709 display) encoded value → scene-linear. */
export function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
}

const LUT8 = Float32Array.from({ length: 256 }, (_, i) => srgbToLinear(i / 255));

function corrupt(plate: PlateSource, reason: string): never {
  throw new InputError(`${plate.spec}: cannot read the plate: ${reason}`, 'plate.corrupt', [
    { code: 'plate.corrupt', path: 'plate.path', allowed: 'a readable image or video', received: plate.spec },
  ]);
}

/** 8-bit RGB → linear RGBA float (alpha 1). */
function toLinear(rgb: Uint8Array, n: number, srgb: boolean): Float32Array {
  const out = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = srgb ? LUT8[rgb[i * 3 + c]] : rgb[i * 3 + c] / 255;
    out[i * 4 + 3] = 1;
  }
  return out;
}

/** Cover-fit resize of a linear RGBA float image by bilinear sampling. */
function resizeCover(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const scale = Math.max(dw / sw, dh / sh);
  const ox = (sw - dw / scale) / 2;
  const oy = (sh - dh / scale) / 2;
  const out = new Float32Array(dw * dh * 4);
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, oy + (y + 0.5) / scale - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ox + (x + 0.5) / scale - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const a = src[(y0 * sw + x0) * 4 + c] * (1 - tx) + src[(y0 * sw + x1) * 4 + c] * tx;
        const b = src[(y1 * sw + x0) * 4 + c] * (1 - tx) + src[(y1 * sw + x1) * 4 + c] * tx;
        out[(y * dw + x) * 4 + c] = a * (1 - ty) + b * ty;
      }
    }
  }
  return out;
}

async function readStill(plate: PlateSource, file: string, w: number, h: number): Promise<Float32Array> {
  try {
    const { data } = await sharp(file, { limitInputPixels: MAX_PLATE_PIXELS, failOn: 'error' })
      .rotate()
      .resize(w, h, { fit: 'cover', kernel: 'lanczos3' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return toLinear(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), w * h, plate.colorSpace === 'srgb');
  } catch (err) {
    return corrupt(plate, (err as Error).message);
  }
}

async function readExr(plate: PlateSource, file: string, w: number, h: number): Promise<Float32Array> {
  const img = await readExrFile(file);
  const ch = (name: string) => img.channels.find((c) => c.name === name)?.data;
  const r = ch('R') ?? ch('Y');
  if (!r) return corrupt(plate, 'the EXR has no R (or Y) channel');
  const g = ch('G') ?? r;
  const b = ch('B') ?? r;
  const n = img.width * img.height;
  const rgba = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    rgba.set([Number(r[i]), Number(g[i]), Number(b[i]), 1], i * 4);
    if (plate.colorSpace === 'srgb') for (let c = 0; c < 3; c++) rgba[i * 4 + c] = srgbToLinear(rgba[i * 4 + c]);
  }
  return resizeCover(rgba, img.width, img.height, w, h);
}

/** One frame of a video at `timeS`, decoded by the npm ffmpeg straight to w x h RGB. */
async function readVideo(plate: PlateSource, timeS: number, w: number, h: number): Promise<Float32Array> {
  const args = ['-hide_banner', '-nostdin', '-ss', timeS.toFixed(6), '-i', plate.path, '-frames:v', '1', '-vf', `scale=${w}:${h}:force_original_aspect_ratio=increase,crop=${w}:${h}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'];
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const p = spawn(resolveFfmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (c: Buffer) => chunks.push(c));
    p.stderr.on('data', (c: Buffer) => (err += c.toString()).length > 20000 && (err = err.slice(-10000)));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(err.split('\n').slice(-4).join(' ')))));
  }).catch((e: Error) => corrupt(plate, e.message));
  if (bytes.length < w * h * 3) return corrupt(plate, `no frame at ${timeS.toFixed(3)} s`);
  return toLinear(new Uint8Array(bytes.buffer, bytes.byteOffset, w * h * 3), w * h, plate.colorSpace === 'srgb');
}

/**
 * The plate for shot frame `frame` (1-based) as scene-linear RGBA at w x h (cover fit:
 * scaled to fill, centred, cropped). A still is the same for every frame (a locked-off
 * shot); a video gives the frame at (frame-1)/fps; a sequence its numbered file.
 */
export async function readPlateFrame(plate: PlateSource, frame: number, fps: number, w: number, h: number): Promise<Float32Array> {
  switch (plate.kind) {
    case 'still':
      return readStill(plate, plate.path, w, h);
    case 'exr':
      return readExr(plate, plate.path, w, h);
    case 'video':
      return readVideo(plate, (frame - 1) / fps, w, h);
    case 'sequence': {
      const file = sequenceFrame(plate.path, frame);
      return /\.exr$/i.test(file) ? readExr(plate, file, w, h) : readStill(plate, file, w, h);
    }
  }
}
