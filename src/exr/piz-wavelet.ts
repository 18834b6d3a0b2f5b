/**
 * The 2D Haar-like wavelet of PIZ (ImfWav): 14-bit-safe lifting when every value fits in
 * 14 bits, a modulo-2^16 variant otherwise. Operates in place on a Uint16Array holding
 * `ny` rows of `nx` samples with strides `ox` (between samples) and `oy` (between rows).
 */

const A_OFFSET = 1 << 15;
const M_OFFSET = 1 << 15;
const MOD_MASK = 0xffff;

// Encoders/decoders write their two outputs here to avoid allocating.
let outL = 0;
let outH = 0;

function wenc14(a: number, b: number): void {
  const as = (a << 16) >> 16;
  const bs = (b << 16) >> 16;
  outL = ((as + bs) >> 1) & 0xffff;
  outH = (as - bs) & 0xffff;
}

function wdec14(l: number, h: number): void {
  const ls = (l << 16) >> 16;
  const hi = (h << 16) >> 16;
  const ai = ls + (hi & 1) + (hi >> 1);
  outL = ai & 0xffff;
  outH = (ai - hi) & 0xffff;
}

function wenc16(a: number, b: number): void {
  const ao = (a + A_OFFSET) & MOD_MASK;
  let m = (ao + b) >> 1;
  let d = ao - b;
  if (d < 0) m = (m + M_OFFSET) & MOD_MASK;
  d &= MOD_MASK;
  outL = m;
  outH = d;
}

function wdec16(l: number, h: number): void {
  const bb = (l - (h >> 1)) & MOD_MASK;
  const aa = (h + bb - A_OFFSET) & MOD_MASK;
  outL = aa;
  outH = bb;
}

export function wav2Encode(buf: Uint16Array, start: number, nx: number, ox: number, ny: number, oy: number, mx: number): void {
  const enc = mx < 1 << 14 ? wenc14 : wenc16;
  const n = nx > ny ? ny : nx;
  let p = 1;
  let p2 = 2;
  while (p2 <= n) {
    let py = start;
    const ey = start + oy * (ny - p2);
    const oy1 = oy * p;
    const oy2 = oy * p2;
    const ox1 = ox * p;
    const ox2 = ox * p2;
    for (; py <= ey; py += oy2) {
      let px = py;
      const ex = py + ox * (nx - p2);
      for (; px <= ex; px += ox2) {
        const p01 = px + ox1;
        const p10 = px + oy1;
        const p11 = p10 + ox1;
        enc(buf[px], buf[p01]);
        const i00 = outL;
        const i01 = outH;
        enc(buf[p10], buf[p11]);
        const i10 = outL;
        const i11 = outH;
        enc(i00, i10);
        buf[px] = outL;
        buf[p10] = outH;
        enc(i01, i11);
        buf[p01] = outL;
        buf[p11] = outH;
      }
      if (nx & p) {
        const p10 = px + oy1;
        enc(buf[px], buf[p10]);
        buf[px] = outL;
        buf[p10] = outH;
      }
    }
    if (ny & p) {
      let px = py;
      const ex = py + ox * (nx - p2);
      for (; px <= ex; px += ox2) {
        const p01 = px + ox1;
        enc(buf[px], buf[p01]);
        buf[px] = outL;
        buf[p01] = outH;
      }
    }
    p = p2;
    p2 <<= 1;
  }
}

export function wav2Decode(buf: Uint16Array, start: number, nx: number, ox: number, ny: number, oy: number, mx: number): void {
  const dec = mx < 1 << 14 ? wdec14 : wdec16;
  const n = nx > ny ? ny : nx;
  let p = 1;
  while (p <= n) p <<= 1;
  p >>= 1;
  let p2 = p;
  p >>= 1;
  while (p >= 1) {
    let py = start;
    const ey = start + oy * (ny - p2);
    const oy1 = oy * p;
    const oy2 = oy * p2;
    const ox1 = ox * p;
    const ox2 = ox * p2;
    for (; py <= ey; py += oy2) {
      let px = py;
      const ex = py + ox * (nx - p2);
      for (; px <= ex; px += ox2) {
        const p01 = px + ox1;
        const p10 = px + oy1;
        const p11 = p10 + ox1;
        dec(buf[px], buf[p10]);
        const i00 = outL;
        const i10 = outH;
        dec(buf[p01], buf[p11]);
        const i01 = outL;
        const i11 = outH;
        dec(i00, i01);
        buf[px] = outL;
        buf[p01] = outH;
        dec(i10, i11);
        buf[p10] = outL;
        buf[p11] = outH;
      }
      if (nx & p) {
        const p10 = px + oy1;
        dec(buf[px], buf[p10]);
        buf[px] = outL;
        buf[p10] = outH;
      }
    }
    if (ny & p) {
      let px = py;
      const ex = py + ox * (nx - p2);
      for (; px <= ex; px += ox2) {
        const p01 = px + ox1;
        dec(buf[px], buf[p01]);
        buf[px] = outL;
        buf[p01] = outH;
      }
    }
    p2 = p;
    p >>= 1;
  }
}
