import type { Rng } from '../core/rng.js';
import { downsample, listOf, targetsOf, upsampleInto, validSources } from './patch-pyramid.js';
import type { Level } from './patch-pyramid.js';
import { pullPushChannels } from './pull-push.js';

/**
 * Texture synthesis of a hole by multi-scale PatchMatch (Barnes et al. 2009) with EM voting
 * (Wexler et al. 2007, "Space-time completion of video"): the image is filled coarse to fine;
 * at each level a nearest-neighbour field maps every patch that overlaps the hole to a patch
 * of the known image (propagation from the scan neighbours + random search at shrinking
 * radii), then each hole pixel becomes the weighted vote of the source pixels of every patch
 * covering it; the field and the image are upsampled to the next level. The coarsest level
 * starts from pull-push, so large structures come from the smooth fill and the texture from
 * the patches. Works on any number of channels; deterministic for a given Rng.
 *
 * Notes (1920x1080 plate of opensfm_berlin_01.jpg, a 640 x 800 hole, the shared 2-core
 * machine at load ~6, Node 20):
 * - pull-push start, bilinear upsampling of the estimate, votes exp(-d / median d): 19.5 s,
 *   and a grey smear: EM from a smooth start matches smooth patches and stays smooth;
 * - onion peel at the coarsest level: 15.9 s, still smeared;
 * - the finer level's estimate rebuilt by voting with its own pixels through the upsampled
 *   field before searching: 12.1 s, real structure (columns, cornices, statues);
 * - finest level: one EM iteration, one pass, random search within 16 px; the next level
 *   down: search radius a quarter of the image: 6.9 s;
 * - sharper votes, exp(-d / (0.25 median d)): 7-8 s, less smear (kept).
 * Most of the time is the finest level (one search pass over ~520k patch centres).
 */
export interface PatchMatchOptions {
  rng: Rng;
  /** Patch width in pixels, odd (default 7). */
  patchSize?: number;
  /** EM iterations (search + vote) per level (default: 5 at the coarsest, 3 between, 2 at the finest). */
  emIterations?: number;
  /** PatchMatch passes per EM iteration (default 2). */
  passes?: number;
  /** 1 where a pixel may be copied from (default: every pixel outside the hole). */
  sourceMask?: Uint8Array;
  /** Stop adding levels when the hole's larger side is below this many patches (default 2). */
  coarsestHolePatches?: number;
}


/**
 * Fills `hole` (1 = unknown) of a `channels`-channel float image; returns a new image with the
 * known pixels unchanged. `sourceMask` restricts where texture may come from.
 */
