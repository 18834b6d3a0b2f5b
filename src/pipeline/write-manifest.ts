import { existsSync, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { canonicalJson, sha256 } from '../core/hash.js';
import { writeFileAtomic } from '../core/fs-atomic.js';
import type { ShotSpec } from '../spec/schema.js';
import type { SceneAssets } from '../scene/import/load-assets.js';
import { contentSha256, stripPngCredentials } from '../provenance/content-hash.js';
import { meanShares } from '../provenance/provenance-matte.js';
import type { ProvenanceShares } from '../provenance/provenance-matte.js';
import type { ModelUse } from '../provenance/content-credentials.js';
import type { SimulatedShot } from './run-stages.js';

const require = createRequire(import.meta.url);
/** A package's version; packages whose `exports` hide package.json are found from their entry point. */
function versionOf(pkg: string): string {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    try {
      for (let dir = path.dirname(require.resolve(pkg)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
        const file = path.join(dir, 'package.json');
        if (!existsSync(file)) continue;
        const json = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (json.name === pkg && json.version) return json.version;
      }
    } catch {
      // not installed
    }
    return 'unknown';
  }
}

/** Versions of Aftermath and of every library that shapes pixels or the signed files. */
export function engineVersions(): Record<string, string> {
  return {
    aftermath: versionOf('../..'),
    three: versionOf('three'),
    rapier: versionOf('@dimforge/rapier3d-deterministic-compat'),
    webgpu: versionOf('webgpu'),
    ffmpeg: versionOf('@ffmpeg-installer/ffmpeg'),
    ffmpegBuild: versionOf(`@ffmpeg-installer/${process.platform}-${process.arch}`),
    fflate: versionOf('fflate'),
    // node:zlib deflates the EXR frames' ZIP blocks (another zlib build may give other bytes).
    zlib: process.versions.zlib ?? 'unknown',
    c2pa: versionOf('@contentauth/c2pa-wasm'),
  };
}

/** Who signed the outputs (deterministic: no time, no signature bytes). */
export interface SigningSummary {
  alg: string;
  subject: string;
  issuer: string;
  certificateSha256: string;
}

export interface ManifestInput {
  outDir: string;
  spec: ShotSpec;
  shot: SimulatedShot;
  framesDir: string;
  /** Whole-shot outputs (MP4, MOV, contact sheet, scene exports), absolute paths. */
  outputs: string[];
  deviceDescription: string | null;
  /** Files the shot read (imported models; plates later). */
  assets?: SceneAssets;
  /** Shares of every frame of the shot (frame number → shares). */
  frameProvenance?: Record<number, ProvenanceShares>;
  /** Models that contributed pixels (none today). */
  models?: ModelUse[];
  /** sha256 of a signed file's content before signing, by absolute path (MP4/MOV; PNGs are hashed without their C2PA chunk). */
  contentHashes?: Record<string, string>;
  /** Null for an unsigned render. */
  signing?: SigningSummary | null;
  /** Whole-shot outputs signed by this run, absolute paths (PNG frames are detected by their C2PA chunk). */
  signedOutputs?: string[];
}

/** The provenance note: what the shares mean for this render. */
function provenanceNote(s: ProvenanceShares): string {
  if (s.capture === 0 && s.synthesized === 0 && s.trained === 0) return 'every pixel is simulated and rendered by Aftermath; no plate, no trained model';
  return 'shares of the pixels from the camera plate (capture), Aftermath simulation and rendering (simulated), algorithmic fill (synthesized) and trained models (trained)';
}

/**
 * `manifest.json` beside the render: the canonical shot and its hash, the input files with
 * their sha256, stage cache keys, seeds, the versions of what shapes pixels, per-frame and
 * per-shot provenance shares, the signer, and the sha256 of every output file. Nothing in it
 * depends on the wall clock or on signature bytes (a C2PA signature embeds random salts), so
 * the same inputs give the same manifest: a signed file is listed by the hash of its rendered
 * content (a PNG without its `caBX` chunk; an MP4/MOV as encoded, before signing), and the
 * hashes of the signed files go to `render-log.json`.
 */
export async function writeManifest(m: ManifestInput): Promise<string> {
  const files: Record<string, string> = {};
  const names = (await fs.readdir(m.framesDir)).filter((n) => /\.(png|exr)$/.test(n) && !n.startsWith('.')).sort();
  const signedFiles: string[] = [];
  for (const n of names) {
    const bytes = new Uint8Array(await fs.readFile(path.join(m.framesDir, n)));
    const content = stripPngCredentials(bytes);
    if (content.length !== bytes.length) signedFiles.push(`frames/${n}`);
    files[`frames/${n}`] = sha256(content);
  }
  for (const p of [...m.outputs].sort()) {
    const rel = path.relative(m.outDir, p);
    files[rel] = m.contentHashes?.[p] ?? (await contentSha256(p));
    if (m.signedOutputs?.includes(p)) signedFiles.push(rel);
  }
  const shotJson = canonicalJson(m.spec);
  const perFrame = m.frameProvenance ?? {};
  const frameNumbers = Object.keys(perFrame).map(Number).sort((a, b) => a - b);
  const shotShares = frameNumbers.length ? meanShares(frameNumbers.map((f) => perFrame[f])) : { capture: 0, simulated: 1, synthesized: 0, trained: 0 };
  const models = Object.entries(m.assets?.models ?? {})
    .map(([rel, model]) => ({ path: rel, sha256: model.sha256, kind: 'gltf' }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const manifest = {
    schema: 'aftermath.manifest/1',
    shot: m.spec,
    shotSha256: sha256(shotJson),
    inputs: { files: models, plates: m.assets?.plate ? [{ path: m.assets.plate.spec, sha256: m.assets.plate.sha256, kind: m.assets.plate.kind }] : [] },
    seeds: { shot: m.spec.seed, derivation: 'each stage draws from xoshiro128** seeded by the shot seed, derived by stage name' },
    stageKeys: m.shot.keys,
    engine: engineVersions(),
    provenance: { ...shotShares, note: provenanceNote(shotShares), models: m.models ?? [] },
    frameProvenance: Object.fromEntries(frameNumbers.map((f) => [String(f), perFrame[f]])),
    signing: m.signing ? { ...m.signing, files: signedFiles.sort() } : null,
    pieceCount: m.shot.fractured.pieces.length,
    files,
  };
  const out = path.join(m.outDir, 'manifest.json');
  await writeFileAtomic(out, `${JSON.stringify(manifest, null, 2)}\n`);
  return out;
}
