import { InputError } from '../core/errors.js';
import { writePng8 } from './png-frames.js';

export interface ContactFrame {
  frame: number;
  /** Packed 8-bit RGB (3 channels) or RGBA (4 channels; alpha ignored), row-major, top row first. */
  rgb: Uint8Array;
  width: number;
  height: number;
}

export interface ContactSheetOptions {
  frames: ContactFrame[];
  /** Thumbnails per row; default min(frame count, 4). */
  columns?: number;
  /** Thumbnail width in pixels; default 384. Height follows the first frame's aspect ratio. */
  thumbWidth?: number;
  outPath: string;
}

export interface ContactSheetResult {
  outPath: string;
  width: number;
  height: number;
  columns: number;
  rows: number;
  thumbWidth: number;
  thumbHeight: number;
}

export const CONTACT_GUTTER = 4;
const GUTTER_RGB = [24, 24, 24] as const;
const LABEL_BG = [0, 0, 0] as const;
const LABEL_FG = [255, 255, 255] as const;

/** 5x7 digits, one string per row, `#` = lit. */
const DIGITS: readonly (readonly string[])[] = [
  ['.###.', '#...#', '#..##', '#.#.#', '##..#', '#...#', '.###.'],
  ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
];
const GLYPH_W = 5;
const GLYPH_H = 7;

/** First frame, then every `every`-th frame by position (1, 11, 21, ... for 1..N), plus the last. */
export function pickContactFrames(frameNumbers: number[], every = 10): number[] {
  if (!Number.isInteger(every) || every < 1) {
    throw new InputError('contact sheet interval must be an integer >= 1', 'encode.bad_option', [
      { code: 'encode.bad_option', path: 'every', allowed: 'integer >= 1', received: every },
    ]);
  }
  const sorted = [...new Set(frameNumbers)].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const picked: number[] = [];
  for (let i = 0; i < sorted.length; i += every) picked.push(sorted[i]);
  const last = sorted[sorted.length - 1];
  if (picked[picked.length - 1] !== last) picked.push(last);
  return picked;
}

/**
 * Box-filter resample of packed RGB/RGBA to packed RGB `dw`x`dh`: each output pixel is the
 * area-weighted mean of the source pixels its footprint covers (exact for any ratio).
 */
export function boxResize(src: Uint8Array, sw: number, sh: number, channels: number, dw: number, dh: number): Uint8Array {
  const out = new Uint8Array(dw * dh * 3);
  const sx = sw / dw;
  const sy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const y0 = y * sy;
    const y1 = y0 + sy;
    for (let x = 0; x < dw; x++) {
      const x0 = x * sx;
      const x1 = x0 + sx;
      let r = 0, g = 0, b = 0, area = 0;
      for (let iy = Math.floor(y0); iy < Math.min(sh, Math.ceil(y1)); iy++) {
        const wy = Math.min(y1, iy + 1) - Math.max(y0, iy);
        if (wy <= 0) continue;
        for (let ix = Math.floor(x0); ix < Math.min(sw, Math.ceil(x1)); ix++) {
          const wx = Math.min(x1, ix + 1) - Math.max(x0, ix);
          if (wx <= 0) continue;
          const w = wx * wy;
          const i = (iy * sw + ix) * channels;
          r += src[i] * w;
          g += src[i + 1] * w;
          b += src[i + 2] * w;
          area += w;
        }
      }
      const o = (y * dw + x) * 3;
      out[o] = Math.round(r / area);
      out[o + 1] = Math.round(g / area);
      out[o + 2] = Math.round(b / area);
    }
  }
  return out;
}

function fillRect(img: Uint8Array, iw: number, ih: number, x: number, y: number, w: number, h: number, c: readonly number[]): void {
  for (let yy = Math.max(0, y); yy < Math.min(ih, y + h); yy++) {
    for (let xx = Math.max(0, x); xx < Math.min(iw, x + w); xx++) {
      const o = (yy * iw + xx) * 3;
      img[o] = c[0];
      img[o + 1] = c[1];
      img[o + 2] = c[2];
    }
  }
}

