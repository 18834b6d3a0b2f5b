import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { buildScene } from '../scene/build-scene.js';
import { validateShot } from '../spec/validate-spec.js';
import { fractureScene, planPieceCounts } from './fracture-scene.js';

const ctx = { rng: createRng(5), signal: new AbortController().signal, onProgress: () => {} };

test('fracture of the example building conserves volume and mass, and follows the budget', () => {
  const spec = validateShot({ schema: 'aftermath.shot/1', elements: [{ building: { fragments: 1500 } }] });
  const scene = buildScene(spec, { rng: createRng(1) });
  const doc = fractureScene(scene, ctx);
  assert.ok(Math.abs(doc.pieceVolumeM3 - doc.memberVolumeM3) / doc.memberVolumeM3 < 1e-12);
  const counts = planPieceCounts(scene.buildings[0].members, 1500);
  assert.equal(doc.pieces.length, counts.reduce((a, b) => a + b, 0));
  assert.ok(doc.pieces.length > 1200 && doc.pieces.length < 1800, `pieces ${doc.pieces.length}`);
  const mass = doc.pieces.reduce((m, p) => m + p.massKg, 0);
  assert.ok(Math.abs(mass - doc.memberVolumeM3 * 2400) < 1e-6 * mass);
  doc.pieces.forEach((p, i) => assert.equal(p.index, i));
});

test('fracture is deterministic for a seed', () => {
  const spec = validateShot({ schema: 'aftermath.shot/1', elements: [{ building: { fragments: 200, floors: 3 } }] });
  const run = () => JSON.stringify(fractureScene(buildScene(spec, { rng: createRng(9) }), { ...ctx, rng: createRng(9) }));
  assert.equal(run(), run());
});
