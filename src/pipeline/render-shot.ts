import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type { ProgressEvent } from '../core/stage.js';
import type { FormatName, ShotSpec } from '../spec/schema.js';
import { validateShot } from '../spec/validate-spec.js';
import { MP4_FORMAT } from '../encode/encode-mp4.js';
import { PRORES_FORMAT } from '../encode/encode-prores.js';
import { encodeSequence } from '../encode/encode-sequence.js';
import { writeSceneExports } from './write-scene-exports.js';
import { framePatternFor, readPng, verifyPng } from '../encode/png-frames.js';
import { makeContactSheet, pickContactFrames } from '../encode/contact-sheet.js';
import { framesIn, parseFrameRange } from './frame-range.js';
import type { FrameRange } from './frame-range.js';
import { prepareOutputDir, shotSlug } from './resolve-output.js';
import { runToSimulation } from './run-stages.js';
import { loadSceneAssets } from '../scene/import/load-assets.js';
import { BEAUTY_PREFIX, ID_PREFIX, SYNTH_PREFIX, framePath, renderFrames } from './render-frames.js';
import { engineVersions, writeManifest } from './write-manifest.js';
import { writeRenderLog } from './write-render-log.js';
import { signOutputs } from './sign-outputs.js';
import type { SignTarget } from './sign-outputs.js';
import { shotFrameProvenance } from './frame-provenance.js';
import { canonicalJson, sha256 } from '../core/hash.js';
import { defaultKeysDir, loadSigner } from '../provenance/signer.js';
import type { SigningConfig } from '../provenance/signer.js';
import type { IngredientFile } from '../provenance/content-credentials.js';
import { meanShares } from '../provenance/provenance-matte.js';

/** Public options: all optional, normalised once by `normalizeRenderOptions`. */
export interface RenderShotOptions {
  /** Output folder; default: the shot's `output.dir`, relative to `baseDir`. */
  outDir?: string;
  /** Folder that relative paths in the shot are resolved against; default cwd. */
  baseDir?: string;
  /** Path of the shot file (names the MP4). */
  shotPath?: string;
  /** Frame range such as `40-60` or a {start, end} object (1-based, inclusive). */
  frames?: string | FrameRange;
  /** Override of the shot's resolution. */
  resolution?: [number, number];
  /** Half resolution. */
  preview?: boolean;
  /** Skip frames already written and verified. */
  resume?: boolean;
  /** Override of the shot's `output.formats`. */
  formats?: FormatName[];
  /**
   * Content credentials (C2PA) for the MP4, MOV, contact sheet and PNG frames. Default: the keys
   * in `defaultKeysDir()` (`$AFTERMATH_KEYS_DIR` or `~/.aftermath/keys`); when there are none
   * the render fails before any work with `sign.no_key`. `{ type: 'unsigned' }` renders without
   * credentials (logged as a warning); `manifest.json` is written either way.
   */
  sign?: SigningConfig;
  /** Files composited into the shot (plates), recorded as C2PA ingredients of every signed file. */
  ingredients?: IngredientFile[];
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  log?: (message: string) => void;
}

export interface RenderShotResult {
  outDir: string;
  spec: ShotSpec;
  framesRendered: number[];
  framesSkipped: number[];
  mp4Path: string | null;
  movPath: string | null;
  sceneExports: string[];
  contactSheetPath: string | null;
  manifestPath: string;
  /** `render-log.json`: time, machine, hashes of the signed files. */
  renderLogPath: string;
  /** Files that got content credentials in this run (absolute paths); empty when unsigned. */
  signedFiles: string[];
  simulateCached: boolean;
}

/** Applies CLI-level overrides (resolution, preview) to a validated spec. */
export function applyOverrides(spec: ShotSpec, options: Pick<RenderShotOptions, 'resolution' | 'preview' | 'formats'>): ShotSpec {
  let [w, h] = options.resolution ?? spec.resolution;
  if (options.preview) {
    w = Math.max(16, Math.round(w / 4) * 2);
    h = Math.max(16, Math.round(h / 4) * 2);
  }
  const output = options.formats ? { ...spec.output, formats: options.formats } : spec.output;
  return validateShot({ ...spec, resolution: [w, h], output });
}

