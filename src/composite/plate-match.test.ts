import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { addGrain, measurePlateNoise, shakeOffsetPx, shiftImage } from './plate-match.js';
import type { SimEvent } from '../simulate/sim-cache.js';

test('plate noise is measured close to the grain that was put in', () => {
  const w = 128;
  const h = 96;
  const rng = createRng(3);
  for (const sigma of [0.005, 0.02]) {
    const img = new Float32Array(w * h * 4);
    for (let i = 0; i < w * h; i++) {
      const g = Math.sqrt(-2 * Math.log(Math.max(1e-12, rng.next()))) * Math.cos(2 * Math.PI * rng.next()) * sigma;
      img.set([0.3 + g, 0.3 + g, 0.3 + g, 1], i * 4);
    }
    const measured = measurePlateNoise(img, w, h);
    assert.ok(Math.abs(measured - sigma) < 0.2 * sigma, `${measured} vs ${sigma}`);
  }
});

test('grain only touches CG pixels and is the same for the same seed', () => {
  const a = new Float32Array(16).fill(0.5);
  const b = new Float32Array(16).fill(0.5);
  const alpha = Float32Array.from([1, 0, 1, 0]);
  addGrain(a, alpha, 0.05, createRng(1));
  addGrain(b, alpha, 0.05, createRng(1));
  assert.deepEqual(a, b);
  assert.equal(a[4], 0.5);
  assert.notEqual(a[0], 0.5);
});

test('camera shake: none before an impact, a jolt after it that decays', () => {
  const hit: SimEvent = { timeS: 1, type: 'impact', pieceIndex: 3, otherIndex: -1, positionM: [0, 0, 0], normal: [0, -1, 0], energyJ: 5e7, forceN: 1e8, materials: ['concrete'] };
  const at = (t: number) => Math.hypot(...shakeOffsetPx([hit], t, [0, 2, 60], 1, 1920));
  assert.equal(at(0.9), 0);
  assert.ok(at(1.05) > 0.5, `jolt ${at(1.05)} px`);
  assert.ok(at(2.5) < at(1.05) / 5);
  const img = Float32Array.from({ length: 4 * 4 * 4 }, (_, i) => i);
  assert.equal(shiftImage(img, 4, 4, 0, 0), img);
});
