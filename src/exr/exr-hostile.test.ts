import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AftermathError } from '../core/errors.js';
import { encodeExr, parseExrHeader, readExr, WRITE_COMPRESSIONS } from './index.js';
import { hufCompress, hufUncompress } from './piz-huffman.js';
import { packEncodingTable } from './piz-huffman-table.js';
import type { ExrImage, ExrWriteCompression } from './exr-types.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function sample(compression: ExrWriteCompression, width = 37, height = 23): Uint8Array {
  const rnd = lcg(width * 7 + height);
  const n = width * height;
  const smooth = new Float32Array(n).map((_, i) => Math.sin(i / 40) + rnd() * 0.01);
  const image: ExrImage = {
    width,
    height,
    compression,
    channels: [
      { name: 'R', type: 'HALF', data: smooth },
      { name: 'depth.Z', type: 'FLOAT', data: new Float32Array(n).map((_, i) => i * 0.5) },
      { name: 'id.R', type: 'UINT', data: new Uint32Array(n).map((_, i) => (i >> 4) * 3) },
    ],
    attributes: { note: { type: 'string', value: 'hostile test' } },
  };
  return encodeExr(image);
}

function rejects(bytes: Uint8Array, label: string, code?: string): AftermathError {
  let caught: unknown;
  try {
    readExr(bytes);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof AftermathError, `${label}: expected an AftermathError, got ${caught === undefined ? 'success' : String(caught)}`);
  if (code) assert.equal(caught.code, code, `${label}: ${caught.message}`);
  return caught;
}

/** Offset of the value bytes of header attribute `name`. */
function attrValueOffset(bytes: Uint8Array, name: string, typeName: string): number {
  const needle = Buffer.from(`${name}\0${typeName}\0`);
  const at = Buffer.from(bytes).indexOf(needle);
  assert.ok(at > 0, `attribute ${name} not found`);
  return at + needle.length + 4;
}

test('truncated files are rejected at every cut', () => {
  for (const c of WRITE_COMPRESSIONS) {
    const bytes = sample(c);
    const cuts = new Set([0, 1, 3, 4, 7, 8, 9, 20, bytes.length - 1, bytes.length - 8]);
    for (let k = 10; k < bytes.length; k += Math.max(1, Math.floor(bytes.length / 150))) cuts.add(k);
    for (const k of cuts) rejects(bytes.subarray(0, k), `${c} cut at ${k}`);
  }
});

test('a flipped byte in the offset table is rejected', () => {
  for (const c of WRITE_COMPRESSIONS) {
    const bytes = sample(c);
    const { headerEnd } = parseExrHeader(bytes);
    const blocks = c === 'PIZ' ? 1 : c === 'ZIP' ? 2 : 23;
    for (let b = 0; b < blocks; b++) {
      for (const [byte, mask] of [[0, 0xff], [0, 0x01], [1, 0x10], [3, 0x80], [7, 0xff]]) {
        const copy = bytes.slice();
        copy[headerEnd + 8 * b + byte] ^= mask;
        rejects(copy, `${c} block ${b} byte ${byte} ^ ${mask}`, 'exr.invalid');
      }
    }
  }
});

test('bad chunk headers are rejected', () => {
  for (const c of WRITE_COMPRESSIONS) {
    const bytes = sample(c);
    const { headerEnd } = parseExrHeader(bytes);
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    const first = Number(view.getBigUint64(headerEnd, true));
    for (const [field, value] of [[0, 5], [0, -1], [4, -1], [4, 0x7fffffff], [4, 0], [4, 3]] as const) {
      const copy = bytes.slice();
      new DataView(copy.buffer).setInt32(first + field, value, true);
      rejects(copy, `${c} chunk field ${field} = ${value}`, 'exr.invalid');
    }
  }
});

test('huge or inverted data windows are rejected before allocating', () => {
  const bytes = sample('ZIP');
  const at = attrValueOffset(bytes, 'dataWindow', 'box2i');
  const patch = (xMax: number, yMax: number, xMin = 0, yMin = 0): Uint8Array => {
    const copy = bytes.slice();
    const v = new DataView(copy.buffer);
    v.setInt32(at, xMin, true);
    v.setInt32(at + 4, yMin, true);
    v.setInt32(at + 8, xMax, true);
    v.setInt32(at + 12, yMax, true);
    return copy;
  };
  rejects(patch(0x7fffffff, 0x7fffffff, -0x80000000, -0x80000000), 'full int32 window', 'exr.too_large');
  rejects(patch(1_000_000, 1_000_000), '1e12 pixels', 'exr.too_large');
  rejects(patch(3999, 3999), '4000² in a tiny file', 'exr.too_large');
  rejects(patch(-5, 10), 'inverted', 'exr.invalid');
  assert.throws(() => readExr(bytes, { maxSamples: 100 }), (e: AftermathError) => e.code === 'exr.too_large');
});