export function patchMatchFill(image: Float32Array, channels: number, hole: Uint8Array, width: number, height: number, options: PatchMatchOptions): Float32Array {
  const C = channels;
  const P = options.patchSize ?? 7;
  if (P % 2 !== 1 || P < 3) throw new RangeError(`patchSize must be odd and at least 3, got ${P}`);
  const r = (P - 1) / 2;
  const passes = options.passes ?? 2;
  let holeCount = 0;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!hole[y * width + x]) continue;
      holeCount++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (holeCount === 0) return new Float32Array(image);
  const src0 = new Uint8Array(width * height);
  for (let i = 0; i < src0.length; i++) src0[i] = hole[i] ? 0 : options.sourceMask ? options.sourceMask[i] : 1;

  // Pyramid: a coarse pixel is known only if all its children are; it may be a source only if all are.
  const levels: Level[] = [{ w: width, h: height, img: image, hole, src: src0 }];
  const stopAt = (options.coarsestHolePatches ?? 2) * P;
  let holeSpan = Math.max(x1 - x0 + 1, y1 - y0 + 1);
  while (holeSpan > stopAt && Math.min(levels[levels.length - 1].w, levels[levels.length - 1].h) >= 4 * P && levels.length < 10) {
    levels.push(downsample(levels[levels.length - 1], C));
    holeSpan = Math.ceil(holeSpan / 2);
  }

  let estimate: Float32Array | null = null;
  let nnf: Int32Array | null = null;
  for (let li = levels.length - 1; li >= 0; li--) {
    const L = levels[li];
    const n = L.w * L.h;
    // Current estimate of the level: known pixels as they are, hole pixels from the coarser level (or pull-push).
    const cur = new Float32Array(L.img);
    if (!estimate) {
      const pp = pullPushChannels(L.img, C, L.hole, L.w, L.h);
      for (let i = 0; i < n; i++) if (L.hole[i]) for (let c = 0; c < C; c++) cur[i * C + c] = pp[i * C + c];
    } else {
      const up = levels[li + 1];
      upsampleInto(estimate, up.w, up.h, cur, L.hole, L.w, L.h, C);
    }
    const valid = validSources(L, r);
    const validList = listOf(valid);
    if (validList.length === 0) {
      // Nothing to copy from (the hole covers everything): keep the smooth fill.
      estimate = cur;
      nnf = null;
      continue;
    }
    const targets = targetsOf(L, r);
    const field = new Int32Array(n).fill(-1);
    const dist = new Float32Array(n);
    // The coarsest level: onion peel from the hole's edge inwards, the pull-push fill as a
    // faint guide (EM from a smooth start stays smooth: it matches smooth patches).
    const peeled = !estimate ? onionPeel(cur, C, L, valid, validList, r, options.rng) : null;
    // Initialise: from the coarser field when there is one, else at random.
    const prev = nnf;
    const prevW = li + 1 < levels.length ? levels[li + 1].w : 0;
    const prevH = li + 1 < levels.length ? levels[li + 1].h : 0;
    for (let t = 0; t < targets.length; t++) {
      const p = targets[t];
      const px = p % L.w;
      const py = (p - px) / L.w;
      let q = -1;
      if (prev) {
        const cx = Math.min(prevW - 1, px >> 1);
        const cy = Math.min(prevH - 1, py >> 1);
        const cq = prev[cy * prevW + cx];
        if (cq >= 0) {
          const qx = Math.min(L.w - 1, 2 * (cq % prevW) + (px & 1));
          const qy = Math.min(L.h - 1, 2 * Math.floor(cq / prevW) + (py & 1));
          const cand = qy * L.w + qx;
          if (valid[cand]) q = cand;
        }
      }
      if (q < 0 && peeled && peeled[p] >= 0) q = peeled[p];
      if (q < 0) q = validList[Math.floor(options.rng.next() * validList.length)];
      field[p] = q;
      dist[p] = patchDistance(cur, C, L.w, L.h, p, q, r, Infinity);
    }
    if (prev) {
      // Rebuild the estimate from this level's own (sharp) pixels through the upsampled field
      // before searching: a bilinear upsample is blurry and would attract blurry matches.
      vote(cur, C, L, field, dist, targets, r);
      for (let t = 0; t < targets.length; t++) dist[targets[t]] = patchDistance(cur, C, L.w, L.h, targets[t], field[targets[t]], r, Infinity);
    }
    // The coarse levels search the whole image; the finest two mostly refine what they inherit
    // (one pass and a local search at full size: most of the time goes there).
    const finest = li === 0 && levels.length > 1;
    const em = options.emIterations ?? (li === levels.length - 1 ? 5 : finest ? 1 : li === 1 ? 2 : 3);
    const levelPasses = finest ? Math.min(passes, 1) : passes;
    const radius = finest ? 16 : li === 1 && levels.length > 2 ? Math.max(L.w, L.h) >> 2 : Math.max(L.w, L.h);
    for (let it = 0; it < em; it++) {
      for (let pass = 0; pass < levelPasses; pass++) {
        searchPass(cur, C, L, valid, field, dist, targets, r, (it * levelPasses + pass) % 2 === 1, options.rng, radius);
      }
      vote(cur, C, L, field, dist, targets, r);
      // Distances are stale after the vote: refresh them for the next search.
      if (it < em - 1) for (let t = 0; t < targets.length; t++) dist[targets[t]] = patchDistance(cur, C, L.w, L.h, targets[t], field[targets[t]], r, Infinity);
    }
    estimate = cur;
    nnf = field;
  }
  const out = new Float32Array(image);
  for (let i = 0; i < width * height; i++) if (hole[i]) for (let c = 0; c < C; c++) out[i * C + c] = estimate![i * C + c];
  return out;
}

/**
 * Fills the hole layer by layer from its edge: each pixel next to known ones takes the centre
 * of the source patch that best matches its known neighbours (plus the current estimate of
 * its unknown ones at a tenth of the weight). Candidates: the matches of filled neighbours
 * shifted (coherence), 64 random sources, then a random search around the best. Returns the
 * match of each filled pixel (-1 elsewhere).
 */
