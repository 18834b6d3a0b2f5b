import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../core/errors.js';
import { sha256 } from '../../core/hash.js';
import type { BuildingSpec, ShotSpec } from '../../spec/schema.js';
import { readGlb } from './glb-reader.js';
import { resolvePlate } from '../../plate/plate-source.js';
import type { PlateSource } from '../../plate/plate-source.js';
import type { ImportedMesh } from './glb-reader.js';

export interface ImportedModel {
  /** Absolute path read. */
  path: string;
  sha256: string;
  meshes: ImportedMesh[];
}

/** Files the scene stage reads, keyed by the path as written in the shot. */
export interface SceneAssets {
  models: Record<string, ImportedModel>;
  /** The shot's plate, checked and hashed (null without one). */
  plate: PlateSource | null;
}

export const NO_ASSETS: SceneAssets = { models: {}, plate: null };

/** Reads every glTF a building names (`source.gltf`), relative to `baseDir` (the shot's folder). */
export async function loadSceneAssets(spec: ShotSpec, baseDir: string): Promise<SceneAssets> {
  const models: Record<string, ImportedModel> = {};
  const buildings = spec.elements.filter((e): e is { building: BuildingSpec } => 'building' in e);
  for (const { building } of buildings) {
    const rel = building.source?.gltf;
    if (!rel || models[rel]) continue;
    const field = `elements[${spec.elements.findIndex((e) => 'building' in e && e.building === building)}].building.source.gltf`;
    const abs = path.resolve(baseDir, rel);
    const fail = (code: string, message: string, allowed: string): never => {
      throw new InputError(message, code, [{ code, path: field, allowed, received: rel }]);
    };
    if (!/\.glb$/i.test(abs)) fail('import.not_glb', `${rel}: only binary glTF (.glb) can be imported`, 'a path ending in .glb');
    let stat;
    try {
      stat = await fs.stat(abs);
    } catch {
      return fail('import.file_missing', `${rel}: no such file (looked at ${abs})`, 'an existing .glb file');
    }
    if (!stat.isFile()) fail('import.not_a_file', `${rel} is not a file`, 'an existing .glb file');
    if (stat.size > 256 * 1024 * 1024) fail('import.too_large', `${rel} is larger than 256 MiB`, 'at most 256 MiB');
    const bytes = new Uint8Array(await fs.readFile(abs));
    try {
      models[rel] = { path: abs, sha256: sha256(bytes), meshes: readGlb(bytes) };
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`${rel}: ${err.message}`, err.code, err.details.map((d) => ({ ...d, path: field })));
      throw err;
    }
  }
  const plate = spec.plate ? await resolvePlate(spec.plate, baseDir) : null;
  return { models, plate };
}
