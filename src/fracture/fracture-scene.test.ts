import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { MATERIAL_DENSITY_KG_M3 } from '../core/units.js';
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
  const memberMass = scene.buildings[0].members.reduce((m, x) => m + x.sizeM[0] * x.sizeM[1] * x.sizeM[2] * MATERIAL_DENSITY_KG_M3[x.material], 0);
  assert.ok(Math.abs(mass - memberMass) < 1e-6 * mass);
  doc.pieces.forEach((p, i) => assert.equal(p.index, i));
});

test('fracture is deterministic for a seed', () => {
  const spec = validateShot({ schema: 'aftermath.shot/1', elements: [{ building: { fragments: 200, floors: 3 } }] });
  const run = () => JSON.stringify(fractureScene(buildScene(spec, { rng: createRng(9) }), { ...ctx, rng: createRng(9) }));
  assert.equal(run(), run());
});

test('every facade type fractures with volume conserved and one connected bond graph', async () => {
  const { FACADE_TYPES } = await import('../spec/schema.js');
  const { bondComponents } = await import('./summarize-fracture.js');
  for (const facade of FACADE_TYPES) {
    const spec = validateShot({
      schema: 'aftermath.shot/1',
      elements: [{ building: { facade, floors: 3, balconies: true, fragments: 600 } }],
    });
    const doc = fractureScene(buildScene(spec, { rng: createRng(4) }), ctx);
    assert.ok(Math.abs(doc.pieceVolumeM3 - doc.memberVolumeM3) / doc.memberVolumeM3 < 1e-6, facade);
    assert.equal(bondComponents(doc), 1, `${facade}: the intact building's bond graph is not connected`);
    assert.ok(doc.bonds.every((b) => b.a < b.b && b.areaM2 > 0 && b.strengthN > 0));
    if (facade === 'curtain-glass') {
      const glass = doc.pieces.filter((p) => p.kind === 'glass');
      const panes = new Set(glass.map((p) => p.memberId)).size;
      assert.ok(glass.length / panes >= 3, `glass breaks into ${glass.length / panes} shards per pane`);
    }
  }
});

test('piecesPerMember fixes counts; the clustered pattern crowds pieces at the initiation storey', () => {
  const fixed = validateShot({ schema: 'aftermath.shot/1', elements: [{ building: { floors: 2, piecesPerMember: { slab: 7, column: 3 } } }] });
  const doc = fractureScene(buildScene(fixed, { rng: createRng(1) }), ctx);
  const perMember = new Map<string, number>();
  for (const p of doc.pieces) perMember.set(p.memberId, (perMember.get(p.memberId) ?? 0) + 1);
  for (const [id, n] of perMember) {
    if (id.includes('/slab/')) assert.equal(n, 7);
    if (id.includes('/column/')) assert.equal(n, 3);
  }
  const clustered = validateShot({
    schema: 'aftermath.shot/1',
    elements: [{ building: { floors: 8, fracturePattern: 'clustered', fragments: 1500 } }, { collapse: { target: 'tower', initiationFloor: 2 } }],
  });
  const cdoc = fractureScene(buildScene(clustered, { rng: createRng(1) }), ctx);
  const slabMean = (storey: number) => {
    const s = cdoc.pieces.filter((p) => p.kind === 'slab' && p.storey === storey);
    return s.reduce((v, p) => v + p.volumeM3, 0) / s.length;
  };
  assert.ok(slabMean(2) < slabMean(8) * 0.6, `slab pieces near the initiation ${slabMean(2)} vs top ${slabMean(8)}`);
});
