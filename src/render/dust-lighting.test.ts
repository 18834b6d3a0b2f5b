import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DustLook, DustVolumeFrame } from '../dust/dust-frame.js';
import { doubleGrid, halveGrid, lightDust, opticalDepthTowards, packDustTexels } from './dust-lighting.js';

const look: DustLook = { albedo: [0.55, 0.55, 0.55], massExtinctionM2PerG: 0.5 };

function grid(dims: [number, number, number], density: (i: number, j: number, k: number) => number): DustVolumeFrame {
  const rho = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) rho[i + dims[0] * (j + dims[1] * k)] = density(i, j, k);
  return { originM: [0, 0, 0], cellM: 0.5, dims, densityGPerM3: rho };
}
const at = (f: DustVolumeFrame, i: number, j: number, k: number) => i + f.dims[0] * (j + f.dims[1] * k);

test('an empty grid is lit everywhere: sun transmittance and sky visibility 1', () => {
  const f = grid([8, 6, 5], () => 0);
  const lit = lightDust(f, look, [0.3, 0.8, -0.52]);
  assert.ok(lit.sunTransmittance.every((t) => t === 1));
  assert.ok(lit.skyVisibility.every((t) => t === 1));
  assert.equal(lit.densityMaxGPerM3, 0);
});

test('under a uniform slab, the sun transmittance is exp(−τ) of the slant path (overhead and oblique sun)', () => {
  // Slab: rows j = 10..13 (2 m thick), ρ = 0.8 g/m³ → σ = 0.4 /m, vertical τ = 0.8.
  const f = grid([24, 20, 24], (_i, j) => (j >= 10 && j <= 13 ? 0.8 : 0));
  const vertical = 0.4 * 2;
  for (const sun of [[0, 1, 0], [0.5, Math.sqrt(0.75), 0], [0.3, 0.9, -0.2]]) {
    const len = Math.hypot(sun[0], sun[1], sun[2]);
    const tau = vertical / (sun[1] / len);
    const lit = lightDust(f, look, sun);
    // Away from the grid's sides, the cell below the slab and the ground row.
    for (const j of [9, 4, 0]) {
      const t = lit.sunTransmittance[at(f, 12, j, 12)];
      assert.ok(Math.abs(t / Math.exp(-tau) - 1) < 0.03, `sun ${sun}, row ${j}: ${t} vs ${Math.exp(-tau)}`);
    }
    // Above the slab (towards the sun) nothing shadows.
    assert.equal(lit.sunTransmittance[at(f, 12, 16, 12)], 1);
  }
});

test('cells upwind of a cloud (towards the sun) are fully lit; the far side is shadowed', () => {
  // A ball of dust in the middle; the sun low in +x.
  const f = grid([30, 16, 16], (i, j, k) => (Math.hypot(i - 15, j - 8, k - 8) < 5 ? 4 : 0));
  const lit = lightDust(f, look, [1, 0.1, 0]);
  for (let i = 21; i < 30; i++) assert.equal(lit.sunTransmittance[at(f, i, 8, 8)], 1, `cell ${i} towards the sun`);
  assert.ok(lit.sunTransmittance[at(f, 5, 8, 8)] < 0.01, 'behind the ball (away from the sun) is dark');
  // The sun-facing surface of the ball is brighter than its far side.
  assert.ok(lit.sunTransmittance[at(f, 19, 8, 8)] > 10 * lit.sunTransmittance[at(f, 11, 8, 8)]);
  // The sky sees the ball's top better than its underside.
  assert.ok(lit.skyVisibility[at(f, 15, 12, 8)] > lit.skyVisibility[at(f, 15, 4, 8)] + 0.3);
});

test('the sweep works for every dominant axis and sign (negative z sun matches the mirrored grid)', () => {
  const f = grid([10, 10, 10], (i, j, k) => (i + 2 * j + 3 * k) % 7 === 0 ? 1 : 0.1);
  const sigma = Float32Array.from(f.densityGPerM3, (r) => r * look.massExtinctionM2PerG);
  const a = opticalDepthTowards(sigma, f, [0.2, -0.1, -1]);
  // Mirror z: cell k ↔ 9 − k, direction z flips.
  const mirrored = new Float32Array(sigma.length);
  for (let k = 0; k < 10; k++) for (let j = 0; j < 10; j++) for (let i = 0; i < 10; i++) mirrored[at(f, i, j, 9 - k)] = sigma[at(f, i, j, k)];
  const b = opticalDepthTowards(mirrored, f, [0.2, -0.1, 1]);
  for (let k = 0; k < 10; k++) for (let j = 0; j < 10; j++) for (let i = 0; i < 10; i++) assert.ok(Math.abs(a[at(f, i, j, k)] - b[at(f, i, j, 9 - k)]) < 1e-5);
});

test('texels: density in 16 bits over R and A, G the fourth root of the sun transmittance, B the sky', () => {
  const f = grid([4, 1, 1], (i) => [0, 0.01, 1, 4][i]);
  const lit = { sunTransmittance: Float32Array.of(1, 0.5, 0.0625, 0), skyVisibility: Float32Array.of(1, 0.5, 0.25, 0), densityMaxGPerM3: 4 };
  const px = packDustTexels(f, lit);
  const decode = (i: number) => ((px[i * 4] * 256 + px[i * 4 + 3]) / 65535) ** 2 * 4;
  for (let i = 0; i < 4; i++) assert.ok(Math.abs(decode(i) - f.densityGPerM3[i]) < 1e-4 + 1e-3 * f.densityGPerM3[i], `density ${i}: ${decode(i)}`);
  assert.deepEqual([px[1], px[5], px[9], px[13]], [255, Math.round(0.5 ** 0.25 * 255), 128, 0]);
  assert.deepEqual([px[2], px[6], px[10], px[14]], [255, 128, 64, 0]);
});

test('the half-resolution grid keeps the mean extinction; doubling it back is exact for a linear field', () => {
  const dims: [number, number, number] = [7, 6, 5];
  const f = grid(dims, (i, j, k) => 0.1 * i + 0.2 * j + 0.3 * k + 1);
  const half = halveGrid(f.densityGPerM3, f);
  assert.deepEqual(half.box.dims, [4, 3, 3]);
  assert.equal(half.box.cellM, 1);
  // An interior coarse cell is the mean of its 8 fine cells.
  const mean = [0, 1].flatMap((a) => [0, 1].flatMap((b) => [0, 1].map((c) => f.densityGPerM3[at(f, 2 + a, 2 + b, 2 + c)]))).reduce((s, v) => s + v) / 8;
  assert.ok(Math.abs(half.sigmaPerM[1 + 4 * (1 + 3 * 1)] - mean) < 1e-5);
  const lin = grid([8, 6, 4], (i, j, k) => 0.5 * i + j - 0.25 * k);
  const coarse = halveGrid(lin.densityGPerM3, lin);
  const back = doubleGrid(coarse.sigmaPerM, coarse.box.dims, lin.dims);
  // Away from the clamped edges, linear interpolation of a linear field is exact.
  for (const [i, j, k] of [[2, 2, 1], [3, 3, 2], [5, 2, 1], [4, 3, 2]]) assert.ok(Math.abs(back[i + 8 * (j + 6 * k)] - lin.densityGPerM3[i + 8 * (j + 6 * k)]) < 1e-5, `${i},${j},${k}`);
});
