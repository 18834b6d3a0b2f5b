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
import { BEAUTY_PREFIX, framePath, renderFrames } from './render-frames.js';
import { writeManifest } from './write-manifest.js';

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

  const shot = await runToSimulation(spec, outDir, hooks, await loadSceneAssets(spec, baseDir));
  const frames = framesIn(range);
  const slug = shotSlug(spec.name, options.shotPath);
  const result = await renderFrames(spec, shot, frames, framesDir, options.resume ?? false, hooks, slug);

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
  const manifestPath = await writeManifest({
    outDir,
    spec,
    shot,
    outputs: [mp4Path, movPath, contactSheetPath, ...sceneExports].filter((p): p is string => p !== null),
    framesDir,
    deviceDescription: result.deviceDescription,
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
    simulateCached: shot.simulateCached,
  };
}
