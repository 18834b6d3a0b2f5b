import path from 'node:path';
import { createRng } from '../core/rng.js';
import { hashKey } from '../core/hash.js';
import type { DustSpec, ShotSpec } from '../spec/schema.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { SimCacheReader } from '../simulate/sim-cache.js';
import { DUST_STAGE_VERSION, planDust } from '../dust/dust-plan.js';
import { simulateDust } from '../dust/simulate-dust.js';
import { DustCacheReader, writeDustCache } from '../dust/dust-cache.js';
import { StageCache } from './stage-cache.js';
import type { PipelineHooks } from './run-stages.js';

export interface DustShot {
  /** The dust cache file (`aftermath.dustcache/1`). */
  path: string;
  key: string;
  cached: boolean;
}

/** The shot's first dust element, or null. */
export function dustElementOf(spec: ShotSpec): DustSpec | null {
  return spec.elements.find((e): e is { dust: DustSpec } => 'dust' in e)?.dust ?? null;
}

/**
 * The dust stage, after the simulation: plans the grid from the dust element and the scene,
 * then simulates the cloud and the debris from the simulation cache's frames and events,
 * reusing a cached run whose key matches (the simulation's key, the dust element, the seed).
 * Null when the shot has no dust element or no building that can shed dust.
 */
export async function runDust(spec: ShotSpec, fractured: FracturedDoc, simPath: string, simKey: string, outDir: string, hooks: PipelineHooks): Promise<DustShot | null> {
  const dust = dustElementOf(spec);
  if (!dust) return null;
  const plan = planDust(dust, fractured.scene);
  if (!plan) {
    hooks.log('dust: no collapsing or hit building to raise dust; the dust element is ignored');
    return null;
  }
  const key = hashKey('dust', DUST_STAGE_VERSION, spec.seed, simKey, dust);
  const cache = new StageCache(path.join(outDir, '.cache'));
  const file = cache.pathFor('dust', key, 'afdust');
  if (await cache.has(file)) {
    try {
      const r = await DustCacheReader.open(file);
      const ok = r.header.frameCount === fractured.scene.frameCount;
      await r.close();
      if (ok) {
        hooks.log(`dust: cache hit ${path.basename(file)}`);
        return { path: file, key, cached: true };
      }
    } catch {
      // Rewritten below.
    }
  }
  const sim = await SimCacheReader.open(simPath);
  try {
    const result = await simulateDust(fractured, sim, plan, { rng: createRng(spec.seed).derive('dust'), ...hooks });
    await writeDustCache(file, result.header, result.blocks);
  } finally {
    await sim.close();
  }
  await cache.prune('dust', key);
  return { path: file, key, cached: false };
}
