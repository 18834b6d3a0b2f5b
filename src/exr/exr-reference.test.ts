import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AftermathError } from '../core/errors.js';
import { encodeExr, readExr, WRITE_COMPRESSIONS } from './index.js';
import type { ExrDecodedImage } from './exr-types.js';

/** Reference images from the OpenEXR projects; see ../shared/data/SOURCES.md. */
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = path.resolve(REPO_ROOT, '../shared/data/exr');

function load(t: TestContext, name: string): Uint8Array | null {
  if (!existsSync(DIR)) {
    t.skip('reference EXRs not found: ../shared/data absent');
    return null;
  }
  return readFileSync(path.join(DIR, name));
}

function same(a: ExrDecodedImage, b: ExrDecodedImage, label: string): void {
  assert.deepEqual(a.channels.map((c) => c.name), b.channels.map((c) => c.name), label);
  for (let c = 0; c < a.channels.length; c++) {
    const x = a.channels[c].data;
    const y = b.channels[c].data;
    assert.equal(x.length, y.length);
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) assert.fail(`${label} ${a.channels[c].name}[${i}]: ${y[i]} != ${x[i]}`);
  }
}

const LOSSLESS = ['rle', 'zips', 'zip', 'piz'];

test('comp_none: 587×675 RGBA half decodes', (t) => {
  const bytes = load(t, 'openexr_comp_none.exr');
  if (!bytes) return;
  const img = readExr(bytes);
  assert.equal(img.compression, 'NONE');
  assert.equal(img.width, 587);
  assert.equal(img.height, 675);
  assert.deepEqual(img.channels.map((c) => `${c.name}:${c.type}`), ['A:HALF', 'B:HALF', 'G:HALF', 'R:HALF']);
  const r = img.channels[3].data;
  let nonzero = 0;
  for (let i = 0; i < r.length; i++) if (r[i] !== 0) nonzero++;
  assert.ok(nonzero > r.length / 4, 'the image is not blank');
});

for (const c of LOSSLESS) {
  test(`comp_${c}: lossless, identical pixels to comp_none`, (t) => {
    const ref = load(t, 'openexr_comp_none.exr');
    const bytes = load(t, `openexr_comp_${c}.exr`);
    if (!ref || !bytes) return;
    const img = readExr(bytes);
    assert.equal(img.compression, c.toUpperCase());
    same(readExr(ref), img, c);
  });
}

for (const [file, codec] of [['openexr_comp_b44.exr', 'B44'], ['openexr_comp_dwaa_v2.exr', 'DWAA'], ['openexr_comp_dwab_v2.exr', 'DWAB']]) {
  test(`${file}: lossy ${codec} is refused with exr.unsupported naming the codec`, (t) => {
    const bytes = load(t, file);
    if (!bytes) return;
    assert.throws(() => readExr(bytes), (e: AftermathError) => {
      assert.equal(e.code, 'exr.unsupported');
      assert.match(e.message, new RegExp(codec));
      assert.match(String(e.details[0].received), new RegExp(codec));
      return true;
    });
  });
}

for (const [file, feature] of [
  ['openexr_11.deep.exr', 'deep'],
  ['openexr-images_Beachball_multipart.0001.exr', 'multi-part'],
  ['openexr-images_MultiResolution_ColorCodedLevels.exr', 'tiled'],
  ['openexr-images_Tiles_GoldenGate.exr', 'tiled'],
]) {
  test(`${file}: refused with exr.unsupported naming ${feature}`, (t) => {
    const bytes = load(t, file);
    if (!bytes) return;
    assert.throws(() => readExr(bytes), (e: AftermathError) => {
      assert.equal(e.code, 'exr.unsupported');
      assert.match(e.message, new RegExp(feature));
      return true;
    });
  });
}

test('GammaChart: PXR24 800×800 RGB half decodes', (t) => {
  const bytes = load(t, 'openexr-images_TestImages_GammaChart.exr');
  if (!bytes) return;
  const img = readExr(bytes);
  assert.equal(img.compression, 'PXR24');
  assert.equal(img.width, 800);
  assert.equal(img.height, 800);
  assert.deepEqual(img.channels.map((c) => c.name), ['B', 'G', 'R']);
  let min = Infinity;
  let max = -Infinity;
  for (const c of img.channels) {
    for (const v of c.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  assert.ok(min >= 0 && max > 0.5 && Number.isFinite(max), `plausible range ${min}..${max}`);
});

test('BrightRingsNanInf: NaN and ±Inf survive decoding', (t) => {
  const bytes = load(t, 'openexr-images_TestImages_BrightRingsNanInf.exr');
  if (!bytes) return;
  const img = readExr(bytes);
  assert.equal(img.compression, 'ZIP');
  assert.equal(img.width, 800);
  let nan = 0;
  let posInf = 0;
  let negInf = 0;
  let finite = 0;
  for (const c of img.channels) {
    for (const v of c.data) {
      if (Number.isNaN(v)) nan++;
      else if (v === Infinity) posInf++;
      else if (v === -Infinity) negInf++;
      else finite++;
    }
  }
  assert.ok(nan > 0, 'has NaN');
  assert.ok(posInf > 0, 'has +Inf');
  assert.ok(negInf > 0, 'has -Inf');
  assert.ok(finite > nan + posInf + negInf, 'mostly finite');
  t.diagnostic(`NaN ${nan}, +Inf ${posInf}, -Inf ${negInf}, finite ${finite}`);
});

test('Beachball singlepart: 20-channel multi-view ZIPS decodes', (t) => {
  const bytes = load(t, 'openexr-images_Beachball_singlepart.0001.exr');
  if (!bytes) return;
  const img = readExr(bytes);
  assert.equal(img.compression, 'ZIPS');
  assert.equal(img.channels.length, 20);
  assert.ok(img.channels.some((c) => c.name === 'forward.left.u'));
  assert.equal(img.attributes.multiView?.type, 'stringvector');
});

test('comp_none re-encoded with each of our compressions decodes to the same pixels', (t) => {
  const bytes = load(t, 'openexr_comp_none.exr');
  if (!bytes) return;
  const ref = readExr(bytes);
  const sizes: string[] = [];
  for (const compression of WRITE_COMPRESSIONS) {
    const ours = encodeExr({
      width: ref.width,
      height: ref.height,
      compression,
      channels: ref.channels.map((c) => ({ name: c.name, type: c.type, data: c.data })),
    });
    sizes.push(`${compression} ${ours.length}`);
    same(ref, readExr(ours), `re-encoded ${compression}`);
  }
  t.diagnostic(`our sizes: ${sizes.join(', ')}`);
});

test('our NONE and RLE encodings of comp_none are byte-identical to OpenEXR\'s files', (t) => {
  const none = load(t, 'openexr_comp_none.exr');
  const rle = load(t, 'openexr_comp_rle.exr');
  if (!none || !rle) return;
  const ref = readExr(none);
  const channels = ref.channels.map((c) => ({ name: c.name, type: c.type, data: c.data }));
  const image = { width: ref.width, height: ref.height, channels };
  assert.ok(Buffer.from(encodeExr({ ...image, compression: 'NONE' })).equals(none), 'NONE');
  assert.ok(Buffer.from(encodeExr({ ...image, compression: 'RLE' })).equals(rle), 'RLE');
});
