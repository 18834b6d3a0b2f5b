import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { boxResize, CONTACT_GUTTER, labelBox, makeContactSheet, pickContactFrames } from './contact-sheet.js';
import { readPng } from './png-frames.js';
import { makePatternFrame } from './test-pattern.js';

test('pickContactFrames: first, every 10th, and the last', () => {
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  assert.deepEqual(pickContactFrames(range(12)), [1, 11, 12]);
  assert.deepEqual(pickContactFrames(range(25)), [1, 11, 21, 25]);
  assert.deepEqual(pickContactFrames(range(21)), [1, 11, 21]);
  assert.deepEqual(pickContactFrames(range(7), 3), [1, 4, 7]);
  assert.deepEqual(pickContactFrames([5]), [5]);
  assert.deepEqual(pickContactFrames([]), []);
  assert.deepEqual(pickContactFrames([3, 1, 2, 2]), [1, 3]);
  assert.throws(() => pickContactFrames(range(5), 0), InputError);
});

test('boxResize averages exactly on integer ratios', () => {
  // 2x2 → 1x1: mean of four pixels.
  const src = new Uint8Array([0, 0, 0, 100, 100, 100, 200, 200, 200, 100, 100, 100]);
  assert.deepEqual(Array.from(boxResize(src, 2, 2, 3, 1, 1)), [100, 100, 100]);
  // RGBA input: alpha is ignored.
  const rgba = new Uint8Array([10, 20, 30, 0, 30, 40, 50, 255]);
  assert.deepEqual(Array.from(boxResize(rgba, 2, 1, 4, 1, 1)), [20, 30, 40]);
});

test('contact sheet: grid size, gutter, thumbnail colour and frame label', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'aftermath-sheet-'));
  try {
    const W = 64, H = 36;
    const picked = pickContactFrames(Array.from({ length: 12 }, (_, i) => i + 1));
    const frames = picked.map((f) => makePatternFrame(f, W, H));
    const outPath = path.join(dir, 'contact.png');
    const res = await makeContactSheet({ frames, columns: 2, thumbWidth: 32, outPath });
    const tw = 32, th = 18;
    const expectW = 2 * tw + 3 * CONTACT_GUTTER;
    const expectH = 2 * th + 3 * CONTACT_GUTTER;
    assert.deepEqual(
      { w: res.width, h: res.height, c: res.columns, r: res.rows, tw: res.thumbWidth, th: res.thumbHeight },
      { w: expectW, h: expectH, c: 2, r: 2, tw, th },
    );
    const png = await readPng(outPath);
    assert.deepEqual([png.width, png.height, png.channels, png.depth], [expectW, expectH, 3, 8]);
    const px = (x: number, y: number): number[] => Array.from(png.data.subarray((y * expectW + x) * 3, (y * expectW + x) * 3 + 3));

    // Gutter is dark.
    assert.deepEqual(px(0, 0), [24, 24, 24]);
    assert.deepEqual(px(CONTACT_GUTTER + tw + 1, 10), [24, 24, 24]);

    // A thumbnail pixel away from the label and the square equals the 2x2 box mean of the source.
    const src = frames[1]; // frame 11, second cell of the first row
    const tx = 28, ty = 15;
    const expected = [0, 1, 2].map((k) => {
      let sum = 0;
      for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) sum += src.rgb[((2 * ty + dy) * W + 2 * tx + dx) * 3 + k];
      return Math.round(sum / 4);
    });
    const ox = CONTACT_GUTTER + tw + CONTACT_GUTTER;
    const oy = CONTACT_GUTTER;
    assert.deepEqual(px(ox + tx, oy + ty), expected);
    // ...and is close to the source colour at the same relative position.
    const srcPix = Array.from(src.rgb.subarray((2 * ty * W + 2 * tx) * 3, (2 * ty * W + 2 * tx) * 3 + 3));
    assert.ok(srcPix.every((v, k) => Math.abs(v - px(ox + tx, oy + ty)[k]) <= 6));

    // The label box in the corner holds white digit pixels on black.
    const box = labelBox(11, tw);
    let white = 0, black = 0;
    for (let y = 0; y < box.height; y++) {
      for (let x = 0; x < box.width; x++) {
        const p = px(ox + x, oy + y).join(',');
        if (p === '255,255,255') white++;
        else if (p === '0,0,0') black++;
      }
    }
    assert.equal(white + black, box.width * box.height);
    assert.ok(white >= 10 && black >= 10, `white=${white} black=${black}`);

    // The empty fourth cell stays gutter-coloured.
    assert.deepEqual(px(ox + tx, CONTACT_GUTTER * 2 + th + ty), [24, 24, 24]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('default thumbnail width is 384 and columns default to min(n, 4)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'aftermath-sheet-'));
  try {
    const frames = [1, 2].map((f) => makePatternFrame(f, 64, 36));
    const res = await makeContactSheet({ frames, outPath: path.join(dir, 's.png') });
    assert.equal(res.thumbWidth, 384);
    assert.equal(res.thumbHeight, 216);
    assert.equal(res.columns, 2);
    assert.equal(res.width, 2 * 384 + 3 * CONTACT_GUTTER);
    await assert.rejects(makeContactSheet({ frames: [], outPath: path.join(dir, 'e.png') }), InputError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
