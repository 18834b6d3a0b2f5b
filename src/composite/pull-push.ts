/**
 * Pull-push fill of the masked pixels of a `channels`-channel image: averaged down a pyramid
 * counting only known pixels, then the holes are filled back up from the coarser levels
 * (bilinear). Smooth: the coarse initialisation of the PatchMatch fill.
 */
export function pullPushChannels(image: Float32Array, C: number, mask: Uint8Array, width: number, height: number): Float32Array {
  interface PLevel {
    w: number;
    h: number;
    c: Float32Array;
    wt: Float32Array;
  }
  const base: PLevel = { w: width, h: height, c: new Float32Array(width * height * C), wt: new Float32Array(width * height) };
  for (let i = 0; i < width * height; i++) {
    if (mask[i]) continue;
    base.wt[i] = 1;
    for (let k = 0; k < C; k++) base.c[i * C + k] = image[i * C + k];
  }
  const levels: PLevel[] = [base];
  while (levels[levels.length - 1].w > 1 || levels[levels.length - 1].h > 1) {
    const p = levels[levels.length - 1];
    const w = Math.max(1, Math.ceil(p.w / 2));
    const h = Math.max(1, Math.ceil(p.h / 2));
    const l: PLevel = { w, h, c: new Float32Array(w * h * C), wt: new Float32Array(w * h) };
    for (let y = 0; y < p.h; y++) {
      for (let x = 0; x < p.w; x++) {
        const s = y * p.w + x;
        const d = (y >> 1) * w + (x >> 1);
        l.wt[d] += p.wt[s];
        for (let k = 0; k < C; k++) l.c[d * C + k] += p.c[s * C + k];
      }
    }
    // Normalise to weight <= 1 so that a level is an average of what is known.
    for (let i = 0; i < w * h; i++) {
      if (l.wt[i] > 1) {
        for (let k = 0; k < C; k++) l.c[i * C + k] /= l.wt[i];
        l.wt[i] = 1;
      }
    }
    levels.push(l);
  }
  for (let li = levels.length - 2; li >= 0; li--) {
    const l = levels[li];
    const up = levels[li + 1];
    for (let y = 0; y < l.h; y++) {
      for (let x = 0; x < l.w; x++) {
        const i = y * l.w + x;
        const miss = 1 - Math.min(1, l.wt[i]);
        if (miss <= 0) continue;
        const fx = Math.min(up.w - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
        const fy = Math.min(up.h - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
        const x0 = Math.floor(fx);
        const y0 = Math.floor(fy);
        const x1 = Math.min(up.w - 1, x0 + 1);
        const y1 = Math.min(up.h - 1, y0 + 1);
        const tx = fx - x0;
        const ty = fy - y0;
        for (let k = 0; k < C; k++) {
          const a = up.c[(y0 * up.w + x0) * C + k] * (1 - tx) + up.c[(y0 * up.w + x1) * C + k] * tx;
          const b = up.c[(y1 * up.w + x0) * C + k] * (1 - tx) + up.c[(y1 * up.w + x1) * C + k] * tx;
          l.c[i * C + k] += miss * (a * (1 - ty) + b * ty);
        }
        l.wt[i] = 1;
      }
    }
  }
  const out = new Float32Array(image);
  for (let i = 0; i < width * height; i++) if (mask[i]) for (let k = 0; k < C; k++) out[i * C + k] = base.c[i * C + k];
  return out;
}
