import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { patchMatchFill } from './patch-match.js';
import { detectSky, fillHole, pullPushFill } from './fill-hole.js';

/** A periodic texture (period 8 in x and y: bricks-like blocks and a sine), 3 channels. */
function periodic(w: number, h: number): Float32Array {
  const img = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const block = (Math.floor(x / 4) + Math.floor(y / 4)) % 2;
      const s = Math.sin((2 * Math.PI * x) / 8);
      img.set([0.3 + 0.4 * block + 0.1 * s, 0.5 + 0.2 * s, 0.2 + 0.3 * block], (y * w + x) * 3);
    }
  }
  return img;
}

function holeMask(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const m = new Uint8Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * w + x] = 1;
  return m;
}

function meanAbsError(a: Float32Array, b: Float32Array, mask: Uint8Array, C: number, stride = C): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    for (let c = 0; c < C; c++) s += Math.abs(a[i * stride + c] - b[i * stride + c]);
    n += C;
  }
  return s / n;
}

test('PatchMatch fills a hole in a periodic texture with the texture (low error against the truth), deterministically', () => {
  const w = 96;
  const h = 96;
  const truth = periodic(w, h);
  const mask = holeMask(w, h, 30, 34, 66, 70);
  const holed = new Float32Array(truth);
  for (let i = 0; i < w * h; i++) if (mask[i]) holed.set([0, 0, 0], i * 3);
  const out = patchMatchFill(holed, 3, mask, w, h, { rng: createRng(5) });
  for (let i = 0; i < w * h; i++) if (!mask[i]) assert.equal(out[i * 3], holed[i * 3], 'a known pixel changed');
  const err = meanAbsError(out, truth, mask, 3);
  // The smooth fill cannot make texture: its error is the texture's own contrast.
  const rgba = new Float32Array(w * h * 4);
  for (let i = 0; i < w * h; i++) rgba.set([holed[i * 3], holed[i * 3 + 1], holed[i * 3 + 2], 1], i * 4);
  const pp = pullPushFill(rgba, mask, w, h);
  const truth4 = new Float32Array(w * h * 4);
  for (let i = 0; i < w * h; i++) truth4.set([truth[i * 3], truth[i * 3 + 1], truth[i * 3 + 2], 1], i * 4);
  const ppErr = meanAbsError(pp, truth4, mask, 3, 4);
  assert.ok(err < 0.02, `PatchMatch error ${err.toFixed(4)} (pull-push ${ppErr.toFixed(4)})`);
  assert.ok(ppErr > 5 * err, `pull-push ${ppErr.toFixed(4)} vs PatchMatch ${err.toFixed(4)}`);
  const again = patchMatchFill(holed, 3, mask, w, h, { rng: createRng(5) });
  assert.deepEqual(again, out, 'same seed, same fill');
});

/**
 * A street: sky (a vertical gradient, darker blue at the top, with faint noise) over a row of
 * textured buildings whose roofline is at y = 100; a tall building (the hole) rises into the sky.
 */
function street(w: number, h: number, seed: number) {
  const rng = createRng(seed);
  const img = new Float32Array(w * h * 4);
  const skyTruth = (x: number, y: number): [number, number, number] => {
    const t = y / h;
    return [0.25 + 0.45 * t, 0.4 + 0.4 * t + 0.02 * (x / w), 0.75 + 0.2 * t];
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (y < 100) {
        const n = (rng.next() - 0.5) * 0.01;
        const [r, g, b] = skyTruth(x, y);
        img.set([r + n, g + n, b + n, 1], i * 4);
      } else {
        const win = x % 12 < 6 && y % 14 < 8 ? 0.05 : 0.3;
        const v = win + (rng.next() - 0.5) * 0.05;
        img.set([v * 1.1, v, v * 0.9, 1], i * 4);
      }
    }
  }
  return { img, skyTruth };
}

test('sky is continued above the skyline: a smooth gradient where the tall building stood, texture below the roofline', () => {
  const w = 200;
  const h = 150;
  const { img, skyTruth } = street(w, h, 3);
  const mask = holeMask(w, h, 80, 20, 124, 150);
  const report = { skyPixels: 0, texturePixels: 0 };
  const out = fillHole(img, mask, w, h, { rng: createRng(9) }, report);
  // Everything above the neighbours' roofline (y < 100, less the last sky row, which the
  // roofline's edge makes unsmooth) inside the hole is sky, the rest texture.
  assert.ok(report.skyPixels >= 44 * 78 && report.skyPixels <= 44 * 80, `sky pixels ${report.skyPixels}`);
  assert.equal(report.skyPixels + report.texturePixels, 44 * 130);
  let worst = 0;
  let bumpiest = 0;
  for (let y = 20; y < 98; y++) {
    for (let x = 80; x < 124; x++) {
      const i = y * w + x;
      const t = skyTruth(x, y);
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(out[i * 4 + c] - t[c]));
      if (y > 21 && y < 97) {
        // Second difference down the column: a gradient is smooth (the noise is ±0.005).
        const d2 = out[(i - w) * 4 + 1] - 2 * out[i * 4 + 1] + out[(i + w) * 4 + 1];
        bumpiest = Math.max(bumpiest, Math.abs(d2));
      }
    }
  }
  assert.ok(worst < 0.03, `sky fill is off the true gradient by ${worst.toFixed(4)}`);
  assert.ok(bumpiest < 0.03, `sky fill is not smooth: second difference ${bumpiest.toFixed(4)}`);
  // Below the roofline the fill has the buildings' contrast (windows), not a flat smear.
  let lo = Infinity;
  let hi = -Infinity;
  for (let y = 110; y < 150; y++) for (let x = 84; x < 120; x++) {
    const v = out[(y * w + x) * 4 + 1];
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  assert.ok(hi - lo > 0.15, `texture range ${(hi - lo).toFixed(3)}`);
});

test('a frame with no sky (a facade filling the frame) finds none', () => {
  const w = 64;
  const h = 48;
  const enc = periodic(w, h);
  assert.equal(detectSky(enc, new Uint8Array(w * h), w, h).reduce((s, v) => s + v, 0), 0);
});
