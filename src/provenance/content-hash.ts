import { promises as fs } from 'node:fs';
import { sha256 } from '../core/hash.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function isPng(b: Uint8Array): boolean {
  return b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v);
}

/**
 * A PNG without its `caBX` chunks (where C2PA stores its manifest). Embedding credentials only
 * inserts that chunk, so this gives back the exact bytes that were rendered.
 */
export function stripPngCredentials(b: Uint8Array): Uint8Array {
  if (!isPng(b)) return b;
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let total = 8;
  for (let at = 8; at + 12 <= b.length; ) {
    const len = ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3];
    const type = String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
    const end = Math.min(b.length, at + 12 + len);
    if (type !== 'caBX') {
      parts.push(b.subarray(at, end));
      total += end - at;
    }
    at = end;
  }
  if (parts.length === 1) return b;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** True when a PNG carries a C2PA `caBX` chunk. */
export function pngHasCredentials(b: Uint8Array): boolean {
  return isPng(b) && stripPngCredentials(b).length !== b.length;
}

/** sha256 of a file's rendered content: for a PNG, without its C2PA chunk; else the whole file. */
export async function contentSha256(file: string): Promise<string> {
  return sha256(stripPngCredentials(new Uint8Array(await fs.readFile(file))));
}
