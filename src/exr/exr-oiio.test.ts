import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readExr, roundToHalf, writeExr, WRITE_COMPRESSIONS } from './index.js';
import type { ExrChannelInput, ExrDecodedImage, ExrImage } from './exr-types.js';

/**
 * Cross-checks against OpenImageIO's oiiotool (Debian/Ubuntu: `apt-get install -y
 * openimageio-tools`), which reads and writes through the OpenEXR library. Skipped, with a
 * message, when oiiotool is not on PATH.
 */
const HAVE_OIIO = spawnSync('oiiotool', ['--version'], { encoding: 'utf8' }).status === 0;
const SKIP = 'oiiotool not on PATH (apt-get install -y openimageio-tools)';
const TMP = mkdtempSync(path.join(tmpdir(), 'aftermath-oiio-'));
after(() => rmSync(TMP, { recursive: true, force: true }));

function oiio(t: TestContext, args: string[]): string {
  const r = spawnSync('oiiotool', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(r.status, 0, `oiiotool ${args.join(' ')} failed: ${r.stderr}`);
  void t;
  return r.stdout;
}

const W = 37;
const H = 23;
/** Keeps oiiotool's per-channel formats when it rewrites a file. */
const TYPES = ['-d', 'half', '-d', 'depth.Z=float', '-d', 'id.R=uint'];

function testImage(W = 37, H = 23): ExrImage {
  let s = 7;
  const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const n = W * H;
  const f = (k: number): Float32Array => new Float32Array(n).map((_, i) => Math.sin(i / (k + 3)) * (k + 1) + rnd() * 0.1);
  const R = f(0);
  R[5] = NaN;
  R[6] = Infinity;
  R[7] = -Infinity;
  const channels: ExrChannelInput[] = [
    { name: 'R', type: 'HALF', data: R },
    { name: 'G', type: 'HALF', data: f(1) },
    { name: 'B', type: 'HALF', data: f(2) },
    { name: 'A', type: 'HALF', data: new Float32Array(n).map((_, i) => (i % 5) / 4) },
    { name: 'depth.Z', type: 'FLOAT', data: new Float32Array(n).map((_, i) => 10 + i * 0.37 + rnd()) },
    { name: 'motion.U', type: 'HALF', data: f(3) },
    { name: 'motion.V', type: 'HALF', data: f(4) },
    // oiiotool carries mixed-type pixels as float internally, so keep ids below 2^24.
    { name: 'id.R', type: 'UINT', data: new Uint32Array(n).map((_, i) => (i * 2654435761) % 16777213) },
  ];
  return {
    width: W,
    height: H,
    channels,
    dataOrigin: { x: 3, y: 5 },
    displayWindow: { xMin: 0, yMin: 0, xMax: 49, yMax: 39 },
    attributes: {
      worldToCamera: { type: 'm44f', value: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 2, 3, 1] },
      'cryptomatte/abcdef0/manifest': { type: 'string', value: '{"tower":"3f800000"}' },
      focalLength: { type: 'float', value: 35 },
      cameraPosition: { type: 'v3f', value: [0, 1.5, 60] },
      frame: { type: 'int', value: 12 },
      views: { type: 'stringvector', value: ['left', 'right'] },
    },
  };
}

function expectSame(image: ExrImage, got: ExrDecodedImage, label: string, floatTolerance = 0): void {
  for (const c of image.channels) {
    const d = got.channels.find((x) => x.name === c.name);
    assert.ok(d, `${label}: channel ${c.name} present`);
    assert.equal(d.type, c.type, `${label}: ${c.name} type`);
    for (let i = 0; i < c.data.length; i++) {
      const want = c.type === 'HALF' ? roundToHalf(c.data[i]) : c.data[i];
      const v = d.data[i];
      const ok = Object.is(v, want) || (floatTolerance > 0 && Math.abs(v - want) <= floatTolerance * Math.abs(want));
      if (!ok) assert.fail(`${label} ${c.name}[${i}]: ${v} != ${want}`);
    }
  }
}

function parseNumber(tok: string): number {
  if (/nan/i.test(tok)) return NaN;
  if (/^-inf/i.test(tok)) return -Infinity;
  if (/^\+?inf/i.test(tok)) return Infinity;
  return Number(tok);
}

test('oiiotool --info -v reports our channels, windows, compression and attributes', async (t) => {
  if (!HAVE_OIIO) return t.skip(SKIP);
  const image = testImage();
  for (const compression of WRITE_COMPRESSIONS) {
    const file = path.join(TMP, `info_${compression}.exr`);
    await writeExr(file, { ...image, compression });
    {
      const info = oiio(t, ['--info', '-v', file]);
      for (const [name, type] of [['R', 'half'], ['A', 'half'], ['depth.Z', 'float'], ['id.R', 'uint'], ['motion.U', 'half'], ['motion.V', 'half']]) {
        assert.ok(info.includes(`${name} (${type})`), `${compression}: ${name} (${type}) in\n${info}`);
      }
      assert.match(info, new RegExp(`compression: "${compression.toLowerCase()}"`));
      assert.match(info, /37 x\s+23, 8 channel/);
      assert.match(info, /pixel data origin: x=3, y=5/);
      assert.match(info, /full\/display size: 50 x 40/);
      assert.match(info, /worldToCamera: 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 2, 3, 1/);
      assert.match(info, /cryptomatte\/abcdef0\/manifest: "\{"tower":"3f800000"\}"/);
      assert.match(info, /focalLength: 35/);
      assert.match(info, /views: "left", "right"/);
      t.diagnostic(info.split('\n').slice(1, 3).join(' | ').replace(/\s+/g, ' '));
    }
  }
});

