import { InputError } from '../core/errors.js';
import type { Vec3 } from '../core/units.js';
import { levenbergMarquardt } from '../core/least-squares.js';

export interface RectangleMatch {
  /** The rectangle's corners in the image, pixels (x right, y down): bottom-left, bottom-right, top-right, top-left. */
  imagePoints: [number, number][];
  widthM: number;
  heightM: number;
  /** A vertical rectangle facing the camera (a facade, its bottom edge on the ground), or one lying on the ground. */
  plane: 'facade' | 'ground';
  /** Where the rectangle's bottom-edge centre (facade) or centre (ground) sits in the world. */
  originM: Vec3;
}

export interface SolvedCamera {
  positionM: Vec3;
  lookAtM: Vec3;
  focalMm: number;
  /** Mean distance between the marked points and the rectangle re-projected through the solved camera (no roll), pixels. */
  reprojectionErrorPx: number;
  /** True when the points could not pin the focal length (1 px moves it by more than 10%) and the shot's focalMm was used. */
  focalFromShot: boolean;
}

/** World corners of the rectangle, in the order of `imagePoints`. */
export function rectangleCorners(m: Pick<RectangleMatch, 'widthM' | 'heightM' | 'plane' | 'originM'>): Vec3[] {
  const [ox, oy, oz] = m.originM;
  const hw = m.widthM / 2;
  if (m.plane === 'facade') return [[ox - hw, oy, oz], [ox + hw, oy, oz], [ox + hw, oy + m.heightM, oz], [ox - hw, oy + m.heightM, oz]];
  const hd = m.heightM / 2;
  return [[ox - hw, oy, oz + hd], [ox + hw, oy, oz + hd], [ox + hw, oy, oz - hd], [ox - hw, oy, oz - hd]];
}

/** Homography from plane coordinates (a, b) to centred image coordinates, by the 4-point DLT (h33 = 1). */
function homography(src: [number, number][], dst: [number, number][]): number[] {
  const A: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i];
    const [u, v] = dst[i];
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  return [...solve8(A, b), 1];
}

function solve8(A: number[][], b: number[]): number[] {
  const n = 8;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-12) throw new RangeError('degenerate points');
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const k = M[r][c] / M[c][c];
      for (let j = c; j <= n; j++) M[r][j] -= k * M[c][j];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/**
 * Solves focal length and pose from four image points of a rectangle of known size
 * (principal point at the image centre, square pixels): homography, focal from the
 * orthogonality (and equal length) of the plane's axes, then rotation and translation;
 * then Levenberg–Marquardt refines a camera with no roll (position, yaw, pitch, and the
 * focal unless it is fixed) on the reprojection error. A solve whose mean error exceeds
 * `maxErrorPx` is refused. When the points cannot pin the focal length (seen too squarely,
 * or too small: moving one point by 1/2000 of the frame moves it by more than 10%),
 * `fallbackFocalMm` (the shot's focalMm) is used and only the pose is solved.
 */
