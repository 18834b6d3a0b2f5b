/**
 * PIZ's Huffman coder (ImfHuf hufCompress / hufUncompress): a 20-byte header (im, iM,
 * table length, bit count, reserved; little-endian), the packed code table, then the
 * MSB-first bit stream, where the pseudo-symbol iM followed by 8 bits repeats the previous
 * symbol that many more times. The decoder checks every count and index against its inputs.
 */
import { exrInvalid } from './exr-errors.js';
import { buildEncodingTable, canonicalCodes, HUF_ENCSIZE, packEncodingTable, unpackEncodingTable } from './piz-huffman-table.js';

const DECBITS = 14;
const DECSIZE = 1 << DECBITS;

export function hufCompress(raw: Uint16Array): Uint8Array {
  const n = raw.length;
  if (n === 0) return new Uint8Array(0);
  const freq = new Float64Array(65536);
  for (let i = 0; i < n; i++) freq[raw[i]]++;
  const { lengths, codes, im, iM } = buildEncodingTable(freq);
  const table = packEncodingTable(lengths, im, iM);
  let maxLen = 0;
  for (let i = im; i <= iM; i++) if (lengths[i] > maxLen) maxLen = lengths[i];
  const data = new Uint8Array(Math.ceil((n * maxLen) / 8) + 16);
  let o = 0;
  let c = 0;
  let lc = 0;
  const putBits = (nBits: number, bits: number): void => {
    // nBits <= 24, so c never exceeds 31 bits.
    c = (c << nBits) | bits;
    lc += nBits;
    while (lc >= 8) {
      lc -= 8;
      data[o++] = (c >>> lc) & 0xff;
    }
    c &= (1 << lc) - 1;
  };
  const putCode = (sym: number): void => {
    let l = lengths[sym];
    const code = codes[sym];
    while (l > 24) {
      const z = Math.min(24, l - 24); // leading zero bits of a long code (codes are < 2^18)
      putBits(z, 0);
      l -= z;
    }
    putBits(l, code);
  };
  const rlc = iM;
  const sendCode = (sym: number, runCount: number): void => {
    if (lengths[sym] + lengths[rlc] + 8 < lengths[sym] * runCount) {
      putCode(sym);
      putCode(rlc);
      putBits(8, runCount);
    } else {
      for (let k = 0; k <= runCount; k++) putCode(sym);
    }
  };
  if (maxLen <= 24) {
    // Fast path (practically always): codes fit the 31-bit accumulator directly.
    const rlcLen = lengths[rlc];
    const rlcCode = codes[rlc];
    let i = 0;
    while (i < n) {
      const sym = raw[i];
      let end = i + 1;
      while (end < n && raw[end] === sym && end - i < 256) end++;
      const cs = end - i - 1;
      i = end;
      const l = lengths[sym];
      const code = codes[sym];
      if (l + rlcLen + 8 < l * cs) {
        c = (c << l) | code;
        lc += l;
        while (lc >= 8) data[o++] = c >>> (lc -= 8);
        c &= (1 << lc) - 1;
        c = (c << rlcLen) | rlcCode;
        lc += rlcLen;
        while (lc >= 8) data[o++] = c >>> (lc -= 8);
        c &= (1 << lc) - 1;
        c = (c << 8) | cs;
        lc += 8;
        while (lc >= 8) data[o++] = c >>> (lc -= 8);
        c &= (1 << lc) - 1;
      } else {
        for (let k = 0; k <= cs; k++) {
          c = (c << l) | code;
          lc += l;
          while (lc >= 8) data[o++] = c >>> (lc -= 8);
          c &= (1 << lc) - 1;
        }
      }
    }
  } else {
    let s = raw[0];
    let cs = 0;
    for (let i = 1; i < n; i++) {
      const v = raw[i];
      if (s === v && cs < 255) {
        cs++;
      } else {
        sendCode(s, cs);
        cs = 0;
      }
      s = v;
    }
    sendCode(s, cs);
  }
  const nBits = o * 8 + lc;
  if (lc > 0) data[o++] = (c << (8 - lc)) & 0xff;
  const out = new Uint8Array(20 + table.length + o);
  const view = new DataView(out.buffer);
  view.setUint32(0, im, true);
  view.setUint32(4, iM, true);
  view.setUint32(8, table.length, true);
  view.setUint32(12, nBits, true);
  view.setUint32(16, 0, true);
  out.set(table, 20);
  out.set(data.subarray(0, o), 20 + table.length);
  return out;
}

interface DecodingTable {
  /** Code length of the short code owning each 14-bit prefix, 0 if none. */
  len: Uint8Array;
  lit: Int32Array;
  /** Symbols of long (> 14 bit) codes sharing each 14-bit prefix. */
  long: (number[] | undefined)[];
}