function onionPeel(cur: Float32Array, C: number, L: Level, valid: Uint8Array, validList: Int32Array, r: number, rng: Rng): Int32Array {
  const { w, h } = L;
  const known = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) known[i] = L.hole[i] ? 0 : 1;
  const match = new Int32Array(w * h).fill(-1);
  const guide = 0.1;
  const cost = (p: number, q: number, limit: number): number => {
    const px = p % w;
    const py = (p - px) / w;
    const qx = q % w;
    const qy = (q - qx) / w;
    let sum = 0;
    let wsum = 0;
    for (let dy = -r; dy <= r; dy++) {
      const ty = py + dy;
      if (ty < 0 || ty >= h) continue;
      for (let dx = -r; dx <= r; dx++) {
        const tx = px + dx;
        if (tx < 0 || tx >= w) continue;
        const t = ty * w + tx;
        const wt = known[t] ? 1 : guide;
        const a = t * C;
        const b = ((qy + dy) * w + qx + dx) * C;
        let d2 = 0;
        for (let c = 0; c < C; c++) {
          const d = cur[a + c] - cur[b + c];
          d2 += d * d;
        }
        sum += wt * d2;
        wsum += wt;
      }
      if (sum > limit * (2 * r + 1) * (2 * r + 1)) return Infinity;
    }
    return wsum > 0 ? sum / wsum : Infinity;
  };
  let remaining = 0;
  for (let i = 0; i < w * h; i++) remaining += L.hole[i];
  while (remaining > 0) {
    const layer: number[] = [];
    for (let i = 0; i < w * h; i++) {
      if (known[i]) continue;
      const x = i % w;
      const y = (i - x) / w;
      let edge = false;
      for (let dy = -1; dy <= 1 && !edge; dy++) for (let dx = -1; dx <= 1 && !edge; dx++) {
        const xx = x + dx;
        const yy = y + dy;
        if ((dx || dy) && xx >= 0 && xx < w && yy >= 0 && yy < h && known[yy * w + xx]) edge = true;
      }
      if (edge) layer.push(i);
    }
    if (layer.length === 0) break;
    for (const p of layer) {
      const px = p % w;
      const py = (p - px) / w;
      let best = -1;
      let bestD = Infinity;
      const tryQ = (q: number) => {
        if (q < 0 || q >= valid.length || !valid[q] || q === best) return;
        const d = cost(p, q, bestD);
        if (d < bestD) {
          bestD = d;
          best = q;
        }
      };
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const xx = px + dx;
        const yy = py + dy;
        if (!(dx || dy) || xx < 0 || xx >= w || yy < 0 || yy >= h) continue;
        const m = match[yy * w + xx];
        if (m >= 0) {
          const mx = (m % w) - dx;
          if (mx >= 0 && mx < w) tryQ(m - dy * w - dx);
        }
      }
      for (let k = 0; k < 64; k++) tryQ(validList[Math.floor(rng.next() * validList.length)]);
      for (let R = Math.max(w, h) >> 2; R >= 1 && best >= 0; R >>= 1) {
        const bx = best % w;
        const by = (best - bx) / w;
        const cx = Math.min(w - 1, Math.max(0, bx + Math.round(R * (2 * rng.next() - 1))));
        const cy = Math.min(h - 1, Math.max(0, by + Math.round(R * (2 * rng.next() - 1))));
        tryQ(cy * w + cx);
      }
      if (best >= 0) {
        match[p] = best;
        for (let c = 0; c < C; c++) cur[p * C + c] = cur[best * C + c];
      }
    }
    for (const p of layer) known[p] = 1;
    remaining -= layer.length;
  }
  return match;
}

/**
 * Mean squared difference per pixel between the patch at target p (clipped to the image) and
 * the patch at source q (interior); Infinity as soon as it must exceed `limit`.
 */
