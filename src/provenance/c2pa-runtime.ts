import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { initSync } from '@contentauth/c2pa-wasm';
import { InputError } from '../core/errors.js';

/**
 * The adapter around `@contentauth/c2pa-wasm` (the Rust C2PA engine as WASM): loads the module
 * once, and gives it the one browser API it asks for in Node (`FileReaderSync`, used to read the
 * `Blob` it signs). Engine objects stay inside `src/provenance/`.
 */
const require = createRequire(import.meta.url);
let ready = false;

/** A Blob whose bytes are known here, so the engine's synchronous reads can be served. */
export class BytesBlob extends Blob {
  readonly content: Uint8Array;
  constructor(bytes: Uint8Array) {
    super([]);
    this.content = bytes;
  }
  override get size(): number {
    return this.content.length;
  }
  override slice(start?: number, end?: number): Blob {
    return new BytesBlob(this.content.subarray(start ?? 0, end ?? this.content.length));
  }
}

class NodeFileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer {
    if (!(blob instanceof BytesBlob)) throw new TypeError('only BytesBlob can be read synchronously in Node');
    const u = blob.content;
    return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
  }
}

export function ensureC2pa(): void {
  if (ready) return;
  const g = globalThis as { FileReaderSync?: unknown };
  if (!g.FileReaderSync) g.FileReaderSync = NodeFileReaderSync;
  initSync({ module: readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });
  ready = true;
}

export function c2paVersion(): string {
  try {
    return (require('@contentauth/c2pa-wasm/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The media types Aftermath signs and reads, by extension. */
export const C2PA_MEDIA_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
};

/** Media type from the file's first bytes, else from its extension. */
export function mediaTypeOf(file: string, bytes?: Uint8Array): string {
  if (bytes && bytes.length >= 12) {
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
    if (String.fromCharCode(...bytes.subarray(4, 8)) === 'ftyp') {
      return String.fromCharCode(...bytes.subarray(8, 12)) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
    }
  }
  const t = C2PA_MEDIA_TYPES[path.extname(file).toLowerCase()];
  if (!t) {
    throw new InputError(`${file}: not a format with content credentials here`, 'c2pa.unsupported_format', [
      { code: 'c2pa.unsupported_format', path: file, allowed: 'JPEG, PNG, MP4 or MOV', received: path.extname(file) || '(no extension)' },
    ]);
  }
  return t;
}

/** WASM errors arrive as strings such as "C2pa(JumbfNotFound)"; make them readable. */
export function c2paErrorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
