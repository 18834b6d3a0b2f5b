import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { AftermathError } from '../core/errors.js';
import { encodeExr, readExr, readExrFile, roundToHalf, writeExr, WRITE_COMPRESSIONS } from './index.js';
import { floatToHalfBits, halfBitsToFloat } from './half-float.js';
import type { ExrChannelInput, ExrDecodedImage, ExrImage } from './exr-types.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 65504, 65520, 1e-8, -3e-6, 6.1e-5, 1e30, -1e30, 2 ** -24, 2 ** -25];

/** A noisy image with every pixel type, layered names and special values sprinkled in. */
function noiseImage(width: number, height: number, seed: number): ExrImage {
  const rnd = lcg(seed);
  const n = width * height;
  const floats = (scale: number): Float32Array => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = (rnd() - 0.5) * scale;
    for (let k = 0; k < SPECIALS.length && k < n; k++) a[Math.floor(rnd() * n)] = SPECIALS[k];
    return a;
  };
  const uints = new Uint32Array(n);
  for (let i = 0; i < n; i++) uints[i] = Math.floor(rnd() * 4294967296);
  const channels: ExrChannelInput[] = [
    { name: 'R', type: 'HALF', data: floats(8) },
    { name: 'G', type: 'HALF', data: floats(1) },
    { name: 'B', type: 'HALF', data: floats(1000) },
    { name: 'A', type: 'HALF', data: floats(2) },
    { name: 'depth.Z', type: 'FLOAT', data: floats(1e4) },
    { name: 'motion.U', type: 'HALF', data: floats(30) },
    { name: 'motion.V', type: 'FLOAT', data: floats(30) },
    { name: 'id.R', type: 'UINT', data: uints },
  ];
  return { width, height, channels };
}

function smoothImage(width: number, height: number): ExrImage {
  const n = width * height;
  const a = new Float32Array(n);
  const z = new Float32Array(n);
  const id = new Uint32Array(n);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      a[i] = Math.sin(x / 9) * Math.cos(y / 7);
      z[i] = 100 + x * 0.25 + y;
      id[i] = ((x >> 3) * 2654435761 + (y >> 3)) >>> 0;
    }
  }
  return { width, height, channels: [{ name: 'Y', type: 'HALF', data: a }, { name: 'depth.Z', type: 'FLOAT', data: z }, { name: 'id.R', type: 'UINT', data: id }] };
}

function constantImage(width: number, height: number, v: number): ExrImage {
  const n = width * height;
  return {
    width,
    height,
    channels: [
      { name: 'R', type: 'HALF', data: new Float32Array(n).fill(v) },
      { name: 'Z', type: 'FLOAT', data: new Float32Array(n).fill(v) },
      { name: 'id', type: 'UINT', data: new Uint32Array(n).fill(v >>> 0) },
    ],
  };
}

function assertSameImage(image: ExrImage, decoded: ExrDecodedImage, label: string): void {
  assert.equal(decoded.width, image.width, label);
  assert.equal(decoded.height, image.height, label);
  const sortedNames = image.channels.map((c) => c.name).sort();
  assert.deepEqual(decoded.channels.map((c) => c.name), sortedNames, `${label}: channels sorted by name`);
  for (const c of image.channels) {
    const d = decoded.channels.find((x) => x.name === c.name)!;
    assert.equal(d.type, c.type, `${label} ${c.name} type`);
    assert.equal(d.data.length, c.data.length);
    if (c.type === 'HALF') {
      for (let i = 0; i < c.data.length; i++) {
        const want = roundToHalf(c.data[i]);
        if (!Object.is(d.data[i], want)) assert.fail(`${label} ${c.name}[${i}]: got ${d.data[i]}, want ${want} (from ${c.data[i]})`);
      }
    } else {
      // FLOAT and UINT must come back bit for bit (NaN payloads included).
      const a = new Uint32Array(c.data.buffer, c.data.byteOffset, c.data.length);
      const b = new Uint32Array(d.data.buffer, d.data.byteOffset, d.data.length);
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) assert.fail(`${label} ${c.name}[${i}]: bits ${b[i]} != ${a[i]}`);
    }
  }
}

