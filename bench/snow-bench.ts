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
  /** Median over the repeats of sampling the flakes on the CPU (snowFrameAt). */
  sampleMs: number;
  /** Median over the repeats of (frame with snow − the same frame without), paired. */
  drawMs: number;
  /** sampleMs + drawMs: what the snow pass adds to a frame. */
  snowPassMs: number;
  /** The same frame (beauty + id) without snow, median. */
  frameWithoutSnowMs: number;
  /** snowPassMs / frameWithoutSnowMs. */
  addedShare: number;
  /**
   * Medians of the snow part of the frame with snow, timed inside renderFrame (less noisy than
   * the difference): quads built on the CPU, GPU pass (draw and read-back; carried in the id
   * render, that render less the same render in the paired frame without snow).
   */
  buildMs: number;
  passMs: number;
  /**
   * The same share in CPU time of the whole process (all threads, llvmpipe's included): on a
   * shared machine it moves less with the load than wall time does.
   */
  addedCpuShare: number;
  repeats: number;
}

/** CPU milliseconds of this process (all threads) since `from`. */
function cpuMs(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
}

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };

export function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
}

/**
 * Each repeat samples a new time, then renders that frame with and without snow (in turns
 * first, so neither pays the other's garbage collection every time); the medians are taken.
 * The machine is shared: the difference of two ~1 s frames is noisy, so the snow part is also
 * timed inside renderFrame (buildMs + passMs), which should agree with drawMs.
 */
export async function benchSnow(flakeCounts = [100_000, 1_000_000], repeats = 5): Promise<SnowBenchRow[]> {
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
    // Warm-up (pipelines compile, JIT), then time.
    for (let w = 0; w < 2; w++) {
      await be.renderFrame({ frame: 1, timeS: w, pieces, snow: snowFrameAt(weather, w, 1 / 48, pieces) ?? undefined });
      await be.renderFrame({ frame: 1, timeS: w, pieces });
    }
    const sample: number[] = [];
    const diff: number[] = [];
    const without: number[] = [];
    const build: number[] = [];
    const pass: number[] = [];
    const sampleCpu: number[] = [];
    const diffCpu: number[] = [];
    const withoutCpu: number[] = [];
    let drawn = 0;
    for (let r = 0; r < repeats; r++) {
      const t = 1 + r / 24;
      let t0 = performance.now();
      let c0 = process.cpuUsage();
      const snow = snowFrameAt(weather, t, 1 / 48, pieces) ?? undefined;
      sample.push(performance.now() - t0);
      sampleCpu.push(cpuMs(c0));
      drawn = snow?.count ?? 0;
      const ms = { with: 0, without: 0, withCpu: 0, withoutCpu: 0, idWithout: 0 };
      for (const withSnow of r % 2 ? [false, true] : [true, false]) {
        t0 = performance.now();
        c0 = process.cpuUsage();
        await be.renderFrame({ frame: 2 + r, timeS: t, pieces, snow: withSnow ? snow : undefined });
        ms[withSnow ? 'with' : 'without'] = performance.now() - t0;
        ms[withSnow ? 'withCpu' : 'withoutCpu'] = cpuMs(c0);
        if (!withSnow) ms.idWithout = be.idPassMs;
      }
      diff.push(ms.with - ms.without);
      without.push(ms.without);
      diffCpu.push(ms.withCpu - ms.withoutCpu);
      withoutCpu.push(ms.withoutCpu);
      build.push(be.snowTimings.buildMs);
      // Carried in the id render, the snow's part of it is that render less the same without snow.
      pass.push(be.snowTimings.passMs - (be.snowTimings.carried ? ms.idWithout : 0));
    }
    await be.dispose();
    const sampleMs = median(sample);
    const drawMs = Math.max(0, median(diff));
    const frameWithoutSnowMs = median(without);
    rows.push({
      flakes: weather.plan?.flakeCount ?? 0,
      drawn,
      sampleMs,
      drawMs,
      snowPassMs: sampleMs + drawMs,
      frameWithoutSnowMs,
      addedShare: (sampleMs + drawMs) / frameWithoutSnowMs,
      buildMs: median(build),
      passMs: median(pass),
      addedCpuShare: (median(sampleCpu) + Math.max(0, median(diffCpu))) / median(withoutCpu),
      repeats,
    });
  }
  return rows;
}

if (process.argv[1]?.endsWith('snow-bench.ts')) {
  const args = process.argv.slice(2);
  const repeats = Number(args.find((a) => a.startsWith('--repeats='))?.slice(10)) || undefined;
  const counts = args.filter((a) => !a.startsWith('--')).map(Number).filter(Boolean);
  for (const r of await benchSnow(counts.length ? counts : undefined, repeats)) {
    console.log(
      `${r.flakes} flakes (${r.drawn} drawn): snow pass ${r.snowPassMs.toFixed(0)} ms per 1080p frame (sample ${r.sampleMs.toFixed(0)} + draw ${r.drawMs.toFixed(0)}); ` +
        `frame without snow ${r.frameWithoutSnowMs.toFixed(0)} ms; +${(100 * r.addedShare).toFixed(0)}% ` +
        `[medians of ${r.repeats}; inside the frame: build ${r.buildMs.toFixed(0)} + pass ${r.passMs.toFixed(0)} ms, +${((100 * (r.sampleMs + r.buildMs + r.passMs)) / r.frameWithoutSnowMs).toFixed(0)}%; in CPU time +${(100 * r.addedCpuShare).toFixed(0)}%]`,
    );
  }
}
