import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PhysicsWorld } from './physics-world.js';
import { cubePiece } from './cube-piece.js';
import { FLOATS_PER_PIECE } from './sim-cache.js';

const cube = (index: number, y: number) => cubePiece(index, [index * 3, y, 0]);

test('free fall: a released 1 m cube from 20 m lands after sqrt(2h/g) within 1%', async () => {
  const dtS = 1 / 240;
  const world = await PhysicsWorld.create([cube(0, 20.5)], dtS, 0);
  const load = new Float64Array(1);
  const state = new Float32Array(FLOATS_PER_PIECE);
  world.regroup([[0]]);
  let steps = 0;
  let touchS = NaN;
  while (steps < 2000) {
    world.step(load);
    steps++;
    world.readState(state);
    if (state[1] - 0.5 <= 0.001) {
      touchS = steps * dtS;
      break;
    }
  }
  world.free();
  const expected = Math.sqrt((2 * 20) / 9.81);
  assert.ok(Math.abs(touchS - expected) / expected < 0.01, `landed at ${touchS.toFixed(4)} s, expected ${expected.toFixed(4)} s`);
});

test('fixed pieces stay exactly still; a resting piece does not sink through the ground', async () => {
  const world = await PhysicsWorld.create([cube(0, 5), cube(1, 0.5)], 1 / 120, 0);
  const load = new Float64Array(2);
  const state = new Float32Array(2 * FLOATS_PER_PIECE);
  world.regroup([[1]]);
  for (let i = 0; i < 600; i++) world.step(load);
  world.readState(state);
  world.free();
  assert.equal(state[1], 5, 'fixed piece moved');
  const restingBottom = state[FLOATS_PER_PIECE + 1] - 0.5;
  assert.ok(restingBottom > -0.02 && restingBottom < 0.02, `resting piece bottom at ${restingBottom}`);
});

test('clusters fall as one rigid body and split into parts that keep their motion', async () => {
  const world = await PhysicsWorld.create([cube(0, 10), cube(1, 10)], 1 / 120, 0);
  const load = new Float64Array(2);
  const state = new Float32Array(2 * FLOATS_PER_PIECE);
  const [id] = world.regroup([[0, 1]]);
  assert.deepEqual(world.clusterPieces(id), [0, 1]);
  for (let i = 0; i < 60; i++) world.step(load);
  world.readState(state);
  assert.ok(Math.abs(state[1] - state[FLOATS_PER_PIECE + 1]) < 1e-4, 'cluster pieces fell together');
  const vBefore = state[8];
  assert.ok(vBefore < -4, `falling at ${vBefore} m/s`);
  world.regroup([[0], [1]]);
  world.readState(state);
  assert.ok(Math.abs(state[8] - vBefore) < 1e-3, 'velocity kept through the split');
  assert.notEqual(world.clusterOf(0), world.clusterOf(1));
  assert.equal(world.isFixed(0), false);
  world.free();
});

test('split keeps the largest part on its body and every part on the rigid motion it had', async () => {
  const world = await PhysicsWorld.create([cube(0, 50), cube(1, 50), cube(2, 50)], 1 / 120, 0);
  const load = new Float64Array(3);
  const state = new Float32Array(3 * FLOATS_PER_PIECE);
  // Three cubes in a row at x = 0, 3, 6 spinning at 1 rad/s about z through their centre.
  const [id] = world.regroup([[0, 1, 2]], () => ({ v: [0, 0, 0], w: [0, 0, 1] }));
  world.step(load);
  world.readState(state);
  const before = [0, 1, 2].map((i) => state[i * FLOATS_PER_PIECE + 8]);
  const ids = world.split(id, [[0, 1], [2]], 'cluster');
  assert.equal(ids[0], id, 'the larger part stays on the cluster');
  assert.notEqual(ids[1], id);
  world.step(load);
  world.readState(state);
  for (const i of [0, 1, 2]) {
    const expected = before[i] - 9.81 / 120;
    const got = state[i * FLOATS_PER_PIECE + 8];
    assert.ok(Math.abs(got - expected) < 0.03, `piece ${i}: vy ${got.toFixed(3)} m/s, expected ${expected.toFixed(3)}`);
  }
  world.free();
});