export function solveCameraFromRectangle(
  match: RectangleMatch,
  imageWidth: number,
  imageHeight: number,
  sensorWidthMm: number,
  maxErrorPx: number,
  /** Used when the view is too square-on to recover the focal length from the points. */
  fallbackFocalMm?: number,
): SolvedCamera {
  const fail = (message: string, received: unknown): never => {
    throw new InputError(message, 'camera.solve_failed', [{ code: 'camera.solve_failed', path: 'camera.match', allowed: `a solve within ${maxErrorPx} px`, received }]);
  };
  if (match.imagePoints.length !== 4) fail('camera.match needs exactly four image points', match.imagePoints.length);
  const cx = imageWidth / 2;
  const cy = imageHeight / 2;
  const corners = rectangleCorners(match);
  // Plane coordinates: (x, y) for a facade, (x, -z) for the ground; image: y up, centred.
  const plane2d = corners.map((c): [number, number] => (match.plane === 'facade' ? [c[0] - match.originM[0], c[1] - match.originM[1]] : [c[0] - match.originM[0], -(c[2] - match.originM[2])]));
  const img = match.imagePoints.map(([x, y]): [number, number] => [x - cx, cy - y]);
  let H: number[];
  try {
    H = homography(plane2d, img);
  } catch {
    return fail('the four image points are degenerate (three in a line?)', match.imagePoints);
  }
  // A focal that ~1 px of marking error (1/2000 of the frame) moves by more than 10% is not
  // trusted (a rectangle seen nearly square-on, or a small one): the shot's focal is used.
  const f0 = focalFromHomography(H, imageWidth, sensorWidthMm);
  let f: number;
  let fixedFocal = false;
  const wobble = f0 === null ? Infinity : focalWobble(plane2d, img, f0, imageWidth, sensorWidthMm);
  if (f0 !== null && (wobble <= 0.1 || !fallbackFocalMm)) f = f0;
  else if (fallbackFocalMm) {
    f = (fallbackFocalMm / sensorWidthMm) * imageWidth;
    fixedFocal = true;
  } else return fail('cannot recover a focal length from these points (the rectangle is seen straight on, or the points are not a rectangle): give camera.focalMm', match.imagePoints);
  const pose = poseFromHomography(H, f, match);
  // Refine a camera with no roll (what the scene camera is: position + look-at) on the
  // reprojection error itself: the homography's rotation has a roll that is dropped above.
  const toParams = (pos: Vec3, fwd: Vec3): number[] => [Math.atan2(fwd[0], -fwd[2]), Math.asin(Math.max(-1, Math.min(1, fwd[1]))), ...pos];
  const fromParams = (q: number[]): { pos: Vec3; fwd: Vec3 } => ({
    pos: [q[2], q[3], q[4]],
    fwd: [Math.cos(q[1]) * Math.sin(q[0]), Math.sin(q[1]), -Math.cos(q[1]) * Math.cos(q[0])],
  });
  const residuals = (q: number[]): number[] => {
    const { pos, fwd } = fromParams(q);
    const fPx = fixedFocal ? f : q[5];
    return reprojectionResiduals(corners, match.imagePoints, pos, add(pos, fwd), fPx, imageWidth, imageHeight);
  };
  const q0 = [...toParams(pose.positionM, pose.forward), ...(fixedFocal ? [] : [f])];
  const dist = Math.hypot(...sub(pose.positionM, match.originM)) || 1;
  const { p: q } = levenbergMarquardt(residuals, q0, { steps: q0.map((v, i) => (i < 2 ? 1e-7 : i < 5 ? 1e-6 * dist : 1e-6 * v)), maxIterations: 100 });
  const { pos: positionM, fwd } = fromParams(q);
  const fPx = fixedFocal ? f : q[5];
  const lookAtM: Vec3 = [positionM[0] + fwd[0] * 10, positionM[1] + fwd[1] * 10, positionM[2] + fwd[2] * 10];
  const focalMm = (fPx / imageWidth) * sensorWidthMm;
  if (!(focalMm >= 4 && focalMm <= 2000)) fail(`the solved focal length ${focalMm.toFixed(1)} mm is outside 4..2000 mm: check the points`, Number(focalMm.toFixed(2)));
  const err = reprojectionError(corners, match.imagePoints, positionM, lookAtM, fPx, imageWidth, imageHeight);
  if (!(err <= maxErrorPx)) fail(`camera solve is off by ${err.toFixed(2)} px on average (limit ${maxErrorPx} px): check the points and the rectangle's size`, Number(err.toFixed(3)));
  return { positionM, lookAtM, focalMm, reprojectionErrorPx: err, focalFromShot: fixedFocal };
}

/** Focal length in pixels from the homography's orthogonality and equal-length constraints; null when neither gives a sane one. */
function focalFromHomography(H: number[], imageWidth: number, sensorWidthMm: number): number | null {
  const [h11, h12, , h21, h22, , h31, h32] = H;
  // Columns h1 = (h11, h21, h31), h2 = (h12, h22, h32). With K = diag(f, f, 1):
  // orthogonality: h11 h12 + h21 h22 + f² h31 h32 = 0; equal norms: (h11² + h21² - h12² - h22²) + f² (h31² - h32²) = 0.
  const estimates: number[] = [];
  if (Math.abs(h31 * h32) > 1e-12) estimates.push(-(h11 * h12 + h21 * h22) / (h31 * h32));
  if (Math.abs(h31 * h31 - h32 * h32) > 1e-12) estimates.push(-(h11 * h11 + h21 * h21 - h12 * h12 - h22 * h22) / (h31 * h31 - h32 * h32));
  // A focal far outside 4..2000 mm at this sensor means the constraint is ill-conditioned.
  const sane = (f: number) => (f / imageWidth) * sensorWidthMm >= 4 && (f / imageWidth) * sensorWidthMm <= 2000;
  const f2 = estimates.filter((e) => e > 0 && sane(Math.sqrt(e)));
  return f2.length ? Math.sqrt(f2.reduce((a, b) => a + b, 0) / f2.length) : null;
}

