/**
 * The OpenEXR reader: single-part scanline files compressed with NONE, RLE, ZIPS, ZIP, PIZ
 * or PXR24. Every size is checked before it is trusted: the sample count is capped, the
 * total raw size is bounded by the file size times the codec's best possible ratio, every
 * offset and chunk length must lie inside the file, and every block must decode to exactly
 * its expected size. Channels come back as Float32Array (HALF, FLOAT) or Uint32Array (UINT),
 * rows top to bottom over the data window.
 */
import { promises as fs } from 'node:fs';
import { InputError } from '../core/errors.js';
import { bytesPerSample, decompressBlock, LINES_PER_BLOCK, READABLE_COMPRESSIONS } from './exr-codec.js';
import { exrInvalid, exrTooLarge, exrUnsupported } from './exr-errors.js';
import { parseExrHeader } from './exr-header.js';
import { halfToFloatTable } from './half-float.js';
import type { ExrCompression, ExrDecodedChannel, ExrDecodedImage, ExrReadOptions } from './exr-types.js';

export const DEFAULT_MAX_SAMPLES = 2 ** 28;

/** Largest raw-to-stored ratio each codec can reach (with a margin); bounds what a file may claim. */
const MAX_RATIO: Partial<Record<ExrCompression, number>> = { NONE: 1, RLE: 64, ZIPS: 1100, ZIP: 1100, PIZ: 1100, PXR24: 1500 };

/** Decodes a whole file held in memory. */
export function readExr(bytes: Uint8Array, opts: ExrReadOptions = {}): ExrDecodedImage {
  const header = parseExrHeader(bytes);
  const { channels, compression, dataWindow } = header;
  if (!READABLE_COMPRESSIONS.includes(compression)) {
    throw exrUnsupported(`${compression} compression`, READABLE_COMPRESSIONS.join(', '), 'compression');
  }
  if (channels.length === 0) throw exrInvalid('the channel list is empty', 'channels');
  for (const c of channels) {
    if (c.xSampling !== 1 || c.ySampling !== 1) {
      throw exrUnsupported(`subsampled channel '${c.name}' (${c.xSampling}×${c.ySampling})`, 'xSampling = ySampling = 1', `channels.${c.name}`);
    }
  }
  const width = dataWindow.xMax - dataWindow.xMin + 1;
  const height = dataWindow.yMax - dataWindow.yMin + 1;
  if (width < 1 || height < 1) throw exrInvalid('dataWindow is empty or inverted', 'dataWindow', dataWindow, 'xMax >= xMin, yMax >= yMin');
  const maxSamples = opts.maxSamples ?? DEFAULT_MAX_SAMPLES;
  const samples = width * height * channels.length;
  if (samples > maxSamples) {
    throw exrTooLarge('dataWindow × channels exceeds the sample cap', 'dataWindow', { width, height, channels: channels.length }, `<= ${maxSamples} samples`);
  }
  const types = channels.map((c) => c.type);
  const rowBytes = types.reduce((s, t) => s + bytesPerSample(t) * width, 0);
  const ratio = MAX_RATIO[compression] ?? 1;
  if (rowBytes * height > bytes.length * ratio) {
    throw exrTooLarge('dataWindow is larger than the file could hold', 'dataWindow', { width, height, fileBytes: bytes.length }, `<= ${ratio}× the file size`);
  }
  const lpb = LINES_PER_BLOCK[compression];
  const blocks = Math.ceil(height / lpb);
  const tableEnd = header.headerEnd + 8 * blocks;
  if (tableEnd > bytes.length) throw exrInvalid('offset table runs past the end of the file', 'offsets', blocks, `${Math.floor((bytes.length - header.headerEnd) / 8)} entries fit`);

  const outputs: ExrDecodedChannel[] = channels.map((c) => ({
    ...c,
    data: c.type === 'UINT' ? new Uint32Array(width * height) : new Float32Array(width * height),
  }));
  const outBytes = outputs.map((o) => new Uint8Array(o.data.buffer));
  const halfTable = halfToFloatTable();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let b = 0; b < blocks; b++) {
    const entry = header.headerEnd + 8 * b;
    const hi = view.getUint32(entry + 4, true);
    const offset = hi === 0 ? view.getUint32(entry, true) : Infinity;
    if (offset < tableEnd || offset + 8 > bytes.length) {
      throw exrInvalid(`offset of block ${b} is outside the file`, `offsets[${b}]`, hi === 0 ? offset : 'beyond 2^32', `${tableEnd}..${bytes.length - 8}`);
    }
    const y = view.getInt32(offset, true);
    const size = view.getInt32(offset + 4, true);
    const expectY = dataWindow.yMin + b * lpb;
    if (y !== expectY) throw exrInvalid(`block ${b} starts at scanline ${y}`, `blocks[${b}].y`, y, String(expectY));
    const lines = Math.min(lpb, height - b * lpb);
    const expected = lines * rowBytes;
    if (size < 0 || offset + 8 + size > bytes.length) {
      throw exrInvalid(`block ${b} data runs past the end of the file`, `blocks[${b}].size`, size, `0..${bytes.length - offset - 8}`);
    }
    if (size > expected || (compression === 'NONE' && size !== expected)) {
      throw exrInvalid(`block ${b} is larger than its raw size`, `blocks[${b}].size`, size, `<= ${expected}`);
    }
    const data = bytes.subarray(offset + 8, offset + 8 + size);
    let raw: Uint8Array;
    try {
      raw = size === expected ? data : decompressBlock(compression, data, { width, lines, types }, expected);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw exrInvalid(`block ${b} does not decode: ${(err as Error).message}`, `blocks[${b}]`);
    }
    scatter(raw, outputs, outBytes, halfTable, width, b * lpb, lines);
  }
  return {
    attributes: header.attributes,
    compression,
    lineOrder: header.lineOrder,
    dataWindow,
    displayWindow: header.displayWindow,
    width,
    height,
    channels: outputs,
  };
}

/** Copies one decoded block (rows of per-channel runs) into the channel arrays. */
function scatter(
  raw: Uint8Array,
  outputs: ExrDecodedChannel[],
  outBytes: Uint8Array[],
  halfTable: Float32Array,
  width: number,
  row0: number,
  lines: number,
): void {
  let off = 0;
  for (let l = 0; l < lines; l++) {
    const base = (row0 + l) * width;
    for (let c = 0; c < outputs.length; c++) {
      const out = outputs[c];
      if (out.type === 'HALF') {
        const dst = out.data as Float32Array;
        for (let x = 0; x < width; x++) dst[base + x] = halfTable[raw[off + 2 * x] | (raw[off + 2 * x + 1] << 8)];
        off += 2 * width;
      } else {
        outBytes[c].set(raw.subarray(off, off + 4 * width), base * 4);
        off += 4 * width;
      }
    }
  }
}

/** Reads and decodes a file; missing or unreadable files are InputErrors (`exr.read_failed`). */
export async function readExrFile(filePath: string, opts: ExrReadOptions = {}): Promise<ExrDecodedImage> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(filePath);
  } catch (err) {
    throw new InputError(`cannot read OpenEXR file: ${(err as Error).message}`, 'exr.read_failed', [
      { code: 'exr.read_failed', path: filePath, received: (err as NodeJS.ErrnoException).code },
    ]);
  }
  return readExr(bytes, opts);
}
