/**
 * Light wrap: the plate's light bleeding onto the CG's edges, as a lens and the air do to a
 * real object in front of a bright background. Per pixel:
 *   cover = blur(1 − α)                       how much of the neighbourhood is plate
 *   light = blur(plate · (1 − α)) / cover     the colour of that plate light
 *   wrap  = strength · α · cover              zero inside the CG and outside it, most at its edge
 *   out   = out + wrap · (light − out)
 * (`out` is the comp after CG over plate.) The blur is a box blur run three times (close to a
 * Gaussian of the same width), at half size for radii of 4 px and more. Strength 0 is the
 * identity. 1080p: ~0.2 s per frame on one core (idle machine).
 */
export interface LightWrapOptions {
  /** 0..1 (look.lightWrap). */
  strength: number;
  /** Blur radius in pixels. */
  radiusPx: number;
  /** Per pixel 0..1: where the wrap may apply (default everywhere; 0 on CG that is the plate itself, e.g. plate-textured buildings). */
  apply?: Float32Array;
}

/** Light wrap in place on an opaque linear RGBA comp. `alpha` is the CG coverage; `plate` the background (linear RGBA). */
export function applyLightWrap(comp: Float32Array, alpha: Float32Array, plate: Float32Array, width: number, height: number, options: LightWrapOptions): void {
  const s = Math.min(1, Math.max(0, options.strength));
  const r = Math.max(1, Math.round(options.radiusPx));
  if (s <= 0) return;
  const n = width * height;
  // Skip all work for a frame with no CG edge.
  let any = false;
  for (let i = 0; i < n && !any; i++) any = alpha[i] > 0 && alpha[i] < 1;
  if (!any) {
    let some = false;
    let none = false;
    for (let i = 0; i < n && !(some && none); i++) (alpha[i] > 0 ? (some = true) : (none = true));
    if (!(some && none)) return;
  }
  const bg = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const open = 1 - Math.min(1, Math.max(0, alpha[i]));
    for (let c = 0; c < 3; c++) bg[i * 4 + c] = plate[i * 4 + c] * open;
    bg[i * 4 + 3] = open;
  }
  // A soft effect: blurred at half size when the radius allows (4x less work), read back bilinearly.
  const half = r >= 4;
  const bw = half ? Math.ceil(width / 2) : width;
  const bh = half ? Math.ceil(height / 2) : height;
  const blurred = blurRgba(half ? halve(bg, width, height) : bg, bw, bh, half ? Math.round(r / 2) : r);
  const sample = new Float32Array(4);
  for (let i = 0; i < n; i++) {
    const a = Math.min(1, Math.max(0, alpha[i]));
    if (a <= 0) continue;
    if (half) {
      const fx = ((i % width) + 0.5) / 2 - 0.5;
      const fy = (Math.floor(i / width) + 0.5) / 2 - 0.5;
      // Deep inside the CG no plate light reaches: skip before sampling the colour.
      const nearest = Math.min(bh - 1, Math.max(0, Math.round(fy))) * bw + Math.min(bw - 1, Math.max(0, Math.round(fx)));
      if (blurred[nearest * 4 + 3] <= 1e-6 && blurred[Math.min(bw * bh - 1, nearest + bw + 1) * 4 + 3] <= 1e-6) continue;
      bilinear(blurred, bw, bh, fx, fy, sample);
    } else for (let c = 0; c < 4; c++) sample[c] = blurred[i * 4 + c];
    const cover = sample[3];
    if (cover <= 1e-6) continue;
    const wrap = s * a * Math.min(1, cover) * (options.apply ? options.apply[i] : 1);
    for (let c = 0; c < 3; c++) {
      const light = sample[c] / cover;
      comp[i * 4 + c] += wrap * (light - comp[i * 4 + c]);
    }
  }
}

/** Half-size RGBA image (2x2 box average, edges clamped). */
function halve(img: Float32Array, w: number, h: number): Float32Array {
  const hw = Math.ceil(w / 2);
  const hh = Math.ceil(h / 2);
  const out = new Float32Array(hw * hh * 4);
  for (let y = 0; y < hh; y++) {
    const y0 = 2 * y;
    const y1 = Math.min(h - 1, y0 + 1);
    for (let x = 0; x < hw; x++) {
      const x0 = 2 * x;
      const x1 = Math.min(w - 1, x0 + 1);
      for (let c = 0; c < 4; c++) {
        out[(y * hw + x) * 4 + c] = 0.25 * (img[(y0 * w + x0) * 4 + c] + img[(y0 * w + x1) * 4 + c] + img[(y1 * w + x0) * 4 + c] + img[(y1 * w + x1) * 4 + c]);
      }
    }
  }
  return out;
}

function bilinear(img: Float32Array, w: number, h: number, fx: number, fy: number, out: Float32Array): void {
  const x = fx < 0 ? 0 : fx > w - 1 ? w - 1 : fx;
  const y = fy < 0 ? 0 : fy > h - 1 ? h - 1 : fy;
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(w - 1, x0 + 1);
  const y1 = Math.min(h - 1, y0 + 1);
  const tx = x - x0;
  const ty = y - y0;
  for (let c = 0; c < 4; c++) {
    const a = img[(y0 * w + x0) * 4 + c] * (1 - tx) + img[(y0 * w + x1) * 4 + c] * tx;
    const b = img[(y1 * w + x0) * 4 + c] * (1 - tx) + img[(y1 * w + x1) * 4 + c] * tx;
    out[c] = a * (1 - ty) + b * ty;
  }
}

/** Three box blurs of radius r (a near-Gaussian), per channel of an RGBA image; edges clamped. */
export function blurRgba(img: Float32Array, w: number, h: number, r: number): Float32Array {
  let a = new Float32Array(img);
  let b = new Float32Array(img.length);
  for (let k = 0; k < 3; k++) {
    boxRows(a, b, w, h, r);
    boxColumns(b, a, w, h, r);
  }
  return a;
}

/** Horizontal running-sum box blur of each row (RGBA), src → dst. */
function boxRows(src: Float32Array, dst: Float32Array, w: number, h: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  for (let y = 0; y < h; y++) {
    const base = y * w * 4;
    for (let c = 0; c < 4; c++) {
      let sum = 0;
      for (let t = -r; t <= r; t++) sum += src[base + (t < 0 ? 0 : t >= w ? w - 1 : t) * 4 + c];
      for (let x = 0; x < w; x++) {
        dst[base + x * 4 + c] = sum * inv;
        const add = x + r + 1 < w ? x + r + 1 : w - 1;
        const drop = x - r > 0 ? x - r : 0;
        sum += src[base + add * 4 + c] - src[base + drop * 4 + c];
      }
    }
  }
}

/** Vertical box blur, row by row with a running sum per column (cache-friendly), src → dst. */
function boxColumns(src: Float32Array, dst: Float32Array, w: number, h: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  const row = w * 4;
  const sum = new Float64Array(row);
  for (let t = -r; t <= r; t++) {
    const yy = t < 0 ? 0 : t >= h ? h - 1 : t;
    for (let j = 0; j < row; j++) sum[j] += src[yy * row + j];
  }
  for (let y = 0; y < h; y++) {
    const o = y * row;
    for (let j = 0; j < row; j++) dst[o + j] = sum[j] * inv;
    const add = (y + r + 1 < h ? y + r + 1 : h - 1) * row;
    const drop = (y - r > 0 ? y - r : 0) * row;
    for (let j = 0; j < row; j++) sum[j] += src[add + j] - src[drop + j];
  }
}
