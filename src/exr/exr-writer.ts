/**
 * The OpenEXR 2.0 writer: one scanline part, channels sorted by name, attributes sorted by
 * name, INCREASING_Y line order, blocks compressed with NONE/RLE/ZIPS/ZIP/PIZ (a block that
 * does not shrink is stored raw, as OpenEXR does). Same image in, same bytes out.
 */
import { writeFileAtomic } from '../core/fs-atomic.js';
import { utf8Encoder } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { encodeAttribute, encodeChannelList, COMPRESSIONS } from './exr-attributes.js';
import { ZIP_LEVEL } from './codec-zip.js';
import { bytesPerSample, compressBlock, LINES_PER_BLOCK } from './exr-codec.js';
import { exrBadImage } from './exr-errors.js';
import { EXR_MAGIC } from './exr-header.js';
import { floatsToHalfBits } from './half-float.js';
import type { ExrBox, ExrChannelInfo, ExrChannelInput, ExrEncodeOptions, ExrImage, ExrWriteCompression } from './exr-types.js';

export const WRITE_COMPRESSIONS: readonly ExrWriteCompression[] = ['NONE', 'RLE', 'ZIPS', 'ZIP', 'PIZ'];
/** Attributes the writer owns; `image.attributes` may not set them. */
export const RESERVED_ATTRIBUTES = [
  'channels', 'compression', 'dataWindow', 'displayWindow', 'lineOrder', 'pixelAspectRatio', 'screenWindowCenter',
  'screenWindowWidth', 'tiles', 'type', 'name', 'version', 'chunkCount', 'maxSamplesPerPixel',
];
/** Writer cap on width × height × channels. */
export const MAX_WRITE_SAMPLES = 2 ** 30;

function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

interface SortedChannel {
  input: ExrChannelInput;
  nameBytes: Uint8Array;
}

function validate(image: ExrImage): { channels: SortedChannel[]; compression: ExrWriteCompression } {
  const { width, height } = image;
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(height) || height < 1 || width > 0x7fffffff || height > 0x7fffffff) {
    throw exrBadImage('width and height must be positive integers', 'width', { width, height }, 'integers >= 1');
  }
  const compression = image.compression ?? 'ZIP';
  if (!WRITE_COMPRESSIONS.includes(compression)) {
    throw exrBadImage('unknown compression', 'compression', compression, WRITE_COMPRESSIONS.join(', '));
  }
  if (!Array.isArray(image.channels) || image.channels.length === 0) {
    throw exrBadImage('at least one channel is needed', 'channels', image.channels?.length, '>= 1 channel');
  }
  if (width * height * image.channels.length > MAX_WRITE_SAMPLES) {
    throw exrBadImage('image has too many samples', 'channels', width * height * image.channels.length, `<= ${MAX_WRITE_SAMPLES}`);
  }
  const seen = new Set<string>();
  const channels = image.channels.map((c, i): SortedChannel => {
    const path = `channels[${i}]`;
    if (typeof c.name !== 'string' || c.name.length === 0 || c.name.includes('\0')) {
      throw exrBadImage('channel name must be a non-empty string without NUL', `${path}.name`, c.name, 'non-empty string');
    }
    const nameBytes = utf8Encoder.encode(c.name);
    if (nameBytes.length > 255) throw exrBadImage('channel name is too long', `${path}.name`, c.name, 'at most 255 bytes');
    if (seen.has(c.name)) throw exrBadImage('duplicate channel name', `${path}.name`, c.name, 'unique names');
    seen.add(c.name);
    if (c.type !== 'HALF' && c.type !== 'FLOAT' && c.type !== 'UINT') {
      throw exrBadImage('unknown pixel type', `${path}.type`, c.type, 'HALF, FLOAT, UINT');
    }
    const wantFloat = c.type !== 'UINT';
    if (wantFloat ? !(c.data instanceof Float32Array) : !(c.data instanceof Uint32Array)) {
      throw exrBadImage(`${c.type} channel data has the wrong array type`, `${path}.data`, c.data?.constructor?.name, wantFloat ? 'Float32Array' : 'Uint32Array');
    }
    const stride = c.stride ?? 1;
    const offset = c.offset ?? 0;
    if (!Number.isInteger(stride) || stride < 0 || !Number.isInteger(offset) || offset < 0 || offset >= Math.max(1, stride)) {
      throw exrBadImage('stride and offset must be integers with 0 <= offset < stride', `${path}.stride`, { stride, offset }, 'stride >= 0, 0 <= offset < max(1, stride)');
    }
    const length = stride === 0 ? 1 : width * height * stride;
    if (c.data.length !== length) {
      throw exrBadImage(`channel data length is not ${stride === 0 ? '1 (constant channel)' : 'width × height × stride'}`, `${path}.data`, c.data.length, String(length));
    }
    return { input: c, nameBytes };
  });
  channels.sort((a, b) => compareBytes(a.nameBytes, b.nameBytes));
  return { channels, compression };
}

