import { InputError } from '../core/errors.js';
import type { Vec3 } from '../core/units.js';
import type { BuildingSpec } from '../spec/schema.js';
import { levenbergMarquardt } from '../core/least-squares.js';
import { chainCorners, distanceToPolygon, hullChains } from './outline-polygon.js';
import type { P2 } from './outline-polygon.js';

/**
 * Fits a proxy building to an outline marked in the plate (`building.outline`).
 *
 * - Bottom corners: the lower side of the outline's convex hull between its leftmost and
 *   rightmost points (near-vertical end segments dropped), reduced to its two ends, or three
 *   when it clearly bends (a corner view). Back-projected through the shot camera on to the
 *   ground plane y = at[1] (0 by default) they give a first footprint: two corners are a
 *   facade seen from the front (width, position, rotation; the depth stays `footprint[1]`),
 *   three a corner (the face wider in the image is the front, +Z; the other gives the depth).
 * - Top corners: the ends of the hull's upper side (and its bend in a corner view) are the
 *   tops of the same vertical edges; the first height is where each edge's vertical line
 *   comes closest to the corner's camera ray.
 * - Refinement: Levenberg–Marquardt over centre, rotation, width, height (and depth in a
 *   corner view) so that the box's projected corners land on the outline's corners. The
 *   bottom edge alone is ill-conditioned at grazing angles (1 px can be a metre of depth);
 *   the top corners pin the distance.
 * - Storeys: the roof (silhouette top less the 1 m parapet) is split into
 *   round(roof / floorHeightM) storeys and floorHeightM is stretched to fit exactly.
 *
 * Pure: the camera comes from the spec (solved or set by hand); points are in frame pixels.
 * The top edge is taken as the front face's top seen from below the roof (a plate's usual view).
 */

/** What the fit needs of the shot camera (a pinhole with no roll, principal point at the centre). */
export interface FitCamera {
  positionM: Vec3;
  lookAtM: Vec3;
  focalMm: number;
  sensorWidthMm: number;
  /** Frame size, pixels. */
  width: number;
  height: number;
}

export interface OutlineFit {
  /** The building spec with footprint, at, rotationDeg, floors and floorHeightM fitted. */
  building: BuildingSpec;
  /** Height of the silhouette's top (roof + parapet), metres above the footprint. */
  silhouetteHeightM: number;
  /** The outline's corners the box was fitted to (bottom corners, then top corners), frame pixels. */
  outlineCorners: [number, number][];
  /** The matching corners of the fitted box projected back into the frame, pixels. */
  projectedCorners: [number, number][];
  /** Mean distance between `outlineCorners` and `projectedCorners`, pixels. */
  errorPx: number;
  /** Mean distance from every outline point to the fitted box's projected silhouette, pixels. */
  outlineDistancePx: number;
}

const PARAPET_HEIGHT_M = 1.0;

interface Basis {
  e: Vec3;
  f: Vec3;
  r: Vec3;
  u: Vec3;
  fPx: number;
  cx: number;
  cy: number;
}

function basis(cam: FitCamera): Basis {
  const e = cam.positionM;
  const f = norm(sub(cam.lookAtM, e));
  let r = norm([-f[2], 0, f[0]]);
  if (!Number.isFinite(r[0]) || Math.hypot(...r) < 1e-9) r = [1, 0, 0];
  const u = cross(r, f);
  return { e, f, r, u, fPx: (cam.focalMm / cam.sensorWidthMm) * cam.width, cx: cam.width / 2, cy: cam.height / 2 };
}

/** World point → frame pixel (x right, y down); null behind the camera. */
export function projectPoint(cam: FitCamera, p: Vec3): P2 | null {
  const b = basis(cam);
  return projectWith(b, p);
}

function projectWith(b: Basis, p: Vec3): P2 | null {
  const d = sub(p, b.e);
  const z = dot(d, b.f);
  if (z <= 1e-6) return null;
  return [b.cx + (b.fPx * dot(d, b.r)) / z, b.cy - (b.fPx * dot(d, b.u)) / z];
}

function rayDir(b: Basis, [x, y]: P2): Vec3 {
  const a = (x - b.cx) / b.fPx;
  const c = (b.cy - y) / b.fPx;
  return norm([b.f[0] + b.r[0] * a + b.u[0] * c, b.f[1] + b.r[1] * a + b.u[1] * c, b.f[2] + b.r[2] * a + b.u[2] * c]);
}

/**
 * Fits `spec` to `outline` (frame pixels). `field` names the outline in errors
 * (e.g. `elements[0].building.outline`).
 */
