/**
 * Huffman code tables of PIZ (ImfHuf): code lengths from symbol frequencies, canonical code
 * assignment, and the 6-bit packed table with zero-run escapes. Symbols are 0..65536 (65536
 * is reserved for the run-length pseudo-symbol `iM`).
 */
import { exrInvalid } from './exr-errors.js';

export const HUF_ENCSIZE = 65537;
export const MAX_CODE_LENGTH = 58;
const SHORT_ZEROCODE_RUN = 59;
const LONG_ZEROCODE_RUN = 63;
const SHORTEST_LONG_RUN = 2 + LONG_ZEROCODE_RUN - SHORT_ZEROCODE_RUN;
const LONGEST_LONG_RUN = 255 + SHORTEST_LONG_RUN;

/**
 * Canonical codes from lengths: shorter codes are numerically higher, equal lengths ascend
 * with the symbol. Every code value of a valid table stays below 2^18, so plain numbers do.
 */
export function canonicalCodes(lengths: Uint8Array): Float64Array {
  const n = new Float64Array(MAX_CODE_LENGTH + 1);
  for (let i = 0; i < HUF_ENCSIZE; i++) n[lengths[i]] += 1;
  let c = 0;
  for (let i = MAX_CODE_LENGTH; i > 0; i--) {
    const nc = Math.floor((c + n[i]) / 2);
    n[i] = c;
    c = nc;
  }
  const codes = new Float64Array(HUF_ENCSIZE);
  for (let i = 0; i < HUF_ENCSIZE; i++) {
    const l = lengths[i];
    if (l > 0) codes[i] = n[l]++;
  }
  return codes;
}

/** A deterministic min-heap of symbols ordered by (frequency, symbol). */
class SymbolHeap {
  private readonly items: Int32Array;
  size = 0;
  constructor(
    capacity: number,
    private readonly freq: Float64Array,
  ) {
    this.items = new Int32Array(capacity);
  }
  private less(a: number, b: number): boolean {
    const fa = this.freq[a];
    const fb = this.freq[b];
    return fa < fb || (fa === fb && a < b);
  }
  push(s: number): void {
    const it = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(s, it[parent])) break;
      it[i] = it[parent];
      i = parent;
    }
    it[i] = s;
  }
  pop(): number {
    const it = this.items;
    const top = it[0];
    const last = it[--this.size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.less(it[child + 1], it[child])) child++;
      if (!this.less(it[child], last)) break;
      it[i] = it[child];
      i = child;
    }
    it[i] = last;
    return top;
  }
}

export interface EncodingTable {
  lengths: Uint8Array;
  codes: Float64Array;
  im: number;
  iM: number;
}

/** Code lengths for `freq` (counts of symbols 0..65535) plus the run pseudo-symbol. */
export function buildEncodingTable(freqIn: Float64Array): EncodingTable {
  const freq = new Float64Array(HUF_ENCSIZE);
  freq.set(freqIn.subarray(0, 65536));
  let im = 0;
  while (im < 65536 && freq[im] === 0) im++;
  let iM = im;
  const heap = new SymbolHeap(HUF_ENCSIZE, freq);
  const link = new Int32Array(HUF_ENCSIZE);
  for (let i = im; i < 65536; i++) {
    link[i] = i;
    if (freq[i] > 0) {
      heap.push(i);
      iM = i;
    }
  }
  iM++;
  freq[iM] = 1;
  link[iM] = iM;
  heap.push(iM);
  const lengths = new Uint8Array(HUF_ENCSIZE);
  while (heap.size > 1) {
    const mm = heap.pop();
    const m = heap.pop();
    freq[m] += freq[mm];
    heap.push(m);
    for (let j = m; ; j = link[j]) {
      lengths[j]++;
      if (link[j] === j) {
        link[j] = mm;
        break;
      }
    }
    for (let j = mm; ; j = link[j]) {
      lengths[j]++;
      if (link[j] === j) break;
    }
  }
  for (let i = im; i <= iM; i++) {
    if (lengths[i] > MAX_CODE_LENGTH) throw new Error(`PIZ Huffman code longer than ${MAX_CODE_LENGTH} bits`);
  }
  return { lengths, codes: canonicalCodes(lengths), im, iM };
}

/** Packs lengths im..iM as 6-bit values with zero-run escapes; byte-aligned at the end. */
export function packEncodingTable(lengths: Uint8Array, im: number, iM: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(((iM - im + 1) * 6) / 8) + 2);
  let o = 0;
  let c = 0;
  let lc = 0;
  const put = (nBits: number, bits: number): void => {
    c = (c << nBits) | bits;
    lc += nBits;
    while (lc >= 8) {
      lc -= 8;
      out[o++] = (c >> lc) & 0xff;
    }
    c &= (1 << lc) - 1;
  };
  for (; im <= iM; im++) {
    const l = lengths[im];
    if (l === 0) {
      let zerun = 1;
      while (im < iM && zerun < LONGEST_LONG_RUN) {
        if (lengths[im + 1] > 0) break;
        im++;
        zerun++;
      }
      if (zerun >= 2) {
        if (zerun >= SHORTEST_LONG_RUN) {
          put(6, LONG_ZEROCODE_RUN);
          put(8, zerun - SHORTEST_LONG_RUN);
        } else {
          put(6, SHORT_ZEROCODE_RUN + zerun - 2);
        }
        continue;
      }
    }
    put(6, l);
  }
  if (lc > 0) out[o++] = (c << (8 - lc)) & 0xff;
  return out.slice(0, o);
}

/**
 * Unpacks a table from `data[start..end)`; returns the lengths and the offset just past the
 * table. Zero runs that overshoot `iM` and reads past `end` are rejected.
 */
export function unpackEncodingTable(data: Uint8Array, start: number, end: number, im: number, iM: number): { lengths: Uint8Array; next: number } {
  const lengths = new Uint8Array(HUF_ENCSIZE);
  let p = start;
  let c = 0;
  let lc = 0;
  const get = (nBits: number): number => {
    while (lc < nBits) {
      if (p >= end) throw exrInvalid('PIZ Huffman table runs past its data', 'piz.huffman');
      c = ((c << 8) | data[p++]) & 0xffffff;
      lc += 8;
    }
    lc -= nBits;
    return (c >> lc) & ((1 << nBits) - 1);
  };
  for (; im <= iM; im++) {
    const l = get(6);
    if (l === LONG_ZEROCODE_RUN || l >= SHORT_ZEROCODE_RUN) {
      const zerun = l === LONG_ZEROCODE_RUN ? get(8) + SHORTEST_LONG_RUN : l - SHORT_ZEROCODE_RUN + 2;
      if (im + zerun > iM + 1) throw exrInvalid('PIZ Huffman table zero run is too long', 'piz.huffman', zerun);
      im += zerun - 1; // lengths already zero
    } else {
      lengths[im] = l;
    }
  }
  return { lengths, next: p };
}
