import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cubePiece } from './cube-piece.js';
import { PhysicsWorld } from './physics-world.js';
import { RestFreezer } from './rest-freezer.js';
import { FLOATS_PER_PIECE } from './sim-cache.js';

const cube = cubePiece;

const dtS = 1 / 120;

function run(world: PhysicsWorld, freezer: RestFreezer, steps: number, each?: (step: number) => void): void {
  const load = new Float64Array(2);
  for (let s = 0; s < steps; s++) {
    world.step(load);
    freezer.afterStep(load);
    each?.(s);
  }
}

function centreY(world: PhysicsWorld, piece: number, count: number): number {
  const state = new Float32Array(count * FLOATS_PER_PIECE);
  world.readState(state);
  return state[piece * FLOATS_PER_PIECE + 1];
}

test('rest freezer: a settled piece is frozen, a piece landing on it wakes it and comes to rest on top', async () => {
  const pieces = [cube(0, [0, 0.6, 0]), cube(1, [0.1, 6, 0])];
  const world = await PhysicsWorld.create(pieces, dtS, 0);
  const freezer = new RestFreezer(world, pieces, dtS);
  const [lower] = world.regroup([[0]]);
  run(world, freezer, 120);
  assert.ok(freezer.isFrozen(lower), 'the resting cube is frozen after 1 s');
  const frozenY = centreY(world, 0, 2);
  run(world, freezer, 60);
  assert.equal(centreY(world, 0, 2), frozenY, 'a frozen cube does not move');
  const [upper] = world.regroup([[1]]);
  let wokeAt = -1;
  run(world, freezer, 360, (s) => {
    if (wokeAt < 0 && !freezer.isFrozen(lower)) wokeAt = s;
  });
  assert.ok(wokeAt >= 0 && freezer.stats.thawed >= 1, 'the landing cube woke the frozen one');
  const lowY = centreY(world, 0, 2);
  const highY = centreY(world, 1, 2);
  assert.ok(Math.abs(lowY - 0.5) < 0.02, `lower cube rests on the ground (centre ${lowY.toFixed(3)} m)`);
  assert.ok(Math.abs(highY - 1.5) < 0.03, `upper cube rests on the lower one (centre ${highY.toFixed(3)} m)`);
  assert.ok(freezer.isFrozen(upper) && freezer.isFrozen(lower), 'both settle and freeze again');
  world.free();
});

test('rest freezer: a frozen piece whose support is knocked away wakes and falls to the ground', async () => {
  const pieces = [cube(0, [0, 0.5, 0]), cube(1, [0, 1.5, 0])];
  const world = await PhysicsWorld.create(pieces, dtS, 0);
  const freezer = new RestFreezer(world, pieces, dtS);
  const [support, top] = world.regroup([[0], [1]]);
  run(world, freezer, 120);
  assert.ok(freezer.isFrozen(support) && freezer.isFrozen(top), 'the stack froze');
  world.addProjectile(20000, 0.5, [-4, 0.5, 0], [25, 0, 0]);
  run(world, freezer, 480);
  const supportX = new Float32Array(2 * FLOATS_PER_PIECE);
  world.readState(supportX);
  assert.ok(supportX[0] > 1.5, `the support was knocked away (x = ${supportX[0].toFixed(2)} m)`);
  const topY = supportX[FLOATS_PER_PIECE + 1];
  assert.ok(topY < 1.0, `the top cube fell (centre ${topY.toFixed(3)} m), it was not left floating`);
  assert.ok(topY > 0.45, `and it is not below the ground (centre ${topY.toFixed(3)} m)`);
  world.free();
});
