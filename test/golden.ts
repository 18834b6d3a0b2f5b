import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode } from 'fast-png';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));

export interface GoldenOptions {
  /** A sample differs when any channel differs by more than this (8-bit levels). */
  threshold?: number;
  /** The image fails when more than this fraction of pixels differ (Mesa versions differ a little). */
  maxFailingFraction?: number;
}

/**
 * Compares an 8-bit RGB image with `test/golden/<name>.png`. On failure writes actual,
 * expected and a diff image to a temp folder and names it in the error. With
 * AFTERMATH_GOLDEN_MAKE=1 the golden is (re)written instead.
 */
export function expectGolden(name: string, rgb: Uint8Array, width: number, height: number, opts: GoldenOptions = {}): void {
  const file = path.join(GOLDEN_DIR, `${name}.png`);
  if (process.env.AFTERMATH_GOLDEN_MAKE === '1' || !existsSync(file)) {
    if (process.env.AFTERMATH_GOLDEN_MAKE !== '1') throw new Error(`no golden image ${file}; run with AFTERMATH_GOLDEN_MAKE=1 to make it`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, encode({ width, height, data: rgb, channels: 3, depth: 8 }));
    return;
  }
  const golden = decode(readFileSync(file));
  if (golden.width !== width || golden.height !== height) throw new Error(`${name}: golden is ${golden.width}x${golden.height}, actual ${width}x${height}`);
  const g = golden.data as Uint8Array;
  const threshold = opts.threshold ?? 12;
  const diff = new Uint8Array(width * height * 3);
  let failing = 0;
  for (let i = 0; i < width * height; i++) {
    let d = 0;
    for (let c = 0; c < 3; c++) d = Math.max(d, Math.abs(rgb[i * 3 + c] - g[i * golden.channels + c]));
    if (d > threshold) {
      failing++;
      diff.set([255, 0, 255], i * 3);
    } else {
      const v = Math.min(255, d * 16);
      diff.set([v, v, v], i * 3);
    }
  }
  const fraction = failing / (width * height);
  if (fraction > (opts.maxFailingFraction ?? 0.005)) {
    const dir = mkdtempSync(path.join(tmpdir(), `golden-${name}-`));
    writeFileSync(path.join(dir, 'actual.png'), encode({ width, height, data: rgb, channels: 3, depth: 8 }));
    writeFileSync(path.join(dir, 'expected.png'), readFileSync(file));
    writeFileSync(path.join(dir, 'diff.png'), encode({ width, height, data: diff, channels: 3, depth: 8 }));
    throw new Error(`${name}: ${(100 * fraction).toFixed(2)}% of pixels differ by more than ${threshold} levels; actual/expected/diff in ${dir}`);
  }
}
