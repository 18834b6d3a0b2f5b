/** Thin-lens camera parameters for depth of field. */
export interface LensParams {
  focalMm: number;
  sensorWidthMm: number;
  fStop: number;
  focusDistanceM: number;
}

/** Circle-of-confusion diameter in pixels of a point at distance z (thin lens). */
export function cocPixels(z: number, lens: LensParams, imageWidth: number): number {
  if (!(z > 0)) return 0;
  const f = lens.focalMm / 1000;
  const aperture = f / lens.fStop;
  const zf = Math.max(lens.focusDistanceM, f * 1.001);
  const cocM = (aperture * f * Math.abs(z - zf)) / (z * (zf - f));
  return (cocM * 1000 * imageWidth) / lens.sensorWidthMm;
}

/** 24 samples on the unit disc (a fixed golden-angle spiral: deterministic, no RNG). */
const DISC: [number, number][] = Array.from({ length: 24 }, (_, i) => {
  const r = Math.sqrt((i + 0.5) / 24);
  const a = i * 2.399963229728653;
  return [r * Math.cos(a), r * Math.sin(a)];
});

/**
 * Depth of field on the linear beauty from the Z pass: each pixel gathers a disc the size of
 * its circle of confusion (capped at `maxRadiusPx`); a neighbour contributes only if its own
 * blur reaches this pixel, so sharp foreground edges do not bleed into a soft background
 * and in-focus pixels stay sharp. Pixels with no depth (sky) use `skyDepthM`.
 */
export function applyDepthOfField(
  rgba: Float32Array,
  depth: Float32Array,
  width: number,
  height: number,
  lens: LensParams,
  maxRadiusPx = 24,
  skyDepthM = 10000,
): Float32Array {
  const n = width * height;
  const radius = new Float32Array(n);
  for (let i = 0; i < n; i++) radius[i] = Math.min(maxRadiusPx, cocPixels(depth[i] > 0 ? depth[i] : skyDepthM, lens, width) / 2);
  const out = new Float32Array(rgba.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const r = radius[i];
      if (r < 0.5) {
        out.set(rgba.subarray(i * 4, i * 4 + 4), i * 4);
        continue;
      }
      let w = 1;
      let c0 = rgba[i * 4];
      let c1 = rgba[i * 4 + 1];
      let c2 = rgba[i * 4 + 2];
      let c3 = rgba[i * 4 + 3];
      for (const [dx, dy] of DISC) {
        const sx = Math.round(x + dx * r);
        const sy = Math.round(y + dy * r);
        if (sx < 0 || sy < 0 || sx >= width || sy >= height) continue;
        const j = sy * width + sx;
        const dist = Math.hypot(dx * r, dy * r);
        if (radius[j] + 0.5 < dist) continue;
        c0 += rgba[j * 4];
        c1 += rgba[j * 4 + 1];
        c2 += rgba[j * 4 + 2];
        c3 += rgba[j * 4 + 3];
        w++;
      }
      out[i * 4] = c0 / w;
      out[i * 4 + 1] = c1 / w;
      out[i * 4 + 2] = c2 / w;
      out[i * 4 + 3] = c3 / w;
    }
  }
  return out;
}