test('garbage, empty and header-only inputs are rejected', () => {
  const rnd = lcg(99);
  rejects(new Uint8Array(0), 'empty', 'exr.invalid');
  rejects(Uint8Array.of(0x76, 0x2f, 0x31), 'three bytes', 'exr.invalid');
  for (let k = 0; k < 200; k++) {
    const junk = new Uint8Array(Math.floor(rnd() * 3000)).map(() => Math.floor(rnd() * 256));
    if (k % 2 === 0 && junk.length >= 8) junk.set([0x76, 0x2f, 0x31, 0x01, 0x02, 0, 0, 0]);
    rejects(junk, `junk ${k}`);
  }
  const good = sample('ZIP');
  rejects(good.subarray(0, parseExrHeader(good).headerEnd), 'header only', 'exr.invalid');
  rejects(sample('NONE').subarray(0, 400), 'NONE header only'); // too_large: the window cannot fit
  const v1 = good.slice();
  v1[4] = 1;
  rejects(v1, 'version 1', 'exr.unsupported');
});

test('version flags for multi-part, deep and tiled name the feature', () => {
  const cases: [number, string][] = [[0x1000, 'multi-part'], [0x800, 'deep'], [0x200, 'tiled']];
  for (const [flag, word] of cases) {
    const copy = sample('ZIP').slice();
    new DataView(copy.buffer).setInt32(4, 2 | flag, true);
    const e = rejects(copy, word, 'exr.unsupported');
    assert.match(e.message, new RegExp(word));
    assert.match(String(e.details[0].received), new RegExp(word));
  }
});

test('malformed headers are rejected', () => {
  const bytes = sample('RLE');
  const note = attrValueOffset(bytes, 'note', 'string');
  for (const size of [-1, 0x7fffffff, bytes.length]) {
    const copy = bytes.slice();
    new DataView(copy.buffer).setInt32(note - 4, size, true);
    rejects(copy, `attribute size ${size}`);
  }
  // An attribute name longer than 31 bytes without the long-names flag.
  const longName = bytes.slice();
  const nameAt = Buffer.from(longName).indexOf(Buffer.from('note\0'));
  longName.fill(0x61, nameAt, nameAt + 60);
  rejects(longName, 'long name', 'exr.invalid');
  // Unknown compression id.
  const comp = bytes.slice();
  comp[attrValueOffset(bytes, 'compression', 'compression')] = 42;
  rejects(comp, 'compression 42', 'exr.unsupported');
  // Unknown pixel type in the channel list.
  const ch = bytes.slice();
  const chAt = attrValueOffset(bytes, 'channels', 'chlist');
  ch[chAt + 2] = 7; // "R\0" then the pixel type int
  rejects(ch, 'pixel type 7', 'exr.invalid');
});

test('random corruption never escapes as anything but an AftermathError', () => {
  const rnd = lcg(4242);
  const files = WRITE_COMPRESSIONS.map((c) => sample(c, 70, 40));
  for (let k = 0; k < 400; k++) {
    const src = files[k % files.length];
    const copy = src.slice();
    const flips = 1 + Math.floor(rnd() * 4);
    for (let f = 0; f < flips; f++) copy[8 + Math.floor(rnd() * (copy.length - 8))] ^= 1 + Math.floor(rnd() * 255);
    try {
      readExr(copy);
    } catch (e) {
      assert.ok(e instanceof AftermathError, `iteration ${k}: ${String(e)}`);
    }
  }
});

test('invalid Huffman tables and streams are rejected', () => {
  const raw = new Uint16Array(500).map((_, i) => (i * 37) % 11);
  const good = hufCompress(raw);
  const out = new Uint16Array(raw.length);
  hufUncompress(good, out);
  assert.deepEqual(out, raw);
  const code = (f: () => void, label: string): void =>
    assert.throws(f, (e: AftermathError) => e instanceof AftermathError && e.code === 'exr.invalid', label);
  const withHeader = (im: number, iM: number, table: Uint8Array, nBits: number, data: Uint8Array): Uint8Array => {
    const b = new Uint8Array(20 + table.length + data.length);
    const v = new DataView(b.buffer);
    v.setUint32(0, im, true);
    v.setUint32(4, iM, true);
    v.setUint32(8, table.length, true);
    v.setUint32(12, nBits, true);
    b.set(table, 20);
    b.set(data, 20 + table.length);
    return b;
  };
  const lengths = new Uint8Array(65537);
  lengths.fill(1, 0, 3); // three 1-bit codes cannot exist
  code(() => hufUncompress(withHeader(0, 2, packEncodingTable(lengths, 0, 2), 8, Uint8Array.of(0)), new Uint16Array(4)), 'over-full table');
  code(() => hufUncompress(withHeader(5, 2, new Uint8Array(4), 0, new Uint8Array(0)), out), 'im > iM');
  code(() => hufUncompress(withHeader(0, 70000, new Uint8Array(4), 0, new Uint8Array(0)), out), 'iM too big');
  code(() => hufUncompress(withHeader(0, 10, Uint8Array.of(0xfc, 0xff), 0, new Uint8Array(0)), out), 'zero run past iM');
  code(() => hufUncompress(good.subarray(0, 18), out), 'short header');
  code(() => hufUncompress(good.subarray(0, good.length - 3), out), 'truncated stream');
  const moreBits = good.slice();
  new DataView(moreBits.buffer).setUint32(12, 0xffffffff, true);
  code(() => hufUncompress(moreBits, out), 'nBits past data');
  code(() => hufUncompress(good, new Uint16Array(raw.length + 1)), 'too few values');
  code(() => hufUncompress(good, new Uint16Array(raw.length - 1)), 'too many values');
  code(() => hufUncompress(new Uint8Array(0), out), 'empty');
});
