import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { validateShot } from '../spec/validate-spec.js';
import { FACADE_TYPES } from '../spec/schema.js';
import { buildBuilding } from './build-building.js';
import type { Member } from './scene-doc.js';

function overlapVolume(a: Member, b: Member): number {
  let v = 1;
  for (let k = 0; k < 3; k++) {
    const lo = Math.max(a.centerM[k] - a.sizeM[k] / 2, b.centerM[k] - b.sizeM[k] / 2);
    const hi = Math.min(a.centerM[k] + a.sizeM[k] / 2, b.centerM[k] + b.sizeM[k] / 2);
    v *= Math.max(0, hi - lo);
  }
  return v;
}

for (const facade of FACADE_TYPES) {
  test(`${facade}: members are closed boxes that never interpenetrate, with balconies, parapet and roof plant`, () => {
    const spec = validateShot({ schema: 'aftermath.shot/1', elements: [{ building: { facade, balconies: true, floors: 4, groundFloorHeightM: 4.5 } }] });
    const b = buildBuilding((spec.elements[0] as { building: never }).building, createRng(2));
    const kinds = new Set(b.members.map((m) => m.kind));
    for (const k of ['slab', 'column', 'partition', 'balcony', 'parapet', 'roof-unit']) assert.ok(kinds.has(k as never), `no ${k}`);
    if (facade === 'curtain-glass') assert.ok(kinds.has('glass') && kinds.has('mullion'));
    for (let i = 0; i < b.members.length; i++) {
      const m = b.members[i];
      assert.ok(m.sizeM.every((s) => s > 0), `${m.id} has a zero size`);
      for (let j = i + 1; j < b.members.length; j++) {
        const v = overlapVolume(m, b.members[j]);
        assert.ok(v < 1e-6, `${m.id} overlaps ${b.members[j].id} by ${v} m3`);
      }
    }
    assert.ok(Math.abs(b.heightM - (4.5 + 3 * 3.5)) < 1e-9);
  });
}

test('two seeds give two different buildings of the same type', () => {
  const spec = validateShot({ schema: 'aftermath.shot/1', elements: [{ building: { floors: 3 } }] });
  const bspec = (spec.elements[0] as { building: never }).building;
  assert.notDeepEqual(buildBuilding(bspec, createRng(1)).members, buildBuilding(bspec, createRng(2)).members);
  assert.deepEqual(buildBuilding(bspec, createRng(1)).members, buildBuilding(bspec, createRng(1)).members);
});
