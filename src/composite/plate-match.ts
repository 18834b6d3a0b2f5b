import type { Rng } from '../core/rng.js';
import type { SimEvent } from '../simulate/sim-cache.js';
import type { Vec3 } from '../core/units.js';

/**
 * Noise of a plate: from the difference between each pixel's luminance and the mean of its
 * 4 neighbours (a robust median estimate, so edges do not count as noise), in linear light.
 * The CG gets grain of the same strength.
 */
export function measurePlateNoise(rgba: Float32Array, width: number, height: number): number {
  const lum = (i: number) => 0.2126 * rgba[i * 4] + 0.7152 * rgba[i * 4 + 1] + 0.0722 * rgba[i * 4 + 2];
  const samples: number[] = [];
  for (let y = 1; y < height - 1; y += 2) {
    for (let x = 1; x < width - 1; x += 2) {
      const i = y * width + x;
      const n = (lum(i - 1) + lum(i + 1) + lum(i - width) + lum(i + width)) / 4;
      samples.push(lum(i) - n);
    }
  }
  // Robust: the median absolute difference (edges are outliers that barely move it).
  const abs = samples.map(Math.abs).sort((a, b) => a - b);
  const median = abs[Math.floor(abs.length / 2)] ?? 0;
  // For white noise the 4-neighbour difference has 1.118x its standard deviation, and a
  // normal variable's median absolute value is 0.6745 sigma.
  return median / 0.6745 / 1.118;
}

/** Adds seeded Gaussian grain of `sigma` (linear, scaled by the pixel's brightness) where the CG covers the frame. */
export function addGrain(rgba: Float32Array, alpha: Float32Array | undefined, sigma: number, rng: Rng): void {
  if (!(sigma > 0) || !alpha) return;
  for (let i = 0; i < alpha.length; i++) {
    if (alpha[i] <= 0) continue;
    const u1 = Math.max(1e-12, rng.next());
    const u2 = rng.next();
    const g = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2) * sigma * alpha[i];
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = Math.max(0, rgba[i * 4 + c] * (1 + g * 2) + g * 0.5);
  }
}

/**
 * Camera shake at time t from the simulation's impacts: each hit adds a jolt whose size
 * grows with the square root of its energy and falls off with distance from the camera,
 * decaying over `decayS`; the direction wobbles by a seeded per-event phase. Returns a
 * frame offset in pixels.
 */
export function shakeOffsetPx(events: SimEvent[], timeS: number, camera: Vec3, strength: number, widthPx: number, decayS = 0.35): [number, number] {
  let dx = 0;
  let dy = 0;
  for (const e of events) {
    if (e.type !== 'impact' || e.timeS > timeS || timeS - e.timeS > decayS * 6) continue;
    const d = Math.max(5, Math.hypot(e.positionM[0] - camera[0], e.positionM[1] - camera[1], e.positionM[2] - camera[2]));
    const amp = (strength * Math.sqrt(Math.max(0, e.energyJ)) * widthPx) / (d * 1e5);
    const age = timeS - e.timeS;
    const env = amp * Math.exp(-age / decayS);
    const phase = (e.pieceIndex * 2.399963) % (2 * Math.PI);
    dx += env * Math.sin(phase + age * 47);
    dy += env * Math.cos(phase * 1.7 + age * 53);
  }
  const cap = widthPx * 0.02;
  return [Math.max(-cap, Math.min(cap, dx)), Math.max(-cap, Math.min(cap, dy))];
}

/** Shifts an RGBA image by a sub-pixel offset (bilinear; edges clamped). */
export function shiftImage(rgba: Float32Array, width: number, height: number, dx: number, dy: number): Float32Array {
  if (Math.abs(dx) < 1e-3 && Math.abs(dy) < 1e-3) return rgba;
  const out = new Float32Array(rgba.length);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(height - 1, Math.max(0, y - dy));
    const y0 = Math.floor(sy);
    const y1 = Math.min(height - 1, y0 + 1);
    const ty = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(width - 1, Math.max(0, x - dx));
      const x0 = Math.floor(sx);
      const x1 = Math.min(width - 1, x0 + 1);
      const tx = sx - x0;
      for (let c = 0; c < 4; c++) {
        const a = rgba[(y0 * width + x0) * 4 + c] * (1 - tx) + rgba[(y0 * width + x1) * 4 + c] * tx;
        const b = rgba[(y1 * width + x0) * 4 + c] * (1 - tx) + rgba[(y1 * width + x1) * 4 + c] * tx;
        out[(y * width + x) * 4 + c] = a * (1 - ty) + b * ty;
      }
    }
  }
  return out;
}
