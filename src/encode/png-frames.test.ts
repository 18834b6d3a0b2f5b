import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AftermathError } from '../core/errors.js';
import { frameFileName, framePatternFor, readPng, readPngSize, verifyPng, writePng16, writePng8 } from './png-frames.js';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aftermath-png-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('frameFileName pads to 4 digits and starts at 1', () => {
  assert.equal(frameFileName('beauty', 1), 'beauty.0001.png');
  assert.equal(frameFileName('beauty', 42), 'beauty.0042.png');
  assert.equal(frameFileName('/abs/out/frames/beauty', 9999), '/abs/out/frames/beauty.9999.png');
  assert.equal(frameFileName('beauty', 12345), 'beauty.12345.png');
  assert.throws(() => frameFileName('beauty', 0), (e: unknown) => e instanceof AftermathError && e.code === 'encode.bad_frame_number');
  assert.throws(() => frameFileName('beauty', 1.5), AftermathError);
  assert.equal(framePatternFor('/o/beauty'), '/o/beauty.%04d.png');
});

test('8-bit RGB and RGBA round trip', async () => {
  await withTempDir(async (dir) => {
    const w = 7, h = 5;
    for (const channels of [3, 4] as const) {
      const data = new Uint8Array(w * h * channels).map((_, i) => (i * 37 + 11) & 255);
      const file = path.join(dir, `rt8-${channels}.png`);
      await writePng8(file, data, w, h, channels);
      const back = await readPng(file);
      assert.deepEqual({ w: back.width, h: back.height, c: back.channels, d: back.depth }, { w, h, c: channels, d: 8 });
      assert.ok(back.data instanceof Uint8Array);
      assert.deepEqual(Array.from(back.data), Array.from(data));
      assert.deepEqual(await readPngSize(file), { width: w, height: h });
    }
    // Atomic writes leave no temp files behind.
    assert.deepEqual((await readdir(dir)).sort(), ['rt8-3.png', 'rt8-4.png']);
  });
});

test('16-bit round trip keeps full precision', async () => {
  await withTempDir(async (dir) => {
    const w = 6, h = 4;
    for (const channels of [3, 4] as const) {
      const data = new Uint16Array(w * h * channels).map((_, i) => (i * 2749 + 3) & 0xffff);
      const file = path.join(dir, `rt16-${channels}.png`);
      await writePng16(file, data, w, h, channels);
      const back = await readPng(file);
      assert.equal(back.depth, 16);
      assert.equal(back.channels, channels);
      assert.ok(back.data instanceof Uint16Array);
      assert.deepEqual(Array.from(back.data), Array.from(data));
    }
  });
});

test('writePng rejects a buffer that does not match the size', async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(writePng8(path.join(dir, 'x.png'), new Uint8Array(10), 2, 2, 3), (e: unknown) => e instanceof AftermathError && e.code === 'encode.bad_frame');
    assert.deepEqual(await readdir(dir), []);
  });
});

test('verifyPng: true for a complete frame, false when truncated, mis-sized, corrupt or missing', async () => {
  await withTempDir(async (dir) => {
    const w = 16, h = 9;
    const file = path.join(dir, 'ok.png');
    await writePng8(file, new Uint8Array(w * h * 3).fill(128), w, h, 3);
    assert.equal(await verifyPng(file, w, h), true);
    assert.equal(await verifyPng(file, w + 1, h), false);
    const bytes = await readFile(file);
    for (const cut of [bytes.length - 1, bytes.length - 12, Math.floor(bytes.length / 2), 10]) {
      const truncated = path.join(dir, `cut-${cut}.png`);
      await writeFile(truncated, bytes.subarray(0, cut));
      assert.equal(await verifyPng(truncated, w, h), false, `truncated at ${cut}`);
    }
    const corrupt = Buffer.from(bytes);
    corrupt[corrupt.indexOf('IDAT') + 6] ^= 0xff; // inside the IDAT payload: its CRC no longer matches
    await writeFile(path.join(dir, 'corrupt.png'), corrupt);
    assert.equal(await verifyPng(path.join(dir, 'corrupt.png'), w, h), false);
    assert.equal(await verifyPng(path.join(dir, 'missing.png'), w, h), false);
    await assert.rejects(readPng(path.join(dir, 'cut-10.png')), AftermathError);
  });
});
