import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acesFilm, srgbEncode, toDisplayRgb16, toDisplayRgb8 } from './display-transform.js';

test('the 8-bit lookup matches the exact curve within one level over 0..60 linear', () => {
  const n = 20000;
  const rgba = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = 60 * (i / n) ** 3;
  const out = toDisplayRgb8(rgba, n, 0);
  for (let i = 0; i < n; i++) {
    const exact = 255 * srgbEncode(acesFilm(rgba[i * 4]));
    assert.ok(Math.abs(out[i * 3] - exact) <= 1, `at ${rgba[i * 4]}: ${out[i * 3]} vs ${exact}`);
  }
  const o16 = toDisplayRgb16(rgba, n, 0);
  for (let i = 0; i < n; i += 97) assert.ok(Math.abs(o16[i * 3] / 257 - out[i * 3]) <= 1);
});

test('black stays black, exposure doubles light, and white saturates', () => {
  const px = Float32Array.from([0, 0, 0, 1, 0.18, 0.18, 0.18, 1, 1000, 1000, 1000, 1]);
  const a = toDisplayRgb8(px, 3, 0);
  const b = toDisplayRgb8(px, 3, 1);
  assert.equal(a[0], 0);
  assert.ok(b[3] > a[3]);
  assert.equal(a[6], 255);
});
