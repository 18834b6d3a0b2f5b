import type { Rng } from '../core/rng.js';

/**
 * Gusts: a zero-mean wind speed along the mean wind's horizontal direction, a sum of three
 * sines (periods of roughly 12, 5 and 2.3 s) with seeded phases, so both the speed g(t) and its
 * integral (the extra drift) are exact functions of time.
 */
export interface GustComponent {
  ampMps: number;
  freqHz: number;
  phase: number;
}

const SHARES = [0.6, 0.3, 0.18];
const FREQS_HZ = [0.083, 0.19, 0.43];

export function createGusts(rng: Rng, gustMps: number): GustComponent[] {
  if (!(gustMps > 0)) return [];
  return SHARES.map((s, i) => ({ ampMps: gustMps * s, freqHz: FREQS_HZ[i] * rng.range(0.85, 1.15), phase: rng.range(0, 2 * Math.PI) }));
}

/** Gust speed at time t, m/s. */
export function gustSpeed(gusts: readonly GustComponent[], t: number): number {
  let v = 0;
  for (const g of gusts) v += g.ampMps * Math.sin(2 * Math.PI * g.freqHz * t + g.phase);
  return v;
}

/** Drift from gusts between 0 and t, metres: the integral of gustSpeed. */
export function gustDrift(gusts: readonly GustComponent[], t: number): number {
  let d = 0;
  for (const g of gusts) {
    const w = 2 * Math.PI * g.freqHz;
    d += (g.ampMps / w) * (Math.cos(g.phase) - Math.cos(w * t + g.phase));
  }
  return d;
}
