import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { pieceBounds, POSE_STRIDE } from '../simulate/piece-bounds.js';
import type { SimEvent } from '../simulate/sim-cache.js';
import { createDebrisSim } from './debris-sim.js';
import { planDebrisSpawns } from './debris-spawn.js';

/**
 * The production load: 40,000 particles, 1,500 settling rubble boxes (bounds rebuilt every
 * frame), 120 frames at 1/24 s with 4 substeps, a light wind. Timing is logged, not asserted.
 */
test('40k particles × 1,500 rubble boxes × 120 frames: timing (logged) and nothing under the ground', () => {
  const rng = createRng(5);
  const n = 1500;
  const local = new Float32Array(n * 6);
  const poses = new Float32Array(n * POSE_STRIDE);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 3; a++) local[i * 6 + 3 + a] = rng.range(0.2, 1.2);
    poses[i * POSE_STRIDE] = rng.range(-15, 15);
    poses[i * POSE_STRIDE + 1] = rng.range(0, 8);
    poses[i * POSE_STRIDE + 2] = rng.range(-15, 15);
    poses[i * POSE_STRIDE + 6] = 1;
  }
  const events: SimEvent[] = [];
  for (let i = 0; i < 400; i++) {
    const type = (['failure', 'bond_break', 'impact'] as const)[i % 3];
    const positionM: [number, number, number] = [rng.range(-15, 15), rng.range(0, 30), rng.range(-15, 15)];
    events.push({ timeS: rng.range(0, 1.5), type, pieceIndex: i, otherIndex: -1, positionM, normal: [0, -1, 0], energyJ: rng.range(0, 2e5), forceN: rng.range(0, 1e6), materials: ['concrete'] });
  }
  const spawns = planDebrisSpawns(events, { maxParticles: 40_000 }, rng.derive('debris'));
  const sim = createDebrisSim({ capacity: 40_000, substeps: 4 });
  const wind = (_x: number, _y: number, _z: number, out: Float32Array) => {
    out[0] = 3;
    out[1] = 0;
    out[2] = 1;
  };
  let next = 0;
  let boundsMs = 0;
  let stepMs = 0;
  let stepCpuMs = 0;
  let lowest = Infinity;
  for (let f = 0; f < 120; f++) {
    let t = performance.now();
    // The rubble settles 2 cm per frame until it reaches the ground.
    for (let i = 0; i < n; i++) poses[i * POSE_STRIDE + 1] = Math.max(local[i * 6 + 4], poses[i * POSE_STRIDE + 1] - 0.02);
    const bounds = pieceBounds(local, poses);
    boundsMs += performance.now() - t;
    t = performance.now();
    const cpu = process.cpuUsage();
    next = sim.spawnDue(spawns, next);
    sim.step(1 / 24, bounds, wind);
    const used = process.cpuUsage(cpu);
    stepCpuMs += (used.user + used.system) / 1000;
    stepMs += performance.now() - t;
    lowest = Math.min(lowest, sim.stats().lowestM);
  }
  const s = sim.stats();
  assert.equal(s.alive, 40_000);
  assert.ok(lowest >= -0.01, `a particle went ${-lowest} m under the ground`);
  console.log(`# perf: 40000 particles, 1500 boxes, 120 frames × 4 substeps: step ${stepMs.toFixed(0)} ms wall (${stepCpuMs.toFixed(0)} ms CPU), pieceBounds ${boundsMs.toFixed(0)} ms; end: ${s.airborne} airborne, ${s.sliding} sliding, ${s.resting} resting`);
});
