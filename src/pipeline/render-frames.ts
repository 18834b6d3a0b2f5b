import path from 'node:path';
import { throwIfAborted } from '../core/abort.js';
import type { PassName, ShotSpec } from '../spec/schema.js';
import { applyDepthOfField } from '../composite/depth-of-field.js';
import { compositeOverPlate } from '../composite/over-plate.js';
import { PlateFrames } from './plate-frames.js';
import { compOverPlate } from './plate-comp.js';
import { addGrain, shakeOffsetPx, shiftImage } from '../composite/plate-match.js';
import { createRng } from '../core/rng.js';
import { restPoses } from '../simulate/rest-poses.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { LensParams } from '../composite/depth-of-field.js';
import { SimCacheReader } from '../simulate/sim-cache.js';
import { DustCacheReader } from '../dust/dust-cache.js';
import { runWeather, snowFrameAt } from './run-weather.js';
import { layerOver } from '../composite/layer-over.js';
import type { RenderBackend } from '../render/render-backend.js';
import { WebGpuBackend } from '../render/webgpu-backend.js';
import { compositeFrame } from '../composite/composite-frame.js';
import { frameFileName, verifyPng, writePng16, writePng8 } from '../encode/png-frames.js';
import { exrPassesOf } from '../encode/exr-frame-job.js';
import { ExrFrameWriter } from '../encode/exr-frame-writer.js';
import { writeFileAtomic } from '../core/fs-atomic.js';
import { advancePoses, shutterOffsets } from '../render/subframe.js';
import { readExrFile } from '../exr/exr-reader.js';
import type { ExrWriteCompression } from '../exr/exr-types.js';
import type { PipelineHooks, SimulatedShot } from './run-stages.js';

export interface RenderFramesResult {
  rendered: number[];
  skipped: number[];
  deviceDescription: string | null;
}

export const BEAUTY_PREFIX = 'beauty';
export const ID_PREFIX = 'id';
/** `frames/synthesized.####.png`: where the shown plate was filled in, not captured (0..255). */
export const SYNTH_PREFIX = 'synthesized';

export function framePath(framesDir: string, prefix: string, frame: number): string {
  return path.join(framesDir, frameFileName(prefix, frame));
}

/**
 * Deflate of the EXR frames: node:zlib, about 4x faster than the portable fflate. Same bytes
 * for the same frame on the same machine and Node version; another zlib build may give
 * other (equally valid) bytes for the same pixels.
 */
export const EXR_DEFLATE = 'native';
/** zlib level of ZIP/ZIPS frames: 1 deflates in about half the time of 4 (OpenEXR's default), files about 8% larger. */
export const EXR_ZIP_LEVEL = 1;

/** `frames/<prefix>.0001.exr`: the multi-layer, scene-linear frame. */
export function exrFramePath(framesDir: string, prefix: string, frame: number): string {
  return framePath(framesDir, prefix, frame).replace(/\.png$/, '.exr');
}

async function verifyExr(file: string, width: number, height: number): Promise<boolean> {
  try {
    const img = await readExrFile(file);
    return img.width === width && img.height === height;
  } catch {
    return false;
  }
}

/**
 * Renders and composites each frame of `frames` from the simulation cache, writing
 * `frames/beauty.####.png` (and `frames/id.####.png`). With `resume`, a frame whose files
 * exist and decode at the right size is skipped.
 */
