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

/**
 * Lookup of tone curve + sRGB, indexed by sqrt(x / LUT_MAX) so that the shadows, where the
 * curve is steep, get fine steps (within half an 8-bit level of the exact curve).
 */
const LUT_SIZE = 16384;
const LUT_MAX = 64;
let lut: Uint8Array | null = null;
function getLut(): Uint8Array {
  if (lut) return lut;
  lut = new Uint8Array(LUT_SIZE + 1);
  for (let i = 0; i <= LUT_SIZE; i++) {
    const x = LUT_MAX * (i / LUT_SIZE) ** 2;
    lut[i] = Math.round(255 * srgbEncode(acesFilm(x)));
  }
  return lut;
}

/** RGBA float (linear) → RGB 8-bit display. `exposureEv` scales by 2^EV first. */
export function toDisplayRgb8(rgba: Float32Array, pixelCount: number, exposureEv: number): Uint8Array {
  const table = getLut();
  const gain = Math.pow(2, exposureEv) / LUT_MAX;
  const out = new Uint8Array(pixelCount * 3);
  for (let i = 0; i < pixelCount; i++) {
    for (let c = 0; c < 3; c++) {
      const v = rgba[i * 4 + c] * gain;
      out[i * 3 + c] = table[v > 0 ? (v < 1 ? Math.round(Math.sqrt(v) * LUT_SIZE) : LUT_SIZE) : 0];
    }
  }
  return out;
}

/** RGBA float (linear) → RGB 16-bit display, computed per sample (no lookup table). */
export function toDisplayRgb16(rgba: Float32Array, pixelCount: number, exposureEv: number): Uint16Array {
  const gain = Math.pow(2, exposureEv);
  const out = new Uint16Array(pixelCount * 3);
  for (let i = 0; i < pixelCount; i++) {
    for (let c = 0; c < 3; c++) {
      const v = rgba[i * 4 + c] * gain;
      out[i * 3 + c] = Math.round(65535 * srgbEncode(acesFilm(v > 0 ? v : 0)));
    }
  }
  return out;
}