/**
 * The one entry point the CLI, a server or a studio calls: validate first, then scene →
 * fracture → simulate (cached) → render + composite per frame → encode.
 */
export async function renderShot(input: unknown, options: RenderShotOptions = {}): Promise<RenderShotResult> {
  const startedAt = new Date();
  const spec = applyOverrides(validateShot(input), options);
  const signal = options.signal ?? new AbortController().signal;
  const hooks = { signal, onProgress: options.onProgress ?? (() => {}), log: options.log ?? (() => {}) };
  const range: FrameRange =
    typeof options.frames === 'string'
      ? parseFrameRange(options.frames, spec.frames.count)
      : options.frames ?? { start: 1, end: spec.frames.count };
  if (range.start < 1 || range.end > spec.frames.count || range.start > range.end) {
    throw new InputError('frame range outside the shot', 'cli.bad_frames', [
      { code: 'cli.bad_frames', path: 'frames', allowed: `1..${spec.frames.count}`, received: range },
    ]);
  }
  const baseDir = options.baseDir ?? process.cwd();
  const outDir = await prepareOutputDir(options.outDir ?? path.resolve(baseDir, spec.output.dir));
  const framesDir = path.join(outDir, 'frames');
  await fs.mkdir(framesDir, { recursive: true });
  // The key is loaded and checked before any work, so a missing or bad key fails fast.
  const signer = await loadSigner(options.sign ?? { type: 'keys-dir', dir: defaultKeysDir() });
  const warnings: string[] = [];
  if (!signer) {
    warnings.push('unsigned render: the outputs carry no content credentials (C2PA); manifest.json still records every hash');
    hooks.log(`warning: ${warnings[0]}`);
  }

  const assets = await loadSceneAssets(spec, baseDir);
  const shot = await runToSimulation(spec, outDir, hooks, assets);
  const frames = framesIn(range);
  const slug = shotSlug(spec.name, options.shotPath);
  // A plate shot renders the id pass too: it gives the per-pixel CG coverage for the provenance shares.
  const renderSpec = spec.plate && !spec.output.passes.includes('id') ? { ...spec, output: { ...spec.output, passes: [...spec.output.passes, 'id' as const] } } : spec;
  const result = await renderFrames(renderSpec, shot, frames, framesDir, options.resume ?? false, hooks, slug);

  // Whole-shot outputs need every frame on disk.
  const [w, h] = spec.resolution;
  const all = framesIn({ start: 1, end: spec.frames.count });
  let complete = true;
  for (const f of all) {
    if (!(await verifyPng(framePath(framesDir, BEAUTY_PREFIX, f), w, h))) {
      complete = false;
      break;
    }
  }
  let mp4Path: string | null = null;
  let movPath: string | null = null;
  let contactSheetPath: string | null = null;
  if (!complete) {
    hooks.log('encode: not every frame of the shot is rendered yet; MP4 and contact sheet wait for the full range');
  } else {
    const movie = { framePattern: path.join(framesDir, framePatternFor(BEAUTY_PREFIX)), startNumber: 1, frameCount: spec.frames.count, fps: spec.frames.fps, signal, onProgress: hooks.onProgress, log: hooks.log };
    if (spec.output.formats.includes('mp4')) mp4Path = (await encodeSequence({ ...movie, outPath: path.join(outDir, `${slug}.mp4`) }, MP4_FORMAT)).outPath;
    if (spec.output.formats.includes('prores')) movPath = (await encodeSequence({ ...movie, outPath: path.join(outDir, `${slug}.mov`) }, PRORES_FORMAT)).outPath;
    if (spec.output.contactSheet) {
      const picks = pickContactFrames(all, 10);
      const thumbs = [];
      for (const f of picks) {
        const png = await readPng(framePath(framesDir, BEAUTY_PREFIX, f));
        const rgb = png.depth === 16 ? Uint8Array.from(png.data as Uint16Array, (v) => v >> 8) : (png.data as Uint8Array);
        thumbs.push({ frame: f, rgb, width: png.width, height: png.height });
      }
      contactSheetPath = path.join(outDir, 'contact-sheet.png');
      await makeContactSheet({ frames: thumbs, columns: Math.min(5, thumbs.length), thumbWidth: Math.min(384, w), outPath: contactSheetPath });
    }
  }
  const sceneExports = await writeSceneExports(shot, spec.output.formats, outDir, slug, hooks);
  if (complete && !spec.output.formats.includes('png')) {
    // PNG frames were only the intermediate for the movies: remove them once those exist.
    for (const n of await fs.readdir(framesDir)) if (n.endsWith('.png')) await fs.rm(path.join(framesDir, n), { force: true });
  }

  // Content credentials, in place, once every file they cover exists.
  const { frames: frameProvenance, estimated } = await shotFrameProvenance(spec, (f) => framePath(framesDir, ID_PREFIX, f), (f) => framePath(framesDir, SYNTH_PREFIX, f));
  if (estimated.length) {
    warnings.push(`provenance: ${estimated.length} frame(s) of this plate shot have no id pass on disk; their CG coverage is taken as 1 (simulated is an upper bound)`);
    hooks.log(`warning: ${warnings[warnings.length - 1]}`);
  }
  // Plates are ingredients of every signed file (formats C2PA can carry; a sequence is not a file).
  const ingredients = [...(options.ingredients ?? [])];
  if (assets.plate && assets.plate.kind !== 'sequence' && /\.(jpe?g|png|mp4|m4v|mov)$/i.test(assets.plate.path)) {
    ingredients.push({ path: assets.plate.path, relationship: 'componentOf', title: path.basename(assets.plate.path) });
  }
  const shotShares = meanShares(Object.values(frameProvenance));
  const shotSha256 = sha256(canonicalJson(spec));
  const targets: SignTarget[] = [];
  if (signer) {
    for (const p of [mp4Path, movPath, contactSheetPath]) if (p) targets.push({ path: p, shares: shotShares });
    if (spec.output.formats.includes('png')) {
      for (const f of result.rendered) targets.push({ path: framePath(framesDir, BEAUTY_PREFIX, f), frame: f, shares: frameProvenance[f] });
    }
  }
  const signed = signer
    ? await signOutputs({ signer, targets, seed: spec.seed, shotSha256, softwareVersion: engineVersions().aftermath, models: [], ingredients, ...hooks })
    : [];
  const wholeShot = [mp4Path, movPath, contactSheetPath].filter((p): p is string => p !== null);
  const manifestPath = await writeManifest({
    outDir,
    spec,
    shot,
    outputs: [...wholeShot, ...sceneExports],
    framesDir,
    deviceDescription: result.deviceDescription,
    assets,
    frameProvenance,
    models: [],
    contentHashes: Object.fromEntries(signed.map((r) => [r.path, r.unsignedSha256])),
    signing: signer ? { alg: signer.alg, subject: signer.chain.subject, issuer: signer.chain.issuer, certificateSha256: signer.chain.leafSha256 } : null,
    signedOutputs: signed.map((r) => r.path).filter((p) => wholeShot.includes(p)),
  });
  const renderLogPath = await writeRenderLog(outDir, {
    startedAt,
    finishedAt: new Date(),
    deviceDescription: result.deviceDescription,
    framesRendered: result.rendered,
    framesSkipped: result.skipped,
    signed: !!signer,
    signedFiles: Object.fromEntries(signed.map((r) => [path.relative(outDir, r.path), r.signedSha256])),
    warnings,
  });
  return {
    outDir,
    spec,
    framesRendered: result.rendered,
    framesSkipped: result.skipped,
    mp4Path,
    movPath,
    sceneExports,
    contactSheetPath,
    manifestPath,
    renderLogPath,
    signedFiles: signed.map((r) => r.path),
    simulateCached: shot.simulateCached,
  };
}