export function fitOutline(spec: BuildingSpec, outline: P2[], cam: FitCamera, field: string): OutlineFit {
  const fail = (message: string, allowed: string, received: unknown): never => {
    throw new InputError(`${field}: ${message}`, 'building.outline_unfit', [{ code: 'building.outline_unfit', path: field, allowed, received }]);
  };
  if (spec.source) fail('an outline fits a procedural building, not a glTF model', 'no outline with source.gltf', 'outline + source');
  const b = basis(cam);
  const { bottom, top, hull } = hullChains(outline);
  if (hull.length < 3) fail('the outline has no area (its points are on one line)', 'at least 3 points not on one line', outline);
  const inFrame = (p: P2) => p[0] >= -1 && p[0] <= cam.width + 1 && p[1] >= -1 && p[1] <= cam.height + 1;
  const corners = chainCorners(bottom, 1);
  for (const p of corners) {
    if (!inFrame(p)) fail(`the bottom corner (${p[0].toFixed(1)}, ${p[1].toFixed(1)}) is outside the frame`, `bottom corners inside the plate, 0..${cam.width} x 0..${cam.height} frame pixels`, p.map((v) => Number(v.toFixed(1))));
  }
  const groundY = spec.at[1];
  const onGround = (p: P2): Vec3 => {
    const d = rayDir(b, p);
    const t = (groundY - b.e[1]) / d[1];
    if (!(t > 0) || !Number.isFinite(t) || t > 1e5) {
      // The horizon's row through the image centre: pitch φ up puts it fPx·tan φ below the centre.
      const horizon = b.cy + (b.fPx * b.f[1]) / Math.max(1e-9, Math.hypot(b.f[0], b.f[2]));
      return fail(
        `the bottom corner (${p[0].toFixed(1)}, ${p[1].toFixed(1)}) does not meet the ground plane y = ${groundY} m: its ray ${b.e[1] > groundY ? 'points above the horizon' : 'points below it while the camera is under the ground'}`,
        `bottom corners whose rays reach the ground (${b.e[1] > groundY ? 'below' : 'above'} the horizon at about y = ${horizon.toFixed(0)} px)`,
        p.map((v) => Number(v.toFixed(1))),
      );
    }
    return [b.e[0] + d[0] * t, groundY, b.e[2] + d[2] * t];
  };
  const ground = corners.map(onGround);
  const Y: Vec3 = [0, 1, 0];
  let front: [Vec3, Vec3];
  let depthM = spec.footprint[1];
  if (ground.length === 3) {
    // A corner: the wider edge in the image is the front (+Z) face, the other gives the depth.
    const [l, c, r] = ground;
    const wider = Math.abs(corners[1][0] - corners[0][0]) >= Math.abs(corners[2][0] - corners[1][0]);
    front = wider ? [l, c] : [c, r];
    const z = cross(norm(sub(front[1], front[0])), Y);
    // The other ground edge runs away from the camera (along -Z).
    depthM = Math.abs(dot(wider ? sub(r, c) : sub(l, c), z));
  } else {
    front = [ground[0], ground[1]];
  }
  const clampRange = (v: number, lo: number, hi: number, what: string, allowed: string): number => {
    if (!(v >= lo && v <= hi)) fail(`the outline gives a ${what} of ${v.toFixed(2)} m`, allowed, Number(v.toFixed(3)));
    return v;
  };
  // First guess from the bottom edge alone.
  const widthM0 = Math.hypot(front[1][0] - front[0][0], front[1][2] - front[0][2]);
  const xAxis0 = norm(sub(front[1], front[0]));
  const zAxis0 = cross(xAxis0, Y); // towards the camera
  // The front face is the box's +Z face; the box extends away from the camera.
  const init: BoxParams = {
    cx: (front[0][0] + front[1][0]) / 2 - (zAxis0[0] * depthM) / 2,
    cz: (front[0][2] + front[1][2]) / 2 - (zAxis0[2] * depthM) / 2,
    rot: Math.atan2(-xAxis0[2], xAxis0[0]),
    width: widthM0,
    depth: Math.min(500, Math.max(2, depthM)),
    height: 0,
  };
  // Which box corners the outline's corners are: foot index 0 back-left, 1 front-left, 2 back-right, 3 front-right.
  const corner = ground.length === 3;
  const leftWider = corner && ground[0] === front[0];
  const footIdx = !corner ? [1, 3] : leftWider ? [1, 3, 2] : [0, 1, 3];
  // The top chain's ends (and its bend in a corner view) are the tops of the outermost (and near) vertical edges.
  const topPts = corner ? chainCorners(top, -1) : [top[0], top[top.length - 1]];
  const topIdx = topPts.length === 3 ? footIdx : [footIdx[0], footIdx[footIdx.length - 1]];
  // Initial height: each top point against the vertical edge it belongs to.
  const heights: number[] = [];
  topPts.forEach((t, i) => {
    const h = heightNearRay(boxCorner(init, topIdx[i], 0, groundY), b.e, rayDir(b, t));
    if (h > 0) heights.push(h);
  });
  if (heights.length === 0) fail('no point of the outline\'s top edge lies above its bottom edge', 'a top edge above the bottom edge', top);
  init.height = heights.reduce((a, c) => a + c, 0) / heights.length;

  // Refine the box so its projected corners land on the outline's corners (the bottom edge alone
  // is ill-conditioned at grazing angles: 1 px there can be a metre in depth; the top pins it).
  const pairs: { img: P2; idx: number; top: boolean }[] = [
    ...corners.map((img, i) => ({ img, idx: footIdx[i], top: false })),
    ...topPts.map((img, i) => ({ img, idx: topIdx[i], top: true })),
  ];
  const unpack = (q: number[]): BoxParams => ({ cx: q[0], cz: q[1], rot: q[2], width: q[3], height: q[4], depth: corner ? q[5] : init.depth });
  const residuals = (q: number[]): number[] => {
    const box = unpack(q);
    const out: number[] = [];
    for (const pr of pairs) {
      const pt = projectWith(b, boxCorner(box, pr.idx, pr.top ? box.height : 0, groundY));
      if (!pt) out.push(1e6, 1e6);
      else out.push(pt[0] - pr.img[0], pt[1] - pr.img[1]);
    }
    return out;
  };
  const q0 = [init.cx, init.cz, init.rot, init.width, init.height, ...(corner ? [init.depth] : [])];
  const scale = Math.max(1, init.width);
  const { p: q } = levenbergMarquardt(residuals, q0, { steps: q0.map((_, i) => (i === 2 ? 1e-7 : 1e-6 * scale)), maxIterations: 60 });
  const box = unpack(q);
  clampRange(box.width, 2, 500, 'footprint width', 'an outline whose bottom edge is 2..500 m wide on the ground');
  if (corner) clampRange(box.depth, 2, 500, 'footprint depth', 'an outline whose side edge is 2..500 m deep on the ground');

  const silhouette = box.height;
  const roofY = silhouette - (spec.parapet ? PARAPET_HEIGHT_M : 0);
  const g = spec.groundFloorHeightM;
  let floors: number;
  let floorHeightM: number;
  if (g !== undefined) {
    floors = roofY <= g ? 1 : 1 + Math.max(1, Math.round((roofY - g) / spec.floorHeightM));
    floorHeightM = floors > 1 ? (roofY - g) / (floors - 1) : spec.floorHeightM;
  } else {
    floors = Math.max(1, Math.round(roofY / spec.floorHeightM));
    floorHeightM = roofY / floors;
  }
  floors = Math.min(200, floors);
  clampRange(floorHeightM, 2, 10, 'storey height (roof height split into whole storeys)', `an outline whose top is 2..10 m per storey above its bottom (about floorHeightM ${spec.floorHeightM} x storeys, plus the parapet)`);

  const building: BuildingSpec = {
    ...spec,
    footprint: [box.width, box.depth],
    at: [box.cx, groundY, box.cz],
    rotationDeg: (box.rot * 180) / Math.PI,
    floors,
    floorHeightM,
  };
  const H = (g !== undefined && floors > 1 ? g + (floors - 1) * floorHeightM : floors * floorHeightM) + (spec.parapet ? PARAPET_HEIGHT_M : 0);
  const final = { ...box, height: H };
  const projectedCorners = pairs.map((pr) => projectWith(b, boxCorner(final, pr.idx, pr.top ? H : 0, groundY)) ?? ([NaN, NaN] as P2));
  const errorPx = pairs.reduce((sum, pr, i) => sum + Math.hypot(projectedCorners[i][0] - pr.img[0], projectedCorners[i][1] - pr.img[1]), 0) / pairs.length;
  // Every outline point against the projected box's silhouette (edges, not only corners).
  const all: Vec3[] = [];
  for (let i = 0; i < 4; i++) all.push(boxCorner(final, i, 0, groundY), boxCorner(final, i, H, groundY));
  const sil = hullChains(all.map((p) => projectWith(b, p)).filter((v): v is P2 => v !== null)).hull;
  const outlineDistancePx = outline.reduce((sum, p) => sum + distanceToPolygon(p, sil), 0) / outline.length;
  return { building, silhouetteHeightM: H, outlineCorners: pairs.map((pr) => pr.img), projectedCorners, errorPx, outlineDistancePx };
}

