import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateShot } from '../spec/validate-spec.js';
import { runFracture, runScene } from '../pipeline/run-stages.js';
import { simulate } from '../simulate/simulate.js';
import { createRng } from '../core/rng.js';
import { planDust } from './dust-plan.js';
import { simulateDust } from './simulate-dust.js';
import { dustElementOf } from '../pipeline/run-dust.js';

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };

test('the dust stage of a small collapse: dust appears after the collapse starts, stays above the ground, and the same seed gives the same bytes', async () => {
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    seed: 3,
    frames: { fps: 24, count: 36 },
    resolution: [64, 36],
    elements: [
      { building: { id: 'b', floors: 3, footprint: [8, 6], fragments: 80, parapet: false, roofClutter: false } },
      { collapse: { target: 'b', startS: 0.25, initiationFloor: 1 } },
      { dust: { source: 'b', resolution: 24, surgeDistanceM: 8, maxDebris: 500 } },
    ],
  });
  const { scene } = runScene(spec);
  const { fractured } = runFracture(spec, scene, hooks);
  const sim = await simulate(fractured, { rng: createRng(spec.seed).derive('simulate'), ...hooks });
  const plan = planDust(dustElementOf(spec)!, scene)!;
  const source = { header: sim.header, readFrame: async (i: number) => sim.frames[i] };
  const run = () => simulateDust(fractured, source, plan, { rng: createRng(spec.seed).derive('dust'), ...hooks });
  const a = await run();
  const b = await run();
  assert.deepEqual(a.blocks.map((x) => Buffer.from(x).toString('base64')), b.blocks.map((x) => Buffer.from(x).toString('base64')));
  const stats = a.header.stats;
  assert.equal(stats[0].totalMassG, 0, 'no dust before the collapse');
  const last = stats[stats.length - 1];
  assert.ok(last.totalMassG > 0, 'the collapse raised no dust');
  assert.ok(last.cloudBoxM !== null && last.cloudBoxM.min[1] >= 0, 'dust below the ground');
  for (const s of stats) {
    assert.ok(Number.isFinite(s.totalMassG) && s.totalMassG <= a.header.releasedMassG * 1.001 + 200 * s.timeS, `frame ${s.frame}: more dust in the air than was released`);
    assert.ok(s.maxDivergencePerS < 0.05, `frame ${s.frame}: divergence ${s.maxDivergencePerS} after projection`);
  }
  assert.ok(stats.some((s) => s.debrisCount > 0), 'no debris');
});
