import type { Quat, Vec3 } from '../core/units.js';

/**
 * Orientation of a camera at `eye` looking at `target`, in the convention glTF and USD share:
 * the camera looks down its local -Z with +Y up. `right`, `up` and `back` are the world
 * directions of the camera's local +X, +Y and +Z (the columns of its rotation matrix).
 */
export interface LookAtFrame {
  right: Vec3;
  up: Vec3;
  back: Vec3;
  /** The same rotation as a unit quaternion (x, y, z, w). */
  rotation: Quat;
}

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

function normalize(v: Vec3): Vec3 {
  const len = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / len, v[1] / len, v[2] / len];
}

/** World +Y is up; when the view is (nearly) vertical, world -Z stands in for it. */
export function lookAtFrame(eye: Vec3, target: Vec3): LookAtFrame {
  const d = sub(eye, target);
  if (Math.hypot(d[0], d[1], d[2]) === 0) throw new RangeError('camera position and lookAt coincide');
  const back = normalize(d);
  let right = cross([0, 1, 0], back);
  if (Math.hypot(right[0], right[1], right[2]) < 1e-9) right = cross([0, 0, -1], back);
  right = normalize(right);
  const up = cross(back, right);
  return { right, up, back, rotation: matrixToQuat(right, up, back) };
}

/** Quaternion of the rotation matrix with the given columns (Shepperd's method), w >= 0. */
export function matrixToQuat(c0: Vec3, c1: Vec3, c2: Vec3): Quat {
  const [m00, m10, m20] = c0;
  const [m01, m11, m21] = c1;
  const [m02, m12, m22] = c2;
  const trace = m00 + m11 + m22;
  let q: Quat;
  if (trace > 0) {
    const s = 2 * Math.sqrt(trace + 1);
    q = [(m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s, s / 4];
  } else if (m00 > m11 && m00 > m22) {
    const s = 2 * Math.sqrt(1 + m00 - m11 - m22);
    q = [s / 4, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  } else if (m11 > m22) {
    const s = 2 * Math.sqrt(1 + m11 - m00 - m22);
    q = [(m01 + m10) / s, s / 4, (m12 + m21) / s, (m02 - m20) / s];
  } else {
    const s = 2 * Math.sqrt(1 + m22 - m00 - m11);
    q = [(m02 + m20) / s, (m12 + m21) / s, s / 4, (m10 - m01) / s];
  }
  const len = Math.hypot(q[0], q[1], q[2], q[3]);
  const sign = q[3] < 0 ? -1 : 1;
  return [(sign * q[0]) / len, (sign * q[1]) / len, (sign * q[2]) / len, (sign * q[3]) / len];
}

/** Rotates `v` by the unit quaternion `q` (x, y, z, w). */
export function rotateVec(q: Quat, v: Vec3): Vec3 {
  const [x, y, z, w] = q;
  const t = cross([x, y, z], v).map((c) => 2 * c) as Vec3;
  const u = cross([x, y, z], t);
  return [v[0] + w * t[0] + u[0], v[1] + w * t[1] + u[1], v[2] + w * t[2] + u[2]];
}
