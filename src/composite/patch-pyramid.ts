/** The image pyramid of the PatchMatch fill: levels, down and up sampling, source and target patch lists. */

/** One level of the pyramid: the image, its hole and where patches may be copied from. */
export interface Level {
  w: number;
  h: number;
  img: Float32Array;
  hole: Uint8Array;
  src: Uint8Array;
}

export function downsample(L: Level, C: number): Level {
  const w = Math.ceil(L.w / 2);
  const h = Math.ceil(L.h / 2);
  const img = new Float32Array(w * h * C);
  const hole = new Uint8Array(w * h);
  const src = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let known = 0;
      let anyHole = 0;
      let allSrc = 1;
      const d = y * w + x;
      for (let dy = 0; dy < 2; dy++) {
        const yy = Math.min(L.h - 1, 2 * y + dy);
        for (let dx = 0; dx < 2; dx++) {
          const xx = Math.min(L.w - 1, 2 * x + dx);
          const s = yy * L.w + xx;
          if (L.hole[s]) {
            anyHole = 1;
            allSrc = 0;
            continue;
          }
          if (!L.src[s]) allSrc = 0;
          known++;
          for (let c = 0; c < C; c++) img[d * C + c] += L.img[s * C + c];
        }
      }
      if (known) for (let c = 0; c < C; c++) img[d * C + c] /= known;
      hole[d] = anyHole;
      src[d] = allSrc;
    }
  }
  return { w, h, img, hole, src };
}

/** Bilinear upsampling of the coarse estimate into the hole pixels of the finer level. */
export function upsampleInto(coarse: Float32Array, cw: number, ch: number, fine: Float32Array, hole: Uint8Array, w: number, h: number, C: number): void {
  for (let y = 0; y < h; y++) {
    const fy = Math.min(ch - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(ch - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!hole[i]) continue;
      const fx = Math.min(cw - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(cw - 1, x0 + 1);
      const tx = fx - x0;
      for (let c = 0; c < C; c++) {
        const a = coarse[(y0 * cw + x0) * C + c] * (1 - tx) + coarse[(y0 * cw + x1) * C + c] * tx;
        const b = coarse[(y1 * cw + x0) * C + c] * (1 - tx) + coarse[(y1 * cw + x1) * C + c] * tx;
        fine[i * C + c] = a * (1 - ty) + b * ty;
      }
    }
  }
}

/** Patch centres whose whole patch lies inside the image and may be copied from. */
export function validSources(L: Level, r: number): Uint8Array {
  const { w, h } = L;
  // Integral image of "may not be copied".
  const S = new Int32Array((w + 1) * (h + 1));
  for (let y = 0; y < h; y++) {
    let row = 0;
    for (let x = 0; x < w; x++) {
      row += L.src[y * w + x] ? 0 : 1;
      S[(y + 1) * (w + 1) + x + 1] = S[y * (w + 1) + x + 1] + row;
    }
  }
  const valid = new Uint8Array(w * h);
  for (let y = r; y < h - r; y++) {
    for (let x = r; x < w - r; x++) {
      const a = S[(y - r) * (w + 1) + (x - r)];
      const b = S[(y - r) * (w + 1) + (x + r + 1)];
      const c = S[(y + r + 1) * (w + 1) + (x - r)];
      const d = S[(y + r + 1) * (w + 1) + (x + r + 1)];
      if (d - b - c + a === 0) valid[y * w + x] = 1;
    }
  }
  return valid;
}

export function listOf(mask: Uint8Array): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i];
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

/** Patch centres whose patch touches the hole (the hole dilated by r), in scan order. */
export function targetsOf(L: Level, r: number): Int32Array {
  const { w, h } = L;
  const rowHit = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    let last = -Infinity;
    // Horizontal dilation by r, in two sweeps.
    for (let x = 0; x < w; x++) {
      if (L.hole[y * w + x]) last = x;
      if (x - last <= r) rowHit[y * w + x] = 1;
    }
    last = Infinity;
    for (let x = w - 1; x >= 0; x--) {
      if (L.hole[y * w + x]) last = x;
      if (last - x <= r) rowHit[y * w + x] = 1;
    }
  }
  const hit = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) {
    let last = -Infinity;
    for (let y = 0; y < h; y++) {
      if (rowHit[y * w + x]) last = y;
      if (y - last <= r) hit[y * w + x] = 1;
    }
    last = Infinity;
    for (let y = h - 1; y >= 0; y--) {
      if (rowHit[y * w + x]) last = y;
      if (last - y <= r) hit[y * w + x] = 1;
    }
  }
  return listOf(hit);
}
