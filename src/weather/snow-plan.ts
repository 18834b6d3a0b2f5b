import type { Rng } from '../core/rng.js';
import type { Vec3 } from '../core/units.js';
import type { SceneCamera, SceneDoc } from '../scene/scene-doc.js';
import type { SnowSpec } from '../spec/schema.js';
import { createCurlModes } from './curl-noise.js';
import type { CurlMode } from './curl-noise.js';
import { createGusts } from './gusts.js';
import type { GustComponent } from './gusts.js';
import { terminalVelocityMps } from './terminal-velocity.js';

export const WEATHER_STAGE_VERSION = 1;

/** Flakes per cubic metre of the named intensities. */
export const SNOW_INTENSITY_PER_M3 = { light: 30, moderate: 120, heavy: 400 } as const;
/** Accumulation rates on flat ground when none is given, mm per hour (realistic snowfall). */
export const DEFAULT_ACCUMULATION_MM_PER_HOUR = { light: 10, moderate: 30, heavy: 80 } as const;
/** The snow fades in (and out) over this long: a seeded share of flakes per instant. */
export const SNOW_FADE_S = 1;
/** Side margin of the flake domain beyond the frustum (streaks, turbulence, bokeh). */
const FRUSTUM_MARGIN = 1.15;
/** Share of the flake budget at exact density; the rest fills three far slabs. */
const HONEST_SHARE = 0.5;
const FAR_SLABS = 3;
/** Extinction efficiency of large particles (geometric optics): σ = Q · n · πD²/4. */
const EXTINCTION_EFFICIENCY = 2;

/**
 * One slab of the flake domain: a box aligned with the camera, covering view depths
 * [nearM, farM] and the frustum at farM (plus a margin). Flakes wrap around inside it
 * (periodic), which keeps their density uniform exactly. Near slabs hold the exact density;
 * far slabs hold fewer flakes, each standing for `weight` flakes (their drawn coverage).
 */
export interface SnowSlab {
  nearM: number;
  farM: number;
  halfWidthM: number;
  halfHeightM: number;
  densityPerM3: number;
  weight: number;
  count: number;
  /** Index of its first flake. */
  first: number;
}

export interface CameraFrame {
  positionM: Vec3;
  /** Right, up and forward unit vectors (world). */
  r: Vec3;
  u: Vec3;
  f: Vec3;
  tanX: number;
  tanY: number;
}

/** Output of the weather stage: everything that defines the snow, as data (no flakes). */
export interface SnowPlan {
  schema: 'aftermath.snowplan/1';
  /** Seed of the flakes' own generator (from the stage's Rng). */
  fieldSeed: number;
  densityPerM3: number;
  diameterMeanMm: number;
  diameterSpread: number;
  clumps: number;
  windMps: Vec3;
  /** Unit horizontal direction of gusts (the wind's, or +X in still air). */
  gustDir: Vec3;
  gusts: GustComponent[];
  turbulenceMps: number;
  curl: CurlMode[];
  /** Flutter of each flake around its path: amplitude (m) and frequency (Hz). */
  flutter: { amplitudeM: number; freqHz: number };
  luminous: boolean;
  glow: number;
  startS: number;
  stopS: number | null;
  camera: CameraFrame;
  groundY: number;
  slabs: SnowSlab[];
  flakeCount: number;
  /** Depth up to which the density is exact, metres. */
  exactDepthM: number;
  /** The reference volume for measuring density (inside the exact region). */
  reference: { centerM: Vec3; halfSizeM: number };
  /** Expected mean fall speed over the size distribution, m/s. */
  meanFallMps: number;
  /** Mean cross-section per flake, m² (drives the haze). */
  meanCrossSectionM2: number;
  /** Extinction coefficient of the falling snow, per metre. */
  extinctionPerM: number;
  accumulation: { rateMmPerS: number; initialDepthMm: number; maxDepthMm: number };
}

