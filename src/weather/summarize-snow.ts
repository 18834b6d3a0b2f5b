import type { PieceBounds } from '../simulate/piece-bounds.js';
import type { SnowField } from './snow-field.js';
import { activeShare } from './snow-field.js';
import { measureSnow } from './snow-measure.js';
import { coverFactor, groundDepthMm } from './accumulation.js';
import type { AtmosphereDoc } from './atmosphere.js';

/** `aftermath inspect snow`: the snow plan and, at every whole second, what the field holds. */
export async function summarizeSnow(
  field: SnowField,
  atmosphere: AtmosphereDoc,
  fps: number,
  frameCount: number,
  boundsAtFrame: (frame: number) => Promise<PieceBounds | null>,
): Promise<object> {
  const plan = field.plan;
  const durationS = (frameCount - 1) / fps;
  const perSecond = [];
  const times: number[] = [];
  for (let s = 0; s <= durationS + 1e-9; s++) times.push(s);
  if (times[times.length - 1] < durationS - 1e-9) times.push(durationS);
  for (const t of times) {
    const frame = Math.min(frameCount, Math.round(t * fps) + 1);
    const m = measureSnow(field, t, await boundsAtFrame(frame));
    const depth = groundDepthMm(plan, t);
    perSecond.push({
      timeS: round(t, 4),
      frame,
      activeShare: round(activeShare(plan, t), 4),
      flakesAlive: m.alive,
      referenceCount: m.referenceCount,
      densityPerM3: round(m.densityPerM3, 2),
      expectedDensityPerM3: round(plan.densityPerM3 * activeShare(plan, t), 2),
      meanVelocityMps: m.meanVelocityMps.map((v) => round(v, 4)),
      groundDepthMm: round(depth, 4),
      groundCover: round(coverFactor(depth), 4),
    });
  }
  return {
    schema: 'aftermath.inspect.snow/1',
    intensityPerM3: plan.densityPerM3,
    flakesSimulated: plan.flakeCount,
    exactDensityDepthM: round(plan.exactDepthM, 3),
    slabs: plan.slabs.map((s) => ({ nearM: round(s.nearM, 3), farM: round(s.farM, 3), flakes: s.count, densityPerM3: round(s.densityPerM3, 3), weight: round(s.weight, 3) })),
    reference: { centerM: plan.reference.centerM.map((v) => round(v, 3)), sizeM: round(2 * plan.reference.halfSizeM, 3) },
    expectedFallMps: round(plan.meanFallMps, 4),
    windMps: plan.windMps,
    accumulationRateMmPerS: round(plan.accumulation.rateMmPerS, 6),
    fog: { densityPerM: round(atmosphere.fogDensityPerM, 5), heightM: atmosphere.fogHeightM, visibilityM: atmosphere.fogDensityPerM > 0 ? round(3.912 / atmosphere.fogDensityPerM, 1) : null, overcast: atmosphere.overcast },
    perSecond,
  };
}

function round(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}
