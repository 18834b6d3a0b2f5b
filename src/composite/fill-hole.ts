import type { Rng } from '../core/rng.js';
import { solveLinear } from '../core/least-squares.js';
import { patchMatchFill } from './patch-match.js';
import { pullPushChannels } from './pull-push.js';

/**
 * The revealed background: what a plate-textured building covered at rest, filled in.
 *
 * `fillHole` (the embedded default, a classical stand-in for a neural inpainting plugin):
 * 1. Sky: known pixels that are bright, not warm, smooth, and connected to the top of the
 *    frame are sky. Where a hole column is open to the sky above it and lies above the
 *    skyline of the columns beside the hole (interpolated across it), the hole is sky: a
 *    gradient a + b·y + c·y² + d·x fitted per channel to the nearby sky, plus the sky's
 *    deviation from it continued smoothly from the hole's edge (pull-push over sky pixels,
 *    fading over ~24 px),
 *    plus its fine texture (detail under ~6 px, synthesised by PatchMatch from sky only).
 * 2. The rest: PatchMatch texture synthesis (`patch-match.ts`) from the known plate, with a
 *    pull-push coarse initialisation, and the synthesised sky as context; its outer 3 px
 *    blend into the pull-push fill (a thin seam is better smooth than patched).
 * Matching and voting happen on sqrt-encoded values (closer to perceptual than linear light);
 * known pixels are returned unchanged. A user's clean plate (`plate.cleanPlate`) replaces all
 * of this in the pipeline.
 */
export type FillMethod = 'patchmatch' | 'pullpush';

export interface FillOptions {
  rng: Rng;
  /** 'patchmatch' (default: texture synthesis with sky continuation) or 'pullpush' (smooth, fast). */
  method?: FillMethod;
  /** Continue the sky above the skyline (default true). */
  sky?: boolean;
  /** PatchMatch patch width, odd (default 7). */
  patchSize?: number;
}

export interface FillReport {
  /** Hole pixels filled as sky. */
  skyPixels: number;
  /** Hole pixels filled by texture synthesis (or pull-push). */
  texturePixels: number;
}

/** Fills the masked pixels of a linear RGBA image (see the module notes). */
export function fillHole(rgba: Float32Array, mask: Uint8Array, width: number, height: number, options: FillOptions, report?: FillReport): Float32Array {
  const n = width * height;
  let holeCount = 0;
  for (let i = 0; i < n; i++) holeCount += mask[i] ? 1 : 0;
  if (report) {
    report.skyPixels = 0;
    report.texturePixels = holeCount;
  }
  if (holeCount === 0) return new Float32Array(rgba);
  if (options.method === 'pullpush') return pullPushFill(rgba, mask, width, height);
  const enc = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) enc[i * 3 + c] = Math.sqrt(Math.max(0, rgba[i * 4 + c]));
  const rest = new Uint8Array(mask);
  let filled: Float32Array = enc;
  if (options.sky !== false) {
    const sky = detectSky(enc, mask, width, height);
    const skyHole = skyHoleMask(sky, mask, width, height);
    let skyCount = 0;
    for (let i = 0; i < n; i++) skyCount += skyHole[i];
    if (skyCount > 0) {
      filled = fillSky(enc, sky, skyHole, width, height, options);
      for (let i = 0; i < n; i++) if (skyHole[i]) rest[i] = 0;
      if (report) {
        report.skyPixels = skyCount;
        report.texturePixels = holeCount - skyCount;
      }
    }
  }
  // Texture from the known plate only (not from the synthesised sky, which is context).
  const source = new Uint8Array(n);
  for (let i = 0; i < n; i++) source[i] = mask[i] ? 0 : 1;
  const textured = patchMatchFill(filled, 3, rest, width, height, { rng: options.rng.derive('texture'), patchSize: options.patchSize, sourceMask: source });
  // The hole's outer 3 px blend into the pull-push fill: a patch cannot match a seam a pixel or
  // two wide (what shows of the fill around a building at rest), the smooth fill can.
  const seam = chamferDistance(mask, width, height);
  const smooth = pullPushFill(rgba, mask, width, height);
  const out = new Float32Array(rgba);
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    const t = rest[i] ? Math.min(1, Math.max(0, (seam[i] - 0.5) / 2.5)) : 1;
    for (let c = 0; c < 3; c++) out[i * 4 + c] = smooth[i * 4 + c] + t * (textured[i * 3 + c] * textured[i * 3 + c] - smooth[i * 4 + c]);
    out[i * 4 + 3] = 1;
  }
  return out;
}

const luma = (e: Float32Array, i: number) => 0.2126 * e[i * 3] + 0.7152 * e[i * 3 + 1] + 0.0722 * e[i * 3 + 2];

/**
 * Sky among the known pixels (sqrt-encoded RGB): bright (encoded luma > 0.35, i.e. linear
 * > 0.12), not warm (blue ≥ 0.85 red), smooth (3x3 gradient < 0.025) and 4-connected to the
 * top row. Less than 0.5% of the frame is taken as no sky.
 */