export async function renderFrames(
  spec: ShotSpec,
  shot: SimulatedShot,
  frames: number[],
  framesDir: string,
  resume: boolean,
  hooks: PipelineHooks,
  exrPrefix: string,
  createBackend: () => RenderBackend = () => new WebGpuBackend(),
): Promise<RenderFramesResult> {
  const [w, h] = shot.scene.resolution;
  const wantId = spec.output.passes.includes('id');
  const wantExr = spec.output.formats.includes('exr');
  const exrCompression = spec.output.exrCompression.toUpperCase() as ExrWriteCompression;
  const pieceNames = shot.fractured.pieces.map((p) => p.memberId);
  const exrScene = { camera: shot.scene.camera, fps: shot.scene.fps };
  const offsets = shutterOffsets(spec.camera.motionBlurSamples, spec.camera.shutterAngleDeg, spec.frames.fps);
  const todo: number[] = [];
  const skipped: number[] = [];
  for (const f of frames) {
    const ok =
      resume &&
      (await verifyPng(framePath(framesDir, BEAUTY_PREFIX, f), w, h)) &&
      (!wantId || (await verifyPng(framePath(framesDir, ID_PREFIX, f), w, h))) &&
      (!wantExr || (await verifyExr(exrFramePath(framesDir, exrPrefix, f), w, h)));
    (ok ? skipped : todo).push(f);
  }
  if (skipped.length) hooks.log(`render: resume skips ${skipped.length} verified frame(s)`);
  if (wantId) await writeIdManifest(path.join(path.dirname(framesDir), 'id-manifest.json'), shot);
  if (todo.length === 0) return { rendered: [], skipped, deviceDescription: null };

  const backend = createBackend();
  const reader = await SimCacheReader.open(shot.simPath);
  const dustReader = shot.dust ? await DustCacheReader.open(shot.dust.path) : null;
  const exrWriter = wantExr ? new ExrFrameWriter() : null;
  try {
    // Depth of field needs the Z pass even when the outputs do not ask for it.
    const lens = lensOf(spec);
    const renderPasses = new Set<PassName>(spec.output.passes);
    if (lens) renderPasses.add('depth');
    // Over a plate the CG needs its shadow catcher.
    if (shot.plate) renderPasses.add('shadow');
    if (shot.plate && spec.look.grain) renderPasses.add('alpha');
    const plates = shot.plate ? new PlateFrames(shot.plate, spec, w, h) : null;
    const projects = plates !== null && PlateFrames.projects(shot.fractured);
    if (projects) renderPasses.add('id');
    // Weather: the atmosphere and the flakes (an exact function of time, sampled per frame).
    const weather = runWeather(spec, shot.fractured);
    const shutterS = spec.camera.shutterAngleDeg / 360 / spec.frames.fps;
    backend.setWeather?.({ atmosphere: weather.atmosphere, snow: weather.plan !== null, lens });
    backend.setLook?.({ ambientOcclusion: spec.look.ambientOcclusion ?? 1 });
    backend.setEffects?.({ dustLook: dustReader ? dustReader.header.look : null, debris: dustReader !== null, dustDims: dustReader?.header.box.dims });
    await backend.loadScene(shot.fractured, [...renderPasses], projects && plates ? await plates.image(1) : null);
    if (projects && plates) {
      // What the plate-textured buildings cover at rest is what their fall reveals.
      const rest = await backend.renderFrame({ frame: 0, timeS: 0, pieces: restPoses(shot.fractured) });
      plates.setHidden(rest.id as Uint32Array, shot.fractured);
    }
    hooks.log(`render: ${backend.name} on ${backend.deviceDescription}`);
    let done = 0;
    let plateHidden: Float32Array | null = null;
    for (const f of todo) {
      throwIfAborted(hooks.signal, 'render');
      const pieces = await reader.readFrame(f - 1);
      const previous = spec.output.passes.includes('motion') && f > 1 ? await reader.readFrame(f - 2) : undefined;
      const snow = snowFrameAt(weather, (f - 1) / spec.frames.fps, shutterS, pieces) ?? undefined;
      const dust = dustReader ? await dustReader.readFrame(f - 1) : null;
      const passes = await backend.renderFrame({ frame: f, timeS: (f - 1) / spec.frames.fps, pieces, previous, snow, dust: dust?.volume, debris: dust?.debris });
      if (offsets.length > 1) {
        // Motion blur: the beauty averaged over the open shutter, from true sub-frame poses.
        const sum = new Float32Array(passes.beauty.length);
        for (const dt of offsets) {
          const sub = await backend.renderBeauty(advancePoses(pieces, dt), dt);
          for (let i = 0; i < sum.length; i++) sum[i] += sub[i];
        }
        for (let i = 0; i < sum.length; i++) passes.beauty[i] = sum[i] / offsets.length;
      }
      if (lens && passes.depth) {
        passes.beauty = applyDepthOfField(passes.beauty, passes.depth, w, h, lens);
        if (!spec.output.passes.includes('depth')) delete passes.depth;
      }
      if (plates) {
        // Comp match (grade, lens distortion, over, light wrap): plate-comp.ts.
        const comp = await compOverPlate(passes, plates, await plates.frame(f), { spec, shot, backend, reader, log: hooks.log });
        passes.beauty = comp.rgba;
        passes.captureShare = comp.captureShare;
        // Synthesised: filled pixels that show (not covered by CG); a clean plate is captured.
        const synthesized = plates.synthesized;
        plateHidden = synthesized ? Float32Array.from(synthesized) : null;
        if (synthesized) {
          const synth = new Float32Array(w * h);
          for (let i = 0; i < synth.length; i++) synth[i] = synthesized[i] ? comp.captureShare[i] : 0;
          passes.synthesizedShare = synth;
        }
        if (spec.look.grain) {
          const sigma = await plates.noise(f);
          addGrain(passes.beauty, comp.grainAlpha ?? passes.alpha, sigma, createRng(spec.seed).derive(`grain:${f}`));
        }
        if (!spec.output.passes.includes('shadow')) delete passes.shadow;
        if (!spec.output.passes.includes('id')) delete passes.id;
        if (!spec.output.passes.includes('alpha')) delete passes.alpha;
      }
      if (passes.dust) {
        // The dust (held out by the CG) over the CG and plate; over a plate, what it hides is simulated.
        layerOver(passes.beauty, passes.dust);
        if (passes.captureShare) for (let i = 0; i < passes.captureShare.length; i++) passes.captureShare[i] *= 1 - passes.dust[i * 4 + 3];
        if (passes.synthesizedShare) for (let i = 0; i < passes.synthesizedShare.length; i++) passes.synthesizedShare[i] *= 1 - passes.dust[i * 4 + 3];
        if (!spec.output.passes.includes('dust')) delete passes.dust;
      }
      if (passes.synthesizedShare) {
        await writePng8(framePath(framesDir, SYNTH_PREFIX, f), Uint8Array.from(passes.synthesizedShare, (v) => Math.round(v * 255)), w, h, 1);
      }
      if (spec.look.cameraShake > 0) {
        const [dx, dy] = shakeOffsetPx(reader.header.events, (f - 1) / spec.frames.fps, shot.scene.camera.positionM, spec.look.cameraShake, w);
        passes.beauty = shiftImage(passes.beauty, w, h, dx, dy);
      }
      if (passes.snow) {
        passes.beauty = layerOver(passes.beauty, passes.snow);
        if (!spec.output.passes.includes('snow')) delete passes.snow;
      }
      const comp = compositeFrame(passes, shot.scene.exposureEv, spec.output.pngBitDepth);
      if (comp.id16) await writePng16(framePath(framesDir, ID_PREFIX, f), comp.id16, w, h, 1);
      if (comp.displayRgb16) await writePng16(framePath(framesDir, BEAUTY_PREFIX, f), comp.displayRgb16, w, h, 3);
      else await writePng8(framePath(framesDir, BEAUTY_PREFIX, f), comp.displayRgb8, w, h, 3);
      if (exrWriter) {
        // Last: the frame's arrays move to the writer thread (no copy; nothing here reads them
        // again), which encodes and writes the EXR while the next frame renders. Per pixel its
        // provenance matte says plate (capture) where no CG covers it, filled-in background
        // (synthesized) where a plate-textured building's fall revealed it, the rest simulated.
        await exrWriter.write({
          path: exrFramePath(framesDir, exrPrefix, f),
          passes: exrPassesOf(passes),
          scene: exrScene,
          compression: exrCompression,
          deflate: EXR_DEFLATE,
          zipLevel: EXR_ZIP_LEVEL,
          pieceNames,
          plate: passes.captureShare ? { captureShare: passes.captureShare, synthesizedBackground: plateHidden ?? undefined } : undefined,
        }, { transfer: true });
      }
      hooks.onProgress({ stage: 'render', done: ++done, total: todo.length, unit: 'frames' });
    }
    // Every frame's EXR on disk before the stage ends; a failed write fails the render.
    await exrWriter?.flush();
  } finally {
    await exrWriter?.close();
    await reader.close();
    await dustReader?.close();
    await backend.dispose();
  }
  return { rendered: todo, skipped, deviceDescription: backend.deviceDescription };
}

