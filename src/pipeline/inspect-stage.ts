import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { ShotSpec } from '../spec/schema.js';
import { summarizeScene } from '../scene/summarize-scene.js';
import { summarizeFracture } from '../fracture/summarize-fracture.js';
import { summarizeSimulation } from '../simulate/summarize-simulation.js';
import { SimCacheReader } from '../simulate/sim-cache.js';
import { prepareOutputDir } from './resolve-output.js';
import { loadSceneAssets } from '../scene/import/load-assets.js';
import { runFracture, runScene, runToSimulation } from './run-stages.js';
import type { PipelineHooks } from './run-stages.js';
import { runWeather } from './run-weather.js';
import { summarizeSnow } from '../weather/summarize-snow.js';
import { pieceBounds } from '../simulate/piece-bounds.js';
import { DustCacheReader } from '../dust/dust-cache.js';
import { summarizeDust } from '../dust/summarize-dust.js';

export const INSPECTABLE = ['spec', 'scene', 'fracture', 'simulate', 'dust', 'snow'] as const;
export type InspectableStage = (typeof INSPECTABLE)[number];

export function checkStageName(name: string): InspectableStage {
  if (name === 'sim') return 'simulate';
  if ((INSPECTABLE as readonly string[]).includes(name)) return name as InspectableStage;
  throw new InputError(`unknown stage "${name}"`, 'cli.unknown_stage', [
    { code: 'cli.unknown_stage', path: 'stage', allowed: `one of ${INSPECTABLE.join(', ')}`, received: name },
  ]);
}

/**
 * Runs the pipeline up to `stage` (using the cache under `outDir`) and returns that
 * stage's documented summary (docs/INSPECT.md).
 */
export async function inspectStage(stage: InspectableStage, spec: ShotSpec, outDir: string, hooks: PipelineHooks, baseDir = process.cwd()): Promise<object> {
  const assets = await loadSceneAssets(spec, baseDir);
  if (stage === 'spec') return { schema: 'aftermath.inspect.spec/1', shot: spec };
  if (stage === 'scene') return summarizeScene(runScene(spec, assets).scene);
  if (stage === 'fracture') {
    const { scene } = runScene(spec, assets);
    return summarizeFracture(runFracture(spec, scene, hooks).fractured);
  }
  const dir = await prepareOutputDir(outDir);
  const shot = await runToSimulation(spec, dir, hooks, assets);
  const reader = await SimCacheReader.open(shot.simPath);
  try {
    if (stage === 'dust') {
      if (!shot.dust) {
        throw new InputError('this shot has no dust element (or no building that collapses or is hit)', 'cli.no_dust', [{ code: 'cli.no_dust', path: 'elements', allowed: 'a dust element and a collapse or impact', received: 'none' }]);
      }
      const dust = await DustCacheReader.open(shot.dust.path);
      try {
        return { ...summarizeDust(dust.header), cache: path.relative(dir, shot.dust.path), cached: shot.dust.cached };
      } finally {
        await dust.close();
      }
    }
    if (stage === 'snow') {
      const weather = runWeather(spec, shot.fractured);
      if (!weather.field) {
        throw new InputError('this shot has no snow element', 'cli.no_snow', [{ code: 'cli.no_snow', path: 'elements', allowed: 'a snow element', received: 'none' }]);
      }
      const bounds = async (frame: number) => (weather.local.length ? pieceBounds(weather.local, await reader.readFrame(frame - 1)) : null);
      return await summarizeSnow(weather.field, weather.atmosphere, spec.frames.fps, spec.frames.count, bounds);
    }
    return { ...(await summarizeSimulation(shot.fractured, reader)), cache: path.relative(dir, shot.simPath), cached: shot.simulateCached };
  } finally {
    await reader.close();
  }
}
