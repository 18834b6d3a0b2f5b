/**
 * One frame's EXR as plain data: what the render stage hands the EXR writer thread (typed
 * arrays and JSON-like values only, so it crosses `postMessage`). `writeExrFrameJob` does the
 * whole write from it (provenance matte, layers, header, encode, atomic write); the same
 * function runs in the worker and on the calling thread, so both give the same bytes.
 */
import type { ExrEncodeOptions, ExrWriteCompression } from '../exr/exr-types.js';
import type { FramePasses } from '../render/frame-passes.js';
import { aftermathOnlyInputs, buildProvenanceMatte, matteMeans, PROVENANCE_KINDS, uniformShares } from '../provenance/provenance-matte.js';
import type { ProvenanceInputs, ProvenanceMatte, ProvenanceShares } from '../provenance/provenance-matte.js';
import { writeExrFrame } from './exr-frame.js';
import type { ExrFrameScene } from './exr-frame.js';

export interface ExrFrameJob {
  /** Where the file goes (written atomically). */
  path: string;
  /** The frame's passes (captureShare and synthesizedShare are not read). */
  passes: FramePasses;
  scene: ExrFrameScene;
  compression: ExrWriteCompression;
  deflate: NonNullable<ExrEncodeOptions['deflate']>;
  /** zlib level of ZIP/ZIPS (default 4). */
  zipLevel?: number;
  /** Member id by piece index, for the Cryptomatte layer; none without it. */
  pieceNames?: string[];
  /**
   * Over a plate: per pixel, the share of the plate that shows, and where the shown plate
   * was filled in rather than captured. Without it every pixel is Aftermath's (simulated).
   */
  plate?: { captureShare: Float32Array; synthesizedBackground?: Float32Array };
}

/** The provenance matte's inputs: plate (capture) where no CG covers it, filled-in background (synthesized), the rest simulated. */
export function jobProvenanceInputs(job: ExrFrameJob): ProvenanceInputs {
  const { width, height } = job.passes;
  if (!job.plate) return aftermathOnlyInputs(width, height);
  const { captureShare, synthesizedBackground } = job.plate;
  return { width, height, background: 'plate', cgCoverage: Float32Array.from(captureShare, (c) => 1 - c), synthesizedBackground };
}

/** The job's passes without what the EXR does not carry (less to copy to the writer thread). */
export function exrPassesOf(passes: FramePasses): FramePasses {
  const { captureShare: _capture, synthesizedShare: _synth, ...rest } = passes;
  return rest;
}

/**
 * The frame's matte: per pixel, or, when every pixel has the same shares and each is exactly
 * 0 or 1 (no plate: all simulated), those shares (constant channels; the same pixels, and the
 * same means as summing the planes, without building them).
 */
function jobMatte(job: ExrFrameJob): { matte: ProvenanceMatte | ProvenanceShares; means: ProvenanceShares } {
  const inputs = jobProvenanceInputs(job);
  const uniform = uniformShares(inputs);
  if (uniform && PROVENANCE_KINDS.every((k) => uniform[k] === 0 || uniform[k] === 1)) return { matte: uniform, means: uniform };
  const matte = buildProvenanceMatte(inputs);
  return { matte, means: matteMeans(matte) };
}

export async function writeExrFrameJob(job: ExrFrameJob): Promise<void> {
  const { matte, means } = jobMatte(job);
  // The frame's mean shares go into the header as `aftermath/provenance`.
  const provenanceJson = JSON.stringify(means);
  const names = job.pieceNames;
  const pieceNames = names ? (i: number): string => names[i] ?? `piece/${i}` : undefined;
  await writeExrFrame(job.path, job.passes, job.scene, { compression: job.compression, provenanceJson, pieceNames }, matte, { deflate: job.deflate, zipLevel: job.zipLevel });
}
