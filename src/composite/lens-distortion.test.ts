import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRemap, distortImage, distortPoint, remap, undistortImage, undistortPoint } from './lens-distortion.js';

const W = 400;
const H = 300;
const D = 250; // half of the 400 x 300 diagonal

test('zero coefficients are the identity, and the centre never moves', () => {
  const img = Float32Array.from({ length: W * H }, (_, i) => (i * 7919) % 101);
  assert.equal(distortImage(img, 1, W, H, { k1: 0, k2: 0 }), img);
  assert.equal(undistortImage(img, 1, W, H, { k1: 0, k2: 0 }), img);
  for (const k of [{ k1: -0.3, k2: 0.05 }, { k1: 0.2, k2: 0 }]) {
    assert.deepEqual(distortPoint(W / 2, H / 2, W, H, k), [W / 2, H / 2]);
    assert.deepEqual(undistortPoint(W / 2, H / 2, W, H, k), [W / 2, H / 2]);
  }
});

test('a known k1 moves a known point by the predicted amount; undistort inverts distort', () => {
  // The corner is at r = 1: with k1 = -0.1 it moves 10% of the half-diagonal (25 px) towards the centre.
  const [x, y] = distortPoint(W, H, W, H, { k1: -0.1, k2: 0 });
  assert.ok(Math.abs(x - (W / 2 + 200 * 0.9)) < 1e-9 && Math.abs(y - (H / 2 + 150 * 0.9)) < 1e-9, `${x}, ${y}`);
  assert.ok(Math.abs(Math.hypot(W - x, H - y) - 0.1 * D) < 1e-9);
  // Half-way out on the x axis (r = 0.5): r² = 0.25, r⁴ = 0.0625 → scale 1 + 0.2·0.25 − 0.1·0.0625.
  const [x2] = distortPoint(W / 2 + D / 2, H / 2, W, H, { k1: 0.2, k2: -0.1 });
  assert.ok(Math.abs(x2 - (W / 2 + (D / 2) * (1 + 0.05 - 0.00625))) < 1e-9);
  for (const [px, py] of [[10, 20], [390, 5], [123.4, 250.5]]) {
    const [dx, dy] = distortPoint(px, py, W, H, { k1: -0.25, k2: 0.04 });
    const [ux, uy] = undistortPoint(dx, dy, W, H, { k1: -0.25, k2: 0.04 });
    assert.ok(Math.hypot(ux - px, uy - py) < 1e-6, `round trip of (${px}, ${py}) is off by ${Math.hypot(ux - px, uy - py)}`);
  }
});

test('barrel distortion bends a straight CG edge like the plate: its middle stays, its ends move in', () => {
  // A vertical edge at x = 320 (undistorted): left of it 1, right of it 0.
  const img = new Float32Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) img[y * W + x] = x + 0.5 < 320 ? 1 : 0;
  const k = { k1: -0.1, k2: 0 };
  const out = distortImage(img, 1, W, H, k);
  const edgeAt = (y: number) => {
    let s = 0;
    for (let x = 0; x < W; x++) s += out[y * W + x];
    return s; // the edge's x position (sum of coverage left of it)
  };
  const predicted = (y: number) => {
    // Where the undistorted edge point (320, y_u) lands, for the row it lands on.
    let yu = y + 0.5;
    for (let i = 0; i < 30; i++) yu += y + 0.5 - distortPoint(320, yu, W, H, k)[1];
    return distortPoint(320, yu, W, H, k)[0];
  };
  for (const y of [0, 75, 150, 225, 299]) assert.ok(Math.abs(edgeAt(y) - predicted(y)) < 0.6, `row ${y}: edge at ${edgeAt(y).toFixed(2)}, predicted ${predicted(y).toFixed(2)}`);
  assert.ok(edgeAt(0) < edgeAt(150) - 3, 'the edge does not bow');
  // Undistorting the distorted image gives the straight edge back (away from the frame border).
  const back = remap(out, 1, createRemap(W, H, k, 'undistort'));
  for (const y of [50, 150, 250]) {
    let s = 0;
    for (let x = 0; x < W; x++) s += back[y * W + x];
    assert.ok(Math.abs(s - 320) < 0.6, `row ${y} after the round trip: ${s}`);
  }
});
