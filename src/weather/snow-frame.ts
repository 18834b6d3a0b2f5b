import { coverFactor, groundDepthMm } from './accumulation.js';
import type { PieceBounds } from '../simulate/piece-bounds.js';
import { insideAnyPiece } from '../simulate/piece-bounds.js';
import type { SnowField } from './snow-field.js';
import { activeShare, flakePosition, isFalling } from './snow-field.js';

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
  /** Flakes simulated (alive or not) and those skipped because they had landed. */
  simulated: number;
  landed: number;
  luminous: boolean;
  glow: number;
  /** Snow lying on flat ground at this time, mm, and how white it makes upward faces, 0..1. */
  groundDepthMm: number;
  cover: number;
}

const a = new Float32Array(3);
const b = new Float32Array(3);

/**
 * Samples the field at time t with the shutter open for `shutterS` seconds. `bounds`: the
 * pieces' bounds at this frame (null without buildings). Flakes outside the camera's view
 * (with a margin) are skipped unless `keepOutsideView`.
 */
export function sampleSnowFrame(field: SnowField, t: number, shutterS: number, bounds: PieceBounds | null, keepOutsideView = false): SnowFrame {
  const plan = field.plan;
  const n = field.count;
  const share = activeShare(plan, t);
  const start = new Float32Array(n * 3);
  const end = new Float32Array(n * 3);
  const diameterM = new Float32Array(n);
  const weight = new Float32Array(n);
  const cam = plan.camera;
  const mx = cam.tanX * 1.1;
  const my = cam.tanY * 1.1;
  const g = plan.groundY;
  const half = shutterS / 2;
  let k = 0;
  let landed = 0;
  for (let i = 0; i < n; i++) {
    if (!isFalling(field, i, share)) continue;
    flakePosition(field, i, t, a, 0, -half);
    flakePosition(field, i, t, b, 0, half);
    if (!keepOutsideView) {
      const dx = (a[0] + b[0]) / 2 - cam.positionM[0];
      const dy = (a[1] + b[1]) / 2 - cam.positionM[1];
      const dz = (a[2] + b[2]) / 2 - cam.positionM[2];
      const zc = dx * cam.f[0] + dy * cam.f[1] + dz * cam.f[2];
      if (zc <= 0.02) continue;
      const xc = dx * cam.r[0] + dy * cam.r[1] + dz * cam.r[2];
      const yc = dx * cam.u[0] + dy * cam.u[1] + dz * cam.u[2];
      if (Math.abs(xc) > mx * zc + 0.3 || Math.abs(yc) > my * zc + 0.3) continue;
    }
    const r = field.diameterM[i] / 2;
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
