import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DustEmission } from './dust-emission.js';
import { DUST_G_PER_KG } from './dust-plan.js';
import type { DustPlan } from './dust-plan.js';
import type { Piece } from '../fracture/fractured-doc.js';
import type { SimEvent } from '../simulate/sim-cache.js';

function plan(amount: number, surgeDistanceM = 30): DustPlan {
  return {
    box: { originM: [-50, 0, -50], cellM: 0.8, dims: [125, 60, 125] },
    look: { albedo: [0.58, 0.57, 0.55], massExtinctionM2PerG: 0.6 },
    sourceIds: ['tower'],
    amount,
    surgeDistanceM,
    debris: 1,
    maxDebris: 1000,
    footprint: { minX: -12, maxX: 12, minZ: -8, maxZ: 8, heightM: 35 },
  };
}

const pieces = Array.from({ length: 40 }, (_, i) => ({ index: i, buildingId: i < 30 ? 'tower' : 'other', massKg: 1000 + i * 10 }) as unknown as Piece);

function event(i: number, type: SimEvent['type'], y: number): SimEvent {
  return { timeS: 1 + i * 0.05, type, pieceIndex: i, otherIndex: type === 'bond_break' ? i + 1 : -1, positionM: [i - 20, y, 0], normal: [0, -1, 0], energyJ: 1000 * (i + 1), forceN: 1e5, materials: ['concrete'] };
}
const events: SimEvent[] = [
  ...Array.from({ length: 10 }, (_, i) => event(i, 'bond_break', 20)),
  ...Array.from({ length: 10 }, (_, i) => event(i + 10, 'impact', 1)),
  event(35, 'impact', 1), // a piece of another building: no dust from this source
];

function drain(e: DustEmission) {
  return e.eventsBetween(-Infinity, 100);
}

test('the dust released equals amount × DUST_G_PER_KG × mass of the source pieces involved, split between puffs and the surge', () => {
  const e = new DustEmission(plan(1), pieces, events);
  const involved = new Set<number>();
  for (const ev of events) for (const i of [ev.pieceIndex, ev.otherIndex]) if (i >= 0 && i < 30) involved.add(i);
  const kg = [...involved].reduce((s, i) => s + pieces[i].massKg, 0);
  assert.ok(Math.abs(e.totalMassG - DUST_G_PER_KG * kg) < 1e-9);
  const released = drain(e).reduce((s, src) => s + src.massG, 0);
  assert.ok(Math.abs(released - e.totalMassG) / e.totalMassG < 1e-9, `${released} vs ${e.totalMassG}`);
});

test('amount scales the dust linearly; low impacts feed a surge that moves outwards along the ground', () => {
  const one = new DustEmission(plan(1), pieces, events);
  const three = new DustEmission(plan(3), pieces, events);
  assert.ok(Math.abs(three.totalMassG - 3 * one.totalMassG) < 1e-6);
  const sources = drain(one);
  const surge = sources.filter((s) => s.centerM[1] < 2 && Math.hypot(s.velocityMps[0], s.velocityMps[2]) > 5);
  assert.ok(surge.length >= 8, `surge sources: ${surge.length}`);
  for (const s of surge) {
    const out = s.centerM[0] * s.velocityMps[0] + s.centerM[2] * s.velocityMps[2];
    assert.ok(out > 0, 'the surge moves away from the footprint');
  }
  const noSurge = drain(new DustEmission(plan(1, 0), pieces, events));
  assert.equal(noSurge.filter((s) => s.centerM[1] < 2 && Math.hypot(s.velocityMps[0], s.velocityMps[2]) > 5).length, 0);
});

test('each event is emitted once, in its frame, and the same inputs give the same sources', () => {
  const e = new DustEmission(plan(1), pieces, events);
  const before = e.eventsBetween(-Infinity, 0.99);
  assert.equal(before.length, 0);
  const frames: number[] = [];
  let total = 0;
  for (let f = 24; f < 48; f++) {
    const s = e.eventsBetween((f - 1) / 24, f / 24);
    frames.push(s.length);
    total += s.reduce((m, x) => m + x.massG, 0);
  }
  assert.ok(Math.abs(total - e.totalMassG) / e.totalMassG < 1e-9);
  assert.equal(e.eventsBetween(0, 100).length, 0, 'nothing is emitted twice');
  assert.deepEqual(drain(new DustEmission(plan(1), pieces, events)), drain(new DustEmission(plan(1), pieces, events)));
});

test('fast source pieces trail dust in proportion to the distance they travel', () => {
  const e = new DustEmission(plan(1), pieces, events);
  const poses = new Float32Array(40 * 13);
  poses[0 * 13 + 8] = -20; // piece 0 falls at 20 m/s
  poses[1 * 13 + 8] = -6; // too slow
  poses[35 * 13 + 8] = -30; // another building's piece
  const trails = e.trailsAt(poses, 1 / 24);
  assert.equal(trails.length, 1);
  assert.ok(Math.abs(trails[0].massG - 8 * 20 / 24) < 1e-9);
});
