/**
 * IEEE 754 binary16 ("half") conversion as OpenEXR's `half` class does it: round to
 * nearest even, overflow to ±Inf, NaN kept as NaN (top mantissa bits, never turned into Inf).
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Bits of the half nearest to `value` (ties to even). */
export function floatToHalfBits(value: number): number {
  f32[0] = value;
  return halfBitsOfFloatBits(u32[0]);
}

/**
 * The same from the float's bits. A signalling NaN keeps its payload here, as in OpenEXR;
 * passed as a JS number it may come back quieted, depending on the engine's code path.
 */
export function halfBitsOfFloatBits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) {
    if (mant === 0) return sign | 0x7c00;
    const m = mant >>> 13;
    return sign | 0x7c00 | (m === 0 ? 1 : m);
  }
  const e = exp - 112; // rebias 127 -> 15
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    const shift = 14 - e;
    if (shift > 24) return sign;
    const full = mant | 0x800000;
    const hm = full >>> shift;
    const rem = full & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    const up = rem > halfway || (rem === halfway && (hm & 1) === 1) ? 1 : 0;
    return sign | (hm + up);
  }
  const hm = mant >>> 13;
  const rem = mant & 0x1fff;
  const up = rem > 0x1000 || (rem === 0x1000 && (hm & 1) === 1) ? 1 : 0;
  // A carry out of the mantissa bumps the exponent, and 0x7bff + 1 is Inf: both correct.
  return sign | (((e << 10) | hm) + up);
}

/**
 * `halfBitsOfFloatBits` over a run of samples, bit for bit the same, without a call or a
 * Float32Array round trip per sample: `count` floats of `src` from `from`, `stride` apart,
 * become halves in `dst` from `at`. Normal halves round with one add (ties to even; a carry
 * into the exponent, up to Inf, is the right answer); zero, subnormals, overflow and NaN take
 * the branches.
 */
export function floatsToHalfBits(src: Float32Array, from: number, count: number, dst: Uint16Array, at: number, stride = 1): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  const end = at + count;
  for (let i = from, k = at; k < end; i += stride, k++) {
    const x = bits[i];
    const u = x & 0x7fffffff;
    if (u >= 0x38800000 && u < 0x47800000) {
      // 2^-14 <= |v| < 2^16: rebias (127 -> 15) and round on the 13 dropped bits.
      dst[k] = ((x >>> 16) & 0x8000) | ((u - 0x38000000 + 0x0fff + ((u >>> 13) & 1)) >>> 13);
    } else if (u === 0) {
      dst[k] = (x >>> 16) & 0x8000;
    } else {
      dst[k] = halfBitsOfFloatBits(x);
    }
  }
}

let table: Float32Array | null = null;

/** Float32 value of every half bit pattern (256 KiB, built once). */
export function halfToFloatTable(): Float32Array {
  if (table) return table;
  const t = new Float32Array(65536);
  const bits = new Uint32Array(t.buffer);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16;
    const e = (h >>> 10) & 0x1f;
    const m = h & 0x3ff;
    if (e === 0) {
      t[h] = (sign ? -1 : 1) * m * 2 ** -24;
    } else if (e === 31) {
      bits[h] = sign | 0x7f800000 | (m << 13);
    } else {
      bits[h] = sign | ((e + 112) << 23) | (m << 13);
    }
  }
  table = t;
  return t;
}

export function halfBitsToFloat(h: number): number {
  return halfToFloatTable()[h & 0xffff];
}

/** The value a HALF channel will hold after writing `value` (for tests and previews). */
export function roundToHalf(value: number): number {
  return halfToFloatTable()[floatToHalfBits(value)];
}