test('half conversion rounds to nearest even and keeps NaN/Inf', () => {
  assert.equal(floatToHalfBits(1), 0x3c00);
  assert.equal(floatToHalfBits(-2), 0xc000);
  assert.equal(floatToHalfBits(65504), 0x7bff);
  assert.equal(floatToHalfBits(65519), 0x7bff);
  assert.equal(floatToHalfBits(65520), 0x7c00); // tie between 65504 and 65536 goes to even: Inf
  assert.equal(floatToHalfBits(Infinity), 0x7c00);
  assert.equal(floatToHalfBits(-Infinity), 0xfc00);
  assert.ok(Number.isNaN(halfBitsToFloat(floatToHalfBits(NaN))));
  assert.equal(floatToHalfBits(2 ** -24), 1);
  assert.equal(floatToHalfBits(2 ** -25), 0); // tie: to even (0)
  assert.equal(floatToHalfBits(3 * 2 ** -25), 2); // 1.5 ulp: to even (2)
  assert.equal(floatToHalfBits(1 + 2 ** -11), 0x3c00); // tie at 1: stays even
  assert.equal(floatToHalfBits(1 + 3 * 2 ** -11), 0x3c02);
  assert.equal(floatToHalfBits(-0), 0x8000);
  for (let h = 0; h < 65536; h++) {
    const f = halfBitsToFloat(h);
    if (!Number.isNaN(f)) assert.equal(floatToHalfBits(f), h, `half ${h} round trips`);
  }
});

const SIZES: [number, number][] = [[37, 23], [1, 1], [1, 40], [65, 1], [33, 64]];

for (const compression of WRITE_COMPRESSIONS) {
  test(`round trip ${compression}: noise with NaN/Inf, every pixel type, odd sizes`, () => {
    for (const [w, h] of SIZES) {
      const image = { ...noiseImage(w, h, w * 1000 + h), compression };
      assertSameImage(image, readExr(encodeExr(image)), `${compression} ${w}x${h}`);
    }
  });

  test(`round trip ${compression}: constant and smooth images`, () => {
    for (const v of [0, 1.5, -7]) {
      const image = { ...constantImage(64, 40, v), compression };
      assertSameImage(image, readExr(encodeExr(image)), `${compression} constant ${v}`);
    }
    const smooth = { ...smoothImage(131, 75), compression };
    const bytes = encodeExr(smooth);
    assertSameImage(smooth, readExr(bytes), `${compression} smooth`);
    const limit = compression === 'NONE' ? Infinity : compression === 'RLE' ? 131 * 75 * 10 : 131 * 75 * 10 * 0.8;
    assert.ok(bytes.length < limit, `${compression} compresses a smooth image (${bytes.length} bytes)`);
  });
}

test('ZIP with native deflate decodes to the same pixels', () => {
  const image = { ...noiseImage(50, 33, 9), compression: 'ZIP' as const };
  assertSameImage(image, readExr(encodeExr(image, { deflate: 'native' })), 'ZIP native');
});

test('windows, standard attributes and typed extra attributes round trip', () => {
  const image: ExrImage = {
    ...constantImage(20, 10, 0.25),
    compression: 'PIZ',
    dataOrigin: { x: -4, y: 7 },
    displayWindow: { xMin: 0, yMin: 0, xMax: 63, yMax: 31 },
    pixelAspectRatio: 2,
    screenWindowCenter: [0.5, -0.25],
    screenWindowWidth: 1.5,
    attributes: {
      worldToCamera: { type: 'm44f', value: [1, 0, 0, 0, 0, 0.5, 0, 0, 0, 0, 1, 0, 3, -2, 1, 1] },
      worldToNDC: { type: 'm44f', value: Array.from({ length: 16 }, (_, i) => i / 4) },
      focalLength: { type: 'float', value: 35 },
      frame: { type: 'int', value: -12 },
      cameraPosition: { type: 'v3f', value: [0, 1.5, 60] },
      filmBack: { type: 'v2f', value: [36, 24] },
      'cryptomatte/abcdef0/manifest': { type: 'string', value: '{"tower":"3f800000","snow":"40000000"}' },
      'cryptomatte/abcdef0/name': { type: 'string', value: 'CryptoObject' },
      provenance: { type: 'string', value: JSON.stringify({ tool: 'aftermath', seed: 7, ünïcode: '✓' }) },
      views: { type: 'stringvector', value: ['left', '', 'right'] },
      exposure: { type: 'double', value: 1 / 3 },
    },
  };
  const d = readExr(encodeExr(image));
  assert.deepEqual(d.dataWindow, { xMin: -4, yMin: 7, xMax: 15, yMax: 16 });
  assert.deepEqual(d.displayWindow, { xMin: 0, yMin: 0, xMax: 63, yMax: 31 });
  assert.equal(d.compression, 'PIZ');
  assert.equal(d.lineOrder, 'INCREASING_Y');
  assert.deepEqual(d.attributes.pixelAspectRatio, { type: 'float', value: 2 });
  assert.deepEqual(d.attributes.screenWindowCenter, { type: 'v2f', value: [0.5, -0.25] });
  assert.deepEqual(d.attributes.screenWindowWidth, { type: 'float', value: 1.5 });
  for (const [name, attr] of Object.entries(image.attributes!)) {
    assert.deepEqual(d.attributes[name], attr, name);
  }
  assertSameImage(image, d, 'attributes');
});

