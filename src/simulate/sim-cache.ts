import { promises as fs } from 'node:fs';
import { openHeaderedFile, writeHeaderedFile } from '../core/headered-file.js';

/**
 * Simulation cache, format `aftermath.simcache/2`:
 *   bytes 0..7   magic "AFTSIM02"
 *   bytes 8..11  header length H (uint32 LE)
 *   bytes 12..   header: UTF-8 JSON (SimCacheHeader), padded with spaces to a multiple of 4
 *   then         frameCount frames of pieceCount × FLOATS_PER_PIECE float32 LE:
 *                position x y z (m), rotation x y z w, linear velocity x y z (m/s),
 *                angular velocity x y z (rad/s)
 * Frame N starts at a fixed offset, so reading one frame reads only its bytes.
 */
export const SIM_CACHE_MAGIC = 'AFTSIM02';
export const FLOATS_PER_PIECE = 13;

/**
 * What happened in the simulation, ordered by time then piece: `failure` (a piece blown out
 * by the collapse's initiation), `bond_break` (a glued face let go), `impact` (a body hit
 * something hard). Dust, debris and camera shake read these.
 */
export interface SimEvent {
  /** Simulation time, seconds from the first frame. */
  timeS: number;
  type: 'failure' | 'bond_break' | 'impact';
  /** The piece concerned (for a bond, its first piece). */
  pieceIndex: number;
  /** The other piece of a bond, or -1. */
  otherIndex: number;
  positionM: [number, number, number];
  /** Unit vector: across the bond (a → b), along the kick, or along the hit. */
  normal: [number, number, number];
  /** Kinetic energy involved, joules (relative motion for a bond, the body's for an impact). */
  energyJ: number;
  /** Load that broke it or force of the hit, newtons (0 for a planned failure). */
  forceN: number;
  materials: string[];
}

export interface SimCacheHeader {
  schema: 'aftermath.simcache/2';
  pieceCount: number;
  frameCount: number;
  fps: number;
  dtS: number;
  stepsSimulated: number;
  floatsPerPiece: number;
  events: SimEvent[];
}

export function frameByteLength(pieceCount: number): number {
  return pieceCount * FLOATS_PER_PIECE * 4;
}

const SIM_CACHE_KIND = { magic: SIM_CACHE_MAGIC, what: 'simulation cache', code: 'simcache' };

export async function writeSimCache(path: string, header: SimCacheHeader, frames: Float32Array[]): Promise<void> {
  const chunks = frames.map((f) => new Uint8Array(f.buffer, f.byteOffset, frameByteLength(header.pieceCount)));
  await writeHeaderedFile(path, SIM_CACHE_KIND, header, chunks);
}

/** Random access to a cache file; reading frame N reads only that frame's bytes. */
export class SimCacheReader {
  private constructor(
    private readonly handle: fs.FileHandle,
    readonly header: SimCacheHeader,
    private readonly dataOffset: number,
  ) {}

  static async open(path: string): Promise<SimCacheReader> {
    const { handle, header, dataOffset } = await openHeaderedFile<SimCacheHeader>(
      path,
      SIM_CACHE_KIND,
      (h) => h.schema === 'aftermath.simcache/2',
      (h) => h.frameCount * frameByteLength(h.pieceCount),
    );
    return new SimCacheReader(handle, header, dataOffset);
  }

  /** Frame index 0..frameCount-1. */
  async readFrame(index: number): Promise<Float32Array> {
    const { pieceCount, frameCount } = this.header;
    if (!Number.isInteger(index) || index < 0 || index >= frameCount) {
      throw new RangeError(`frame index ${index} outside 0..${frameCount - 1}`);
    }
    const bytes = frameByteLength(pieceCount);
    const buf = new Float32Array(pieceCount * FLOATS_PER_PIECE);
    await this.handle.read(new Uint8Array(buf.buffer), 0, bytes, this.dataOffset + index * bytes);
    return buf;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
