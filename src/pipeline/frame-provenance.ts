import { readPng } from '../encode/png-frames.js';
import type { ShotSpec } from '../spec/schema.js';
import { summarizeInputs } from '../provenance/provenance-matte.js';
import type { ProvenanceInputs, ProvenanceShares } from '../provenance/provenance-matte.js';

/**
 * What produced the pixels of one frame. Without a plate Aftermath renders every pixel (sky
 * and ground included): every share is `simulated`. Over a plate, the pixels the CG covers are
 * simulated and the rest is capture. `cgCoverage` is the CG's per-pixel coverage when known;
 * the compositing stage is the one that knows it exactly (the beauty alpha before compositing),
 * and fill/model masks arrive with those stages.
 */
export function frameProvenanceInputs(spec: ShotSpec, cgCoverage?: Float32Array): ProvenanceInputs {
  const [w, h] = spec.resolution;
  if (!spec.plate) return { width: w, height: h, background: 'rendered' };
  return { width: w, height: h, background: 'plate', cgCoverage: cgCoverage ?? 1 };
}

/** CG coverage from an object-id frame (piece index + 1, 0 = no piece): 1 where a piece is drawn. */
export function coverageFromIds(ids: Uint16Array | Uint8Array): Float32Array {
  return Float32Array.from(ids, (v) => (v > 0 ? 1 : 0));
}

/**
 * Per-frame shares of every frame of the shot. For a plate shot the CG coverage comes from the
 * id pass on disk (`idFrame(f)`); a frame without one is counted as fully covered by the CG
 * (an upper bound on `simulated`), and `estimated` lists those frames.
 */
export async function shotFrameProvenance(
  spec: ShotSpec,
  idFrame: (frame: number) => string,
  synthesizedFrame?: (frame: number) => string,
): Promise<{ frames: Record<number, ProvenanceShares>; estimated: number[] }> {
  const frames: Record<number, ProvenanceShares> = {};
  const estimated: number[] = [];
  for (let f = 1; f <= spec.frames.count; f++) {
    let coverage: Float32Array | undefined;
    if (spec.plate) {
      try {
        const png = await readPng(idFrame(f));
        coverage = coverageFromIds(png.data as Uint16Array);
      } catch {
        estimated.push(f);
      }
    }
    const inputs = frameProvenanceInputs(spec, coverage);
    if (spec.plate && synthesizedFrame) {
      // Where a plate-textured building's fall revealed filled-in background (render-frames).
      const png = await readPng(synthesizedFrame(f)).catch(() => null);
      if (png) inputs.synthesizedBackground = Float32Array.from(png.data as Uint8Array, (v) => v / 255);
    }
    frames[f] = summarizeInputs(inputs);
  }
  return { frames, estimated };
}
