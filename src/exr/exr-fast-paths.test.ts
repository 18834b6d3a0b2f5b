/**
 * The writer's fast paths against their plain definitions, bit for bit: the bulk float → half
 * conversion against the per-value one, the word-at-a-time predictor against the byte loop,
 * and strided (interleaved) and constant channels against their planes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { floatToHalfBits, floatsToHalfBits, halfBitsOfFloatBits } from './half-float.js';
import { interleaveAndPredict, unpredictAndDeinterleave } from './byte-predictor.js';
import { encodeExr, WRITE_COMPRESSIONS } from './exr-writer.js';
import type { ExrChannelInput } from './exr-types.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

/** Bit patterns around every exponent and rounding boundary, plus a stride through all 2^32. */
function interestingPatterns(): Uint32Array {
  const out: number[] = [];
  for (let sign = 0; sign < 2; sign++) {
    for (let exp = 0; exp < 256; exp++) {
      for (const mant of [0, 1, 2, 0xfff, 0x1000, 0x1001, 0x1fff, 0x2000, 0x3000, 0x7fe000, 0x7fefff, 0x7ff000, 0x7ff001, 0x7fffff, 0x400000, 0x3fffff]) {
        out.push(((sign << 31) | (exp << 23) | mant) >>> 0);
      }
    }
  }
  for (let x = 0; x < 2 ** 32; x += 65521) out.push(x);
  return Uint32Array.from(out);
}

test('floatsToHalfBits equals the per-value conversion on every interesting bit pattern', () => {
  const bits = interestingPatterns();
  const floats = new Float32Array(bits.buffer);
  const halves = new Uint16Array(bits.length + 3);
  floatsToHalfBits(floats, 0, floats.length, halves, 3);
  for (let i = 0; i < bits.length; i++) {
    const x = bits[i];
    assert.equal(halves[i + 3], halfBitsOfFloatBits(x), `bits 0x${x.toString(16)}`);
    const signalling = (x & 0x7fc00000) === 0x7f800000 && (x & 0x7fffff) !== 0;
    if (!signalling) assert.equal(halves[i + 3], floatToHalfBits(floats[i]), `value of bits 0x${x.toString(16)}`);
  }
  // A run from the middle of an array (offset view, `from`, `count`) touches only its span.
  const view = new Float32Array(floats.buffer, 8, 100);
  const dst = new Uint16Array(60).fill(0xabcd);
  floatsToHalfBits(view, 20, 50, dst, 5);
  for (let k = 0; k < 60; k++) {
    const want = k >= 5 && k < 55 ? halfBitsOfFloatBits(bits[2 + 20 + k - 5]) : 0xabcd;
    assert.equal(dst[k], want, `dst[${k}]`);
  }
});

/** ImfZip's predictor, byte by byte, as the format document states it. */
function referencePredict(raw: Uint8Array): Uint8Array {
  const n = raw.length;
  const out = new Uint8Array(n);
  const half = (n + 1) >> 1;
  let t1 = 0;
  let t2 = half;
  for (let i = 0; i < n; i += 2) {
    out[t1++] = raw[i];
    if (i + 1 < n) out[t2++] = raw[i + 1];
  }
  let p = out[0];
  for (let i = 1; i < n; i++) {
    const v = out[i];
    out[i] = (v - p + 384) & 0xff;
    p = v;
  }
  return out;
}

test('interleaveAndPredict equals the byte-wise predictor for every length and alignment', () => {
  const rnd = lcg(7);
  for (let n = 0; n < 130; n++) {
    for (const offset of [0, 1, 2, 3, 4]) {
      const buf = new Uint8Array(n + 8);
      for (let i = 0; i < buf.length; i++) buf[i] = rnd() & 0xff;
      const raw = buf.subarray(offset, offset + n);
      const got = interleaveAndPredict(raw);
      assert.deepEqual(got, referencePredict(raw), `n=${n} offset=${offset}`);
      assert.deepEqual(unpredictAndDeinterleave(got.slice()), raw, `inverse n=${n} offset=${offset}`);
    }
  }
  // Extremes of every byte difference: 0 − 255, 255 − 0, equal neighbours.
  const edges = Uint8Array.from({ length: 4096 }, (_, i) => [0, 255, 255, 0, 128, 127, 1, 254][i % 8] ^ (i >> 9));
  assert.deepEqual(interleaveAndPredict(edges), referencePredict(edges));
});

test('channels read with a stride from interleaved data, and constant channels, encode exactly as their planes', () => {
  const rnd = lcg(11);
  for (const [w, h] of [[33, 17], [8, 3], [1, 5]]) {
    const n = w * h;
    const rgba = Float32Array.from({ length: n * 4 }, () => ((rnd() >>> 8) / 2 ** 24 - 0.3) * 40);
    const uv = Float32Array.from({ length: n * 2 }, () => (rnd() >>> 8) / 2 ** 24 - 0.5);
    const ids = Uint32Array.from({ length: n * 3 }, () => rnd());
    const plane = <T extends Float32Array | Uint32Array>(src: T, stride: number, k: number): T =>
      src.filter((_, i) => i % stride === k) as T;
    const strided: ExrChannelInput[] = [
      ...['R', 'G', 'B', 'A'].map((name, k): ExrChannelInput => ({ name, type: 'HALF', data: rgba, stride: 4, offset: k })),
      ...['U', 'V'].map((name, k): ExrChannelInput => ({ name: `motion.${name}`, type: 'FLOAT', data: uv, stride: 2, offset: k })),
      { name: 'id.R', type: 'UINT', data: ids, stride: 3, offset: 1 },
      { name: 'Y', type: 'HALF', data: rgba.subarray(0, n) },
      { name: 'k.H', type: 'HALF', data: Float32Array.of(0.7), stride: 0 },
      { name: 'k.F', type: 'FLOAT', data: Float32Array.of(-3.25), stride: 0 },
      { name: 'k.U', type: 'UINT', data: Uint32Array.of(0xdeadbeef), stride: 0 },
    ];
    const planeOf = (c: ExrChannelInput): Float32Array | Uint32Array => {
      if (c.stride === 0) return c.type === 'UINT' ? new Uint32Array(n).fill(c.data[0]) : new Float32Array(n).fill(c.data[0]);
      return c.stride ? plane(c.data, c.stride, c.offset ?? 0) : c.data;
    };
    const planes = strided.map((c): ExrChannelInput => ({ name: c.name, type: c.type, data: planeOf(c) }));
    for (const compression of WRITE_COMPRESSIONS) {
      assert.deepEqual(encodeExr({ width: w, height: h, channels: strided, compression }), encodeExr({ width: w, height: h, channels: planes, compression }), `${w}x${h} ${compression}`);
    }
  }
  const bad = { width: 2, height: 2, channels: [{ name: 'R', type: 'HALF' as const, data: new Float32Array(8), stride: 2, offset: 2 }] };
  assert.throws(() => encodeExr(bad), /offset/);
  assert.throws(() => encodeExr({ ...bad, channels: [{ ...bad.channels[0], offset: 1, data: new Float32Array(7) }] }), /stride/);
  assert.throws(() => encodeExr({ ...bad, channels: [{ ...bad.channels[0], stride: 0, offset: 0, data: new Float32Array(4) }] }), /constant/);
});
