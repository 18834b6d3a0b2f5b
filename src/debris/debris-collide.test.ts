import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundsOfBoxes } from '../simulate/piece-bounds.js';
import type { PieceBounds } from '../simulate/piece-bounds.js';
import { GROUND_FACE, HIT_ENTER, HIT_INSIDE, HIT_NONE, createHit, faceId, sweepHit, timeOfImpact } from './debris-collide.js';

const boxes = (list: number[][]): PieceBounds => boundsOfBoxes(list);

test('time of impact is the exact first root of the quadratic path (1e-12 s)', () => {
  // Fall from 1 m at 2 m/s down under g: 1 − 2τ − 4.905τ² = 0.
  const tau = timeOfImpact(1, -2, -9.81, 1);
  assert.ok(Math.abs(tau - (-2 + Math.sqrt(4 + 2 * 9.81)) / 9.81) < 1e-12, `${tau}`);
  // Linear, already touching, and a root past T (roundoff: clamped to T).
  assert.ok(Math.abs(timeOfImpact(0.5, -2, 0, 1) - 0.25) < 1e-15);
  assert.equal(timeOfImpact(0, -1, -9.81, 0.01), 0);
  assert.equal(timeOfImpact(1e-3, -0.1, 0, 0.01), 0.01);
});

test('sweeps find the ground, the first box face on the way (no tunnelling), and push out through the nearest face or over a pile', () => {
  const hit = createHit();
  const r = 0.05;
  sweepHit(null, 0, 1, 0, 0, -1, 0, r, hit);
  assert.equal(hit.kind, HIT_ENTER);
  assert.equal(hit.face, GROUND_FACE);
  assert.ok(Math.abs(hit.t - 0.95 / 2) < 1e-12 && hit.plane === r);
  // A thin slab crossed within one move: its top face, not beyond.
  const slab = boxes([[-1, 2, -1, 1, 2.02, 1], [-1, 0, -1, 1, 0.5, 1]]);
  sweepHit(slab, 0.2, 3, 0.1, 0.2, 1, 0.1, r, hit);
  assert.equal(hit.kind, HIT_ENTER);
  assert.equal(hit.face, faceId(0, 1, 1));
  assert.ok(Math.abs(hit.plane - (2.02 + r)) < 1e-6, `${hit.plane}`);
  // Moving sideways into a box's side.
  sweepHit(slab, -2, 0.3, 0, -0.5, 0.3, 0, r, hit);
  assert.equal(hit.face, faceId(1, 0, -1));
  assert.ok(Math.abs(hit.plane - (-1 - r)) < 1e-6);
  // Clear of everything.
  sweepHit(slab, 5, 3, 5, 5.5, 2.9, 5, r, hit);
  assert.equal(hit.kind, HIT_NONE);
  // Inside near the side: out through it; inside a stack where that face is in a neighbour: over the pile.
  const pile = boxes([[0, 0, 0, 2, 1, 2], [2, 0, 0, 4, 1, 2], [1, 1, 0, 3, 1.6, 2]]);
  sweepHit(pile, 0.1, 0.5, 1, 0.1, 0.49, 1, r, hit);
  assert.equal(hit.kind, HIT_INSIDE);
  assert.deepEqual([hit.axis, hit.sign, hit.plane], [0, -1, -r]);
  sweepHit(pile, 1.95, 0.95, 1, 1.95, 0.94, 1, r, hit);
  assert.equal(hit.kind, HIT_INSIDE);
  assert.equal(hit.axis, 1);
  assert.ok(Math.abs(hit.plane - (1.6 + r)) < 1e-6, `pushed to ${hit.plane}`);
});
