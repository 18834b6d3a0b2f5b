/**
 * Write benchmark: a 1920×1080 frame with the channels of a render's EXR with every pass
 * (beauty RGBA, alpha, normal, shadow and the provenance matte as HALF; depth, motion and the
 * Cryptomatte layer as FLOAT; id as UINT: 21 channels, 120 MB raw), smooth-plus-noise data
 * from an LCG, encoded with every compression (ZIP/ZIPS with both deflate implementations at
 * level 4, and ZIP with node:zlib at level 1 as renders write it).
 * MB/s counts raw pixel bytes as stored (HALF 2, FLOAT and UINT 4 bytes per sample).
 */
import { encodeExr, WRITE_COMPRESSIONS } from './exr-writer.js';
import type { ExrChannelInput, ExrImage, ExrWriteCompression } from './exr-types.js';

export interface ExrBenchRow {
  compression: ExrWriteCompression;
  /** Deflate implementation and zlib level (only differ for ZIP/ZIPS). */
  deflate: 'portable' | 'native';
  zipLevel: number;
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
  const noise = 0.004;
  const piece = (x: number, y: number) => ((x >> 7) * 31 + (y >> 7) * 17) % 23;
  const cover = (x: number, y: number) => (((x >> 6) + (y >> 6)) % 3 === 0 ? 0 : 1);
  const ids = new Uint32Array(n);
  for (let y = 0, i = 0; y < height; y++) for (let x = 0; x < width; x++, i++) ids[i] = cover(x, y) ? piece(x, y) + 1 : 0;
  const zeros = new Float32Array(n);
  const channels: ExrChannelInput[] = [
    { name: 'R', type: 'HALF', data: plane((x, y) => 0.5 + 0.4 * Math.sin(x / 97) * Math.cos(y / 53) + noise * rnd()) },
    { name: 'G', type: 'HALF', data: plane((x, y) => 0.4 + 0.3 * Math.sin((x + y) / 131) + noise * rnd()) },
    { name: 'B', type: 'HALF', data: plane((x) => 0.3 + 0.2 * Math.cos(x / 211) + noise * rnd()) },
    { name: 'A', type: 'HALF', data: plane(cover) },
    { name: 'alpha.A', type: 'HALF', data: plane(cover) },
    // The data passes are smooth or flat per piece, as rendered: depth planes, one normal per face.
    { name: 'depth.Z', type: 'FLOAT', data: plane((x, y) => (cover(x, y) ? 10 + y * 0.05 + x * 0.001 + piece(x, y) : 0)) },
    { name: 'normal.X', type: 'HALF', data: plane((x, y) => cover(x, y) * Math.sin(piece(x, y))) },
    { name: 'normal.Y', type: 'HALF', data: plane((x, y) => cover(x, y) * Math.cos(piece(x, y))) },
    { name: 'normal.Z', type: 'HALF', data: plane((x, y) => cover(x, y) * 0.5) },
    // Motion on the falling pieces only (a third of them); the rest of the frame holds still.
    { name: 'motion.U', type: 'FLOAT', data: plane((x, y) => (cover(x, y) && piece(x, y) % 3 === 0 ? Math.sin(piece(x, y)) * 4 + x * 0.001 : 0)) },
    { name: 'motion.V', type: 'FLOAT', data: plane((x, y) => (cover(x, y) && piece(x, y) % 3 === 0 ? -6 - y * 0.002 : 0)) },
    { name: 'id.R', type: 'UINT', data: ids },
    { name: 'shadow.Y', type: 'HALF', data: plane((x, y) => 1 - 0.6 * cover(x + 40, y - 20)) },
    { name: 'CryptoObject00.R', type: 'FLOAT', data: plane((x, y) => (cover(x, y) ? 1e-3 * (piece(x, y) + 1) : 0)) },
    { name: 'CryptoObject00.G', type: 'FLOAT', data: plane(cover) },
    { name: 'CryptoObject00.B', type: 'FLOAT', data: zeros },
    { name: 'CryptoObject00.A', type: 'FLOAT', data: zeros },
    { name: 'provenance.capture', type: 'HALF', data: zeros },
    { name: 'provenance.simulated', type: 'HALF', data: new Float32Array(n).fill(1) },
    { name: 'provenance.synthesized', type: 'HALF', data: zeros },
    { name: 'provenance.trained', type: 'HALF', data: zeros },
  ];
  return { width, height, channels };
}

/** Encodes the frame `repeat` times per compression and reports the best run. */
export function benchExrWrite(opts: { width?: number; height?: number; repeat?: number } = {}): ExrBenchRow[] {
  const image = benchFrame(opts.width, opts.height);
  const repeat = Math.max(1, opts.repeat ?? 3);
  const rawBytes = image.width * image.height * image.channels.reduce((s, c) => s + (c.type === 'HALF' ? 2 : 4), 0);
  const rows: ExrBenchRow[] = [];
  const runs: [ExrWriteCompression, 'portable' | 'native', number][] = [];
  for (const c of WRITE_COMPRESSIONS) {
    runs.push([c, 'portable', 4]);
    if (c === 'ZIP' || c === 'ZIPS') runs.push([c, 'native', 4]);
    // What renders write: node:zlib at level 1.
    if (c === 'ZIP') runs.push([c, 'native', 1]);
  }
  for (const [compression, deflate, zipLevel] of runs) {
    let best = Infinity;
    let fileBytes = 0;
    for (let r = 0; r < repeat; r++) {
      const t0 = performance.now();
      fileBytes = encodeExr({ ...image, compression }, { deflate, zipLevel }).length;
      best = Math.min(best, performance.now() - t0);
    }
    rows.push({ compression, deflate, zipLevel, ms: best, mbPerS: rawBytes / 1e6 / (best / 1000), rawBytes, fileBytes, ratio: rawBytes / fileBytes });
  }
  return rows;
}
