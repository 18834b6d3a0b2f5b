import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng, Rng } from './rng.js';

test('same seed gives the same sequence; another seed another one', () => {
  const a = createRng(7);
  const b = createRng(7);
  const c = createRng(8);
  const sa = Array.from({ length: 100 }, () => a.nextU32());
  assert.deepEqual(sa, Array.from({ length: 100 }, () => b.nextU32()));
  assert.notDeepEqual(sa, Array.from({ length: 100 }, () => c.nextU32()));
});

test('a stage generator depends only on the seed and the stage name', () => {
  const root = createRng(7);
  const x1 = root.derive('simulate').next();
  root.next();
  root.next();
  const x2 = createRng(7).derive('simulate').next();
  assert.equal(x1, x2);
  assert.notEqual(createRng(7).derive('scene').next(), createRng(7).derive('simulate').next());
});

test('state round-trips as plain data', () => {
  const a = createRng(3);
  a.next();
  const b = new Rng(JSON.parse(JSON.stringify(a.state())));
  assert.equal(a.next(), b.next());
});

test('next() is uniform in [0, 1): mean and bounds over 100k draws', () => {
  const r = createRng(1);
  let sum = 0;
  let min = 1;
  let max = 0;
  for (let i = 0; i < 100000; i++) {
    const v = r.next();
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.ok(Math.abs(sum / 100000 - 0.5) < 0.005);
  assert.ok(min >= 0 && max < 1);
});