export function detectSky(enc: Float32Array, mask: Uint8Array, w: number, h: number): Uint8Array {
  const n = w * h;
  const cand = new Uint8Array(n);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (mask[i]) continue;
      const Y = luma(enc, i);
      if (Y < 0.35 || enc[i * 3 + 2] < 0.85 * enc[i * 3]) continue;
      let g = 0;
      for (const [dx, dy] of [[1, 0], [0, 1], [1, 1], [1, -1]]) {
        const xa = Math.min(w - 1, x + dx);
        const ya = Math.min(h - 1, Math.max(0, y + dy));
        const xb = Math.max(0, x - dx);
        const yb = Math.min(h - 1, Math.max(0, y - dy));
        g = Math.max(g, Math.abs(luma(enc, ya * w + xa) - luma(enc, yb * w + xb)) / 2);
      }
      if (g < 0.025) cand[i] = 1;
    }
  }
  const sky = new Uint8Array(n);
  const stack: number[] = [];
  for (let x = 0; x < w; x++) if (cand[x]) {
    sky[x] = 1;
    stack.push(x);
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % w;
    const y = (i - x) / w;
    const visit = (j: number) => {
      if (cand[j] && !sky[j]) {
        sky[j] = 1;
        stack.push(j);
      }
    };
    if (x > 0) visit(i - 1);
    if (x < w - 1) visit(i + 1);
    if (y > 0) visit(i - w);
    if (y < h - 1) visit(i + w);
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += sky[i];
  if (count < 0.005 * n) sky.fill(0);
  return sky;
}

/**
 * Hole pixels that are sky: open to the sky above them in their column (only sky or hole
 * between them and the top of the frame), and above the skyline — the row below the lowest
 * sky pixel of the nearest hole-free columns on either side, interpolated across the hole.
 */
export function skyHoleMask(sky: Uint8Array, mask: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  const hasHole = new Uint8Array(w);
  const skyline = new Float64Array(w).fill(NaN);
  let anySky = false;
  for (let x = 0; x < w; x++) {
    // The skyline is below the lowest sky pixel of the column (clouds inside the sky, which
    // are not smooth enough to count as sky, do not end it).
    let y = 0;
    for (let yy = 0; yy < h; yy++) if (sky[yy * w + x]) y = yy + 1;
    if (y > 0) anySky = true;
    for (let yy = 0; yy < h; yy++) if (mask[yy * w + x]) hasHole[x] = 1;
    if (!hasHole[x]) skyline[x] = y;
  }
  if (!anySky) return out;
  for (let x = 0; x < w; x++) {
    if (!hasHole[x]) continue;
    let l = x - 1;
    while (l >= 0 && hasHole[l]) l--;
    let r = x + 1;
    while (r < w && hasHole[r]) r++;
    const sl = l >= 0 ? skyline[l] : NaN;
    const sr = r < w ? skyline[r] : NaN;
    const line = Number.isNaN(sl) ? sr : Number.isNaN(sr) ? sl : sl + ((sr - sl) * (x - l)) / (r - l);
    if (Number.isNaN(line)) continue;
    // Open above: scan down through sky and hole pixels.
    for (let y = 0; y < h; y++) {
      const i = y * w + x;
      if (!(sky[i] || mask[i])) break;
      if (mask[i] && y < line) out[i] = 1;
    }
  }
  return out;
}

