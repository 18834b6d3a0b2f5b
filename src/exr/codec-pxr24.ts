/**
 * PXR24 decompression (ImfPxr24Compressor), read-only: zlib over per-row, per-channel byte
 * planes of horizontal differences; FLOAT is stored as 24 bits (the low mantissa byte is
 * lost), HALF and UINT exactly.
 */
import type { ExrPixelType } from './exr-types.js';
import { inflateExact } from './codec-zip.js';

export interface Pxr24Layout {
  width: number;
  lines: number;
  types: readonly ExrPixelType[];
}

const PLANES: Record<ExrPixelType, number> = { UINT: 4, HALF: 2, FLOAT: 3 };
const SAMPLE_BYTES: Record<ExrPixelType, number> = { UINT: 4, HALF: 2, FLOAT: 4 };

export function pxr24Decompress(data: Uint8Array, layout: Pxr24Layout, expected: number): Uint8Array {
  const { width: n, lines, types } = layout;
  let packedRow = 0;
  let rawRow = 0;
  for (const t of types) {
    packedRow += PLANES[t] * n;
    rawRow += SAMPLE_BYTES[t] * n;
  }
  if (rawRow * lines !== expected) throw new Error('PXR24 layout does not match the block size');
  const packed = inflateExact(data, packedRow * lines, 'pxr24');
  const out = new Uint8Array(expected);
  const view = new DataView(out.buffer);
  let src = 0;
  let w = 0;
  for (let y = 0; y < lines; y++) {
    for (const t of types) {
      let pixel = 0;
      if (t === 'UINT') {
        const p0 = src;
        src += 4 * n;
        for (let j = 0; j < n; j++) {
          const diff = (packed[p0 + j] << 24) | (packed[p0 + n + j] << 16) | (packed[p0 + 2 * n + j] << 8) | packed[p0 + 3 * n + j];
          pixel = (pixel + diff) >>> 0;
          view.setUint32(w, pixel, true);
          w += 4;
        }
      } else if (t === 'HALF') {
        const p0 = src;
        src += 2 * n;
        for (let j = 0; j < n; j++) {
          const diff = (packed[p0 + j] << 8) | packed[p0 + n + j];
          pixel = (pixel + diff) & 0xffff;
          view.setUint16(w, pixel, true);
          w += 2;
        }
      } else {
        const p0 = src;
        src += 3 * n;
        for (let j = 0; j < n; j++) {
          const diff = (packed[p0 + j] << 24) | (packed[p0 + n + j] << 16) | (packed[p0 + 2 * n + j] << 8);
          pixel = (pixel + diff) >>> 0;
          view.setUint32(w, pixel, true);
          w += 4;
        }
      }
    }
  }
  return out;
}
