/**
 * Fills the masked pixels of a linear RGBA image from their surroundings by pull-push:
 * the image is averaged down a pyramid counting only known pixels, then the holes are
 * filled back up from the coarser levels. Smooth and fast: good for sky and soft
 * backgrounds; a textured fill (PatchMatch) or a clean plate the user supplies does better
 * on structure. Pixels outside the mask are returned unchanged.
 */
export function pullPushFill(rgba: Float32Array, mask: Uint8Array, width: number, height: number): Float32Array {
  interface Level {
    w: number;
    h: number;
    c: Float32Array; // premultiplied by weight
    wt: Float32Array;
  }
  const base: Level = { w: width, h: height, c: new Float32Array(width * height * 4), wt: new Float32Array(width * height) };
  for (let i = 0; i < width * height; i++) {
    if (mask[i]) continue;
    base.wt[i] = 1;
    for (let k = 0; k < 4; k++) base.c[i * 4 + k] = rgba[i * 4 + k];
  }
  const levels: Level[] = [base];
  while (levels[levels.length - 1].w > 1 || levels[levels.length - 1].h > 1) {
    const p = levels[levels.length - 1];
    const w = Math.max(1, Math.ceil(p.w / 2));
    const h = Math.max(1, Math.ceil(p.h / 2));
    const l: Level = { w, h, c: new Float32Array(w * h * 4), wt: new Float32Array(w * h) };
    for (let y = 0; y < p.h; y++) {
      for (let x = 0; x < p.w; x++) {
        const s = y * p.w + x;
        const d = (y >> 1) * w + (x >> 1);
        l.wt[d] += p.wt[s];
        for (let k = 0; k < 4; k++) l.c[d * 4 + k] += p.c[s * 4 + k];
      }
    }
    // Normalise to weight <= 1 so that a level is an average of what is known.
    for (let i = 0; i < w * h; i++) {
      if (l.wt[i] > 1) {
        for (let k = 0; k < 4; k++) l.c[i * 4 + k] /= l.wt[i];
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
        // Bilinear sample of the coarser level at this pixel's centre.
        const fx = Math.min(up.w - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
        const fy = Math.min(up.h - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
        const x0 = Math.floor(fx);
        const y0 = Math.floor(fy);
        const x1 = Math.min(up.w - 1, x0 + 1);
        const y1 = Math.min(up.h - 1, y0 + 1);
        const tx = fx - x0;
        const ty = fy - y0;
        for (let k = 0; k < 4; k++) {
          const a = up.c[(y0 * up.w + x0) * 4 + k] * (1 - tx) + up.c[(y0 * up.w + x1) * 4 + k] * tx;
          const b = up.c[(y1 * up.w + x0) * 4 + k] * (1 - tx) + up.c[(y1 * up.w + x1) * 4 + k] * tx;
          l.c[i * 4 + k] += miss * (a * (1 - ty) + b * ty);
        }
        l.wt[i] = 1;
      }
    }
  }
  const out = new Float32Array(rgba);
  for (let i = 0; i < width * height; i++) if (mask[i]) for (let k = 0; k < 4; k++) out[i * 4 + k] = base.c[i * 4 + k];
  return out;
}

/** Grows a mask by `radius` pixels (square neighbourhood). */
export function dilateMask(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      for (let dy = -radius; dy <= radius; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -radius; dx <= radius; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < width) out[yy * width + xx] = 1;
        }
      }
    }
  }
  return out;
}