/** Draws `text` (digits only) in the top-left corner of an RGB image over a dark backing box. */
function drawDigits(img: Uint8Array, iw: number, ih: number, text: string, scale: number): void {
  const x = 0;
  const y = 0;
  const pad = scale;
  const advance = (GLYPH_W + 1) * scale;
  const boxW = text.length * advance - scale + 2 * pad;
  const boxH = GLYPH_H * scale + 2 * pad;
  fillRect(img, iw, ih, x, y, boxW, boxH, LABEL_BG);
  for (let k = 0; k < text.length; k++) {
    const glyph = DIGITS[text.charCodeAt(k) - 48];
    if (!glyph) continue;
    const gx = x + pad + k * advance;
    for (let row = 0; row < GLYPH_H; row++) {
      for (let col = 0; col < GLYPH_W; col++) {
        if (glyph[row][col] === '#') fillRect(img, iw, ih, gx + col * scale, y + pad + row * scale, scale, scale, LABEL_FG);
      }
    }
  }
}

/** Label box size for a frame number at a given scale (for callers/tests that avoid it). */
export function labelBox(frame: number, thumbWidth: number): { width: number; height: number; scale: number } {
  const scale = Math.max(1, Math.floor(thumbWidth / 128));
  const n = String(frame).length;
  return { width: n * (GLYPH_W + 1) * scale - scale + 2 * scale, height: GLYPH_H * scale + 2 * scale, scale };
}

/**
 * Writes a PNG grid of box-filtered thumbnails separated by a 4 px dark gutter, each labelled
 * with its frame number in the top-left corner.
 */
export async function makeContactSheet(opts: ContactSheetOptions): Promise<ContactSheetResult> {
  const { frames, outPath } = opts;
  const bad = (field: string, allowed: string, value: unknown): never => {
    throw new InputError(`contact sheet: invalid ${field}`, 'encode.bad_option', [
      { code: 'encode.bad_option', path: field, allowed, received: value },
    ]);
  };
  if (frames.length === 0) bad('frames', 'at least one frame', 0);
  const thumbWidth = opts.thumbWidth ?? 384;
  if (!Number.isInteger(thumbWidth) || thumbWidth < 8 || thumbWidth > 4096) bad('thumbWidth', 'integer 8..4096', thumbWidth);
  const columns = opts.columns ?? Math.min(frames.length, 4);
  if (!Number.isInteger(columns) || columns < 1 || columns > 64) bad('columns', 'integer 1..64', columns);

  const first = frames[0];
  const thumbHeight = Math.max(1, Math.round((first.height * thumbWidth) / first.width));
  const rows = Math.ceil(frames.length / columns);
  const width = columns * thumbWidth + (columns + 1) * CONTACT_GUTTER;
  const height = rows * thumbHeight + (rows + 1) * CONTACT_GUTTER;
  const sheet = new Uint8Array(width * height * 3);
  fillRect(sheet, width, height, 0, 0, width, height, GUTTER_RGB);

  frames.forEach((f, index) => {
    const px = f.width * f.height;
    const channels = px > 0 ? f.rgb.length / px : 0;
    if (!Number.isInteger(f.width) || !Number.isInteger(f.height) || px <= 0 || (channels !== 3 && channels !== 4)) {
      bad(`frames[${index}]`, 'packed RGB or RGBA matching width x height', { width: f.width, height: f.height, length: f.rgb.length });
    }
    const thumb = boxResize(f.rgb, f.width, f.height, channels, thumbWidth, thumbHeight);
    // Drawn into the thumbnail itself so a label can never spill into the gutter or a neighbour.
    drawDigits(thumb, thumbWidth, thumbHeight, String(Math.max(0, Math.trunc(f.frame))), labelBox(f.frame, thumbWidth).scale);
    const ox = CONTACT_GUTTER + (index % columns) * (thumbWidth + CONTACT_GUTTER);
    const oy = CONTACT_GUTTER + Math.floor(index / columns) * (thumbHeight + CONTACT_GUTTER);
    for (let y = 0; y < thumbHeight; y++) {
      sheet.set(thumb.subarray(y * thumbWidth * 3, (y + 1) * thumbWidth * 3), ((oy + y) * width + ox) * 3);
    }
  });

  await writePng8(outPath, sheet, width, height, 3);
  return { outPath, width, height, columns, rows, thumbWidth, thumbHeight };
}
