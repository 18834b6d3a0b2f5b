import type { Vec3 } from '../core/units.js';
import type { SceneCamera } from '../scene/scene-doc.js';

/**
 * World → camera as a 4x4 in Imath's row-vector convention (p_cam = p_world · M, stored
 * row-major), as OpenEXR's `worldToCamera` expects. The camera looks down −Z, Y up.
 */
export function worldToCameraImath(cam: Pick<SceneCamera, 'positionM' | 'lookAtM'>): number[] {
  const eye = cam.positionM;
  const f = norm(sub(cam.lookAtM, eye));
  let r = cross(f, [0, 1, 0]);
  if (Math.hypot(...r) < 1e-9) r = [1, 0, 0];
  r = norm(r);
  const u = cross(r, f);
  const z: Vec3 = [-f[0], -f[1], -f[2]];
  // Columns of the row-vector matrix are the camera axes expressed in world space.
  return [
    r[0], u[0], z[0], 0,
    r[1], u[1], z[1], 0,
    r[2], u[2], z[2], 0,
    -dot(r, eye), -dot(u, eye), -dot(z, eye), 1,
  ];
}

/** World → NDC (OpenGL-style perspective, row-vector convention) for `worldToNDC`. */
export function worldToNdcImath(cam: SceneCamera): number[] {
  const v = worldToCameraImath(cam);
  const t = 1 / Math.tan((cam.verticalFovDeg * Math.PI) / 360);
  const [n, fa] = [cam.nearM, cam.farM];
  // Column-vector projection P, transposed for the row-vector convention.
  const p = [
    t / cam.aspect, 0, 0, 0,
    0, t, 0, 0,
    0, 0, -(fa + n) / (fa - n), -1,
    0, 0, (-2 * fa * n) / (fa - n), 0,
  ];
  const out = new Array<number>(16).fill(0);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let k = 0; k < 4; k++) out[i * 4 + j] += v[i * 4 + k] * p[k * 4 + j];
  return out;
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const norm = (a: Vec3): Vec3 => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};