/** The largest relative change of the focal when one image coordinate moves by 1/2000 of the frame (1 px at 2K). */
function focalWobble(plane2d: [number, number][], img: [number, number][], f0: number, imageWidth: number, sensorWidthMm: number): number {
  let worst = 0;
  const step = imageWidth / 2000;
  for (let i = 0; i < 4; i++) {
    for (let k = 0; k < 2; k++) {
      for (const d of [-1, 1]) {
        const moved = img.map((p, j): [number, number] => (j === i ? (k === 0 ? [p[0] + d * step, p[1]] : [p[0], p[1] + d * step]) : p));
        let f: number | null = null;
        try {
          f = focalFromHomography(homography(plane2d, moved), imageWidth, sensorWidthMm);
        } catch {
          f = null;
        }
        worst = Math.max(worst, f === null ? Infinity : Math.abs(f - f0) / f0);
      }
    }
  }
  return worst;
}

/** Camera position and viewing direction from the homography and a focal length (pixels). */
function poseFromHomography(H: number[], f: number, match: RectangleMatch): { positionM: Vec3; forward: Vec3 } {
  const [h11, h12, h13, h21, h22, h23, h31, h32, h33] = H;
  // [r1 r2 t] ∝ K⁻¹ H, camera looking down −Z (image y up).
  const c1: Vec3 = [h11 / f, h21 / f, h31];
  const c2: Vec3 = [h12 / f, h22 / f, h32];
  const c3: Vec3 = [h13 / f, h23 / f, h33];
  let lambda = 2 / (Math.hypot(...c1) + Math.hypot(...c2));
  // The rectangle must be in front of the camera (camera space z < 0 here).
  if (c3[2] * lambda > 0) lambda = -lambda;
  const r1 = normalize(c1.map((v) => v * lambda) as Vec3);
  let r2 = c2.map((v) => v * lambda) as Vec3;
  r2 = normalize(sub(r2, scale(r1, dot(r1, r2))));
  const r3 = cross(r1, r2);
  const t = c3.map((v) => v * lambda) as Vec3;
  // Plane → world axes: facade (x, y, z) = (a, b, 0); ground (x, y, z) = (a, 0, -b).
  const R = match.plane === 'facade' ? [r1, r2, r3] : [r1, r3, scale(r2, -1)];
  // X_cam = Rw · (X_world - origin) + t, with Rw columns = R's entries per world axis.
  const col = (k: number): Vec3 => R[k];
  // Camera centre in world: origin - Rwᵀ t, where Rw = [col0 col1 col2] as columns.
  const Rt: Vec3 = [dot(col(0), t), dot(col(1), t), dot(col(2), t)];
  const positionM: Vec3 = [match.originM[0] - Rt[0], match.originM[1] - Rt[1], match.originM[2] - Rt[2]];
  // Viewing direction (camera −Z) in world: the third row of Rwᵀ negated.
  const forward: Vec3 = normalize([-col(0)[2], -col(1)[2], -col(2)[2]]);
  return { positionM, forward };
}

/** Per-corner (dx, dy) between the corners projected by a no-roll camera and the marked points. */
function reprojectionResiduals(corners: Vec3[], points: [number, number][], pos: Vec3, lookAt: Vec3, fPx: number, w: number, h: number): number[] {
  const f = normalize(sub(lookAt, pos));
  let r = normalize([-f[2], 0, f[0]]);
  if (!Number.isFinite(r[0])) r = [1, 0, 0];
  const u = cross(r, f);
  const out: number[] = [];
  corners.forEach((c, i) => {
    const d = sub(c, pos);
    const z = dot(d, f);
    if (z <= 1e-6) {
      out.push(1e6, 1e6);
      return;
    }
    out.push(w / 2 + (fPx * dot(d, r)) / z - points[i][0], h / 2 - (fPx * dot(d, u)) / z - points[i][1]);
  });
  return out;
}

/** Mean pixel distance between the marked points and the corners projected by a no-roll camera. */
export function reprojectionError(corners: Vec3[], points: [number, number][], pos: Vec3, lookAt: Vec3, fPx: number, w: number, h: number): number {
  const f = normalize(sub(lookAt, pos));
  let r = normalize([-f[2], 0, f[0]]);
  if (!Number.isFinite(r[0])) r = [1, 0, 0];
  const u = cross(r, f);
  let sum = 0;
  corners.forEach((c, i) => {
    const d = sub(c, pos);
    const z = dot(d, f);
    const x = w / 2 + (fPx * dot(d, r)) / z;
    const y = h / 2 - (fPx * dot(d, u)) / z;
    sum += Math.hypot(x - points[i][0], y - points[i][1]);
  });
  return sum / corners.length;
}

const add = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: Vec3, k: number): Vec3 => [a[0] * k, a[1] * k, a[2] * k];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
function normalize(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / l, v[1] / l, v[2] / l];
}