function box(b: ExrBox, path: string): ExrBox {
  if (!b || ![b.xMin, b.yMin, b.xMax, b.yMax].every(isInt32) || b.xMax < b.xMin || b.yMax < b.yMin) {
    throw exrBadImage('window must be an int32 box with max >= min', path, b, '{xMin, yMin, xMax, yMax} int32, max >= min');
  }
  return b;
}

function encodeHeader(image: ExrImage, channels: SortedChannel[], compression: ExrWriteCompression, dataWindow: ExrBox): Uint8Array {
  const entries: { name: string; typeName: string; bytes: Uint8Array }[] = [];
  const mk = (fill: (w: ByteWriter) => void): Uint8Array => {
    const w = new ByteWriter(32);
    fill(w);
    return w.finish();
  };
  const displayWindow = box(image.displayWindow ?? dataWindow, 'displayWindow');
  const infos: ExrChannelInfo[] = channels.map((c) => ({ name: c.input.name, type: c.input.type, pLinear: !!c.input.pLinear, xSampling: 1, ySampling: 1 }));
  const boxBytes = (b: ExrBox): Uint8Array => mk((w) => [b.xMin, b.yMin, b.xMax, b.yMax].forEach((v) => w.i32(v)));
  const center = image.screenWindowCenter ?? [0, 0];
  if (!Array.isArray(center) || center.length !== 2 || center.some((v) => typeof v !== 'number')) {
    throw exrBadImage('screenWindowCenter must be two numbers', 'screenWindowCenter', center, '[x, y]');
  }
  const num = (v: number | undefined, dflt: number, path: string): number => {
    const x = v ?? dflt;
    if (typeof x !== 'number' || !Number.isFinite(x)) throw exrBadImage(`${path} must be a finite number`, path, v, 'finite number');
    return x;
  };
  entries.push(
    { name: 'channels', typeName: 'chlist', bytes: encodeChannelList(infos) },
    { name: 'compression', typeName: 'compression', bytes: Uint8Array.of(COMPRESSIONS.indexOf(compression)) },
    { name: 'dataWindow', typeName: 'box2i', bytes: boxBytes(dataWindow) },
    { name: 'displayWindow', typeName: 'box2i', bytes: boxBytes(displayWindow) },
    { name: 'lineOrder', typeName: 'lineOrder', bytes: Uint8Array.of(0) },
    { name: 'pixelAspectRatio', typeName: 'float', bytes: mk((w) => w.f32(num(image.pixelAspectRatio, 1, 'pixelAspectRatio'))) },
    { name: 'screenWindowCenter', typeName: 'v2f', bytes: mk((w) => center.forEach((v) => w.f32(v))) },
    { name: 'screenWindowWidth', typeName: 'float', bytes: mk((w) => w.f32(num(image.screenWindowWidth, 1, 'screenWindowWidth'))) },
  );
  for (const [name, attr] of Object.entries(image.attributes ?? {})) {
    const path = `attributes.${name}`;
    if (name.length === 0 || name.includes('\0')) throw exrBadImage('attribute name must be non-empty without NUL', path, name, 'non-empty string');
    if (RESERVED_ATTRIBUTES.includes(name)) throw exrBadImage('attribute is set by the writer', path, name, `not one of ${RESERVED_ATTRIBUTES.join(', ')}`);
    if (!attr || typeof attr !== 'object') throw exrBadImage('attribute must be {type, value}', path, attr, '{type, value}');
    entries.push({ name, ...encodeAttribute(name, attr) });
  }
  const named = entries.map((e) => ({ ...e, nameBytes: utf8Encoder.encode(e.name) }));
  named.sort((a, b) => compareBytes(a.nameBytes, b.nameBytes));
  let longNames = channels.some((c) => c.nameBytes.length > 31);
  for (const e of named) {
    if (e.nameBytes.length > 255) throw exrBadImage('attribute name is too long', `attributes.${e.name}`, e.name, 'at most 255 bytes');
    if (e.nameBytes.length > 31) longNames = true;
  }
  const w = new ByteWriter(4096);
  w.i32(EXR_MAGIC);
  w.i32(2 | (longNames ? 0x400 : 0));
  for (const e of named) {
    w.cstring(e.nameBytes);
    w.cstring(utf8Encoder.encode(e.typeName));
    w.i32(e.bytes.length);
    w.bytes(e.bytes);
  }
  w.u8(0);
  return w.finish();
}

