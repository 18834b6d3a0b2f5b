import { promises as fs } from 'node:fs';
import { decode, encode } from 'fast-png';
import { AftermathError, InputError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs-atomic.js';

export type PngChannels = 1 | 2 | 3 | 4;

export interface DecodedFrame {
  width: number;
  height: number;
  channels: number;
  depth: 8 | 16;
  data: Uint8Array | Uint16Array;
}

function checkLayout(what: string, length: number, width: number, height: number, channels: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new AftermathError(`${what}: invalid size ${width}x${height}`, 'encode.bad_frame', [
      { code: 'encode.bad_frame', allowed: 'positive integer width and height', received: { width, height } },
    ]);
  }
  if (![1, 2, 3, 4].includes(channels)) {
    throw new AftermathError(`${what}: channels must be 1..4`, 'encode.bad_frame', [
      { code: 'encode.bad_frame', allowed: '1, 2, 3 or 4', received: channels },
    ]);
  }
  const expected = width * height * channels;
  if (length !== expected) {
    throw new AftermathError(`${what}: pixel buffer has ${length} values, expected ${expected}`, 'encode.bad_frame', [
      { code: 'encode.bad_frame', allowed: `${width}x${height}x${channels} = ${expected}`, received: length },
    ]);
  }
}

/** Writes an 8-bit RGB or RGBA PNG atomically. */
export async function writePng8(
  path: string,
  rgb: Uint8Array,
  width: number,
  height: number,
  channels: PngChannels,
): Promise<void> {
  checkLayout(`writePng8 ${path}`, rgb.length, width, height, channels);
  const bytes = encode({ width, height, data: rgb, channels, depth: 8 });
  await writeFileAtomic(path, bytes);
}

/** Writes a 16-bit RGB or RGBA PNG atomically (values 0..65535, native Uint16Array). */
export async function writePng16(
  path: string,
  rgba16: Uint16Array,
  width: number,
  height: number,
  channels: PngChannels,
): Promise<void> {
  checkLayout(`writePng16 ${path}`, rgba16.length, width, height, channels);
  const bytes = encode({ width, height, data: rgba16, channels, depth: 16 });
  await writeFileAtomic(path, bytes);
}

/** `beauty` + 7 → `beauty.0007.png`. Frame numbers start at 1; padding is 4 digits (wider if needed). */
export function frameFileName(prefix: string, frame: number): string {
  if (!Number.isInteger(frame) || frame < 1) {
    throw new InputError(`frame number must be an integer >= 1`, 'encode.bad_frame_number', [
      { code: 'encode.bad_frame_number', allowed: 'integer >= 1', received: frame },
    ]);
  }
  return `${prefix}.${String(frame).padStart(4, '0')}.png`;
}

/** The ffmpeg image2 pattern matching `frameFileName(prefix, n)`: `prefix.%04d.png`. */
export function framePatternFor(prefix: string): string {
  return `${prefix.replace(/%/g, '%%')}.%04d.png`;
}

/** Reads and decodes a PNG (8 or 16 bit, gray/gray-alpha/RGB/RGBA; palettes are not expanded). */
export async function readPng(path: string): Promise<DecodedFrame> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (err) {
    throw new InputError(`cannot read PNG ${path}: ${(err as Error).message}`, 'encode.missing_file', [
      { code: 'encode.missing_file', received: path },
    ]);
  }
  let png: ReturnType<typeof decode>;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (err) {
    throw new AftermathError(`cannot decode PNG ${path}: ${(err as Error).message}`, 'encode.bad_png', [
      { code: 'encode.bad_png', received: path },
    ]);
  }
  if (png.depth !== 8 && png.depth !== 16) {
    throw new AftermathError(`unsupported PNG bit depth ${png.depth} in ${path}`, 'encode.bad_png', [
      { code: 'encode.bad_png', allowed: '8 or 16', received: png.depth },
    ]);
  }
  const data = png.data instanceof Uint8ClampedArray ? new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) : png.data;
  return { width: png.width, height: png.height, channels: png.channels, depth: png.depth, data };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IEND_TRAILER = [0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/**
 * True only if the file is a complete PNG (signature, IEND trailer, every CRC valid, full pixel
 * data) of exactly `width`x`height`. Used by `--resume` to decide whether a frame can be kept.
 */
export async function verifyPng(path: string, width: number, height: number): Promise<boolean> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch {
    return false;
  }
  if (bytes.length < PNG_SIGNATURE.length + 12 + IEND_TRAILER.length) return false;
  if (!PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return false;
  const tail = bytes.length - IEND_TRAILER.length;
  if (!IEND_TRAILER.every((b, i) => bytes[tail + i] === b)) return false;
  try {
    const png = decode(bytes, { checkCrc: true });
    if (png.width !== width || png.height !== height) return false;
    return png.data.length === width * height * png.channels;
  } catch {
    return false;
  }
}

/** Width and height from the IHDR chunk, reading only the first 24 bytes. */
export async function readPngSize(path: string): Promise<{ width: number; height: number }> {
  const handle = await fs.open(path, 'r').catch((err: Error) => {
    throw new InputError(`cannot read PNG ${path}: ${err.message}`, 'encode.missing_file', [
      { code: 'encode.missing_file', received: path },
    ]);
  });
  try {
    const head = Buffer.alloc(24);
    const { bytesRead } = await handle.read(head, 0, 24, 0);
    const isPng = bytesRead === 24 && PNG_SIGNATURE.every((b, i) => head[i] === b) && head.toString('latin1', 12, 16) === 'IHDR';
    if (!isPng) {
      throw new AftermathError(`${path} is not a PNG file`, 'encode.bad_png', [{ code: 'encode.bad_png', received: path }]);
    }
    return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
  } finally {
    await handle.close();
  }
}
