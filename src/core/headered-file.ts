import { promises as fs } from 'node:fs';
import { InputError } from './errors.js';
import { writeFileAtomic } from './fs-atomic.js';

/**
 * The layout of Aftermath's binary caches: bytes 0..7 an 8-character magic, bytes 8..11 the
 * header length H (uint32 LE), then H bytes of UTF-8 JSON (padded with spaces to a multiple of
 * 4 from the file start), then the payload. Each cache names its own magic, error codes and
 * payload checks.
 */
export interface HeaderedFileKind {
  magic: string;
  /** What the file is, for messages ("simulation cache"). */
  what: string;
  /** Prefix of the error codes ("simcache" gives simcache.bad_magic, simcache.truncated). */
  code: string;
}

/** Writes magic + header + payload chunks atomically (temporary name, then rename). */
export async function writeHeaderedFile(path: string, kind: HeaderedFileKind, header: unknown, chunks: readonly Uint8Array[]): Promise<void> {
  let json = JSON.stringify(header);
  while ((12 + Buffer.byteLength(json)) % 4 !== 0) json += ' ';
  const headerBytes = Buffer.from(json, 'utf8');
  const payload = chunks.reduce((s, c) => s + c.byteLength, 0);
  const out = Buffer.alloc(12 + headerBytes.length + payload);
  out.write(kind.magic, 0, 'latin1');
  out.writeUInt32LE(headerBytes.length, 8);
  headerBytes.copy(out, 12);
  let offset = 12 + headerBytes.length;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  await writeFileAtomic(path, out);
}

/**
 * Opens a headered file and parses its header; `payloadBytes(header)` says how long the payload
 * must be, so a truncated or foreign file is refused before any frame is read. The caller owns
 * the returned handle.
 */
export async function openHeaderedFile<H>(
  path: string,
  kind: HeaderedFileKind,
  valid: (header: H) => boolean,
  payloadBytes: (header: H) => number,
): Promise<{ handle: fs.FileHandle; header: H; dataOffset: number }> {
  const handle = await fs.open(path, 'r');
  try {
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    if (head.toString('latin1', 0, 8) !== kind.magic) throw new InputError(`not an Aftermath ${kind.what}: ${path}`, `${kind.code}.bad_magic`);
    const len = head.readUInt32LE(8);
    const stat = await handle.stat();
    if (len > stat.size - 12) throw new InputError(`${kind.what} header is truncated: ${path}`, `${kind.code}.truncated`);
    const hb = Buffer.alloc(len);
    await handle.read(hb, 0, len, 12);
    let header: H;
    try {
      header = JSON.parse(hb.toString('utf8')) as H;
    } catch {
      throw new InputError(`${kind.what} header is not JSON: ${path}`, `${kind.code}.truncated`);
    }
    if (!valid(header) || stat.size !== 12 + len + payloadBytes(header)) {
      throw new InputError(`${kind.what} is truncated or of another version: ${path}`, `${kind.code}.truncated`);
    }
    return { handle, header, dataOffset: 12 + len };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
