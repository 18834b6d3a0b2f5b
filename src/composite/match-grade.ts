/**
 * Match grade (`look.matchGrade`): grades the CG so that its statistics match the plate's, as
 * a compositor would by eye with a Grade node. Measured in linear light on both:
 * - black and white points: the 1st and 99th percentiles of luminance;
 * - white balance: the mean colour's chromaticity (mean R, G, B over mean luminance);
 * - saturation: the mean of |rgb − Y| / Y over pixels brighter than 2% of the white point.
 * The grade maps them in that order: levels (rgb·a + b, the same for the three channels, so
 * the CG's black and white points land on the plate's), white-balance gains (luminance kept),
 * then saturation about luminance (gains and saturation solved together, since saturation
 * also scales the mean colour's distance from grey). Each factor is clamped (levels gain 0.25..4, channel
 * gains 0.5..2, saturation 0.25..2) so a strange frame cannot wreck the CG.
 */
export interface ImageStats {
  /** Luminance percentiles, linear. */
  black: number;
  white: number;
  /** Mean linear RGB. */
  mean: [number, number, number];
  saturation: number;
  /** Pixels measured. */
  count: number;
}

export interface MatchGrade {
  /** Levels: rgb · gain + offset. */
  gain: number;
  offset: number;
  /** White-balance gains per channel (luminance-neutral). */
  channel: [number, number, number];
  saturation: number;
}

export const IDENTITY_GRADE: MatchGrade = { gain: 1, offset: 0, channel: [1, 1, 1], saturation: 1 };

const lum = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/**
 * Statistics of the pixels of a linear RGBA image selected by `weight` (> 0.5 counts); the image
 * may be premultiplied, then pass `premultiplied` and its alpha is divided out.
 */
export function measureStats(rgba: Float32Array, weight: (i: number) => number, pixelCount: number, premultiplied = false): ImageStats {
  // The counted pixels, un-premultiplied, once: r, g, b, luminance each.
  const px: number[] = [];
  const sum = [0, 0, 0];
  for (let i = 0; i < pixelCount; i++) {
    if (!(weight(i) > 0.5)) continue;
    const a = premultiplied ? rgba[i * 4 + 3] : 1;
    if (!(a > 1e-4)) continue;
    const r = rgba[i * 4] / a;
    const g = rgba[i * 4 + 1] / a;
    const b = rgba[i * 4 + 2] / a;
    px.push(r, g, b, lum(r, g, b));
    sum[0] += r;
    sum[1] += g;
    sum[2] += b;
  }
  const count = px.length / 4;
  if (count === 0) return { black: 0, white: 1, mean: [0.18, 0.18, 0.18], saturation: 0, count };
  const sorted = Float64Array.from({ length: count }, (_, k) => px[k * 4 + 3]).sort();
  const pct = (p: number) => sorted[Math.min(count - 1, Math.max(0, Math.round(p * (count - 1))))];
  const white = pct(0.99);
  let sat = 0;
  let satN = 0;
  for (let k = 0; k < px.length; k += 4) {
    const y = px[k + 3];
    if (y <= 0.02 * white) continue;
    sat += (Math.abs(px[k] - y) + Math.abs(px[k + 1] - y) + Math.abs(px[k + 2] - y)) / (3 * y);
    satN++;
  }
  return { black: pct(0.01), white, mean: [sum[0] / count, sum[1] / count, sum[2] / count], saturation: satN ? sat / satN : 0, count };
}

const clamp = (v: number, lo: number, hi: number) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 1);

/** The CG pixels to match: a (possibly premultiplied) linear RGBA image and which pixels count. */
export interface GradeSource {
  rgba: Float32Array;
  pixelCount: number;
  weight: (i: number) => number;
  premultiplied: boolean;
}

