import type { SceneCamera } from '../scene/scene-doc.js';
import { FLOATS_PER_PIECE } from '../simulate/sim-cache.js';
import { rotate } from '../fracture/piece-geometry.js';
import type { Vec3 } from '../core/units.js';

/** Camera basis and projection from the scene camera (looks down −Z, Y up, no roll). */
export function cameraBasis(cam: SceneCamera) {
  const e = cam.positionM;
  const f = norm([cam.lookAtM[0] - e[0], cam.lookAtM[1] - e[1], cam.lookAtM[2] - e[2]]);
  let r = norm([-f[2], 0, f[0]]);
  if (!Number.isFinite(r[0]) || Math.hypot(...r) < 1e-9) r = [1, 0, 0];
  const u: Vec3 = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]];
  const tanY = Math.tan((cam.verticalFovDeg * Math.PI) / 360);
  return { e, f, r, u, tanY, tanX: tanY * cam.aspect };
}

/**
 * Exact motion vectors for rigid pieces: each pixel's surface point is rebuilt from its depth,
 * carried back to the previous frame with its piece's motion (position and rotation from
 * the simulation cache), and both are projected. Returns u, v in pixels per pixel, from the
 * previous frame to this one, v up (Nuke's convention); zero where no piece was hit.
 */
export function motionVectors(
  width: number,
  height: number,
  depth: Float32Array,
  id: Uint32Array,
  cam: SceneCamera,
  now: Float32Array,
  previous: Float32Array,
): Float32Array {
  const out = new Float32Array(width * height * 2);
  const b = cameraBasis(cam);
  const project = (p: Vec3): [number, number] | null => {
    const d: Vec3 = [p[0] - b.e[0], p[1] - b.e[1], p[2] - b.e[2]];
    const z = d[0] * b.f[0] + d[1] * b.f[1] + d[2] * b.f[2];
    if (z <= 1e-6) return null;
    const x = (d[0] * b.r[0] + d[1] * b.r[1] + d[2] * b.r[2]) / (z * b.tanX);
    const y = (d[0] * b.u[0] + d[1] * b.u[1] + d[2] * b.u[2]) / (z * b.tanY);
    return [((x + 1) / 2) * width, ((1 - y) / 2) * height];
  };
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const i = py * width + px;
      const piece = id[i] - 1;
      const z = depth[i];
      if (piece < 0 || !(z > 0)) continue;
      const nx = ((px + 0.5) / width) * 2 - 1;
      const ny = 1 - ((py + 0.5) / height) * 2;
      const vx = nx * z * b.tanX;
      const vy = ny * z * b.tanY;
      const p: Vec3 = [
        b.e[0] + b.r[0] * vx + b.u[0] * vy + b.f[0] * z,
        b.e[1] + b.r[1] * vx + b.u[1] * vy + b.f[1] * z,
        b.e[2] + b.r[2] * vx + b.u[2] * vy + b.f[2] * z,
      ];
      const o = piece * FLOATS_PER_PIECE;
      // Local point: R_now^-1 (p - c_now); previous: R_prev · local + c_prev.
      const inv = [-now[o + 3], -now[o + 4], -now[o + 5], now[o + 6]];
      const local = rotate(inv, [p[0] - now[o], p[1] - now[o + 1], p[2] - now[o + 2]]);
      const q = rotate([previous[o + 3], previous[o + 4], previous[o + 5], previous[o + 6]], local);
      const pPrev: Vec3 = [q[0] + previous[o], q[1] + previous[o + 1], q[2] + previous[o + 2]];
      const a = project(p);
      const c = project(pPrev);
      if (!a || !c) continue;
      out[i * 2] = a[0] - c[0];
      out[i * 2 + 1] = -(a[1] - c[1]);
    }
  }
  return out;
}

function norm(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / l, v[1] / l, v[2] / l];
}
