import { promises as fs } from 'node:fs';
import { deflateSync, inflateSync } from 'fflate';
import { openHeaderedFile, writeHeaderedFile } from '../core/headered-file.js';
import type { DebrisFrame, DustGridBox, DustLook, DustVolumeFrame } from './dust-frame.js';

/**
 * Dust cache, format `aftermath.dustcache/1`:
 *   bytes 0..7   magic "AFTDST01"
 *   bytes 8..11  header length H (uint32 LE)
 *   bytes 12..   header: UTF-8 JSON (DustCacheHeader), including each frame's byte range
 *   then         one deflated block per frame (zlib-free raw DEFLATE, fflate), holding:
 *                density: cells × uint8, q = round(255 · sqrt(ρ / densityMax)) (0 = none);
 *                debris count n (uint32 LE), then ids n × uint32, positions 3n × uint16 across
 *                `debrisBoxM` (65535 steps per axis), velocities 3n × int16 in cm/s, diameters
 *                n × uint16 in 0.1 mm.
 * Reading frame N reads only its block.
 */
export const DUST_CACHE_MAGIC = 'AFTDST01';

/** What the dust stage measured at one frame (before quantisation). */
export interface DustFrameStats {
  frame: number;
  timeS: number;
  /** Dust in the air, grams. */
  totalMassG: number;
  /** Densest cell, g/m³. */
  maxDensityGPerM3: number;
  /** Bounds of the cells denser than CLOUD_THRESHOLD_G_PER_M3, or null when there is no cloud. */
  cloudBoxM: { min: [number, number, number]; max: [number, number, number] } | null;
  /** Largest |∇·u| after the pressure projection, 1/s (0 before the first step). */
  maxDivergencePerS: number;
  pressureIterations: number;
  debrisCount: number;
  debrisAirborne: number;
}

export interface DustCacheHeader {
  schema: 'aftermath.dustcache/1';
  box: DustGridBox;
  look: DustLook;
  fps: number;
  frameCount: number;
  /** Dust released over the shot, grams (puffs, bursts and surge; trails on top). */
  releasedMassG: number;
  /** Where debris positions are quantised: min and max corners, metres. */
  debrisBoxM: { min: [number, number, number]; max: [number, number, number] };
  stats: DustFrameStats[];
  /** Per frame: densest cell (the quantisation scale), g/m³. */
  densityMax: number[];
  /** Per frame: byte offset (from the start of the frame data) and length of its block. */
  blocks: [number, number][];
}

/** Densities below this are "no cloud" for the bounds, g/m³ (σ = 0.006 /m: barely a haze over 100 m). */
export const CLOUD_THRESHOLD_G_PER_M3 = 0.01;

/** Encodes one frame's density and debris into a block. */
export function encodeDustFrame(density: Float32Array, densityMax: number, debris: DebrisFrame, debrisBox: DustCacheHeader['debrisBoxM']): Uint8Array {
  const cells = density.length;
  const n = debris.count;
  const raw = new Uint8Array(cells + 4 + n * 4 + n * 6 + n * 6 + n * 2);
  const view = new DataView(raw.buffer);
  if (densityMax > 0) for (let i = 0; i < cells; i++) raw[i] = Math.round(255 * Math.sqrt(Math.min(1, Math.max(0, density[i] / densityMax))));
  let o = cells;
  view.setUint32(o, n, true);
  o += 4;
  for (let i = 0; i < n; i++, o += 4) view.setUint32(o, debris.ids[i], true);
  for (let i = 0; i < n * 3; i++, o += 2) {
    const a = i % 3;
    const lo = debrisBox.min[a];
    const t = (debris.positionsM[i] - lo) / (debrisBox.max[a] - lo);
    view.setUint16(o, Math.round(65535 * Math.min(1, Math.max(0, t))), true);
  }
  for (let i = 0; i < n * 3; i++, o += 2) view.setInt16(o, Math.round(Math.min(32767, Math.max(-32767, debris.velocitiesMps[i] * 100))), true);
  for (let i = 0; i < n; i++, o += 2) view.setUint16(o, Math.round(Math.min(65535, debris.sizesM[i] * 10000)), true);
  return deflateSync(raw, { level: 4 });
}

export function decodeDustFrame(block: Uint8Array, header: DustCacheHeader, index: number): { volume: DustVolumeFrame; debris: DebrisFrame } {
  const raw = inflateSync(block);
  const { dims } = header.box;
  const cells = dims[0] * dims[1] * dims[2];
  const max = header.densityMax[index];
  const densityGPerM3 = new Float32Array(cells);
  for (let i = 0; i < cells; i++) {
    const q = raw[i] / 255;
    densityGPerM3[i] = q * q * max;
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let o = cells;
  const n = view.getUint32(o, true);
  o += 4;
  const ids = new Uint32Array(n);
  const positionsM = new Float32Array(n * 3);
  const velocitiesMps = new Float32Array(n * 3);
  const sizesM = new Float32Array(n);
  for (let i = 0; i < n; i++, o += 4) ids[i] = view.getUint32(o, true);
  const { min, max: hi } = header.debrisBoxM;
  for (let i = 0; i < n * 3; i++, o += 2) positionsM[i] = min[i % 3] + (view.getUint16(o, true) / 65535) * (hi[i % 3] - min[i % 3]);
  for (let i = 0; i < n * 3; i++, o += 2) velocitiesMps[i] = view.getInt16(o, true) / 100;
  for (let i = 0; i < n; i++, o += 2) sizesM[i] = view.getUint16(o, true) / 10000;
  return { volume: { ...header.box, densityGPerM3 }, debris: { count: n, ids, positionsM, velocitiesMps, sizesM } };
}

const DUST_CACHE_KIND = { magic: DUST_CACHE_MAGIC, what: 'dust cache', code: 'dustcache' };

export async function writeDustCache(path: string, header: Omit<DustCacheHeader, 'blocks'>, blocks: Uint8Array[]): Promise<void> {
  const ranges: [number, number][] = [];
  let at = 0;
  for (const b of blocks) {
    ranges.push([at, b.length]);
    at += b.length;
  }
  await writeHeaderedFile(path, DUST_CACHE_KIND, { ...header, blocks: ranges }, blocks);
}

/** Random access to a dust cache; reading frame N reads only its block. */
export class DustCacheReader {
  private constructor(
    private readonly handle: fs.FileHandle,
    readonly header: DustCacheHeader,
    private readonly dataOffset: number,
  ) {}

  static async open(path: string): Promise<DustCacheReader> {
    const { handle, header, dataOffset } = await openHeaderedFile<DustCacheHeader>(
      path,
      DUST_CACHE_KIND,
      (h) => h.schema === 'aftermath.dustcache/1' && Array.isArray(h.blocks) && h.blocks.length === h.frameCount,
      (h) => h.blocks.reduce((m, [o, l]) => Math.max(m, o + l), 0),
    );
    return new DustCacheReader(handle, header, dataOffset);
  }

  /** Frame index 0..frameCount-1. */
  async readFrame(index: number): Promise<{ volume: DustVolumeFrame; debris: DebrisFrame }> {
    if (!Number.isInteger(index) || index < 0 || index >= this.header.frameCount) {
      throw new RangeError(`frame index ${index} outside 0..${this.header.frameCount - 1}`);
    }
    const [offset, length] = this.header.blocks[index];
    const block = new Uint8Array(length);
    await this.handle.read(block, 0, length, this.dataOffset + offset);
    return decodeDustFrame(block, this.header, index);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
