import path from 'node:path';
import type { FormatName } from '../spec/schema.js';
import { SimCacheReader } from '../simulate/sim-cache.js';
import { exportGlb } from '../export/gltf-export.js';
import { exportUsda } from '../export/usd-export.js';
import type { PipelineHooks, SimulatedShot } from './run-stages.js';

/** Writes `<slug>.glb` and/or `<slug>.usda` (the fractured building animated from the simulation, and the camera). */
export async function writeSceneExports(
  shot: SimulatedShot,
  formats: readonly FormatName[],
  outDir: string,
  slug: string,
  hooks: PipelineHooks,
): Promise<string[]> {
  const written: string[] = [];
  if (!formats.includes('gltf') && !formats.includes('usd')) return written;
  const reader = await SimCacheReader.open(shot.simPath);
  try {
    const common = { doc: shot.fractured, reader, signal: hooks.signal, onProgress: hooks.onProgress, log: hooks.log };
    if (formats.includes('gltf')) written.push((await exportGlb({ ...common, outPath: path.join(outDir, `${slug}.glb`) })).outPath);
    if (formats.includes('usd')) written.push((await exportUsda({ ...common, outPath: path.join(outDir, `${slug}.usda`) })).outPath);
  } finally {
    await reader.close();
  }
  for (const p of written) hooks.log(`export: wrote ${p}`);
  return written;
}
