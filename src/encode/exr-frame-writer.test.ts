import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { encodeExr } from '../exr/exr-writer.js';
import { aftermathOnlyInputs, buildProvenanceMatte } from '../provenance/provenance-matte.js';
import type { FramePasses } from '../render/frame-passes.js';
import type { SceneCamera } from '../scene/scene-doc.js';
import { frameToExr } from './exr-frame.js';
import { writeExrFrameJob } from './exr-frame-job.js';
import type { ExrFrameJob } from './exr-frame-job.js';
import { ExrFrameWriter, ExrWriteError } from './exr-frame-writer.js';

const W = 67;
const H = 41;
const camera: SceneCamera = {
  positionM: [-30, 3, 95], lookAtM: [0, 15, 0], focalMm: 35, sensorWidthMm: 36, verticalFovDeg: 30, solveErrorPx: null, aspect: W / H, nearM: 0.1, farM: 2000,
};
const scene = { camera, fps: 24 };
const pieceNames = ['tower/slab/00001', 'tower/col/00002', 'tower/wall/00003'];

/** Every pass the render writes, filled with a frame-dependent pattern (no randomness). */
function framePasses(frame: number): FramePasses {
  const n = W * H;
  const f = (k: number, scale: number) => Float32Array.from({ length: n * k }, (_, i) => Math.sin(i * 0.37 + frame) * scale);
  const id = Uint32Array.from({ length: n }, (_, i) => ((i >> 4) + frame) % 4);
  return {
    frame, width: W, height: H,
    beauty: f(4, 3), id, alpha: Float32Array.from(id, (v) => (v > 0 ? 1 : 0)), depth: f(1, 80), normal: f(3, 1), motion: f(2, 12), shadow: f(1, 1),
  };
}

function job(dir: string, frame: number, deflate: 'native' | 'portable', plate = false): ExrFrameJob {
  const passes = framePasses(frame);
  const captureShare = plate ? Float32Array.from({ length: W * H }, (_, i) => (i % 5) / 4) : undefined;
  return {
    path: path.join(dir, `shot.${String(frame).padStart(4, '0')}.exr`),
    passes, scene, compression: 'ZIP', deflate, pieceNames,
    plate: captureShare ? { captureShare, synthesizedBackground: Float32Array.from(captureShare, (c) => (c > 0.5 ? 1 : 0)) } : undefined,
  };
}

/** The frame as the render wrote it before the writer thread: matte, shares by reduce, frameToExr, encodeExr. */
function directBytes(j: ExrFrameJob): Uint8Array {
  const matte = buildProvenanceMatte(
    j.plate
      ? { width: W, height: H, background: 'plate', cgCoverage: Float32Array.from(j.plate.captureShare, (c) => 1 - c), synthesizedBackground: j.plate.synthesizedBackground }
      : aftermathOnlyInputs(W, H),
  );
  const share = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
  const provenanceJson = JSON.stringify({ capture: share(matte.capture), simulated: share(matte.simulated), synthesized: share(matte.synthesized), trained: share(matte.trained) });
  const names = (i: number) => pieceNames[i] ?? `piece/${i}`;
  return encodeExr(frameToExr(j.passes, scene, { compression: 'ZIP', provenanceJson, pieceNames: names }, matte), { deflate: j.deflate });
}

test('the writer thread writes the same bytes as the direct encode, for both deflates and over a plate', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-exr-writer-'));
  try {
    const writer = new ExrFrameWriter({ maxInFlight: 2 });
    const jobs = [job(dir, 1, 'native'), job(dir, 2, 'native', true), job(dir, 3, 'portable'), job(dir, 4, 'portable', true), job(dir, 5, 'native')];
    const expected = jobs.map(directBytes);
    const paths = jobs.map((j) => j.path);
    // Alternately copied and moved (transfer): the moved arrays are gone from this thread.
    for (const [k, j] of jobs.entries()) await writer.write(j, { transfer: k % 2 === 1 });
    assert.equal(jobs[1].passes.beauty.length, 0);
    assert.equal(jobs[2].passes.beauty.length, W * H * 4);
    await writer.flush();
    await writer.close();
    paths.forEach((p, k) => assert.deepEqual(new Uint8Array(readFileSync(p)), expected[k], `frame ${k + 1} (${jobs[k].deflate})`));
    // The calling-thread path gives them too.
    const inline = new ExrFrameWriter({ mode: 'inline' });
    const again = job(dir, 6, 'native', true);
    await inline.write(again);
    await inline.close();
    assert.deepEqual(new Uint8Array(readFileSync(again.path)), directBytes(again));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const mode of ['worker', 'inline'] as const) {
  test(`a failed write (${mode}) fails flush and every later write, naming the file`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-exr-writer-'));
    try {
      // A regular file where the frames folder should be: mkdir fails, even for root.
      const blocker = path.join(dir, 'frames');
      writeFileSync(blocker, 'not a folder');
      const writer = new ExrFrameWriter({ mode });
      const bad = { ...job(dir, 1, 'native'), path: path.join(blocker, 'shot.0001.exr') };
      await writer.write(bad).catch(() => {});
      await assert.rejects(writer.flush(), (err: unknown) => {
        assert.ok(err instanceof ExrWriteError);
        assert.equal(err.code, 'encode.exr_write_failed');
        assert.match(err.message, /shot\.0001\.exr/);
        return true;
      });
      await assert.rejects(writer.write(job(dir, 2, 'native')), ExrWriteError);
      await writer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('an image the encoder refuses fails the write instead of vanishing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-exr-writer-'));
  try {
    const writer = new ExrFrameWriter();
    const bad = job(dir, 1, 'native');
    bad.passes.depth = new Float32Array(3); // wrong length: exr.bad_image in the thread
    await writer.write(bad);
    await assert.rejects(writer.flush(), /EXR frame not written: .*shot\.0001\.exr/);
    await writer.close();
    // The job function itself throws the same on the calling thread.
    await assert.rejects(writeExrFrameJob(bad), /length/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
