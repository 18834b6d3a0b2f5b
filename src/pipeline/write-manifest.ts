import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { canonicalJson, sha256 } from '../core/hash.js';
import { writeFileAtomic } from '../core/fs-atomic.js';
import type { ShotSpec } from '../spec/schema.js';
import type { SimulatedShot } from './run-stages.js';

const require = createRequire(import.meta.url);
function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface ManifestInput {
  outDir: string;
  spec: ShotSpec;
  shot: SimulatedShot;
  framesDir: string;
  /** Whole-shot outputs (MP4, MOV, contact sheet, scene exports), absolute paths. */
  outputs: string[];
  deviceDescription: string | null;
}

/**
 * `manifest.json` beside the render: the canonical shot and its hash, stage cache keys,
 * the versions of what shapes pixels, and the sha256 of every output file. Nothing in it
 * depends on the wall clock, so the same inputs give the same manifest.
 */
export async function writeManifest(m: ManifestInput): Promise<string> {
  const files: Record<string, string> = {};
  const names = (await fs.readdir(m.framesDir)).filter((n) => /\.(png|exr)$/.test(n) && !n.startsWith('.')).sort();
  for (const n of names) files[`frames/${n}`] = sha256(await fs.readFile(path.join(m.framesDir, n)));
  for (const p of [...m.outputs].sort()) files[path.relative(m.outDir, p)] = sha256(await fs.readFile(p));
  const shotJson = canonicalJson(m.spec);
  const manifest = {
    schema: 'aftermath.manifest/1',
    shot: m.spec,
    shotSha256: sha256(shotJson),
    stageKeys: m.shot.keys,
    engine: { aftermath: versionOf('../..'), three: versionOf('three'), rapier: versionOf('@dimforge/rapier3d-deterministic-compat'), webgpu: versionOf('webgpu'), ffmpeg: versionOf('@ffmpeg-installer/ffmpeg') },
    provenance: { capture: 0, simulated: 1, synthesized: 0, trained: 0, note: 'every pixel is simulated and rendered by Aftermath; no plate, no trained model' },
    pieceCount: m.shot.fractured.pieces.length,
    files,
  };
  const out = path.join(m.outDir, 'manifest.json');
  await writeFileAtomic(out, `${JSON.stringify(manifest, null, 2)}\n`);
  return out;
}
