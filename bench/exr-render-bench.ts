/**
 * What writing EXR frames adds to a real render: frames of the demo shot at 1920×1080 with
 * every pass (beauty, alpha, depth, normal, motion, id, shadow), rendered once with PNG only and
 * once with PNG + EXR (ZIP), through the render stage itself (`renderFrames`: render, composite,
 * PNG, EXR and waiting for every pending write). Per-frame time is the wall time from the first
 * frame's progress event to the end of the stage, over the frames after the first (the first
 * includes shader compilation); CPU time of the main thread and of the whole process beside it,
 * because the machine is shared and wall time moves with the load. Runs alternate between the
 * two variants (and which goes first); medians are reported, and the added share as the median
 * of the runs' back-to-back pairs (robust to the load drifting between runs).
 *
 * Run alone: `node --import tsx bench/exr-render-bench.ts [frames] [runs]`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShotFile } from '../src/spec/load-spec.js';
import { validateShot } from '../src/spec/validate-spec.js';
import { runToSimulation } from '../src/pipeline/run-stages.js';
import { renderFrames } from '../src/pipeline/render-frames.js';
import type { FormatName, ShotSpec } from '../src/spec/schema.js';

export interface ExrRenderBenchRow {
  frames: number;
  runs: number;
  /** Median wall ms per frame without EXR (PNG only) and with EXR (ZIP) as well. */
  withoutExrMs: number;
  withExrMs: number;
  /** Median over the runs of (with − without) / without, each run's pair taken back to back. */
  addedShare: number;
  /** (withExrMs − withoutExrMs) / withoutExrMs, from the medians of each variant. */
  addedShareOfMedians: number;
  /** Median CPU ms per frame of the main thread (the render's critical path) and of the whole process. */
  mainCpuMs: { without: number; with: number };
  processCpuMs: { without: number; with: number };
}

const ALL_PASSES = ['beauty', 'alpha', 'depth', 'normal', 'motion', 'id', 'shadow'] as const;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU ms of this process's main thread (Linux /proc; NaN elsewhere). */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime) in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

interface RunTimes {
  wallMs: number;
  mainCpuMs: number;
  processCpuMs: number;
}

async function timeRender(spec: ShotSpec, outDir: string, frames: number[]): Promise<RunTimes> {
  let t0 = 0;
  let main0 = 0;
  let cpu0 = 0;
  const onProgress = () => {
    // From the end of the first frame (the first includes shader compilation).
    if (t0 !== 0) return;
    t0 = performance.now();
    main0 = mainThreadCpuMs();
    const u = process.cpuUsage();
    cpu0 = (u.user + u.system) / 1000;
  };
  const hooks = { signal: new AbortController().signal, log: () => {}, onProgress };
  const shot = await runToSimulation(spec, outDir, { ...hooks, onProgress: () => {} });
  await renderFrames(spec, shot, frames, path.join(outDir, 'frames'), false, hooks, 'bench');
  const u = process.cpuUsage();
  const n = frames.length - 1;
  return { wallMs: (performance.now() - t0) / n, mainCpuMs: (mainThreadCpuMs() - main0) / n, processCpuMs: ((u.user + u.system) / 1000 - cpu0) / n };
}

/**
 * `frameCount` frames from frame 60 (the collapse under way), `runs` runs of each variant,
 * alternating which goes first.
 */
export async function benchExrInRender(frameCount = 8, runs = 3, log: (line: string) => void = () => {}): Promise<ExrRenderBenchRow> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { spec: base } = await loadShotFile(path.join(root, 'examples/tower-collapse.shot.yaml'));
  const withFormats = (formats: FormatName[]): ShotSpec =>
    validateShot({ ...base, resolution: [1920, 1080], output: { ...base.output, formats, passes: [...ALL_PASSES], exrCompression: 'zip' } });
  const frames = Array.from({ length: Math.max(2, frameCount) }, (_, i) => 60 + i);
  // One output folder: the simulation and dust caches are computed once and shared.
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'aftermath-exr-bench-'));
  const without: RunTimes[] = [];
  const withExr: RunTimes[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      const order = r % 2 === 0 ? [false, true] : [true, false];
      for (const exr of order) (exr ? withExr : without).push(await timeRender(withFormats(exr ? ['png', 'exr'] : ['png']), outDir, frames));
      const fmt = (t: RunTimes) => `${t.wallMs.toFixed(0)} ms/frame (CPU: main ${t.mainCpuMs.toFixed(0)}, all ${t.processCpuMs.toFixed(0)})`;
      log(`run ${r + 1}: without EXR ${fmt(without[r])}; with EXR ${fmt(withExr[r])}`);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  const m = (xs: RunTimes[], k: keyof RunTimes) => median(xs.map((x) => x[k]));
  const withoutExrMs = m(without, 'wallMs');
  const withExrMs = m(withExr, 'wallMs');
  return {
    frames: frames.length,
    runs,
    withoutExrMs,
    withExrMs,
    addedShare: median(withExr.map((t, r) => (t.wallMs - without[r].wallMs) / without[r].wallMs)),
    addedShareOfMedians: (withExrMs - withoutExrMs) / withoutExrMs,
    mainCpuMs: { without: m(without, 'mainCpuMs'), with: m(withExr, 'mainCpuMs') },
    processCpuMs: { without: m(without, 'processCpuMs'), with: m(withExr, 'processCpuMs') },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const row = await benchExrInRender(Number(process.argv[2] ?? 8), Number(process.argv[3] ?? 3), (line) => console.error(line));
  console.log(JSON.stringify(row));
  process.exit(0);
}
