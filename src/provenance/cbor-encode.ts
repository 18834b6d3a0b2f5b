/**
 * The few CBOR (RFC 8949) items a COSE_Sign1 needs: unsigned/negative integers, byte and text
 * strings, arrays, maps (insertion order kept), tags and null. Definite lengths only.
 */
export type CborValue = number | string | Uint8Array | null | CborValue[] | Map<number | string, CborValue> | CborTagged;

export interface CborTagged {
  tag: number;
  value: CborValue;
}

export function cborTag(tag: number, value: CborValue): CborTagged {
  return { tag, value };
}

function head(major: number, n: number, out: number[]): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`CBOR length or integer out of range: ${n}`);
  const m = major << 5;
  if (n < 24) out.push(m | n);
  else if (n < 0x100) out.push(m | 24, n);
  else if (n < 0x10000) out.push(m | 25, n >> 8, n & 0xff);
  else if (n < 0x100000000) out.push(m | 26, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  else {
    const hi = Math.floor(n / 0x100000000);
    out.push(m | 27, (hi >>> 24) & 0xff, (hi >>> 16) & 0xff, (hi >>> 8) & 0xff, hi & 0xff);
    const lo = n >>> 0;
    out.push((lo >>> 24) & 0xff, (lo >>> 16) & 0xff, (lo >>> 8) & 0xff, lo & 0xff);
  }
}

function encodeInto(v: CborValue, out: number[]): void {
  if (v === null) out.push(0xf6);
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`CBOR: only integers are supported, got ${v}`);
    if (v >= 0) head(0, v, out);
    else head(1, -1 - v, out);
  } else if (typeof v === 'string') {
    const b = Buffer.from(v, 'utf8');
    head(3, b.length, out);
    for (const x of b) out.push(x);
  } else if (v instanceof Uint8Array) {
    head(2, v.length, out);
    for (const x of v) out.push(x);
  } else if (Array.isArray(v)) {
    head(4, v.length, out);
    for (const x of v) encodeInto(x, out);
  } else if (v instanceof Map) {
    head(5, v.size, out);
    for (const [k, x] of v) {
      encodeInto(k, out);
      encodeInto(x, out);
    }
  } else {
    head(6, v.tag, out);
    encodeInto(v.value, out);
  }
}

export function encodeCbor(v: CborValue): Uint8Array {
  const out: number[] = [];
  encodeInto(v, out);
  return Uint8Array.from(out);
}