/** The grade that takes the CG's statistics to the plate's (levels and gains from the stats; saturation measured after them). */
export function planMatchGrade(cgSource: GradeSource, plate: ImageStats): MatchGrade {
  const cg = measureStats(cgSource.rgba, cgSource.weight, cgSource.pixelCount, cgSource.premultiplied);
  if (cg.count === 0 || plate.count === 0) return IDENTITY_GRADE;
  const cgRange = cg.white - cg.black;
  const gain = cgRange > 1e-6 ? clamp((plate.white - plate.black) / cgRange, 0.25, 4) : 1;
  const offset = plate.black - cg.black * gain;
  // Chromaticity after levels (the offset is neutral, so it shifts each channel's mean alike).
  const after = cg.mean.map((m) => m * gain + offset) as [number, number, number];
  const cgY = lum(...after);
  const plY = lum(...plate.mean);
  const target = plate.mean.map((m) => m / plY);
  // Saturation scales every pixel's distance from its luminance, so it scales the mean's
  // chromaticity too: mean' = Y + s (mean − Y). Gains and saturation are therefore solved
  // together: gains aim at 1 + (target − 1) / s, s is measured after the gains; 4 rounds.
  let saturation = 1;
  let channel: [number, number, number] = [1, 1, 1];
  const graded = new Float32Array(cgSource.pixelCount * 4);
  for (let round = 0; round < 4; round++) {
    const ch = [0, 1, 2].map((c) => clamp((1 + (target[c] - 1) / saturation) / (after[c] / cgY), 0.5, 2));
    // Luminance-neutral: a grey of the CG's mean keeps its luminance.
    const yGain = lum(after[0] * ch[0], after[1] * ch[1], after[2] * ch[2]) / cgY;
    channel = ch.map((g) => g / yGain) as [number, number, number];
    const partial: MatchGrade = { gain, offset, channel, saturation: 1 };
    for (let i = 0; i < cgSource.pixelCount; i++) {
      const a = cgSource.premultiplied ? cgSource.rgba[i * 4 + 3] : 1;
      if (!(a > 1e-4)) continue;
      const [r, g, b] = gradeColor(cgSource.rgba[i * 4] / a, cgSource.rgba[i * 4 + 1] / a, cgSource.rgba[i * 4 + 2] / a, partial);
      graded.set([r, g, b, 1], i * 4);
    }
    const mid = measureStats(graded, cgSource.weight, cgSource.pixelCount, false);
    saturation = mid.saturation > 1e-4 ? clamp(plate.saturation / mid.saturation, 0.25, 2) : 1;
  }
  return { gain, offset, channel, saturation };
}

/** Applies a grade to one linear colour. */
export function gradeColor(r: number, g: number, b: number, m: MatchGrade): [number, number, number] {
  let x = [r, g, b].map((v, c) => Math.max(0, v * m.gain + m.offset) * m.channel[c]);
  const y = lum(x[0], x[1], x[2]);
  x = x.map((v) => Math.max(0, y + m.saturation * (v - y)));
  return [x[0], x[1], x[2]];
}

/**
 * Grades a premultiplied linear RGBA CG render in place (unpremultiplied, graded, premultiplied
 * again); `weight(i)` in 0..1 blends graded and original per pixel (0 leaves a pixel alone).
 */
export function applyMatchGrade(rgba: Float32Array, pixelCount: number, m: MatchGrade, weight: (i: number) => number = () => 1): void {
  if (m === IDENTITY_GRADE) return;
  for (let i = 0; i < pixelCount; i++) {
    const a = rgba[i * 4 + 3];
    const w = weight(i);
    if (!(a > 1e-4) || !(w > 0)) continue;
    const [r, g, b] = gradeColor(rgba[i * 4] / a, rgba[i * 4 + 1] / a, rgba[i * 4 + 2] / a, m);
    rgba[i * 4] += w * (r * a - rgba[i * 4]);
    rgba[i * 4 + 1] += w * (g * a - rgba[i * 4 + 1]);
    rgba[i * 4 + 2] += w * (b * a - rgba[i * 4 + 2]);
  }
}