function norm(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

export function cameraFrame(cam: SceneCamera): CameraFrame {
  const f = norm([cam.lookAtM[0] - cam.positionM[0], cam.lookAtM[1] - cam.positionM[1], cam.lookAtM[2] - cam.positionM[2]]);
  let r: Vec3 = [f[1] * 0 - f[2] * 1, f[2] * 0 - f[0] * 0, f[0] * 1 - f[1] * 0];
  if (Math.hypot(...r) < 1e-6) r = [1, 0, 0];
  r = norm(r);
  const u: Vec3 = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]];
  const tanY = Math.tan(((cam.verticalFovDeg / 2) * Math.PI) / 180);
  return { positionM: [...cam.positionM], r, u, f, tanX: tanY * cam.aspect, tanY };
}

/** Mean of D^p over the log-normal size distribution (with clumps 2.5x larger). */
function sizeMoment(meanMm: number, sigma: number, clumps: number, p: number): number {
  // A log-normal with mean `meanMm`: mu = ln(mean) − σ²/2; E[D^p] = exp(p·mu + p²σ²/2).
  const mu = Math.log(meanMm) - (sigma * sigma) / 2;
  const m = Math.exp(p * mu + (p * p * sigma * sigma) / 2);
  return m * (1 - clumps + clumps * 2.5 ** p);
}

export function snowDensityPerM3(intensity: SnowSpec['intensity']): number {
  return typeof intensity === 'number' ? intensity : SNOW_INTENSITY_PER_M3[intensity];
}

/**
 * ShotSpec snow element + scene → SnowPlan. The domain follows the camera's frustum: slabs
 * with depth doubling outwards; the near ones (up to `exactDepthM`, chosen so they hold half
 * the flake budget) at the exact density, three far slabs sharing the other half.
 */
