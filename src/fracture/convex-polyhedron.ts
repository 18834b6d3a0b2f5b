import type { Vec3 } from '../core/units.js';

/**
 * A closed convex polyhedron: shared vertices and polygonal faces wound counter-clockwise
 * seen from outside. A face made by a fracture cut is `interior` and remembers the piece
 * on its other side (`neighbor`, a site index within the member), which the bond graph
 * reads. Boundary faces of a member have `neighbor` -1.
 */
export interface Face {
  indices: number[];
  normal: Vec3;
  interior: boolean;
  neighbor: number;
}

export interface ConvexPolyhedron {
  vertices: Vec3[];
  faces: Face[];
}

const EPS = 1e-9;

export const dot = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
export const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
export const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];

/** An axis-aligned box as a polyhedron (6 quads). */
export function boxPolyhedron(center: Vec3, size: Vec3): ConvexPolyhedron {
  const [hx, hy, hz] = [size[0] / 2, size[1] / 2, size[2] / 2];
  const vertices: Vec3[] = [];
  for (let i = 0; i < 8; i++) {
    vertices.push([center[0] + (i & 1 ? hx : -hx), center[1] + (i & 2 ? hy : -hy), center[2] + (i & 4 ? hz : -hz)]);
  }
  const quad = (indices: number[], normal: Vec3): Face => ({ indices, normal, interior: false, neighbor: -1 });
  return {
    vertices,
    faces: [
      quad([1, 3, 7, 5], [1, 0, 0]),
      quad([0, 4, 6, 2], [-1, 0, 0]),
      quad([2, 6, 7, 3], [0, 1, 0]),
      quad([0, 1, 5, 4], [0, -1, 0]),
      quad([4, 5, 7, 6], [0, 0, 1]),
      quad([0, 2, 3, 1], [0, 0, -1]),
    ],
  };
}

/**
 * Keeps the part of `poly` where n·x <= d. The new cap face lies on the plane, faces
 * outward along n, and is tagged interior with `neighbor`. Returns null when nothing is
 * left. Intersection points are cached per edge so the result stays closed (every edge is
 * shared by exactly two faces).
 */
export function clipByPlane(poly: ConvexPolyhedron, n: Vec3, d: number, neighbor: number): ConvexPolyhedron | null {
  const dist = poly.vertices.map((v) => dot(n, v) - d);
  let anyOut = false;
  let anyIn = false;
  for (const s of dist) {
    if (s > EPS) anyOut = true;
    else if (s < -EPS) anyIn = true;
  }
  if (!anyOut) return poly;
  if (!anyIn) return null;
  const vertices: Vec3[] = [];
  const remap = new Map<number, number>();
  const keep = (i: number): number => {
    let j = remap.get(i);
    if (j === undefined) {
      j = vertices.length;
      vertices.push(poly.vertices[i]);
      remap.set(i, j);
    }
    return j;
  };
  const edgeCache = new Map<string, number>();
  const onPlane = new Set<number>();
  const cut = (a: number, b: number): number => {
    const key = a < b ? `${a},${b}` : `${b},${a}`;
    let j = edgeCache.get(key);
    if (j === undefined) {
      const t = dist[a] / (dist[a] - dist[b]);
      const va = poly.vertices[a];
      const vb = poly.vertices[b];
      j = vertices.length;
      vertices.push([va[0] + t * (vb[0] - va[0]), va[1] + t * (vb[1] - va[1]), va[2] + t * (vb[2] - va[2])]);
      edgeCache.set(key, j);
    }
    onPlane.add(j);
    return j;
  };
  const faces: Face[] = [];
  for (const face of poly.faces) {
    const out: number[] = [];
    const m = face.indices.length;
    for (let k = 0; k < m; k++) {
      const a = face.indices[k];
      const b = face.indices[(k + 1) % m];
      const inA = dist[a] <= EPS;
      const inB = dist[b] <= EPS;
      if (inA) {
        const ka = keep(a);
        out.push(ka);
        if (Math.abs(dist[a]) <= EPS) onPlane.add(ka);
      }
      if ((dist[a] < -EPS && dist[b] > EPS) || (dist[a] > EPS && dist[b] < -EPS)) out.push(cut(a, b));
    }
    const cleaned = out.filter((v, i) => v !== out[(i + 1) % out.length]);
    if (cleaned.length >= 3) faces.push({ ...face, indices: cleaned });
  }
  const cap = orderAround([...onPlane], vertices, n);
  if (cap.length >= 3) faces.push({ indices: cap, normal: [...n], interior: true, neighbor });
  return { vertices, faces };
}

/** Orders points lying on a plane counter-clockwise around `normal`. */
function orderAround(ids: number[], vertices: Vec3[], normal: Vec3): number[] {
  if (ids.length < 3) return ids;
  const c: Vec3 = [0, 0, 0];
  for (const i of ids) for (let a = 0; a < 3; a++) c[a] += vertices[i][a] / ids.length;
  const ref = Math.abs(normal[0]) < 0.9 ? ([1, 0, 0] as Vec3) : ([0, 1, 0] as Vec3);
  const u = normalize(cross(normal, ref));
  const v = cross(normal, u);
  const angle = new Map(ids.map((i) => {
    const p = sub(vertices[i], c);
    return [i, Math.atan2(dot(p, v), dot(p, u))];
  }));
  return [...ids].sort((a, b) => (angle.get(a) as number) - (angle.get(b) as number) || a - b);
}

export function normalize(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

/** Area of a planar polygon face. */
export function faceArea(poly: ConvexPolyhedron, face: Face): number {
  const p0 = poly.vertices[face.indices[0]];
  const acc: Vec3 = [0, 0, 0];
  for (let k = 1; k + 1 < face.indices.length; k++) {
    const c = cross(sub(poly.vertices[face.indices[k]], p0), sub(poly.vertices[face.indices[k + 1]], p0));
    for (let a = 0; a < 3; a++) acc[a] += c[a];
  }
  return Math.hypot(acc[0], acc[1], acc[2]) / 2;
}
