/**
 * A bounds-checked little-endian cursor over untrusted bytes: every read checks the
 * remaining length first and throws `exr.invalid` naming what was being read.
 */
import { exrInvalid } from './exr-errors.js';

export class ByteReader {
  readonly view: DataView;
  pos: number;
  readonly end: number;

  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    end = bytes.length,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  need(n: number, what: string): void {
    if (!(n >= 0) || this.pos + n > this.end) {
      throw exrInvalid(`truncated while reading ${what}`, what, { offset: this.pos, need: n, have: this.end - this.pos });
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++];
  }
  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f32(what: string): number {
    this.need(4, what);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }
  f64(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** Null-terminated string of at most `maxLen` bytes (the terminator not counted). */
  cstring(maxLen: number, what: string): string {
    const start = this.pos;
    const limit = Math.min(this.end, start + maxLen + 1);
    for (let i = start; i < limit; i++) {
      if (this.bytes[i] === 0) {
        this.pos = i + 1;
        return utf8.decode(this.bytes.subarray(start, i));
      }
    }
    if (limit === this.end) throw exrInvalid(`truncated while reading ${what}`, what, { offset: start });
    throw exrInvalid(`${what} longer than ${maxLen} bytes`, what, { offset: start }, `at most ${maxLen} bytes`);
  }
}

export const utf8 = new TextDecoder('utf-8');
export const utf8Encoder = new TextEncoder();