export function planSnow(snow: SnowSpec, scene: SceneDoc, rng: Rng): SnowPlan {
  const density = snowDensityPerM3(snow.intensity);
  const camera = cameraFrame(scene.camera);
  const sx = camera.tanX * FRUSTUM_MARGIN;
  const sy = camera.tanY * FRUSTUM_MARGIN;
  // Near slabs [D/2^(j+1), D/2^j] for j = 0..5 and [near, D/64]: volume 4·sx·sy·Σ b²(b−a).
  const edgesRel = [0, 1 / 64, 1 / 32, 1 / 16, 1 / 8, 1 / 4, 1 / 2, 1];
  let relVolume = 0;
  for (let j = 1; j < edgesRel.length; j++) relVolume += 4 * sx * sy * edgesRel[j] ** 2 * (edgesRel[j] - edgesRel[j - 1]);
  const budget = snow.maxFlakes;
  const exactDepthM = Math.min(2000, Math.cbrt((budget * HONEST_SHARE) / (density * relVolume)));
  const slabs: SnowSlab[] = [];
  let first = 0;
  const add = (nearM: number, farM: number, wanted: number | null): void => {
    if (farM <= nearM * 1.01) return;
    const hw = sx * farM;
    const hh = sy * farM;
    const vol = 4 * hw * hh * (farM - nearM);
    const exact = Math.round(density * vol);
    const count = wanted === null ? exact : Math.max(1, Math.min(exact, Math.round(wanted)));
    if (count === 0) return;
    const d = count / vol;
    slabs.push({ nearM, farM, halfWidthM: hw, halfHeightM: hh, densityPerM3: d, weight: density / d, count, first });
    first += count;
  };
  const near = Math.max(0.05, scene.camera.nearM);
  for (let j = 1; j < edgesRel.length; j++) add(Math.max(near, edgesRel[j - 1] * exactDepthM), edgesRel[j] * exactDepthM, null);
  for (let k = 0; k < FAR_SLABS; k++) add(exactDepthM * 2 ** k, exactDepthM * 2 ** (k + 1), (budget * (1 - HONEST_SHARE)) / FAR_SLABS);

  const diameterMeanMm = snow.flakeDiameterMm.mean;
  const sigma = snow.flakeDiameterMm.spread;
  // E[v] = 0.8·E[D^0.16]; E[area] = π/4·E[D²].
  const meanFallMps = terminalVelocityMps(1) * sizeMoment(diameterMeanMm, sigma, snow.clumps, 0.16);
  const meanCrossSectionM2 = (Math.PI / 4) * sizeMoment(diameterMeanMm, sigma, snow.clumps, 2) * 1e-6;
  const wind = [...snow.wind] as Vec3;
  const gustDir: Vec3 = Math.hypot(wind[0], wind[2]) > 1e-6 ? norm([wind[0], 0, wind[2]]) : [1, 0, 0];
  const named = typeof snow.intensity === 'string' ? snow.intensity : density >= 250 ? 'heavy' : density >= 60 ? 'moderate' : 'light';
  const acc = snow.accumulation;
  const rateMmPerS = acc.rateMmPerS ?? (acc.rateMmPerHour ?? DEFAULT_ACCUMULATION_MM_PER_HOUR[named]) / 3600;

  // Reference volume: a cube on the view axis at 0.6 of the exact depth, inside the slabs.
  const zRef = 0.6 * exactDepthM;
  const tmin = Math.min(sx, sy);
  const half = Math.min(0.125 * exactDepthM, (0.95 * tmin * zRef) / (1 + 0.95 * tmin), 1);
  const c = camera.positionM;
  const centerM: Vec3 = [c[0] + camera.f[0] * zRef, c[1] + camera.f[1] * zRef, c[2] + camera.f[2] * zRef];

  return {
    schema: 'aftermath.snowplan/1',
    fieldSeed: rng.nextU32(),
    densityPerM3: density,
    diameterMeanMm,
    diameterSpread: sigma,
    clumps: snow.clumps,
    windMps: wind,
    gustDir,
    gusts: createGusts(rng.derive('gusts'), snow.gustMps),
    turbulenceMps: snow.turbulenceMps,
    curl: createCurlModes(rng.derive('curl'), snow.turbulenceMps),
    flutter: { amplitudeM: 0.04, freqHz: 0.7 },
    luminous: snow.luminous,
    glow: snow.luminous ? snow.glow : 0,
    startS: snow.startS,
    stopS: snow.stopS ?? null,
    camera,
    groundY: scene.ground.topY,
    slabs,
    flakeCount: first,
    exactDepthM,
    reference: { centerM, halfSizeM: half },
    meanFallMps,
    meanCrossSectionM2,
    extinctionPerM: EXTINCTION_EFFICIENCY * density * meanCrossSectionM2,
    accumulation: { rateMmPerS, initialDepthMm: acc.initialDepthMm, maxDepthMm: acc.maxDepthMm },
  };
}

/**
 * Share of the snowfall active at time t, 0..1: with startS 0 it is already falling at the
 * first frame; a later start ramps it up over SNOW_FADE_S, and stopS ramps it down.
 */
export function activeShare(plan: Pick<SnowPlan, 'startS' | 'stopS'>, t: number): number {
  const on = plan.startS <= 0 ? 1 : Math.min(1, Math.max(0, (t - plan.startS) / SNOW_FADE_S));
  const off = plan.stopS === null ? 1 : 1 - Math.min(1, Math.max(0, (t - plan.stopS) / SNOW_FADE_S));
  return Math.min(on, off);
}

/** Integral of activeShare from 0 to t, seconds of full snowfall. */
export function activeSeconds(plan: Pick<SnowPlan, 'startS' | 'stopS'>, t: number): number {
  const ramp = (x: number): number => (x <= 0 ? 0 : x >= SNOW_FADE_S ? x - SNOW_FADE_S / 2 : (x * x) / (2 * SNOW_FADE_S));
  const onS = plan.startS <= 0 ? Math.max(0, t) : ramp(t - plan.startS);
  const offS = plan.stopS === null ? 0 : ramp(t - plan.stopS);
  return Math.max(0, onS - offS);
}
