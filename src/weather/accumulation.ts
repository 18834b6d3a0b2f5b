import type { SnowPlan } from './snow-plan.js';
import { activeSeconds } from './snow-plan.js';

/**
 * Snow cover on upward-facing surfaces. Flat ground gains `rateMmPerS` for every second of
 * full snowfall (the fade in and out counts in part), from `initialDepthMm`, up to
 * `maxDepthMm`. The rate is what the user sets; the flakes' landing flux (density × fall
 * speed) is what deposits it, each landed flake carrying rate / (density · mean fall speed)
 * of depth-volume (see `depositPerFlakeM3`), so counting landings gives the same depth.
 */
export function groundDepthMm(plan: Pick<SnowPlan, 'accumulation' | 'startS' | 'stopS'>, t: number): number {
  const a = plan.accumulation;
  return Math.min(Math.max(a.maxDepthMm, a.initialDepthMm), a.initialDepthMm + a.rateMmPerS * activeSeconds(plan, t));
}

/** Depth-volume one landed flake adds to the cover, m³ (depth m × area m²). */
export function depositPerFlakeM3(plan: Pick<SnowPlan, 'accumulation' | 'densityPerM3' | 'meanFallMps'>): number {
  return plan.accumulation.rateMmPerS / 1000 / (plan.densityPerM3 * plan.meanFallMps);
}

/**
 * How white a covered surface looks, 0..1, from the depth of its cover: a dusting of 3 mm
 * already greys asphalt, 1 cm hides it (1 − e^(−depth / 3 mm)).
 */
export function coverFactor(depthMm: number): number {
  return depthMm <= 0 ? 0 : 1 - Math.exp(-depthMm / 3);
}

/**
 * Depth on a piece's top that came to rest at `settledS` (0 if it never moved): it starts
 * bare when it lands (what it carried is shaken off) and gains the ground's rate.
 */
export function settledDepthMm(plan: Pick<SnowPlan, 'accumulation' | 'startS' | 'stopS'>, settledS: number, t: number): number {
  if (settledS <= 0) return groundDepthMm(plan, t);
  if (t < settledS) return 0;
  const a = plan.accumulation;
  return Math.min(a.maxDepthMm, a.rateMmPerS * (activeSeconds(plan, t) - activeSeconds(plan, settledS)));
}
