/** OpenEXR writer and reader: the public surface of `src/exr`. */
export { encodeExr, writeExr, WRITE_COMPRESSIONS } from './exr-writer.js';
export { readExr, readExrFile, DEFAULT_MAX_SAMPLES } from './exr-reader.js';
export { parseExrHeader } from './exr-header.js';
export type { ExrHeader } from './exr-header.js';
export { floatToHalfBits, halfBitsToFloat, roundToHalf } from './half-float.js';
export type * from './exr-types.js';
