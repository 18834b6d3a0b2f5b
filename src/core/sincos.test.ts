import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sincos } from './sincos.js';

test('sincos matches Math.sin and Math.cos within 1e-11 up to |x| = 1e4, quadrant by quadrant', () => {
  const out = new Float64Array(2);
  let worst = 0;
  for (let i = -200000; i <= 200000; i++) {
    const x = i * 0.0500137 + (i % 7) * 1e-3;
    sincos(x, out, 0);
    worst = Math.max(worst, Math.abs(out[0] - Math.sin(x)), Math.abs(out[1] - Math.cos(x)));
  }
  for (const x of [0, Math.PI / 4, Math.PI / 2, -Math.PI / 2, Math.PI, 3 * Math.PI / 2, 1e4, -1e4]) {
    sincos(x, out, 0);
    worst = Math.max(worst, Math.abs(out[0] - Math.sin(x)), Math.abs(out[1] - Math.cos(x)));
  }
  assert.ok(worst < 1e-11, `worst error ${worst}`);
});