/** The sky part of the hole: a fitted gradient plus the sky's residual texture synthesised from sky patches. */
function fillSky(enc: Float32Array, sky: Uint8Array, skyHole: Uint8Array, w: number, h: number, options: FillOptions): Float32Array {
  // Fit near the hole: sky pixels within one hole-width of its columns (all sky when too few).
  let hx0 = w;
  let hx1 = -1;
  for (let i = 0; i < w * h; i++) {
    if (!skyHole[i]) continue;
    const x = i % w;
    hx0 = Math.min(hx0, x);
    hx1 = Math.max(hx1, x);
  }
  const span = hx1 - hx0 + 1;
  const pick = (lo: number, hi: number) => {
    const idx: number[] = [];
    for (let y = 0; y < h; y++) for (let x = Math.max(0, lo); x <= Math.min(w - 1, hi); x++) if (sky[y * w + x]) idx.push(y * w + x);
    return idx;
  };
  let idx = pick(hx0 - span, hx1 + span);
  if (idx.length < 200) idx = pick(0, w - 1);
  const stride = Math.max(1, Math.floor(idx.length / 20000));
  const basis = (i: number): number[] => {
    const x = (i % w) / w;
    const y = Math.floor(i / w) / h;
    return [1, y, y * y, x];
  };
  const coef: number[][] = [];
  for (let c = 0; c < 3; c++) {
    const A = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    const b = [0, 0, 0, 0];
    for (let k = 0; k < idx.length; k += stride) {
      const f = basis(idx[k]);
      const v = enc[idx[k] * 3 + c];
      for (let a = 0; a < 4; a++) {
        b[a] += f[a] * v;
        for (let d = 0; d < 4; d++) A[a][d] += f[a] * f[d];
      }
    }
    for (let a = 0; a < 4; a++) A[a][a] += 1e-9;
    coef.push(solveLinear(A, b) ?? [b[0] / Math.max(1, A[0][0]), 0, 0, 0]);
  }
  const model = (i: number, c: number) => {
    const f = basis(i);
    return coef[c][0] * f[0] + coef[c][1] * f[1] + coef[c][2] * f[2] + coef[c][3] * f[3];
  };
  // The known sky's deviation from the gradient (clouds, haze, vignetting), continued smoothly
  // into the hole from the sky around it (pull-push over sky pixels only) and faded with the
  // distance from it, so the fill meets the sky at the hole's edge; plus the sky's fine texture (residual detail under ~6 px:
  // grain, wisps) synthesised by PatchMatch from sky patches only.
  const res = new Float32Array(w * h * 3);
  for (let i = 0; i < w * h; i++) if (sky[i]) for (let c = 0; c < 3; c++) res[i * 3 + c] = enc[i * 3 + c] - model(i, c);
  const notSky = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) notSky[i] = sky[i] ? 0 : 1;
  const smooth = pullPushChannels(res, 3, notSky, w, h);
  const detail = new Float32Array(w * h * 3);
  const blurred = boxBlur3(res, w, h, 6);
  for (let i = 0; i < w * h; i++) if (sky[i]) for (let c = 0; c < 3; c++) detail[i * 3 + c] = res[i * 3 + c] - blurred[i * 3 + c];
  const synth = patchMatchFill(detail, 3, skyHole, w, h, { rng: options.rng.derive('sky'), patchSize: options.patchSize, sourceMask: sky });
  // The continued deviation fades out away from the sky's edge (over ~24 px): far inside a
  // large hole it is a blur of whatever clouds were near, the gradient alone is better.
  const dist = chamferDistance(notSky, w, h);
  const out = new Float32Array(enc);
  for (let i = 0; i < w * h; i++) {
    if (!skyHole[i]) continue;
    const k = Math.exp(-dist[i] / 24);
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.max(0, model(i, c) + k * smooth[i * 3 + c] + synth[i * 3 + c]);
  }
  return out;
}

/** Approximate Euclidean distance (3-4 chamfer, in pixels) from each pixel of `region` to the nearest pixel outside it. */
function chamferDistance(region: Uint8Array, w: number, h: number): Float32Array {
  const d = new Float32Array(w * h);
  for (let i = 0; i < w * h; i++) d[i] = region[i] ? 1e9 : 0;
  const relax = (i: number, j: number, cost: number) => {
    if (d[j] + cost < d[i]) d[i] = d[j] + cost;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (!d[i]) continue;
      if (x > 0) relax(i, i - 1, 3);
      if (y > 0) {
        relax(i, i - w, 3);
        if (x > 0) relax(i, i - w - 1, 4);
        if (x < w - 1) relax(i, i - w + 1, 4);
      }
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      const i = y * w + x;
      if (!d[i]) continue;
      if (x < w - 1) relax(i, i + 1, 3);
      if (y < h - 1) {
        relax(i, i + w, 3);
        if (x < w - 1) relax(i, i + w + 1, 4);
        if (x > 0) relax(i, i + w - 1, 4);
      }
    }
  }
  for (let i = 0; i < w * h; i++) d[i] /= 3;
  return d;
}

/** Box blur of a 3-channel image with radius r (separable running sums, edges clamped). */
function boxBlur3(img: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(img.length);
  const out = new Float32Array(img.length);
  const k = 2 * r + 1;
  for (let y = 0; y < h; y++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let x = -r; x <= r; x++) s += img[(y * w + Math.min(w - 1, Math.max(0, x))) * 3 + c];
      for (let x = 0; x < w; x++) {
        tmp[(y * w + x) * 3 + c] = s / k;
        s += img[(y * w + Math.min(w - 1, x + r + 1)) * 3 + c] - img[(y * w + Math.max(0, x - r)) * 3 + c];
      }
    }
  }
  for (let x = 0; x < w; x++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let y = -r; y <= r; y++) s += tmp[(Math.min(h - 1, Math.max(0, y)) * w + x) * 3 + c];
      for (let y = 0; y < h; y++) {
        out[(y * w + x) * 3 + c] = s / k;
        s += tmp[(Math.min(h - 1, y + r + 1) * w + x) * 3 + c] - tmp[(Math.max(0, y - r) * w + x) * 3 + c];
      }
    }
  }
  return out;
}

/**
 * Fills the masked pixels of a linear RGBA image from their surroundings by pull-push:
 * the image is averaged down a pyramid counting only known pixels, then the holes are
 * filled back up from the coarser levels. Smooth and fast; `fillHole`'s coarse start and
 * its `method: 'pullpush'`. Pixels outside the mask are returned unchanged.
 */
export function pullPushFill(rgba: Float32Array, mask: Uint8Array, width: number, height: number): Float32Array {
  return pullPushChannels(rgba, 4, mask, width, height);
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
