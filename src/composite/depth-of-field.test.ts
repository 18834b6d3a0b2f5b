import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDepthOfField, cocPixels } from './depth-of-field.js';

const lens = { focalMm: 50, sensorWidthMm: 36, fStop: 2, focusDistanceM: 5 };

test('circle of confusion: zero at the focus distance, growing away from it', () => {
  assert.ok(cocPixels(5, lens, 1920) < 1e-9);
  assert.ok(cocPixels(50, lens, 1920) > cocPixels(10, lens, 1920));
  assert.ok(cocPixels(2, lens, 1920) > 10);
  // 50 mm f/2 focused at 5 m: a point at infinity blurs to f²/(N (zf − f)) on the sensor.
  const expectedMm = (50 * 50) / (2 * (5000 - 50));
  assert.ok(Math.abs(cocPixels(1e9, lens, 1920) - (expectedMm / 36) * 1920) < 0.01);
});

test('in-focus pixels stay sharp, out-of-focus ones blur', () => {
  const w = 64;
  const h = 32;
  const rgba = new Float32Array(w * h * 4);
  const depth = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = (x + y) % 2;
      rgba.set([v, v, v, 1], (y * w + x) * 4);
      depth[y * w + x] = x < w / 2 ? 5 : 100; // left half in focus, right half far
    }
  }
  // A 2 mm wide sensor on a 64 px image: blur discs of several pixels.
  const out = applyDepthOfField(rgba, depth, w, h, { ...lens, sensorWidthMm: 2 });
  const contrast = (x0: number, x1: number) => {
    let lo = 1;
    let hi = 0;
    for (let y = 8; y < 24; y++) for (let x = x0; x < x1; x++) (lo = Math.min(lo, out[(y * w + x) * 4])), (hi = Math.max(hi, out[(y * w + x) * 4]));
    return hi - lo;
  };
  assert.equal(contrast(4, 24), 1, 'the in-focus checkerboard kept its contrast');
  assert.ok(contrast(44, 60) < 0.5, `the far checkerboard should blur: contrast ${contrast(44, 60)}`);
});
