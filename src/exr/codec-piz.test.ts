import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pizCompress, pizDecompress } from './codec-piz.js';
import { rleCompress, rleDecompress } from './codec-rle.js';
import { hufCompress, hufUncompress } from './piz-huffman.js';
import { wav2Decode, wav2Encode } from './piz-wavelet.js';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function huffRoundTrip(raw: Uint16Array, label: string): Uint8Array {
  const packed = hufCompress(raw);
  const out = new Uint16Array(raw.length);
  hufUncompress(packed, out);
  assert.deepEqual(out, raw, label);
  return packed;
}

test('Huffman round trips edge distributions', () => {
  const rnd = lcg(1);
  huffRoundTrip(new Uint16Array(0), 'empty');
  huffRoundTrip(Uint16Array.of(65535), 'single max symbol');
  huffRoundTrip(new Uint16Array(100000).fill(7), 'one symbol, long runs');
  for (const n of [254, 255, 256, 257, 511, 512, 513]) huffRoundTrip(new Uint16Array(n).fill(3), `run of ${n}`);
  huffRoundTrip(new Uint16Array(65536).map((_, i) => i), 'every symbol once');
  huffRoundTrip(new Uint16Array(50000).map(() => Math.floor(rnd() * 65536)), 'uniform noise');
  huffRoundTrip(new Uint16Array(50000).map(() => (rnd() < 0.9 ? 0 : Math.floor(rnd() * 40))), 'skewed with runs');
  huffRoundTrip(new Uint16Array(2000).map((_, i) => (i % 3 === 0 ? 65535 : 0)), 'extremes');
});

test('Huffman handles codes longer than the 14-bit table and than 24 bits', () => {
  // Fibonacci frequencies give the longest possible codes: symbol k appears fib(k) times.
  const counts: number[] = [1, 1];
  while (counts.length < 29) counts.push(counts[counts.length - 1] + counts[counts.length - 2]);
  const total = counts.reduce((a, b) => a + b, 0);
  const raw = new Uint16Array(total);
  let o = 0;
  const rnd = lcg(2);
  counts.forEach((c, k) => raw.fill(k * 1000, o, (o += c)));
  for (let i = raw.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = raw[i];
    raw[i] = raw[j];
    raw[j] = t;
  }
  huffRoundTrip(raw, 'fibonacci');
});

test('PIZ wavelet is exactly invertible for every shape and both value ranges', () => {
  const rnd = lcg(3);
  for (const [nx, ny] of [[1, 1], [1, 7], [9, 1], [2, 2], [5, 3], [37, 23], [64, 32], [33, 65]]) {
    for (const mx of [1000, 16383, 16384, 65535]) {
      for (const size of [1, 2]) {
        const buf = new Uint16Array(nx * ny * size).map(() => Math.floor(rnd() * (mx + 1)));
        const copy = buf.slice();
        for (let j = 0; j < size; j++) wav2Encode(buf, j, nx, size, ny, nx * size, mx);
        for (let j = 0; j < size; j++) wav2Decode(buf, j, nx, size, ny, nx * size, mx);
        assert.deepEqual(buf, copy, `${nx}x${ny} mx=${mx} size=${size}`);
      }
    }
  }
});

test('PIZ and RLE blocks round trip', () => {
  const rnd = lcg(4);
  for (const [width, lines, sampleBytes] of [[1, 1, [2]], [37, 23, [2, 4, 4]], [300, 32, [2, 2, 2, 2, 4]], [5, 32, [4]]] as const) {
    const raw = new Uint8Array(width * lines * sampleBytes.reduce((a, b) => a + b, 0)).map((_, i) => (i % 7 === 0 ? Math.floor(rnd() * 256) : i & 0xf0));
    const layout = { width, lines, sampleBytes };
    assert.deepEqual(pizDecompress(pizCompress(raw, layout), layout, raw.length), raw, `piz ${width}x${lines}`);
    assert.deepEqual(rleDecompress(rleCompress(raw), raw.length), raw, `rle ${width}x${lines}`);
  }
});
