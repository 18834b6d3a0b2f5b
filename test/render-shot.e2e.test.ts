import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { renderShot } from '../src/pipeline/render-shot.js';
import { runFracture, runScene } from '../src/pipeline/run-stages.js';
import { readPng } from '../src/encode/png-frames.js';
import { probeVideo } from '../src/encode/probe-video.js';
import { smallShot, tempDir } from './helpers.js';

const spec = smallShot();
// Unsigned: C2PA signatures embed random salts, so signed files differ run to run (the signed
// path, and its deterministic manifest, are tested in test/provenance.e2e.test.ts).
const UNSIGNED = { type: 'unsigned' } as const;
const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };

/** Mean image row of the pixels whose id belongs to a piece above the initiation storey. */
function upperRowCentroid(id: Uint16Array, width: number, upper: Set<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < id.length; i++) {
    if (upper.has(id[i])) {
      sum += Math.floor(i / width);
      n++;
    }
  }
  assert.ok(n > 50, `upper storeys cover only ${n} pixels`);
  return sum / n;
}

let firstDir = '';

test('a small collapse shot renders end to end: frames, id pass, MP4, contact sheet', async () => {
  firstDir = tempDir();
  const result = await renderShot(spec, { outDir: firstDir, sign: UNSIGNED });
  assert.deepEqual(result.framesRendered, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

  // Frames are not blank: real contrast between sky, ground and building.
  const f1 = await readPng(path.join(firstDir, 'frames', 'beauty.0001.png'));
  assert.equal(f1.width, 320);
  assert.equal(f1.height, 180);
  const px = f1.data as Uint8Array;
  let min = 255;
  let max = 0;
  let sum = 0;
  for (const v of px) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  assert.ok(max - min > 120, `contrast ${min}..${max}`);
  assert.ok(sum / px.length > 40 && sum / px.length < 230, `mean ${sum / px.length}`);

  // The building's pixels (object-id pass) move down the frame after the collapse starts.
  const { scene } = runScene(spec);
  const { fractured } = runFracture(spec, scene, hooks);
  const upper = new Set(fractured.pieces.filter((p) => p.storey > 2).map((p) => p.index + 1));
  const id1 = (await readPng(path.join(firstDir, 'frames', 'id.0001.png'))).data as Uint16Array;
  const id12 = (await readPng(path.join(firstDir, 'frames', 'id.0012.png'))).data as Uint16Array;
  const before = upperRowCentroid(id1, 320, upper);
  const after = upperRowCentroid(id12, 320, upper);
  assert.ok(after - before > 3, `upper storeys moved from row ${before.toFixed(1)} to ${after.toFixed(1)}`);

  // The MP4 decodes with the right frame count, size and colour tags.
  assert.ok(result.mp4Path);
  const probe = await probeVideo(result.mp4Path);
  assert.equal(probe.frameCount, 12);
  assert.equal(probe.width, 320);
  assert.equal(probe.height, 180);
  assert.equal(probe.codec, 'h264');
  assert.equal(probe.pixFmt, 'yuv420p');
  assert.equal(probe.colorSpace, 'bt709');
  assert.ok(result.contactSheetPath);
});

test('two renders with the same seed are byte-identical; the simulation is reused from cache', async () => {
  const second = tempDir();
  const result = await renderShot(spec, { outDir: second, sign: UNSIGNED });
  assert.equal(result.simulateCached, false);
  const names = readdirSync(path.join(firstDir, 'frames')).filter((n) => n.endsWith('.png')).sort();
  assert.equal(names.length, 24);
  for (const n of names) {
    assert.ok(readFileSync(path.join(firstDir, 'frames', n)).equals(readFileSync(path.join(second, 'frames', n))), `${n} differs`);
  }
  for (const n of ['shot.mp4', 'contact-sheet.png', 'manifest.json']) {
    assert.ok(readFileSync(path.join(firstDir, n)).equals(readFileSync(path.join(second, n))), `${n} differs`);
  }
  // A grading change re-renders without re-simulating.
  const regraded = await renderShot({ ...spec, look: { ...spec.look, exposureEv: 1 } }, { outDir: second, frames: '1-2', sign: UNSIGNED });
  assert.equal(regraded.simulateCached, true);
});

test('--frames renders a range and --resume skips verified frames', async () => {
  const dir = tempDir();
  const part = await renderShot(spec, { outDir: dir, frames: '5-6', sign: UNSIGNED });
  assert.deepEqual(part.framesRendered, [5, 6]);
  assert.equal(part.mp4Path, null, 'no MP4 until every frame exists');
  const resumed = await renderShot(spec, { outDir: dir, resume: true, frames: '4-7', sign: UNSIGNED });
  assert.deepEqual(resumed.framesRendered, [4, 7]);
  assert.deepEqual(resumed.framesSkipped, [5, 6]);
});
