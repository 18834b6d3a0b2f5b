/**
 * One entry point per direction for block compression: scanlines per block for each
 * compression, and compress/decompress of one block in the standard layout (each row holds
 * every channel's samples in turn, channels sorted by name).
 */
import { rleCompress, rleDecompress } from './codec-rle.js';
import { DEFAULT_ZIP, zipCompress, zipDecompress } from './codec-zip.js';
import type { ZipOptions } from './codec-zip.js';
import { pizCompress, pizDecompress } from './codec-piz.js';
import { pxr24Decompress } from './codec-pxr24.js';
import { exrUnsupported } from './exr-errors.js';
import type { ExrCompression, ExrPixelType, ExrWriteCompression } from './exr-types.js';

export const LINES_PER_BLOCK: Record<ExrCompression, number> = {
  NONE: 1, RLE: 1, ZIPS: 1, ZIP: 16, PIZ: 32, PXR24: 16, B44: 32, B44A: 32, DWAA: 32, DWAB: 256,
};

export const READABLE_COMPRESSIONS: readonly ExrCompression[] = ['NONE', 'RLE', 'ZIPS', 'ZIP', 'PIZ', 'PXR24'];

export function bytesPerSample(type: ExrPixelType): number {
  return type === 'HALF' ? 2 : 4;
}

export interface BlockLayout {
  width: number;
  lines: number;
  types: readonly ExrPixelType[];
}

/** Compresses one block; the caller stores the raw bytes instead when this is not smaller. */
export function compressBlock(
  compression: ExrWriteCompression,
  raw: Uint8Array,
  layout: BlockLayout,
  zip: ZipOptions = DEFAULT_ZIP,
): Uint8Array {
  switch (compression) {
    case 'NONE':
      return raw;
    case 'RLE':
      return rleCompress(raw);
    case 'ZIPS':
    case 'ZIP':
      return zipCompress(raw, zip);
    case 'PIZ':
      return pizCompress(raw, { width: layout.width, lines: layout.lines, sampleBytes: layout.types.map(bytesPerSample) });
  }
}

/** Decompresses one block that must come out as exactly `expected` bytes. */
export function decompressBlock(compression: ExrCompression, data: Uint8Array, layout: BlockLayout, expected: number): Uint8Array {
  switch (compression) {
    case 'NONE':
      return data;
    case 'RLE':
      return rleDecompress(data, expected);
    case 'ZIPS':
    case 'ZIP':
      return zipDecompress(data, expected);
    case 'PIZ':
      return pizDecompress(data, { width: layout.width, lines: layout.lines, sampleBytes: layout.types.map(bytesPerSample) }, expected);
    case 'PXR24':
      return pxr24Decompress(data, layout, expected);
    default:
      throw exrUnsupported(`${compression} compression`, READABLE_COMPRESSIONS.join(', '), 'compression');
  }
}
