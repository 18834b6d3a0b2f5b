import type { ExrChannelInput, ExrEncodeOptions, ExrImage, ExrWriteCompression } from '../exr/exr-types.js';
import { writeExr } from '../exr/exr-writer.js';
import { passChannels } from './exr-pass-channels.js';
import { cryptomatteLayer } from './cryptomatte.js';
import type { FramePasses } from '../render/frame-passes.js';
import type { SceneDoc } from '../scene/scene-doc.js';
import { worldToCameraImath, worldToNdcImath } from '../render/camera-math.js';
import { aftermathOnlyInputs, summarizeInputs } from '../provenance/provenance-matte.js';
import type { ProvenanceMatte, ProvenanceShares } from '../provenance/provenance-matte.js';
import { matteChannels, uniformMatteChannels } from '../provenance/matte-layers.js';

/** What of the scene a frame's EXR header records: the camera and the frame rate. */
export type ExrFrameScene = Pick<SceneDoc, 'camera' | 'fps'>;

export interface ExrFrameOptions {
  compression: ExrWriteCompression;
  /** JSON recorded in the header as `aftermath/provenance`. */
  provenanceJson: string;
  /** Name of a piece for the Cryptomatte layer (its member id); no Cryptomatte without it. */
  pieceNames?: (pieceIndex: number) => string;
  /**
   * Per-pixel provenance shares, or the shares of every pixel (constant channels); default:
   * Aftermath rendered every pixel (simulated = 1).
   */
  provenance?: ProvenanceMatte | ProvenanceShares;
}

/**
 * One multi-layer EXR per frame, scene-linear (no display transform): beauty as R, G, B, A
 * (half) and the data passes asked for (see passChannels: id, alpha, depth, normal, motion,
 * shadow), with the camera in
 * the standard `worldToCamera` / `worldToNDC` attributes plus focal length and aperture, and
 * the provenance matte as `provenance.capture`, `provenance.simulated`, `provenance.synthesized`,
 * `provenance.trained` (half, summing to 1 per pixel). Without `provenance` (the argument, or
 * `opts.provenance`) the matte says what is true of today's renders: every pixel simulated.
 */
export function frameToExr(passes: FramePasses, scene: ExrFrameScene, opts: ExrFrameOptions, provenance?: ProvenanceMatte | ProvenanceShares): ExrImage {
  const { width, height, beauty } = passes;
  const matte = provenance ?? opts.provenance ?? summarizeInputs(aftermathOnlyInputs(width, height));
  const perPixel = 'width' in matte;
  if (perPixel && (matte.width !== width || matte.height !== height)) {
    throw new RangeError(`provenance matte is ${matte.width}x${matte.height}, frame is ${width}x${height}`);
  }
  // Interleaved passes are read in place (stride), not copied into planes.
  const channels: ExrChannelInput[] = ['R', 'G', 'B', 'A'].map((name, k) => ({ name, type: 'HALF', data: beauty, stride: 4, offset: k }));
  channels.push(...passChannels(passes));
  const crypto = passes.id && opts.pieceNames ? cryptomatteLayer(passes.id, opts.pieceNames) : null;
  if (crypto) channels.push(...crypto.channels);
  channels.push(...(perPixel ? matteChannels(matte) : uniformMatteChannels(matte)));
  const cam = scene.camera;
  return {
    width,
    height,
    channels,
    compression: opts.compression,
    attributes: {
      worldToCamera: { type: 'm44f', value: worldToCameraImath(cam) },
      worldToNDC: { type: 'm44f', value: worldToNdcImath(cam) },
      focalLength: { type: 'float', value: cam.focalMm },
      apertureWidthMm: { type: 'float', value: cam.sensorWidthMm },
      'aftermath/fps': { type: 'float', value: scene.fps },
      'aftermath/frame': { type: 'int', value: passes.frame },
      'aftermath/provenance': { type: 'string', value: opts.provenanceJson },
      ...(crypto?.attributes ?? {}),
    },
  };
}

export async function writeExrFrame(
  path: string,
  passes: FramePasses,
  scene: ExrFrameScene,
  opts: ExrFrameOptions,
  provenance?: ProvenanceMatte | ProvenanceShares,
  encode: ExrEncodeOptions = {},
): Promise<void> {
  await writeExr(path, frameToExr(passes, scene, opts, provenance), encode);
}
