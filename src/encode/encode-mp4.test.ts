import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AbortedError, AftermathError, InputError } from '../core/errors.js';
import type { ProgressEvent } from '../core/stage.js';
import { buildEncodeArgs, encodeMp4, expandFramePattern, mp4TempPath } from './encode-mp4.js';
import { runFfmpeg } from './ffmpeg-path.js';
import { frameFileName, writePng8 } from './png-frames.js';
import { probeVideo } from './probe-video.js';
import { makePatternFrame } from './test-pattern.js';

const W = 64;
const H = 36;
const COUNT = 12;
let root = '';
let framesDir = '';
let pattern = '';

async function writeFrames(dir: string, width: number, height: number, count: number): Promise<string> {
  for (let f = 1; f <= count; f++) {
    const p = makePatternFrame(f, width, height);
    await writePng8(path.join(dir, frameFileName('beauty', f)), p.rgb, width, height, 3);
  }
  return path.join(dir, 'beauty.%04d.png');
}

/** Decodes the first frame to packed RGB with an explicit YCbCr matrix. */
async function decodeFirstFrame(mp4: string, matrix: 'bt709' | 'bt601', outFile: string): Promise<Uint8Array> {
  await runFfmpeg(['-y', '-i', mp4, '-frames:v', '1', '-vf', `scale=in_color_matrix=${matrix}:in_range=tv,format=rgb24`, '-f', 'rawvideo', outFile]);
  return new Uint8Array(await readFile(outFile));
}

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aftermath-encode-'));
  framesDir = path.join(root, 'frames');
  await import('node:fs/promises').then((fs) => fs.mkdir(framesDir));
  pattern = await writeFrames(framesDir, W, H, COUNT);
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('expandFramePattern and temp path', () => {
  assert.equal(expandFramePattern('/a/beauty.%04d.png', 7), '/a/beauty.0007.png');
  assert.equal(expandFramePattern('/a/b%%.%d.png', 12), '/a/b%.12.png');
  assert.throws(() => expandFramePattern('/a/beauty.png', 1), InputError);
  assert.equal(mp4TempPath('/o/shot.mp4'), `/o/.shot.${process.pid}.tmp.mp4`);
  const args = buildEncodeArgs({ framePattern: '/f/%04d.png', startNumber: 1, frameCount: 2, fps: 24, outPath: '/o/a.mp4' }, '/o/t.mp4', false);
  for (const flag of ['libx264', 'yuv420p', '+bitexact', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv420p']) {
    assert.ok(args.includes(flag), flag);
  }
});

test('encodes 12 frames to H.264 yuv420p BT.709 and probes them back', async () => {
  const out = path.join(root, 'out', 'beauty.mp4');
  const events: ProgressEvent[] = [];
  const logs: string[] = [];
  const res = await encodeMp4({
    framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: out,
    onProgress: (e) => events.push(e), log: (m) => logs.push(m),
  });
  assert.deepEqual(res, { outPath: out, width: W, height: H, padded: false });
  const probe = await probeVideo(out);
  assert.equal(probe.frameCount, COUNT);
  assert.equal(probe.width, W);
  assert.equal(probe.height, H);
  assert.equal(probe.codec, 'h264');
  assert.equal(probe.pixFmt, 'yuv420p');
  assert.equal(probe.colorSpace, 'bt709');
  assert.equal(probe.colorPrimaries, 'bt709');
  assert.equal(probe.colorTransfer, 'bt709');
  assert.equal(probe.colorRange, 'tv');
  assert.equal(probe.fps, 24);
  assert.ok(events.length >= 2);
  assert.deepEqual(events[0], { stage: 'encode', done: 0, total: COUNT, unit: 'frames' });
  assert.deepEqual(events[events.length - 1], { stage: 'encode', done: COUNT, total: COUNT, unit: 'frames' });
  assert.ok(events.every((e, i) => i === 0 || e.done >= events[i - 1].done), 'progress is monotonic');
  assert.ok(logs.some((m) => m.includes('wrote')));
  assert.deepEqual(await readdir(path.dirname(out)), ['beauty.mp4'], 'no temp file left behind');
  // faststart: the moov atom comes before mdat.
  const bytes = await readFile(out);
  assert.ok(bytes.indexOf('moov') < bytes.indexOf('mdat'));
});

test('two encodes of the same frames are byte-identical', async () => {
  const a = path.join(root, 'det', 'a.mp4');
  const b = path.join(root, 'det', 'b.mp4');
  await encodeMp4({ framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: a });
  await encodeMp4({ framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: b });
  const [ba, bb] = await Promise.all([readFile(a), readFile(b)]);
  assert.ok(ba.length > 0);
  assert.ok(ba.equals(bb), 'MP4 bytes differ between identical encodes');
});

test('RGB to YCbCr really uses the BT.709 matrix', async () => {
  const dir = path.join(root, 'matrix');
  const color = [30, 160, 220];
  const rgb = new Uint8Array(32 * 32 * 3).map((_, i) => color[i % 3]);
  await writePng8(path.join(dir, 'solid.0001.png'), rgb, 32, 32, 3);
  const out = path.join(dir, 'solid.mp4');
  await encodeMp4({ framePattern: path.join(dir, 'solid.%04d.png'), startNumber: 1, frameCount: 1, fps: 24, outPath: out });
  const centre = ((16 * 32) + 16) * 3;
  const as709 = await decodeFirstFrame(out, 'bt709', path.join(dir, 'a.rgb'));
  const as601 = await decodeFirstFrame(out, 'bt601', path.join(dir, 'b.rgb'));
  const err709 = Math.max(...color.map((c, k) => Math.abs(as709[centre + k] - c)));
  const err601 = Math.max(...color.map((c, k) => Math.abs(as601[centre + k] - c)));
  assert.ok(err709 <= 3, `BT.709 decode off by ${err709}`);
  assert.ok(err601 > 6, `BT.601 decode should visibly differ (off by ${err601})`);
});

test('odd dimensions are padded to even and logged', async () => {
  const dir = path.join(root, 'odd');
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  const oddPattern = await writeFrames(dir, 63, 35, 3);
  const logs: string[] = [];
  const out = path.join(dir, 'odd.mp4');
  const res = await encodeMp4({ framePattern: oddPattern, startNumber: 1, frameCount: 3, fps: 12, outPath: out, log: (m) => logs.push(m) });
  assert.equal(res.padded, true);
  assert.ok(logs.some((m) => /63x35.*64x36/.test(m)), logs.join('\n'));
  const probe = await probeVideo(out);
  assert.deepEqual([probe.width, probe.height, probe.frameCount], [64, 36, 3]);
});

test('startNumber and frameCount select a sub-range', async () => {
  const out = path.join(root, 'range', 'mid.mp4');
  await encodeMp4({ framePattern: pattern, startNumber: 5, frameCount: 4, fps: 24, outPath: out });
  assert.equal((await probeVideo(out)).frameCount, 4);
});

test('a missing frame is an InputError before ffmpeg runs', async () => {
  const out = path.join(root, 'missing', 'x.mp4');
  await assert.rejects(
    encodeMp4({ framePattern: pattern, startNumber: 1, frameCount: COUNT + 1, fps: 24, outPath: out }),
    (e: unknown) => e instanceof InputError && e.code === 'encode.missing_frame',
  );
  await assert.rejects(stat(out));
});

test('aborting an encode rejects and leaves no file at outPath', async () => {
  // Aborted before it starts.
  const pre = new AbortController();
  pre.abort();
  const outA = path.join(root, 'abort', 'pre.mp4');
  await assert.rejects(
    encodeMp4({ framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: outA, signal: pre.signal }),
    AbortedError,
  );
  await assert.rejects(stat(outA));

  // Aborted while ffmpeg is running (on its first progress report past frame 0).
  const mid = new AbortController();
  const outB = path.join(root, 'abort', 'mid.mp4');
  await assert.rejects(
    encodeMp4({
      framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: outB, signal: mid.signal,
      onProgress: (e) => { if (e.done > 0) mid.abort(); },
    }),
    (e: unknown) => e instanceof AbortedError && e instanceof AftermathError && e.code === 'aborted',
  );
  await assert.rejects(stat(outB));
  const left = await readdir(path.dirname(outB)).catch(() => [] as string[]);
  assert.deepEqual(left, [], 'no temp files remain');
});

test('probeVideo on a missing file is an InputError', async () => {
  await assert.rejects(probeVideo(path.join(root, 'nope.mp4')), (e: unknown) => e instanceof InputError && e.code === 'encode.missing_file');
});
