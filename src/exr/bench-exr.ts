/**
 * Write benchmark: a 1920×1080 frame with beauty RGBA (HALF), depth.Z (FLOAT), motion.U/V
 * (HALF) and id.R (FLOAT), smooth-plus-noise data from an LCG, encoded with every
 * compression (ZIP/ZIPS with both deflate implementations). MB/s counts raw pixel bytes as stored (HALF 2, FLOAT 4 bytes per sample).
 */
import { encodeExr, WRITE_COMPRESSIONS } from './exr-writer.js';
import type { ExrChannelInput, ExrImage, ExrWriteCompression } from './exr-types.js';

export interface ExrBenchRow {
  compression: ExrWriteCompression;
  /** Deflate implementation (only differs for ZIP/ZIPS). */
  deflate: 'portable' | 'native';
  ms: number;
  mbPerS: number;
  rawBytes: number;
  fileBytes: number;
  ratio: number;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** The benchmark frame; deterministic. */
export function benchFrame(width = 1920, height = 1080): ExrImage {
  const rnd = lcg(12345);
  const n = width * height;
  const plane = (f: (x: number, y: number) => number): Float32Array => {
    const a = new Float32Array(n);
    for (let y = 0, i = 0; y < height; y++) for (let x = 0; x < width; x++, i++) a[i] = f(x, y);
    return a;
  };
  const noise = 0.02;
  const channels: ExrChannelInput[] = [
    { name: 'R', type: 'HALF', data: plane((x, y) => 0.5 + 0.4 * Math.sin(x / 97) * Math.cos(y / 53) + noise * rnd()) },
    { name: 'G', type: 'HALF', data: plane((x, y) => 0.4 + 0.3 * Math.sin((x + y) / 131) + noise * rnd()) },
    { name: 'B', type: 'HALF', data: plane((x) => 0.3 + 0.2 * Math.cos(x / 211) + noise * rnd()) },
    { name: 'A', type: 'HALF', data: plane((x, y) => ((x >> 6) + (y >> 6)) % 3 === 0 ? 0 : 1) },
    { name: 'depth.Z', type: 'FLOAT', data: plane((x, y) => 10 + y * 0.05 + x * 0.001 + rnd() * 0.01) },
    { name: 'motion.U', type: 'HALF', data: plane((x, y) => Math.sin(y / 300) * 4 + noise * rnd()) },
    { name: 'motion.V', type: 'HALF', data: plane((x) => Math.cos(x / 400) * 2 + noise * rnd()) },
    { name: 'id.R', type: 'FLOAT', data: plane((x, y) => ((x >> 7) * 31 + (y >> 7) * 17) % 23) },
  ];
  return { width, height, channels };
}

/** Encodes the frame `repeat` times per compression and reports the best run. */
export function benchExrWrite(opts: { width?: number; height?: number; repeat?: number } = {}): ExrBenchRow[] {
  const image = benchFrame(opts.width, opts.height);
  const repeat = Math.max(1, opts.repeat ?? 3);
  const rawBytes = image.width * image.height * image.channels.reduce((s, c) => s + (c.type === 'HALF' ? 2 : 4), 0);
  const rows: ExrBenchRow[] = [];
  const runs: [ExrWriteCompression, 'portable' | 'native'][] = [];
  for (const c of WRITE_COMPRESSIONS) {
    runs.push([c, 'portable']);
    if (c === 'ZIP' || c === 'ZIPS') runs.push([c, 'native']);
  }
  for (const [compression, deflate] of runs) {
    let best = Infinity;
    let fileBytes = 0;
    for (let r = 0; r < repeat; r++) {
      const t0 = performance.now();
      fileBytes = encodeExr({ ...image, compression }, { deflate }).length;
      best = Math.min(best, performance.now() - t0);
    }
    rows.push({ compression, deflate, ms: best, mbPerS: rawBytes / 1e6 / (best / 1000), rawBytes, fileBytes, ratio: rawBytes / fileBytes });
  }
  return rows;
}