interface BoxParams {
  cx: number;
  cz: number;
  rot: number;
  width: number;
  depth: number;
  height: number;
}

/** Corner `i` of the box at height y above the ground: 0 back-left, 1 front-left, 2 back-right, 3 front-right (front = +Z). */
function boxCorner(box: BoxParams, i: number, y: number, groundY: number): Vec3 {
  const sx = i < 2 ? -1 : 1;
  const sz = i % 2 === 1 ? 1 : -1;
  const c = Math.cos(box.rot);
  const s = Math.sin(box.rot);
  const lx = (sx * box.width) / 2;
  const lz = (sz * box.depth) / 2;
  return [box.cx + lx * c + lz * s, groundY + y, box.cz - lx * s + lz * c];
}

/** Height h at which the vertical line through ground point p comes closest to the ray e + s·d. */
function heightNearRay(p: Vec3, e: Vec3, d: Vec3): number {
  // Lines p + h·Y and e + s·d: solve for the closest points.
  const w = sub(p, e);
  const b = d[1]; // Y·d
  const c = dot(d, d);
  const dd = dot(d, w);
  const ee = w[1]; // Y·w
  const den = c - b * b; // (Y·Y)(d·d) − (Y·d)²
  if (Math.abs(den) < 1e-12) return NaN;
  // h minimises |w + h·Y − s·d|: h = (b·dd − c·ee) / den.
  return (b * dd - c * ee) / den;
}

const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
function norm(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / l, v[1] / l, v[2] / l];
}
