/**
 * PIZ compression (ImfPizCompressor): samples split into 16-bit words per channel, a bitmap
 * of the values present, a lookup table squeezing them into 0..maxValue, the PIZ wavelet on
 * each channel (each 16-bit half of 32-bit channels separately), then Huffman coding.
 * Block layout: `lines` rows; each row holds every channel's `width` samples in turn.
 */
import { exrInvalid } from './exr-errors.js';
import { hufCompress, hufUncompress } from './piz-huffman.js';
import { wav2Decode, wav2Encode } from './piz-wavelet.js';

const BITMAP_SIZE = 8192;
const USHORT_RANGE = 65536;

export interface PizLayout {
  width: number;
  lines: number;
  /** Bytes per sample of each channel in file order: 2 (HALF) or 4 (FLOAT, UINT). */
  sampleBytes: readonly number[];
}

interface Plane {
  start: number;
  /** 16-bit words per sample: 1 or 2. */
  size: number;
}

function planes(layout: PizLayout): { planes: Plane[]; total: number } {
  const out: Plane[] = [];
  let total = 0;
  for (const b of layout.sampleBytes) {
    const size = b / 2;
    out.push({ start: total, size });
    total += layout.width * layout.lines * size;
  }
  return { planes: out, total };
}

function asWords(raw: Uint8Array): Uint16Array {
  if (raw.byteOffset % 2 === 0) return new Uint16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
  return new Uint16Array(raw.slice().buffer, 0, raw.length >> 1);
}

export function pizCompress(raw: Uint8Array, layout: PizLayout): Uint8Array {
  const { planes: ps, total } = planes(layout);
  if (total * 2 !== raw.length) throw new Error(`PIZ block size ${raw.length} does not match layout (${total * 2})`);
  const words = asWords(raw);
  const tmp = new Uint16Array(total);
  const ends = ps.map((p) => p.start);
  let i = 0;
  for (let y = 0; y < layout.lines; y++) {
    for (let c = 0; c < ps.length; c++) {
      const n = layout.width * ps[c].size;
      tmp.set(words.subarray(i, i + n), ends[c]);
      i += n;
      ends[c] += n;
    }
  }
  const bitmap = new Uint8Array(BITMAP_SIZE);
  for (let k = 0; k < total; k++) bitmap[tmp[k] >> 3] |= 1 << (tmp[k] & 7);
  bitmap[0] &= ~1; // zero is implied
  let minNonZero = BITMAP_SIZE - 1;
  let maxNonZero = 0;
  for (let k = 0; k < BITMAP_SIZE; k++) {
    if (bitmap[k]) {
      if (minNonZero > k) minNonZero = k;
      if (maxNonZero < k) maxNonZero = k;
    }
  }
  const lut = new Uint16Array(USHORT_RANGE);
  let next = 0;
  for (let v = 0; v < USHORT_RANGE; v++) {
    if (v === 0 || bitmap[v >> 3] & (1 << (v & 7))) lut[v] = next++;
  }
  const maxValue = next - 1;
  for (let k = 0; k < total; k++) tmp[k] = lut[tmp[k]];
  for (const p of ps) {
    for (let j = 0; j < p.size; j++) wav2Encode(tmp, p.start + j, layout.width, p.size, layout.lines, layout.width * p.size, maxValue);
  }
  const huf = hufCompress(tmp);
  const bitmapBytes = minNonZero <= maxNonZero ? maxNonZero - minNonZero + 1 : 0;
  const out = new Uint8Array(4 + bitmapBytes + 4 + huf.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, minNonZero, true);
  view.setUint16(2, maxNonZero, true);
  if (bitmapBytes) out.set(bitmap.subarray(minNonZero, maxNonZero + 1), 4);
  view.setInt32(4 + bitmapBytes, huf.length, true);
  out.set(huf, 8 + bitmapBytes);
  return out;
}

export function pizDecompress(data: Uint8Array, layout: PizLayout, expected: number): Uint8Array {
  const { planes: ps, total } = planes(layout);
  if (total * 2 !== expected) throw exrInvalid('PIZ block size does not match its channels', 'piz', expected, String(total * 2));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 4) throw exrInvalid('PIZ block is truncated', 'piz', data.length);
  const minNonZero = view.getUint16(0, true);
  const maxNonZero = view.getUint16(2, true);
  if (maxNonZero >= BITMAP_SIZE) throw exrInvalid('PIZ bitmap range is invalid', 'piz', maxNonZero, `< ${BITMAP_SIZE}`);
  const bitmap = new Uint8Array(BITMAP_SIZE);
  let pos = 4;
  if (minNonZero <= maxNonZero) {
    const n = maxNonZero - minNonZero + 1;
    if (pos + n > data.length) throw exrInvalid('PIZ bitmap is truncated', 'piz', data.length);
    bitmap.set(data.subarray(pos, pos + n), minNonZero);
    pos += n;
  }
  if (pos + 4 > data.length) throw exrInvalid('PIZ block is truncated', 'piz', data.length);
  const length = view.getInt32(pos, true);
  pos += 4;
  if (length < 0 || pos + length > data.length) throw exrInvalid('PIZ Huffman length is out of range', 'piz', length, `0..${data.length - pos}`);
  const lut = new Uint16Array(USHORT_RANGE);
  let k = 0;
  for (let v = 0; v < USHORT_RANGE; v++) {
    if (v === 0 || bitmap[v >> 3] & (1 << (v & 7))) lut[k++] = v;
  }
  const maxValue = k - 1;
  const tmp = new Uint16Array(total);
  hufUncompress(data.subarray(pos, pos + length), tmp);
  for (const p of ps) {
    for (let j = 0; j < p.size; j++) wav2Decode(tmp, p.start + j, layout.width, p.size, layout.lines, layout.width * p.size, maxValue);
  }
  for (let i = 0; i < total; i++) tmp[i] = lut[tmp[i]];
  const out = new Uint8Array(expected);
  const words = new Uint16Array(out.buffer);
  const ends = ps.map((p) => p.start);
  let o = 0;
  for (let y = 0; y < layout.lines; y++) {
    for (let c = 0; c < ps.length; c++) {
      const n = layout.width * ps[c].size;
      words.set(tmp.subarray(ends[c], ends[c] + n), o);
      o += n;
      ends[c] += n;
    }
  }
  return out;
}
