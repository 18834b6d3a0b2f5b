/**
 * Simulation cost in ms per simulated second for 1k, 5k and 20k pieces, intact (standing,
 * no collapse) and collapsing (pancake from the 4th storey at t = 0), 2 s each at 1/120 s.
 */
import { createRng } from '../src/core/rng.js';
import { validateShot } from '../src/spec/validate-spec.js';
import { buildScene } from '../src/scene/build-scene.js';
import { fractureScene } from '../src/fracture/fracture-scene.js';
import { simulate } from '../src/simulate/simulate.js';

export interface SimulateBenchRow {
  pieces: number;
  state: 'intact' | 'collapsing';
  msPerSimulatedS: number;
}

export async function benchSimulate(targets = [1000, 5000, 20000], seconds = 2): Promise<SimulateBenchRow[]> {
  const rows: SimulateBenchRow[] = [];
  const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };
  for (const target of targets) {
    for (const state of ['intact', 'collapsing'] as const) {
      const spec = validateShot({
        schema: 'aftermath.shot/1',
        frames: { fps: 24, count: Math.round(24 * seconds) + 1 },
        elements: [
          { building: { floors: 12, footprint: [30, 20], bays: [5, 4], fragments: Math.min(target, 50000) } },
          ...(state === 'collapsing' ? [{ collapse: { target: 'tower', startS: 0, initiationFloor: 4 } }] : []),
        ],
      });
      const scene = buildScene(spec, { rng: createRng(1) });
      const doc = fractureScene(scene, { rng: createRng(1), ...hooks });
      const t = performance.now();
      await simulate(doc, { rng: createRng(1), ...hooks });
      rows.push({ pieces: doc.pieces.length, state, msPerSimulatedS: (performance.now() - t) / seconds });
    }
  }
  return rows;
}

if (process.argv[1]?.endsWith('simulate-bench.ts')) {
  const targets = process.argv.slice(2).map(Number).filter(Boolean);
  for (const r of await benchSimulate(targets.length ? targets : undefined)) {
    console.log(`${r.pieces} pieces ${r.state}: ${r.msPerSimulatedS.toFixed(0)} ms per simulated second`);
  }
}