function patchDistance(img: Float32Array, C: number, w: number, h: number, p: number, q: number, r: number, limit: number): number {
  const px = p % w;
  const py = (p - px) / w;
  const qx = q % w;
  const qy = (q - qx) / w;
  const dy0 = Math.max(-r, -py);
  const dy1 = Math.min(r, h - 1 - py);
  const dx0 = Math.max(-r, -px);
  const dx1 = Math.min(r, w - 1 - px);
  const count = (dy1 - dy0 + 1) * (dx1 - dx0 + 1);
  const bound = limit * count;
  let sum = 0;
  for (let dy = dy0; dy <= dy1; dy++) {
    let a = ((py + dy) * w + px + dx0) * C;
    let b = ((qy + dy) * w + qx + dx0) * C;
    const end = a + (dx1 - dx0 + 1) * C;
    while (a < end) {
      const d = img[a++] - img[b++];
      sum += d * d;
    }
    if (sum > bound) return Infinity;
  }
  return count ? sum / count : Infinity;
}

function searchPass(img: Float32Array, C: number, L: Level, valid: Uint8Array, field: Int32Array, dist: Float32Array, targets: Int32Array, r: number, reverse: boolean, rng: Rng, maxR: number): void {
  const { w, h } = L;
  const n = targets.length;
  const step = reverse ? -1 : 1;
  const tryCandidate = (p: number, q: number): void => {
    if (q < 0 || q >= valid.length || !valid[q] || q === field[p]) return;
    const d = patchDistance(img, C, w, h, p, q, r, dist[p]);
    if (d < dist[p]) {
      dist[p] = d;
      field[p] = q;
    }
  };
  for (let k = 0; k < n; k++) {
    const p = targets[reverse ? n - 1 - k : k];
    const px = p % w;
    const py = (p - px) / w;
    // Propagation: the neighbour's match, shifted by one.
    const nx = px - step;
    if (nx >= 0 && nx < w) {
      const nq = field[p - step];
      if (nq >= 0) {
        const qx = (nq % w) + step;
        if (qx >= 0 && qx < w) tryCandidate(p, nq + step);
      }
    }
    const ny = py - step;
    if (ny >= 0 && ny < h) {
      const nq = field[p - step * w];
      if (nq >= 0) tryCandidate(p, nq + step * w);
    }
    // Random search around the current best at halving radii.
    let R = maxR;
    while (R >= 1) {
      const b = field[p];
      const bx = b % w;
      const by = (b - bx) / w;
      const cx = Math.min(w - 1, Math.max(0, bx + Math.round(R * (2 * rng.next() - 1))));
      const cy = Math.min(h - 1, Math.max(0, by + Math.round(R * (2 * rng.next() - 1))));
      tryCandidate(p, cy * w + cx);
      R = Math.floor(R / 2);
    }
  }
}

/** Each hole pixel becomes the weighted mean of the source pixels of every patch covering it. */
/** Votes weigh exp(-d / (this x the median d)): 1 blurred large fills; 0.25 keeps structure. */
const VOTE_SHARPNESS = 0.25;
function vote(img: Float32Array, C: number, L: Level, field: Int32Array, dist: Float32Array, targets: Int32Array, r: number): void {
  const { w, h } = L;
  const ds = Float32Array.from(targets, (p) => dist[p]).filter(Number.isFinite).sort();
  const scale = Math.max(1e-8, VOTE_SHARPNESS * (ds.length ? ds[Math.floor(ds.length / 2)] : 1));
  const acc = new Float64Array(w * h * C);
  const wsum = new Float64Array(w * h);
  for (let t = 0; t < targets.length; t++) {
    const p = targets[t];
    const q = field[p];
    if (q < 0) continue;
    const d = dist[p];
    const wt = Number.isFinite(d) ? Math.exp(-d / scale) + 1e-6 : 1e-6;
    const px = p % w;
    const py = (p - px) / w;
    const qx = q % w;
    const qy = (q - qx) / w;
    for (let dy = -r; dy <= r; dy++) {
      const ty = py + dy;
      if (ty < 0 || ty >= h) continue;
      for (let dx = -r; dx <= r; dx++) {
        const tx = px + dx;
        if (tx < 0 || tx >= w) continue;
        const ti = ty * w + tx;
        if (!L.hole[ti]) continue;
        const si = (qy + dy) * w + qx + dx;
        for (let c = 0; c < C; c++) acc[ti * C + c] += wt * img[si * C + c];
        wsum[ti] += wt;
      }
    }
  }
  for (let i = 0; i < w * h; i++) {
    if (!L.hole[i] || wsum[i] <= 0) continue;
    for (let c = 0; c < C; c++) img[i * C + c] = acc[i * C + c] / wsum[i];
  }
}
