import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dilateMask, pullPushFill } from './fill-hole.js';

test('pull-push fill: known pixels unchanged, a hole in a gradient is filled close to the gradient', () => {
  const w = 64;
  const h = 32;
  const img = new Float32Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.set([x / w, y / h, 0.5, 1], (y * w + x) * 4);
  const mask = new Uint8Array(w * h);
  for (let y = 10; y < 22; y++) for (let x = 20; x < 40; x++) mask[y * w + x] = 1;
  const holed = new Float32Array(img);
  for (let i = 0; i < w * h; i++) if (mask[i]) holed.set([9, 9, 9, 9], i * 4);
  const out = pullPushFill(holed, mask, w, h);
  let worst = 0;
  for (let i = 0; i < w * h; i++) {
    if (!mask[i]) assert.equal(out[i * 4], img[i * 4]);
    else worst = Math.max(worst, Math.abs(out[i * 4] - img[i * 4]), Math.abs(out[i * 4 + 1] - img[i * 4 + 1]));
  }
  assert.ok(worst < 0.15, `fill is off by ${worst}`);
  assert.ok(out.every(Number.isFinite));
});

test('dilateMask grows a pixel into a square', () => {
  const m = new Uint8Array(25);
  m[12] = 1;
  assert.equal(dilateMask(m, 5, 5, 1).reduce((s, v) => s + v, 0), 9);
});
