/**
 * Scene-linear → display: exposure, a filmic tone curve (the ACES fitted curve of
 * Narkowicz 2015), then the sRGB/Rec.709 transfer function, quantised to 8 bits.
 * Applied only at the very end, for PNG and MP4; EXR outputs stay linear.
 */
export function acesFilm(x: number): number {
  const a = 2.51;
  const b = 0.03;
  const c = 2.43;
  const d = 0.59;
  const e = 0.14;
  const y = (x * (a * x + b)) / (x * (c * x + d) + e);
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

export function srgbEncode(linear: number): number {
  return linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.pow(linear, 1 / 2.4) - 0.055;
}

/** 4096-entry lookup of tone curve + sRGB for tone-mapped values; exact enough for 8 bits. */
const LUT_SIZE = 4096;
const LUT_MAX = 16;
let lut: Uint8Array | null = null;
function getLut(): Uint8Array {
  if (lut) return lut;
  lut = new Uint8Array(LUT_SIZE + 1);
  for (let i = 0; i <= LUT_SIZE; i++) {
    const x = (i / LUT_SIZE) * LUT_MAX;
    lut[i] = Math.round(255 * srgbEncode(acesFilm(x)));
  }
  return lut;
}

/** RGBA float (linear) → RGB 8-bit display. `exposureEv` scales by 2^EV first. */
export function toDisplayRgb8(rgba: Float32Array, pixelCount: number, exposureEv: number): Uint8Array {
  const table = getLut();
  const gain = Math.pow(2, exposureEv) * (LUT_SIZE / LUT_MAX);
  const out = new Uint8Array(pixelCount * 3);
  for (let i = 0; i < pixelCount; i++) {
    for (let c = 0; c < 3; c++) {
      const v = rgba[i * 4 + c] * gain;
      const idx = v > 0 ? (v < LUT_SIZE ? Math.round(v) : LUT_SIZE) : 0;
      out[i * 3 + c] = table[idx];
    }
  }
  return out;
}
