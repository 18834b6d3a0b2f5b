import { promises as fs } from 'node:fs';
import { InputError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs-atomic.js';

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

export async function writeSimCache(path: string, header: SimCacheHeader, frames: Float32Array[]): Promise<void> {
  let json = JSON.stringify(header);
  while ((12 + Buffer.byteLength(json)) % 4 !== 0) json += ' ';
  const headerBytes = Buffer.from(json, 'utf8');
  const frameBytes = frameByteLength(header.pieceCount);
  const out = Buffer.alloc(12 + headerBytes.length + frames.length * frameBytes);
  out.write(SIM_CACHE_MAGIC, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(out, 12);
  let offset = 12 + headerBytes.length;
  for (const f of frames) {
    Buffer.from(f.buffer, f.byteOffset, f.byteLength).copy(out, offset);
    offset += frameBytes;
  }
  await writeFileAtomic(path, out);
}

/** Random access to a cache file; reading frame N reads only that frame's bytes. */
export class SimCacheReader {
  private constructor(
    private readonly handle: fs.FileHandle,
    readonly header: SimCacheHeader,
    private readonly dataOffset: number,
  ) {}

  static async open(path: string): Promise<SimCacheReader> {
    const handle = await fs.open(path, 'r');
    try {
      const head = Buffer.alloc(12);
      await handle.read(head, 0, 12, 0);
      if (head.toString('latin1', 0, 8) !== SIM_CACHE_MAGIC) {
        throw new InputError(`not an Aftermath simulation cache: ${path}`, 'simcache.bad_magic');
      }
      const len = head.readUInt32LE(8);
      const stat = await handle.stat();
      if (len > stat.size - 12) throw new InputError(`simulation cache header is truncated: ${path}`, 'simcache.truncated');
      const hb = Buffer.alloc(len);
      await handle.read(hb, 0, len, 12);
      const header = JSON.parse(hb.toString('utf8')) as SimCacheHeader;
      const expected = 12 + len + header.frameCount * frameByteLength(header.pieceCount);
      if (header.schema !== 'aftermath.simcache/2' || stat.size !== expected) {
        throw new InputError(`simulation cache is truncated or of another version: ${path}`, 'simcache.truncated');
      }
      return new SimCacheReader(handle, header, 12 + len);
    } catch (err) {
      await handle.close();
      throw err;
    }
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
