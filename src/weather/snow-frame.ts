import { coverFactor, groundDepthMm } from './accumulation.js';
import type { PieceBounds } from '../simulate/piece-bounds.js';
import { insideAnyPiece } from '../simulate/piece-bounds.js';
import type { SnowField } from './snow-field.js';
import { activeShare, isFalling, meanStreak, timeTermsAt } from './snow-field.js';
import { addCurlPair, curlTable } from './curl-noise.js';

/**
 * The flakes of one frame, as the render stage draws them: each alive flake is a streak from
 * where it is when the shutter opens to where it is when it closes (centred on the frame
 * time), with its diameter and its coverage weight (1 near the camera; far slabs hold fewer
 * flakes that each stand for `weight` flakes). Flakes below the ground or inside a piece's
 * bounds at either end of the streak have landed and are not in the list.
 */
export interface SnowFrame {
  timeS: number;
  count: number;
  /** Streak ends, world metres, 3 floats per flake. */
  start: Float32Array;
  end: Float32Array;
  diameterM: Float32Array;
  weight: Float32Array;
  /**
   * Flakes simulated (alive or not) and those skipped because they had landed (of those not
   * already dropped as out of view: with turbulence, a flake below the ground by more than the
   * curl's reach is counted when it is near the view, not tested exactly against it).
   */
  simulated: number;
  landed: number;
  luminous: boolean;
  glow: number;
  /** Snow lying on flat ground at this time, mm, and how white it makes upward faces, 0..1. */
  groundDepthMm: number;
  cover: number;
}

const a = new Float64Array(3);
const b = new Float64Array(3);
let scratch = { start: new Float32Array(0), end: new Float32Array(0), diameterM: new Float32Array(0), weight: new Float32Array(0) };

/**
 * Samples the field at time t with the shutter open for `shutterS` seconds. `bounds`: the
 * pieces' bounds at this frame (null without buildings). Flakes outside the camera's view
 * (with a margin) are skipped unless `keepOutsideView`.
 *
 * Per flake: the mean streak (wrap at t, ends at t ∓ shutter/2, with the time terms every
 * flake shares computed once), then the tests the turbulence cannot change: the curl moves a
 * point by at most `boundM`, so a flake that is out of view or below the ground by more than
 * that is dropped before the turbulence is evaluated. The rest get the turbulence at both
 * ends (addCurlPair) and the exact tests.
 */
export function sampleSnowFrame(field: SnowField, t: number, shutterS: number, bounds: PieceBounds | null, keepOutsideView = false): SnowFrame {
  const plan = field.plan;
  const n = field.count;
  const share = activeShare(plan, t);
  // Written into scratch arrays kept between frames, then copied at their length (fewer and
  // smaller allocations: the frames' own garbage is what the collector has to deal with).
  if (scratch.diameterM.length < n) scratch = { start: new Float32Array(n * 3), end: new Float32Array(n * 3), diameterM: new Float32Array(n), weight: new Float32Array(n) };
  const { start, end, diameterM, weight } = scratch;
  const cam = plan.camera;
  const [px, py, pz] = cam.positionM;
  const [rx, ry, rz] = cam.r;
  const [ux, uy, uz] = cam.u;
  const [fx, fy, fz] = cam.f;
  const mx = cam.tanX * 1.1;
  const my = cam.tanY * 1.1;
  const g = plan.groundY;
  const half = shutterS / 2;
  const k0 = timeTermsAt(plan, t);
  const ka = half !== 0 ? timeTermsAt(plan, t - half) : k0;
  const kb = half !== 0 ? timeTermsAt(plan, t + half) : k0;
  const curl = plan.curl.length ? curlTable(plan.curl) : null;
  const B = curl ? curl.boundM : 0;
  let k = 0;
  let landed = 0;
  for (let i = 0; i < n; i++) {
    if (!isFalling(field, i, share)) continue;
    meanStreak(field, i, k0, ka, kb, a, b);
    const r = field.diameterM[i] / 2;
    if (curl) {
      // What the turbulence (|displacement| ≤ B) cannot bring back.
      if (!keepOutsideView) {
        const dx = (a[0] + b[0]) / 2 - px;
        const dy = (a[1] + b[1]) / 2 - py;
        const dz = (a[2] + b[2]) / 2 - pz;
        const zc = dx * fx + dy * fy + dz * fz;
        if (zc + B <= 0.02) continue;
        const xc = Math.abs(dx * rx + dy * ry + dz * rz) - B;
        const yc = Math.abs(dx * ux + dy * uy + dz * uz) - B;
        if (xc > mx * (zc + B) + 0.3 || yc > my * (zc + B) + 0.3) continue;
      }
      if (a[1] + B - r <= g || b[1] + B - r <= g) {
        landed++;
        continue;
      }
      addCurlPair(curl, a, t - half, b, t + half);
    }
    if (!keepOutsideView) {
      const dx = (a[0] + b[0]) / 2 - px;
      const dy = (a[1] + b[1]) / 2 - py;
      const dz = (a[2] + b[2]) / 2 - pz;
      const zc = dx * fx + dy * fy + dz * fz;
      if (zc <= 0.02) continue;
      const xc = dx * rx + dy * ry + dz * rz;
      const yc = dx * ux + dy * uy + dz * uz;
      if (Math.abs(xc) > mx * zc + 0.3 || Math.abs(yc) > my * zc + 0.3) continue;
    }
    if (a[1] - r <= g || b[1] - r <= g || (bounds && (insideAnyPiece(bounds, a[0], a[1], a[2]) || insideAnyPiece(bounds, b[0], b[1], b[2])))) {
      landed++;
      continue;
    }
    start[k * 3] = a[0];
    start[k * 3 + 1] = a[1];
    start[k * 3 + 2] = a[2];
    end[k * 3] = b[0];
    end[k * 3 + 1] = b[1];
    end[k * 3 + 2] = b[2];
    diameterM[k] = field.diameterM[i];
    weight[k] = plan.slabs[field.slab[i]].weight;
    k++;
  }
  return {
    timeS: t,
    count: k,
    start: start.slice(0, k * 3),
    end: end.slice(0, k * 3),
    diameterM: diameterM.slice(0, k),
    weight: weight.slice(0, k),
    simulated: n,
    landed,
    luminous: plan.luminous,
    glow: plan.glow,
    groundDepthMm: groundDepthMm(plan, t),
    cover: coverFactor(groundDepthMm(plan, t)),
  };
}
