import { createRng } from '../core/rng.js';
import { hashKey } from '../core/hash.js';
import type { ShotSpec, SnowSpec } from '../spec/schema.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { planSnow, WEATHER_STAGE_VERSION } from '../weather/snow-plan.js';
import type { SnowPlan } from '../weather/snow-plan.js';
import { createSnowField } from '../weather/snow-field.js';
import type { SnowField } from '../weather/snow-field.js';
import { localBounds, pieceBounds } from '../simulate/piece-bounds.js';
import { sampleSnowFrame } from '../weather/snow-frame.js';
import type { SnowFrame } from '../weather/snow-frame.js';
import { planAtmosphere } from '../weather/atmosphere.js';
import type { AtmosphereDoc } from '../weather/atmosphere.js';

/** The weather of a shot: the snow (if any) and the atmosphere, both as data. */
export interface WeatherShot {
  plan: SnowPlan | null;
  field: SnowField | null;
  atmosphere: AtmosphereDoc;
  /** Pieces' bounds in their own frames (posed per frame for the flakes' landing test). */
  local: Float32Array;
  key: string;
}

/**
 * The weather stage: after the simulation, before the render. The flakes are an exact
 * function of time (no per-frame cache is needed: any frame is computed directly), seeded by
 * `createRng(seed).derive('snow')`. Only the first snow element is used.
 */
export function runWeather(spec: ShotSpec, fractured: FracturedDoc): WeatherShot {
  const snow = spec.elements.find((e): e is { snow: SnowSpec } => 'snow' in e)?.snow ?? null;
  const plan = snow ? planSnow(snow, fractured.scene, createRng(spec.seed).derive('snow')) : null;
  return {
    plan,
    field: plan ? createSnowField(plan) : null,
    atmosphere: planAtmosphere(spec.look, plan),
    local: localBounds(fractured),
    key: hashKey('weather', WEATHER_STAGE_VERSION, spec.seed, snow, spec.look, spec.camera, spec.resolution),
  };
}

/** The flakes of one frame (null without snow). `poses`: the simulation frame. */
export function snowFrameAt(w: WeatherShot, timeS: number, shutterS: number, poses: Float32Array): SnowFrame | null {
  if (!w.field) return null;
  return sampleSnowFrame(w.field, timeS, shutterS, w.local.length ? pieceBounds(w.local, poses) : null);
}
