import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AbortedError, InputError } from '../core/errors.js';
import type { ProgressEvent } from '../core/stage.js';
import { buildProresArgs, encodeProres, movTempPath } from './encode-prores.js';
import { runFfmpeg } from './ffmpeg-path.js';
import { frameFileName, writePng8 } from './png-frames.js';
import { probeVideo } from './probe-video.js';
import { makePatternFrame } from './test-pattern.js';

const W = 64;
const H = 36;
const COUNT = 12;
let root = '';
let pattern = '';

async function writeFrames(dir: string, width: number, height: number, count: number): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (let f = 1; f <= count; f++) {
    const p = makePatternFrame(f, width, height);
    await writePng8(path.join(dir, frameFileName('beauty', f)), p.rgb, width, height, 3);
  }
  return path.join(dir, 'beauty.%04d.png');
}

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aftermath-prores-'));
  pattern = await writeFrames(path.join(root, 'frames'), W, H, COUNT);
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

test('ProRes arguments and temp path', () => {
  assert.equal(movTempPath('/o/shot.mov'), `/o/.shot.${process.pid}.tmp.mov`);
  const args = buildProresArgs({ framePattern: '/f/%04d.png', startNumber: 1, frameCount: 2, fps: 24, outPath: '/o/a.mov' }, '/o/t.mov', false);
  for (const flag of ['prores_ks', 'yuv422p10le', 'apl0', '+bitexact', 'mov', 'scale=out_color_matrix=bt709:out_range=tv,format=yuv422p10le']) {
    assert.ok(args.includes(flag), flag);
  }
  assert.equal(args[args.indexOf('-profile:v') + 1], '3');
});

test('encodes 12 frames to ProRes 422 HQ yuv422p10le BT.709 and probes them back', async () => {
  const out = path.join(root, 'out', 'beauty.mov');
  const events: ProgressEvent[] = [];
  const logs: string[] = [];
  const res = await encodeProres({
    framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: out,
    onProgress: (e) => events.push(e), log: (m) => logs.push(m),
  });
  assert.deepEqual(res, { outPath: out, width: W, height: H, padded: false });
  const probe = await probeVideo(out);
  assert.equal(probe.frameCount, COUNT);
  assert.deepEqual([probe.width, probe.height], [W, H]);
  assert.equal(probe.codec, 'prores');
  assert.equal(probe.profile, 'HQ');
  assert.equal(probe.pixFmt, 'yuv422p10le');
  assert.equal(probe.colorSpace, 'bt709');
  assert.equal(probe.colorRange, 'tv');
  assert.equal(probe.fps, 24);
  assert.deepEqual(events[0], { stage: 'encode', done: 0, total: COUNT, unit: 'frames' });
  assert.deepEqual(events[events.length - 1], { stage: 'encode', done: COUNT, total: COUNT, unit: 'frames' });
  assert.ok(events.every((e, i) => i === 0 || e.done >= events[i - 1].done), 'progress is monotonic');
  assert.ok(logs.some((m) => m.includes('ProRes 422 HQ')));
  assert.deepEqual(await readdir(path.dirname(out)), ['beauty.mov'], 'no temp file left behind');

  const bytes = await readFile(out);
  // Container colour: `colr` nclc with primaries, transfer and matrix all 1 (BT.709).
  const colr = bytes.indexOf('colrnclc');
  assert.ok(colr > 0, 'colr atom present');
  assert.deepEqual([bytes.readUInt16BE(colr + 8), bytes.readUInt16BE(colr + 10), bytes.readUInt16BE(colr + 12)], [1, 1, 1]);
  // Frame header: vendor apl0 and the same colour triplet.
  const icpf = bytes.indexOf('icpf');
  assert.equal(bytes.toString('latin1', icpf + 8, icpf + 12), 'apl0');
  assert.deepEqual([bytes[icpf + 18], bytes[icpf + 19], bytes[icpf + 20]], [1, 1, 1]);
});

test('two ProRes encodes of the same frames are byte-identical', async () => {
  const a = path.join(root, 'det', 'a.mov');
  const b = path.join(root, 'det', 'b.mov');
  await encodeProres({ framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: a });
  await encodeProres({ framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: b });
  const [ba, bb] = await Promise.all([readFile(a), readFile(b)]);
  assert.ok(ba.length > 0);
  assert.ok(ba.equals(bb), 'MOV bytes differ between identical encodes');
});

test('ProRes colours decode back with the BT.709 matrix', async () => {
  const dir = path.join(root, 'matrix');
  await mkdir(dir, { recursive: true });
  const color = [30, 160, 220];
  const rgb = new Uint8Array(32 * 32 * 3).map((_, i) => color[i % 3]);
  await writePng8(path.join(dir, 'solid.0001.png'), rgb, 32, 32, 3);
  const out = path.join(dir, 'solid.mov');
  await encodeProres({ framePattern: path.join(dir, 'solid.%04d.png'), startNumber: 1, frameCount: 1, fps: 24, outPath: out });
  const raw = path.join(dir, 'a.rgb');
  await runFfmpeg(['-y', '-i', out, '-frames:v', '1', '-vf', 'scale=in_color_matrix=bt709:in_range=tv,format=rgb24', '-f', 'rawvideo', raw]);
  const dec = new Uint8Array(await readFile(raw));
  const centre = (16 * 32 + 16) * 3;
  const err = Math.max(...color.map((c, k) => Math.abs(dec[centre + k] - c)));
  assert.ok(err <= 2, `BT.709 decode off by ${err}`);
});

test('an odd width is padded by one column; an odd height is kept', async () => {
  const oddPattern = await writeFrames(path.join(root, 'odd'), 63, 35, 3);
  const logs: string[] = [];
  const out = path.join(root, 'odd', 'odd.mov');
  const res = await encodeProres({ framePattern: oddPattern, startNumber: 1, frameCount: 3, fps: 12, outPath: out, log: (m) => logs.push(m) });
  assert.deepEqual([res.padded, res.width, res.height], [true, 64, 35]);
  assert.ok(logs.some((m) => /63x35.*64x35/.test(m)), logs.join('\n'));
  const probe = await probeVideo(out);
  assert.deepEqual([probe.width, probe.height, probe.frameCount], [64, 35, 3]);
});

test('bad options, missing frames and aborts leave no file', async () => {
  await assert.rejects(
    encodeProres({ framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: path.join(root, 'x.mp4') }),
    (e: unknown) => e instanceof InputError && e.code === 'encode.bad_option',
  );
  const missing = path.join(root, 'missing', 'x.mov');
  await assert.rejects(
    encodeProres({ framePattern: pattern, startNumber: 1, frameCount: COUNT + 1, fps: 24, outPath: missing }),
    (e: unknown) => e instanceof InputError && e.code === 'encode.missing_frame',
  );
  await assert.rejects(stat(missing));

  const pre = new AbortController();
  pre.abort();
  const outA = path.join(root, 'abort', 'pre.mov');
  await assert.rejects(encodeProres({ framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: outA, signal: pre.signal }), AbortedError);
  await assert.rejects(stat(outA));

  const mid = new AbortController();
  const outB = path.join(root, 'abort', 'mid.mov');
  await assert.rejects(
    encodeProres({
      framePattern: pattern, startNumber: 1, frameCount: COUNT, fps: 24, outPath: outB, signal: mid.signal,
      onProgress: (e) => { if (e.done > 0) mid.abort(); },
    }),
    AbortedError,
  );
  await assert.rejects(stat(outB));
  assert.deepEqual(await readdir(path.dirname(outB)).catch(() => [] as string[]), [], 'no temp files remain');
});