test('names longer than 31 bytes set the long-names flag and still round trip', () => {
  const long = 'lightgroup.' + 'x'.repeat(40) + '.R';
  const image: ExrImage = {
    width: 3,
    height: 2,
    channels: [{ name: long, type: 'FLOAT', data: new Float32Array(6).fill(2) }],
    attributes: { ['cryptomatte/0123456/' + 'm'.repeat(30)]: { type: 'string', value: 'x' } },
  };
  const bytes = encodeExr(image);
  assert.equal(new DataView(bytes.buffer).getInt32(4, true), 0x402);
  const d = readExr(bytes);
  assert.equal(d.channels[0].name, long);
});

test('same input gives the same bytes, whatever the channel order', () => {
  for (const compression of WRITE_COMPRESSIONS) {
    const image = { ...noiseImage(41, 19, 5), compression };
    const a = encodeExr(image);
    const b = encodeExr({ ...image, channels: [...image.channels].reverse() });
    assert.deepEqual(Buffer.from(a), Buffer.from(b), compression);
    assert.deepEqual(Buffer.from(a), Buffer.from(encodeExr(image)), compression);
  }
});

test('writeExr writes atomically and readExrFile reads it back', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-exr-'));
  try {
    const file = path.join(dir, 'sub', 'frame.0001.exr');
    const image = { ...smoothImage(16, 9), compression: 'ZIP' as const };
    await writeExr(file, image);
    assert.deepEqual(Buffer.from(readFileSync(file)), Buffer.from(encodeExr(image)));
    assertSameImage(image, await readExrFile(file), 'file');
    await assert.rejects(readExrFile(path.join(dir, 'missing.exr')), (e: AftermathError) => e.code === 'exr.read_failed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('writer input is validated with exr.bad_image', () => {
  const ok = constantImage(4, 4, 1);
  const bad: [string, ExrImage][] = [
    ['zero width', { ...ok, width: 0 }],
    ['wrong length', { ...ok, channels: [{ name: 'R', type: 'HALF', data: new Float32Array(3) }] }],
    ['wrong array type', { ...ok, channels: [{ name: 'R', type: 'UINT', data: new Float32Array(16) }] }],
    ['duplicate', { ...ok, channels: [ok.channels[0], ok.channels[0]] }],
    ['no channels', { ...ok, channels: [] }],
    ['empty name', { ...ok, channels: [{ ...ok.channels[0], name: '' }] }],
    ['compression', { ...ok, compression: 'B44' as never }],
    ['reserved attribute', { ...ok, attributes: { channels: { type: 'string', value: 'x' } } }],
    ['bad m44f', { ...ok, attributes: { worldToCamera: { type: 'm44f', value: [1, 2, 3] } } }],
    ['bad int', { ...ok, attributes: { frame: { type: 'int', value: 1.5 } } }],
    ['inverted display window', { ...ok, displayWindow: { xMin: 5, yMin: 0, xMax: 0, yMax: 1 } }],
  ];
  for (const [label, image] of bad) {
    assert.throws(() => encodeExr(image), (e: AftermathError) => e instanceof AftermathError && e.code === 'exr.bad_image', label);
  }
});
