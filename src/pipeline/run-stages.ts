import path from 'node:path';
import { createRng } from '../core/rng.js';
import { hashKey } from '../core/hash.js';
import type { StageContext } from '../core/stage.js';
import type { ShotSpec } from '../spec/schema.js';
import { buildScene, SCENE_STAGE_VERSION } from '../scene/build-scene.js';
import type { SceneDoc } from '../scene/scene-doc.js';
import { loadSceneAssets, NO_ASSETS } from '../scene/import/load-assets.js';
import type { SceneAssets } from '../scene/import/load-assets.js';
import type { PlateSource } from '../plate/plate-source.js';
import { fractureScene, FRACTURE_STAGE_VERSION } from '../fracture/fracture-scene.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { simulate, SIMULATE_STAGE_VERSION } from '../simulate/simulate.js';
import { SimCacheReader, writeSimCache } from '../simulate/sim-cache.js';
import { StageCache } from './stage-cache.js';
import { runDust } from './run-dust.js';
import type { DustShot } from './run-dust.js';

export interface PipelineHooks {
  signal: AbortSignal;
  onProgress: StageContext['onProgress'];
  log: StageContext['log'];
}

export interface SimulatedShot {
  scene: SceneDoc;
  fractured: FracturedDoc;
  simPath: string;
  keys: { scene: string; fracture: string; simulate: string; dust?: string };
  simulateCached: boolean;
  /** The dust cloud and debris (shots with a dust element), or null. */
  dust: DustShot | null;
  /** The plate (read per frame by the render stage), or null. */
  plate: PlateSource | null;
}

/** The stage order lives here and only here. */
export const STAGES = ['spec', 'scene', 'fracture', 'simulate', 'dust', 'render'] as const;
export type StageName = (typeof STAGES)[number];

export function runScene(spec: ShotSpec, assets: SceneAssets = NO_ASSETS): { scene: SceneDoc; key: string } {
  const rng = createRng(spec.seed).derive('scene');
  const scene = buildScene(spec, { rng }, assets);
  const files = [...Object.values(assets.models).map((m) => m.sha256), assets.plate?.sha256 ?? ''].sort();
  return { scene, key: hashKey('scene', SCENE_STAGE_VERSION, spec.seed, spec.elements, files, spec.camera, spec.look, spec.resolution, spec.frames, spec.simulation) };
}

export function runFracture(spec: ShotSpec, scene: SceneDoc, hooks: PipelineHooks): { fractured: FracturedDoc; key: string } {
  const rng = createRng(spec.seed).derive('fracture');
  const fractured = fractureScene(scene, { rng, signal: hooks.signal, onProgress: hooks.onProgress });
  // Fracture depends only on the buildings, not on the camera or the look.
  const key = hashKey('fracture', FRACTURE_STAGE_VERSION, spec.seed, scene.buildings);
  return { fractured, key };
}

/**
 * Runs scene → fracture → simulate → dust, reusing a cached simulation whose key matches. The
 * simulation key covers only what shapes the physics (pieces, collapses, time base,
 * seed), so a change of camera, look or output re-renders without re-simulating.
 */
export async function runToSimulation(spec: ShotSpec, outDir: string, hooks: PipelineHooks, assets?: SceneAssets): Promise<SimulatedShot> {
  const loaded = assets ?? (await loadSceneAssets(spec, process.cwd()));
  const { scene, key: sceneKey } = runScene(spec, loaded);
  for (const b of scene.buildings) if (b.source.type === 'gltf') for (const w of b.source.warnings) hooks.log(`scene: ${b.id}: ${w}`);
  const { fractured, key: fractureKey } = runFracture(spec, scene, hooks);
  const simKey = hashKey(
    'simulate',
    SIMULATE_STAGE_VERSION,
    spec.seed,
    fractureKey,
    scene.collapses,
    scene.ground,
    scene.dtS,
    scene.fps,
    scene.frameCount,
  );
  const cache = new StageCache(path.join(outDir, '.cache'));
  const simPath = cache.pathFor('simulate', simKey, 'afsim');
  let cached = false;
  if (await cache.has(simPath)) {
    try {
      const reader = await SimCacheReader.open(simPath);
      cached = reader.header.pieceCount === fractured.pieces.length && reader.header.frameCount === scene.frameCount;
      await reader.close();
    } catch {
      cached = false;
    }
  }
  if (cached) {
    hooks.log(`simulate: cache hit ${path.basename(simPath)}`);
  } else {
    const rng = createRng(spec.seed).derive('simulate');
    const result = await simulate(fractured, { rng, ...hooks });
    await writeSimCache(simPath, result.header, result.frames);
    await cache.prune('simulate', simKey);
  }
  const dust = await runDust(spec, fractured, simPath, simKey, outDir, hooks);
  const keys = { scene: sceneKey, fracture: fractureKey, simulate: simKey, ...(dust ? { dust: dust.key } : {}) };
  return { scene, fractured, simPath, keys, simulateCached: cached, dust, plate: loaded.plate };
}
