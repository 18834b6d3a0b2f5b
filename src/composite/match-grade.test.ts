import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { IDENTITY_GRADE, applyMatchGrade, measureStats, planMatchGrade } from './match-grade.js';

/** Random linear colours: a grey ramp with a tint and some saturation. */
function pixels(n: number, seed: number, lo: number, hi: number, tint: [number, number, number], sat: number): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const y = lo + (hi - lo) * rng.next();
    const hue = [rng.next(), rng.next(), rng.next()];
    const m = (hue[0] + hue[1] + hue[2]) / 3;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.max(0, y * tint[c] * (1 + sat * (hue[c] - m)));
    out[i * 4 + 3] = 1;
  }
  return out;
}

const all = () => 1;

test('the grade maps the CG\'s black and white points, white balance and saturation to the plate\'s', () => {
  const n = 20000;
  // The plate: warm, low-contrast, quite saturated footage.
  const plate = pixels(n, 1, 0.03, 0.7, [1.15, 1, 0.8], 0.8);
  // The CG: neutral, contrasty, dull.
  const cg = pixels(n, 2, 0.005, 1.4, [1, 1, 1], 0.5);
  const target = measureStats(plate, all, n);
  const grade = planMatchGrade({ rgba: cg, pixelCount: n, weight: all, premultiplied: false }, target);
  applyMatchGrade(cg, n, grade);
  const got = measureStats(cg, all, n);
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  assert.ok(rel(got.black, target.black) < 0.1, `black ${got.black} vs ${target.black}`);
  assert.ok(rel(got.white, target.white) < 0.03, `white ${got.white} vs ${target.white}`);
  const chroma = (s: typeof got) => s.mean.map((m) => m / (0.2126 * s.mean[0] + 0.7152 * s.mean[1] + 0.0722 * s.mean[2]));
  chroma(got).forEach((v, c) => assert.ok(Math.abs(v - chroma(target)[c]) < 0.02, `chromaticity ${chroma(got)} vs ${chroma(target)}`));
  assert.ok(rel(got.saturation, target.saturation) < 0.05, `saturation ${got.saturation} vs ${target.saturation}`);
});

test('a CG that already matches gets (almost) the identity; nothing to measure gives exactly the identity', () => {
  const n = 5000;
  const plate = pixels(n, 3, 0.02, 0.9, [1, 1, 1], 0.5);
  const grade = planMatchGrade({ rgba: new Float32Array(plate), pixelCount: n, weight: all, premultiplied: false }, measureStats(plate, all, n));
  assert.ok(Math.abs(grade.gain - 1) < 1e-9 && Math.abs(grade.offset) < 1e-9 && Math.abs(grade.saturation - 1) < 1e-9);
  grade.channel.forEach((g) => assert.ok(Math.abs(g - 1) < 1e-9));
  assert.equal(planMatchGrade({ rgba: plate, pixelCount: n, weight: () => 0, premultiplied: false }, measureStats(plate, all, n)), IDENTITY_GRADE);
});

test('premultiplied CG is graded unpremultiplied and keeps its alpha; weight 0 leaves a pixel alone', () => {
  const rgba = Float32Array.from([0.1, 0.1, 0.1, 0.5, 0.2, 0.2, 0.2, 0.5]);
  applyMatchGrade(rgba, 2, { gain: 2, offset: 0, channel: [1, 1, 1], saturation: 1 }, (i) => (i === 0 ? 1 : 0));
  assert.deepEqual(Array.from(rgba), [0.2, 0.2, 0.2, 0.5, 0.2, 0.2, 0.2, 0.5].map((v) => Math.fround(v)));
});