test('oiiotool decodes every compression we write to our pixel values', async (t) => {
  if (!HAVE_OIIO) return t.skip(SKIP);
  // The larger image spans several blocks and has enough distinct values for PIZ's 16-bit wavelet.
  for (const [W, H] of [[37, 23], [301, 97]]) {
    const image = testImage(W, H);
    for (const compression of WRITE_COMPRESSIONS) {
      const file = path.join(TMP, `ours_${compression}_${W}.exr`);
      await writeExr(file, { ...image, compression });
      // 1) oiiotool rewrites it uncompressed; we compare every sample exactly.
      const conv = path.join(TMP, `conv_${compression}_${W}.exr`);
      oiio(t, [file, ...TYPES, '--compression', 'none', '-o', conv]);
      expectSame(image, readExr(readFileSync(conv)), `oiio(${compression})`);
      // 2) oiiotool prints the samples as text; compare without our reader in the loop.
      const dump = oiio(t, ['--dumpdata', file]);
      const order = /channel list: (.*)/.exec(oiio(t, ['--info', '-v', file]))![1].split(', ').map((s) => s.replace(/ \(.*\)$/, ''));
      let rows = 0;
      for (const m of dump.matchAll(/Pixel \((-?\d+), (-?\d+)\): (.*)/g)) {
        const i = (Number(m[2]) - 5) * W + (Number(m[1]) - 3);
        const vals = m[3].trim().split(/\s+/).map(parseNumber);
        order.forEach((name, k) => {
          const c = image.channels.find((x) => x.name === name)!;
          const want = c.type === 'UINT' ? c.data[i] / 4294967295 : c.type === 'HALF' ? roundToHalf(c.data[i]) : c.data[i];
          const v = vals[k];
          if (!(Object.is(v, want) || Math.abs(v - want) <= 1e-9 + 1e-9 * Math.abs(want))) {
            assert.fail(`dumpdata ${compression} ${name}[${i}]: ${v} != ${want}`);
          }
        });
        rows++;
      }
      assert.equal(rows, W * H, `${compression}: every pixel dumped`);
    }
  }
});

test('we decode what oiiotool writes with NONE, RLE, ZIPS, ZIP, PIZ and PXR24', async (t) => {
  if (!HAVE_OIIO) return t.skip(SKIP);
  for (const [W, H] of [[37, 23], [301, 97]]) {
    const image = testImage(W, H);
    const src = path.join(TMP, `src_none_${W}.exr`);
    await writeExr(src, { ...image, compression: 'NONE' });
    for (const c of ['none', 'rle', 'zips', 'zip', 'piz', 'pxr24']) {
      const file = path.join(TMP, `theirs_${c}_${W}.exr`);
      oiio(t, [src, ...TYPES, '--compression', c, '-o', file]);
      const got = readExr(readFileSync(file));
      assert.equal(got.compression, c.toUpperCase());
      // PXR24 keeps 24 bits of FLOAT: 15 mantissa bits, so relative error <= 2^-15.
      expectSame(image, got, `ours(${c}, ${W}x${H})`, c === 'pxr24' ? 2 ** -15 : 0);
    }
  }
});

test('we decode a DECREASING_Y file from oiiotool', async (t) => {
  if (!HAVE_OIIO) return t.skip(SKIP);
  const image = testImage(64, 50);
  const src = path.join(TMP, 'src_dec.exr');
  await writeExr(src, { ...image, compression: 'NONE' });
  const file = path.join(TMP, 'theirs_dec.exr');
  oiio(t, [src, ...TYPES, '--attrib', 'openexr:lineOrder', 'decreasingY', '--compression', 'zip', '-o', file]);
  const got = readExr(readFileSync(file));
  assert.equal(got.lineOrder, 'DECREASING_Y');
  expectSame(image, got, 'decreasingY');
});

test('the PXR24 GammaChart decodes as oiiotool decodes it', (t) => {
  if (!HAVE_OIIO) return t.skip(SKIP);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const src = path.resolve(root, '../shared/data/exr/openexr-images_TestImages_GammaChart.exr');
  if (!existsSync(src)) return t.skip('reference EXRs not found: ../shared/data absent');
  const conv = path.join(TMP, 'gamma_none.exr');
  oiio(t, [src, '-d', 'half', '--compression', 'none', '-o', conv]);
  const ours = readExr(readFileSync(src));
  const theirs = readExr(readFileSync(conv));
  for (const c of ours.channels) {
    const d = theirs.channels.find((x) => x.name === c.name)!.data;
    for (let i = 0; i < d.length; i++) if (!Object.is(c.data[i], d[i])) assert.fail(`${c.name}[${i}]: ${c.data[i]} != ${d[i]}`);
  }
});
