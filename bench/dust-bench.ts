/**
 * Cost of one dust-solver step with a developed cloud, on 64³, 128³ and 192³ grids (1 m
 * cells): big hot splats (radius n/4, at 8 spots) over the first steps fill most of the grid, the cloud
 * develops over the warm-up steps, then a handful of steps are timed. Wall-clock and CPU ms
 * per step (single thread), with the share of the grid that was active and the CG iterations.
 */
import { createDustSolver } from '../src/dust/dust-solver.js';
import type { DustSolver } from '../src/dust/dust-solver.js';

export interface DustBenchRow {
  grid: string;
  /** Wall-clock ms per step. */
  msPerStep: number;
  /** This process's CPU ms per step (less sensitive to other load on the machine). */
  cpuMsPerStep: number;
  /** Share of the grid's cells in the active box over the timed steps. */
  activeShare: number;
  /** Mean CG iterations of the projection over the timed steps. */
  pressureIterations: number;
}

const DT_S = 1 / 24;

/** Hot, dusty blobs at 8 spots spread over the grid, pushed outward and swirled: a collapse cloud. */
function feed(s: DustSolver, n: number, step: number): void {
  const r = n / 4;
  let spot = 0;
  for (const y of [0.15 * n, 0.45 * n]) {
    for (const x of [-0.25 * n, 0.25 * n]) {
      for (const z of [-0.25 * n, 0.25 * n]) {
        const swirl = ((step + spot++) % 4) - 1.5;
        s.splat({
          centerM: [x, y, z],
          radiusM: r,
          massG: 3 * r * r * r,
          temperatureK: 60,
          velocityMps: [x * 0.2 + swirl * 3, 3, z * 0.2 - swirl * 3],
        });
      }
    }
  }
}

/** Steps that are fed before the cloud is left to develop. */
const FED_STEPS = 3;

export async function benchDust(sizes: number[] = [64, 128, 192], warmupSteps = 10, timedSteps = 5): Promise<DustBenchRow[]> {
  const rows: DustBenchRow[] = [];
  for (const n of sizes) {
    const s = createDustSolver({ originM: [-n / 2, 0, -n / 2], cellM: 1, dims: [n, n, n] });
    for (let t = 0; t < warmupSteps; t++) {
      if (t < FED_STEPS) feed(s, n, t);
      s.step(DT_S);
    }
    let ms = 0;
    let cpuUs = 0;
    let active = 0;
    let iterations = 0;
    for (let t = 0; t < timedSteps; t++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const st = s.step(DT_S);
      const c = process.cpuUsage(c0);
      ms += performance.now() - t0;
      cpuUs += c.user + c.system;
      active += st.activeCells / (n * n * n);
      iterations += st.pressureIterations;
    }
    rows.push({ grid: `${n}³`, msPerStep: ms / timedSteps, cpuMsPerStep: cpuUs / 1000 / timedSteps, activeShare: active / timedSteps, pressureIterations: iterations / timedSteps });
  }
  return rows;
}

if (process.argv[1]?.endsWith('dust-bench.ts')) {
  const sizes = process.argv.slice(2).map(Number).filter((x) => Number.isInteger(x) && x >= 8);
  console.log('grid    ms/step  cpu ms/step  active  CG iterations');
  for (const r of await benchDust(sizes.length ? sizes : undefined)) {
    console.log(
      `${r.grid.padEnd(6)} ${r.msPerStep.toFixed(0).padStart(8)} ${r.cpuMsPerStep.toFixed(0).padStart(12)}  ${(100 * r.activeShare).toFixed(0).padStart(5)}%  ${r.pressureIterations.toFixed(1).padStart(13)}`,
    );
  }
}
