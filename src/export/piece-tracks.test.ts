import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AbortedError } from '../core/errors.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { SimCacheReader, writeSimCache, FLOATS_PER_PIECE } from '../simulate/sim-cache.js';
import { tempDir } from '../../test/helpers.js';
import { lookAtFrame, rotateVec } from './look-at.js';
import { readPieceTracks } from './piece-tracks.js';

test('tracks keep quaternions in one hemisphere, normalised, at (N-1)/fps', async () => {
  const dir = tempDir('aftermath-tracks-');
  const file = path.join(dir, 'sim.afsim');
  const frame = (pos: number[], q: number[]): Float32Array => {
    const f = new Float32Array(FLOATS_PER_PIECE);
    f.set(pos, 0);
    f.set(q, 3);
    return f;
  };
  const s = Math.SQRT1_2;
  // Frame 2 stores the same rotation as frame 1 with the opposite sign, frame 3 is unnormalised.
  const frames = [frame([0, 1, 0], [0, s, 0, s]), frame([0, 2, 0], [0, -s, 0, -s]), frame([0, 3, 0], [0, 2, 0, 2])];
  await writeSimCache(file, { schema: 'aftermath.simcache/2', pieceCount: 1, frameCount: 3, fps: 24, dtS: 1 / 240, stepsSimulated: 30, floatsPerPiece: FLOATS_PER_PIECE, events: [] }, frames);
  const reader = await SimCacheReader.open(file);
  try {
    const doc = { pieces: [{ index: 0 }] } as unknown as FracturedDoc;
    const events: number[] = [];
    const tracks = await readPieceTracks({ doc, reader, onProgress: (e) => events.push(e.done) });
    assert.deepEqual([...tracks.timesS], [0, 1 / 24, 2 / 24].map(Math.fround));
    assert.deepEqual([...tracks.translations], [0, 1, 0, 0, 2, 0, 0, 3, 0]);
    const r = [...tracks.rotations];
    assert.ok(r[5] > 0 && r[7] > 0, 'sign flipped to match frame 1');
    assert.ok(Math.abs(r[9] - s) < 1e-6 && Math.abs(r[11] - s) < 1e-6, 'normalised');
    assert.deepEqual(events, [0, 1, 2, 3]);
    const sub = await readPieceTracks({ doc, reader, frames: { start: 2, end: 3 } });
    assert.deepEqual(sub.frameNumbers, [2, 3]);
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(readPieceTracks({ doc, reader, signal: ac.signal }), AbortedError);
  } finally {
    await reader.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('lookAtFrame points -Z at the target with no roll, even looking straight down', () => {
  for (const [eye, target] of [[[-25, 3, 70], [0, 10, 0]], [[0, 50, 0], [0, 0, 0]], [[1, 2, 3], [1, 2, -7]]] as [number[], number[]][]) {
    const f = lookAtFrame(eye as [number, number, number], target as [number, number, number]);
    const d = rotateVec(f.rotation, [0, 0, -1]);
    const want = target.map((t, i) => t - eye[i]);
    const len = Math.hypot(...want);
    want.forEach((w, i) => assert.ok(Math.abs(w / len - d[i]) < 1e-12));
    assert.ok(Math.abs(f.right[1]) < 1e-12, 'right stays horizontal');
    const up = rotateVec(f.rotation, [0, 1, 0]);
    up.forEach((u, i) => assert.ok(Math.abs(u - f.up[i]) < 1e-12));
  }
});
