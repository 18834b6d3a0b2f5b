/**
 * Cost of the snow pass per 1080p frame at 100k and 1M flakes: sampling the flake field on
 * the CPU (positions, landing tests, culling) and drawing it (quads, the RGBA render and
 * read-back), against the same frame without snow. A street corner: one building, heavy snow.
 */
import { validateShot } from '../src/spec/validate-spec.js';
import { runFracture, runScene } from '../src/pipeline/run-stages.js';
import { runWeather, snowFrameAt } from '../src/pipeline/run-weather.js';
import { WebGpuBackend } from '../src/render/webgpu-backend.js';
import { FLOATS_PER_PIECE } from '../src/simulate/sim-cache.js';

export interface SnowBenchRow {
  flakes: number;
  /** Flakes drawn (in view, not landed). */
  drawn: number;
  sampleMs: number;
  drawMs: number;
  /** sampleMs + drawMs: what the snow pass adds to a frame. */
  snowPassMs: number;
  /** The same frame (beauty + id) without snow. */
  frameWithoutSnowMs: number;
  /** snowPassMs / frameWithoutSnowMs. */
  addedShare: number;
}

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };

export async function benchSnow(flakeCounts = [100_000, 1_000_000], repeats = 3): Promise<SnowBenchRow[]> {
  const rows: SnowBenchRow[] = [];
  for (const maxFlakes of flakeCounts) {
    const spec = validateShot({
      schema: 'aftermath.shot/1',
      resolution: [1920, 1080],
      camera: { position: [0, 1.8, 40], lookAt: [0, 8, 0] },
      elements: [
        { building: { floors: 8, footprint: [20, 14], fragments: 800 } },
        { snow: { intensity: 'heavy', wind: [2, 0, 1], gustMps: 1, maxFlakes } },
      ],
      output: { passes: ['beauty', 'id'] },
    });
    const { scene } = runScene(spec);
    const doc = runFracture(spec, scene, hooks).fractured;
    const pieces = new Float32Array(doc.pieces.length * FLOATS_PER_PIECE);
    for (const p of doc.pieces) {
      pieces.set(p.centerM, p.index * FLOATS_PER_PIECE);
      pieces.set(p.rotation, p.index * FLOATS_PER_PIECE + 3);
    }
    const weather = runWeather(spec, doc);
    const be = new WebGpuBackend();
    be.setWeather({ atmosphere: weather.atmosphere, snow: true, lens: null });
    await be.loadScene(doc, spec.output.passes);
    // Warm-up (pipelines compile), then time.
    await be.renderFrame({ frame: 1, timeS: 0, pieces, snow: snowFrameAt(weather, 0, 1 / 48, pieces) ?? undefined });
    let sample = 0;
    let withSnow = 0;
    let without = 0;
    let drawn = 0;
    for (let r = 0; r < repeats; r++) {
      const t = 1 + r / 24;
      let t0 = performance.now();
      const snow = snowFrameAt(weather, t, 1 / 48, pieces) ?? undefined;
      sample += performance.now() - t0;
      drawn = snow?.count ?? 0;
      t0 = performance.now();
      await be.renderFrame({ frame: 2 + r, timeS: t, pieces, snow });
      withSnow += performance.now() - t0;
      t0 = performance.now();
      await be.renderFrame({ frame: 2 + r, timeS: t, pieces });
      without += performance.now() - t0;
    }
    await be.dispose();
    const sampleMs = sample / repeats;
    const drawMs = Math.max(0, (withSnow - without) / repeats);
    const frameWithoutSnowMs = without / repeats;
    rows.push({ flakes: weather.plan?.flakeCount ?? 0, drawn, sampleMs, drawMs, snowPassMs: sampleMs + drawMs, frameWithoutSnowMs, addedShare: (sampleMs + drawMs) / frameWithoutSnowMs });
  }
  return rows;
}

if (process.argv[1]?.endsWith('snow-bench.ts')) {
  const counts = process.argv.slice(2).map(Number).filter(Boolean);
  for (const r of await benchSnow(counts.length ? counts : undefined)) {
    console.log(
      `${r.flakes} flakes (${r.drawn} drawn): snow pass ${r.snowPassMs.toFixed(0)} ms per 1080p frame (sample ${r.sampleMs.toFixed(0)} + draw ${r.drawMs.toFixed(0)}); frame without snow ${r.frameWithoutSnowMs.toFixed(0)} ms; +${(100 * r.addedShare).toFixed(0)}%`,
    );
  }
}
