/**
 * Fracture timing for a 12-storey, 30 x 20 m building at 5k, 20k and 100k pieces (one core,
 * this process). The spec's fragments field stops at 50000; the bench sets the budget on
 * the scene directly to reach 100k.
 */
import { createRng } from '../src/core/rng.js';
import { validateShot } from '../src/spec/validate-spec.js';
import { buildScene } from '../src/scene/build-scene.js';
import { fractureScene } from '../src/fracture/fracture-scene.js';

export interface FractureBenchRow {
  targetPieces: number;
  pieces: number;
  bonds: number;
  seconds: number;
}

export function benchFracture(targets = [5000, 20000, 100000]): FractureBenchRow[] {
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    elements: [{ building: { floors: 12, footprint: [30, 20], bays: [5, 4] } }],
  });
  const rows: FractureBenchRow[] = [];
  for (const target of targets) {
    const scene = buildScene(spec, { rng: createRng(1) });
    scene.buildings[0].fragments = target;
    const t = performance.now();
    const doc = fractureScene(scene, { rng: createRng(1), signal: new AbortController().signal, onProgress: () => {} });
    rows.push({ targetPieces: target, pieces: doc.pieces.length, bonds: doc.bonds.length, seconds: (performance.now() - t) / 1000 });
  }
  return rows;
}

if (process.argv[1]?.endsWith('fracture-bench.ts')) {
  for (const r of benchFracture(process.argv.slice(2).map(Number).filter(Boolean).length ? process.argv.slice(2).map(Number) : undefined)) {
    console.log(`${r.targetPieces} target: ${r.pieces} pieces, ${r.bonds} bonds, ${r.seconds.toFixed(2)} s`);
  }
}