/**
 * `id-manifest.json`: what each value of the id pass (`id.R`, `frames/id.####.png`) is:
 * id = piece index + 1, with the piece's member, building, kind, material and storey.
 */
export async function writeIdManifest(file: string, shot: SimulatedShot): Promise<void> {
  const ids: Record<string, { piece: number; member: string; building: string; kind: string; material: string; storey: number }> = {};
  for (const p of shot.fractured.pieces) {
    ids[String(p.index + 1)] = { piece: p.index, member: p.memberId, building: p.buildingId, kind: p.kind, material: p.material, storey: p.storey };
  }
  await writeFileAtomic(file, `${JSON.stringify({ schema: 'aftermath.idmanifest/1', background: 0, ids }, null, 1)}\n`);
}

/** The thin-lens parameters when the shot asks for depth of field (`camera.fStop`). */
export function lensOf(spec: ShotSpec): LensParams | null {
  const c = spec.camera;
  if (c.fStop === undefined) return null;
  const focus = c.focusDistanceM ?? Math.hypot(c.lookAt[0] - c.position[0], c.lookAt[1] - c.position[1], c.lookAt[2] - c.position[2]);
  return { focalMm: c.focalMm, sensorWidthMm: c.sensorWidthMm, fStop: c.fStop, focusDistanceM: focus };
}
