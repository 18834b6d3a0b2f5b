import type { Vec3 } from '../core/units.js';
import type { LookSpec } from '../spec/schema.js';
import type { SnowPlan } from './snow-plan.js';

/**
 * The air between the camera and the scene, keyed to the shot's `look` block: exponential
 * height fog (extinction `fogDensityPerM` at the ground, falling off with `fogHeightM`) whose
 * density comes from the snow when not given (σ = 2 · flakes/m³ · mean cross-section: heavy
 * snow, 400 flakes/m³ of 5 mm, gives σ ≈ 0.018 /m, a visibility of about 220 m), an overcast sky that
 * dims and softens the sun, and the colour of the haze and of the light on the flakes.
 */
export interface AtmosphereDoc {
  schema: 'aftermath.atmosphere/1';
  overcast: number;
  fogDensityPerM: number;
  fogHeightM: number;
  /** Linear RGB radiance of the haze. */
  fogColor: Vec3;
  /** Multipliers for the sun and the sky (hemisphere) light. */
  sunScale: number;
  skyLightScale: number;
  /** Linear RGB radiance of a flake lit by the sky (luminous flakes add their glow). */
  flakeColor: Vec3;
}

export function planAtmosphere(look: LookSpec, snow: SnowPlan | null): AtmosphereDoc {
  const overcast = look.overcast;
  const fogDensityPerM = look.fogDensityPerM ?? (snow ? snow.extinctionPerM : 0);
  // Daylight falls with the sun: bright at noon, dim at dusk (elevation in degrees).
  const el = Math.max(-10, Math.min(90, look.sunElevationDeg));
  const day = 0.12 + 0.88 * Math.sqrt(Math.max(0, Math.sin(((el + 4) * Math.PI) / 180)));
  const brightness = day * (1 - 0.35 * overcast);
  const base: Vec3 = [0.64, 0.68, 0.74];
  const fogColor = (look.fogColor ? [...look.fogColor] : base.map((c) => c * brightness)) as Vec3;
  const lum = (fogColor[0] + fogColor[1] + fogColor[2]) / 3;
  const flakeColor: Vec3 = [lum * 1.25, lum * 1.28, lum * 1.32];
  return {
    schema: 'aftermath.atmosphere/1',
    overcast,
    fogDensityPerM,
    fogHeightM: look.fogHeightM,
    fogColor,
    sunScale: 1 - 0.85 * overcast,
    skyLightScale: 1 + 0.9 * overcast,
    flakeColor,
  };
}

/**
 * Transmittance of the height fog between two points (exact integral of σ0·e^(−y/H) along
 * the segment). The renderer's fog node evaluates the same formula per pixel.
 */
export function fogTransmittance(a: AtmosphereDoc, from: Vec3, to: Vec3): number {
  if (a.fogDensityPerM <= 0) return 1;
  const dx = to[0] - from[0];
  const dy = to[1] - from[1];
  const dz = to[2] - from[2];
  return fogTransmittanceRise(a, Math.exp(-from[1] / a.fogHeightM), to[1], dy, Math.hypot(dx, dy, dz));
}

/**
 * fogTransmittance of a segment `dist` long that ends at height toY after rising by dy, with
 * e^(−fromY/H) of its start given (e0: the same for every flake seen from one camera).
 */
export function fogTransmittanceRise(a: AtmosphereDoc, e0: number, toY: number, dy: number, dist: number): number {
  if (a.fogDensityPerM <= 0) return 1;
  const H = a.fogHeightM;
  const od = Math.abs(dy) > 0.01 ? (a.fogDensityPerM * dist * H * (e0 - Math.exp(-toY / H))) / dy : a.fogDensityPerM * dist * e0;
  return Math.exp(-Math.max(0, od));
}