/** `width` samples of a constant channel (stride 0) as 16-bit words from `at`. */
function fillConstant(input: ExrChannelInput, words: Uint16Array, at: number, width: number): void {
  if (input.type === 'HALF') {
    floatsToHalfBits(input.data as Float32Array, 0, 1, words, at);
    words.fill(words[at], at + 1, at + width);
    return;
  }
  const v = new Uint32Array(input.data.buffer, input.data.byteOffset, 1)[0];
  for (let k = at; k < at + 2 * width; k += 2) {
    words[k] = v & 0xffff;
    words[k + 1] = v >>> 16;
  }
}

/** The block's scanlines in file layout, written over the start of `scratch` (every byte of it). */
function fillBlock(channels: SortedChannel[], width: number, y0: number, lines: number, rowBytes: number, scratch: Uint8Array): Uint8Array {
  const raw = scratch.subarray(0, rowBytes * lines);
  const words = new Uint16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
  let off = 0;
  for (let y = y0; y < y0 + lines; y++) {
    const start = y * width;
    for (const { input } of channels) {
      const data = input.data;
      const stride = input.stride ?? 1;
      const first = start * stride + (input.offset ?? 0);
      if (stride === 0) {
        fillConstant(input, words, off >> 1, width);
      } else if (input.type === 'HALF') {
        floatsToHalfBits(data as Float32Array, first, width, words, off >> 1, stride);
      } else if (stride === 1) {
        raw.set(new Uint8Array(data.buffer, data.byteOffset + first * 4, width * 4), off);
      } else {
        // Every fourth byte of a row need not be 4-aligned here: two 16-bit words per sample.
        const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
        for (let x = 0, i = first, k = off >> 1; x < width; x++, i += stride, k += 2) {
          const v = bits[i];
          words[k] = v & 0xffff;
          words[k + 1] = v >>> 16;
        }
      }
      off += width * bytesPerSample(input.type);
    }
  }
  return raw;
}

/** Encodes `image` as a complete single-part scanline OpenEXR file. */
export function encodeExr(image: ExrImage, opts: ExrEncodeOptions = {}): Uint8Array {
  const { channels, compression } = validate(image);
  const deflate = opts.deflate ?? 'portable';
  if (deflate !== 'portable' && deflate !== 'native') throw exrBadImage('unknown deflate option', 'deflate', deflate, 'portable, native');
  const level = opts.zipLevel ?? ZIP_LEVEL;
  if (!Number.isInteger(level) || level < 1 || level > 9) throw exrBadImage('zipLevel must be an integer 1..9', 'zipLevel', level, '1..9');
  const { width, height } = image;
  const ox = image.dataOrigin?.x ?? 0;
  const oy = image.dataOrigin?.y ?? 0;
  const dataWindow = box({ xMin: ox, yMin: oy, xMax: ox + width - 1, yMax: oy + height - 1 }, 'dataOrigin');
  const header = encodeHeader(image, channels, compression, dataWindow);
  const lpb = LINES_PER_BLOCK[compression];
  const blocks = Math.ceil(height / lpb);
  const types = channels.map((c) => c.input.type);
  const rowBytes = types.reduce((s, t) => s + bytesPerSample(t) * width, 0);
  const chunks: Uint8Array[] = [];
  let total = header.length + 8 * blocks;
  const scratch = new Uint8Array(rowBytes * Math.min(lpb, height));
  for (let b = 0; b < blocks; b++) {
    const y0 = b * lpb;
    const lines = Math.min(lpb, height - y0);
    const raw = fillBlock(channels, width, y0, lines, rowBytes, scratch);
    const packed = compressBlock(compression, raw, { width, lines, types }, { deflate, level });
    // `raw` is the scratch buffer: keep a copy of what is kept from it.
    const kept = packed.length < raw.length ? packed : raw;
    const data = kept.buffer === raw.buffer ? kept.slice() : kept;
    chunks.push(data);
    total += 8 + data.length;
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(header, 0);
  let tableAt = header.length;
  let at = header.length + 8 * blocks;
  for (let b = 0; b < blocks; b++) {
    view.setBigUint64(tableAt, BigInt(at), true);
    tableAt += 8;
    view.setInt32(at, oy + b * lpb, true);
    view.setInt32(at + 4, chunks[b].length, true);
    out.set(chunks[b], at + 8);
    at += 8 + chunks[b].length;
  }
  return out;
}

/** Encodes and writes atomically (temporary file, then rename). */
export async function writeExr(filePath: string, image: ExrImage, opts: ExrEncodeOptions = {}): Promise<void> {
  await writeFileAtomic(filePath, encodeExr(image, opts));
}
