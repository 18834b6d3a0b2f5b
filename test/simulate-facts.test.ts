import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectStage } from '../src/pipeline/inspect-stage.js';
import { smallShot, tempDir } from './helpers.js';

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };

test('simulation summary: still before startS, no sinking, no energy created, volume conserved', async () => {
  const spec = smallShot({ frames: { fps: 24, count: 72 } });
  const dir = tempDir();
  const sim = (await inspectStage('simulate', spec, dir, hooks)) as Record<string, any>;
  assert.equal(sim.framesSimulated, 72);
  assert.equal(sim.pieceCount, (await inspectStage('fracture', spec, dir, hooks) as any).pieceCount);
  assert.ok(sim.firstMotionS >= 0.1 - 1e-9, `motion at ${sim.firstMotionS}s before the collapse starts`);
  // Without continuous collision a piece can enter the ground by up to one step of travel
  // on impact (contacts are soft for a step or two); what settles must rest on the ground.
  const oneStepM = sim.maxSpeedMps * spec.simulation.dtS;
  assert.ok(sim.minPieceBottomM > -(oneStepM + 0.02), `a piece sank to ${sim.minPieceBottomM} m (one step at ${sim.maxSpeedMps} m/s: ${oneStepM} m)`);
  assert.ok(sim.finalMinPieceBottomM > -0.02, `at the last frame a piece is ${sim.finalMinPieceBottomM} m below ground`);
  assert.ok(sim.maxEnergyJ <= sim.initialEnergyJ * 1.01, `energy rose from ${sim.initialEnergyJ} to ${sim.maxEnergyJ}`);
  assert.ok(sim.finalEnergyJ < sim.initialEnergyJ, 'a collapse must lose potential energy');
  assert.ok(sim.piecesMovedOver05M > sim.pieceCount * 0.3, `only ${sim.piecesMovedOver05M} pieces moved`);
  assert.ok(sim.events.failure > 0 && sim.events.bond_break > 0);
  const frac = (await inspectStage('fracture', spec, dir, hooks)) as Record<string, any>;
  assert.ok(frac.volumeErrorRel < 1e-9);
  // Second call reuses the cache and reports the same numbers.
  const again = (await inspectStage('simulate', spec, dir, hooks)) as Record<string, any>;
  assert.equal(again.cached, true);
  assert.equal(again.finalEnergyJ, sim.finalEnergyJ);
});

test('without a collapse the building stands perfectly still', async () => {
  const base = smallShot();
  const spec = { ...base, frames: { fps: 24, count: 24 }, elements: base.elements.filter((e) => 'building' in e) };
  const sim = (await inspectStage('simulate', spec, tempDir(), hooks)) as Record<string, any>;
  assert.equal(sim.firstMotionS, null);
  assert.equal(sim.piecesMovedOver05M, 0);
  assert.equal(sim.maxSpeedMps, 0);
});