function buildDecodingTable(lengths: Uint8Array, codes: Float64Array, im: number, iM: number): DecodingTable {
  const len = new Uint8Array(DECSIZE);
  const lit = new Int32Array(DECSIZE);
  const long: (number[] | undefined)[] = new Array(DECSIZE);
  for (let i = im; i <= iM; i++) {
    const l = lengths[i];
    if (l === 0) continue;
    const c = codes[i];
    if (c >= 2 ** l) throw exrInvalid('PIZ Huffman table has an impossible code', 'piz.huffman', i);
    if (l > DECBITS) {
      const at = Math.floor(c / 2 ** (l - DECBITS));
      if (len[at]) throw exrInvalid('PIZ Huffman table is not prefix-free', 'piz.huffman', i);
      (long[at] ??= []).push(i);
    } else {
      const first = c * 2 ** (DECBITS - l);
      const count = 2 ** (DECBITS - l);
      for (let k = first; k < first + count; k++) {
        if (len[k] || long[k]) throw exrInvalid('PIZ Huffman table is not prefix-free', 'piz.huffman', i);
        len[k] = l;
        lit[k] = i;
      }
    }
  }
  return { len, lit, long };
}

/** Decodes `compressed` (header + table + bits) into exactly `out.length` values. */
export function hufUncompress(compressed: Uint8Array, out: Uint16Array): void {
  const nRaw = out.length;
  if (compressed.length === 0) {
    if (nRaw !== 0) throw exrInvalid('PIZ Huffman data is empty', 'piz.huffman');
    return;
  }
  if (compressed.length < 20) throw exrInvalid('PIZ Huffman header is truncated', 'piz.huffman', compressed.length);
  const view = new DataView(compressed.buffer, compressed.byteOffset, compressed.byteLength);
  const im = view.getUint32(0, true);
  const iM = view.getUint32(4, true);
  const nBits = view.getUint32(12, true);
  if (im >= HUF_ENCSIZE || iM >= HUF_ENCSIZE || im > iM) {
    throw exrInvalid('PIZ Huffman symbol range is invalid', 'piz.huffman', { im, iM }, `0 <= im <= iM < ${HUF_ENCSIZE}`);
  }
  const { lengths, next } = unpackEncodingTable(compressed, 20, compressed.length, im, iM);
  const available = compressed.length - next;
  if (nBits > 8 * available) throw exrInvalid('PIZ Huffman bit count exceeds the data', 'piz.huffman', nBits, `<= ${8 * available}`);
  const codes = canonicalCodes(lengths);
  const dec = buildDecodingTable(lengths, codes, im, iM);
  // Copy with 4 bytes of zero padding so that peeks never index past the end.
  const nBytes = Math.ceil(nBits / 8);
  const d = new Uint8Array(nBytes + 4);
  d.set(compressed.subarray(next, next + nBytes));
  const rlc = iM;
  let pos = 0;
  let o = 0;
  const readBitsSlow = (at: number, l: number): number => {
    let v = 0;
    for (let k = 0; k < l; k++) {
      const p = at + k;
      v = v * 2 + ((d[p >> 3] >> (7 - (p & 7))) & 1);
      if (v >= 2 ** 20) return -1; // no valid code is this large
    }
    return v;
  };
  while (pos < nBits) {
    const b = pos >> 3;
    const idx = (((d[b] << 16) | (d[b + 1] << 8) | d[b + 2]) >>> (10 - (pos & 7))) & (DECSIZE - 1);
    let sym: number;
    const l = dec.len[idx];
    if (l) {
      if (pos + l > nBits) throw exrInvalid('PIZ Huffman code runs past the bit count', 'piz.huffman', pos);
      pos += l;
      sym = dec.lit[idx];
    } else {
      const candidates = dec.long[idx];
      if (!candidates) throw exrInvalid('PIZ Huffman stream has an invalid code', 'piz.huffman', pos);
      sym = -1;
      for (const s of candidates) {
        const sl = lengths[s];
        if (pos + sl <= nBits && readBitsSlow(pos, sl) === codes[s]) {
          sym = s;
          pos += sl;
          break;
        }
      }
      if (sym < 0) throw exrInvalid('PIZ Huffman stream has an invalid code', 'piz.huffman', pos);
    }
    if (sym === rlc) {
      if (pos + 8 > nBits) throw exrInvalid('PIZ Huffman run count runs past the bit count', 'piz.huffman', pos);
      const bb = pos >> 3;
      const cs = (((d[bb] << 8) | d[bb + 1]) >> (8 - (pos & 7))) & 0xff;
      pos += 8;
      if (o === 0) throw exrInvalid('PIZ Huffman run before any value', 'piz.huffman');
      if (o + cs > nRaw) throw exrInvalid('PIZ Huffman data decodes to too many values', 'piz.huffman', o + cs, String(nRaw));
      out.fill(out[o - 1], o, o + cs);
      o += cs;
    } else {
      if (o >= nRaw) throw exrInvalid('PIZ Huffman data decodes to too many values', 'piz.huffman', o + 1, String(nRaw));
      out[o++] = sym;
    }
  }
  if (o !== nRaw) throw exrInvalid('PIZ Huffman data decodes to too few values', 'piz.huffman', o, String(nRaw));
}
