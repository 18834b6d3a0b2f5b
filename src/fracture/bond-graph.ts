import type { Vec3 } from '../core/units.js';
import { cross, dot, normalize } from './convex-polyhedron.js';
import type { Bond, Piece } from './fractured-doc.js';
import { pieceWorldFaces } from './piece-geometry.js';

/** Tensile strength used for bonds inside one member, Pa. */
export const MATERIAL_BOND_STRENGTH_PA = { concrete: 3e6, brick: 1.5e6, glass: 5e6, steel: 250e6 } as const;
/** Joints between members are weaker than the material: a factor per pair of kinds. */
export const JOINT_FACTOR: Record<string, number> = {
  'column-slab': 0.5,
  'pier-slab': 0.3,
  'slab-spandrel': 0.3,
  'pier-spandrel': 0.4,
  'pier-pier': 0.3,
  'spandrel-spandrel': 0.3,
  'column-column': 0.5,
};
const DEFAULT_JOINT_FACTOR = 0.3;
const PLANE_TOL = 1e-4;

/**
 * Bonds between pieces that share a face: inside a member, the cut faces Voronoi made
 * (exact areas); between members of one building, coplanar opposite boundary faces whose
 * polygons overlap (slab on column, spandrel on slab, wall corners). Strength = area ×
 * material strength × joint factor. Sorted by (a, b).
 */
export function buildBonds(pieces: Piece[], internal: { a: number; b: number; areaM2: number }[]): Bond[] {
  const bonds: Bond[] = internal.map(({ a, b, areaM2 }) => {
    const m = pieces[a].material;
    return { a, b, areaM2, strengthN: areaM2 * MATERIAL_BOND_STRENGTH_PA[m], joint: false };
  });
  // Group boundary faces by plane: same building and normal axis, then offsets within
  // PLANE_TOL of each other (a sweep over sorted offsets, robust to rounding).
  type Entry = { piece: number; side: number; poly: Vec3[]; n: Vec3; d: number };
  const byNormal = new Map<string, Entry[]>();
  for (const p of pieces) {
    for (const f of pieceWorldFaces(p)) {
      if (f.interior) continue;
      const flip = canonicalSign(f.normal);
      const n: Vec3 = [f.normal[0] * flip, f.normal[1] * flip, f.normal[2] * flip];
      const key = `${p.buildingId}|${n.map((x) => Math.round(x * 1e4)).join(',')}`;
      const list = byNormal.get(key) ?? [];
      list.push({ piece: p.index, side: flip, poly: f.points, n, d: dot(n, f.points[0]) });
      byNormal.set(key, list);
    }
  }
  const buckets = new Map<string, Entry[]>();
  for (const key of [...byNormal.keys()].sort()) {
    const list = (byNormal.get(key) as Entry[]).sort((x, y) => x.d - y.d || x.piece - y.piece);
    let start = 0;
    for (let i = 1; i <= list.length; i++) {
      if (i === list.length || list[i].d - list[i - 1].d > PLANE_TOL) {
        buckets.set(`${key}|${start}`, list.slice(start, i));
        start = i;
      }
    }
  }
  const seen = new Set<number>();
  for (const key of [...buckets.keys()].sort()) {
    const list = buckets.get(key) as Entry[];
    const pos = list.filter((x) => x.side > 0);
    const neg = list.filter((x) => x.side < 0);
    if (!pos.length || !neg.length) continue;
    const basis = planeBasis(list[0].n);
    const flat = (e: Entry) => {
      const poly = e.poly.map((v) => project(v, basis));
      let [u0, u1, v0, v1] = [Infinity, -Infinity, Infinity, -Infinity];
      for (const [u, v] of poly) {
        u0 = Math.min(u0, u);
        u1 = Math.max(u1, u);
        v0 = Math.min(v0, v);
        v1 = Math.max(v1, v);
      }
      return { e, poly, u0, u1, v0, v1 };
    };
    // Sweep over the in-plane bounding boxes: only pairs whose boxes overlap are clipped.
    const negs = neg.map(flat).sort((x, y) => x.u0 - y.u0);
    for (const A of pos.map(flat)) {
      let hi = negs.length;
      for (let lo = 0; lo < hi; ) {
        const mid = (lo + hi) >> 1;
        if (negs[mid].u0 < A.u1) lo = mid + 1;
        else hi = mid;
      }
      for (let k = 0; k < hi; k++) {
        const B = negs[k];
        if (B.u1 <= A.u0 || B.v1 <= A.v0 || B.v0 >= A.v1) continue;
        const pa0 = pieces[A.e.piece];
        const pb0 = pieces[B.e.piece];
        if (pa0.memberId === pb0.memberId) continue;
        const area = overlapArea(A.poly, B.poly);
        if (area < 1e-6) continue;
        const [a, b] = A.e.piece < B.e.piece ? [A.e.piece, B.e.piece] : [B.e.piece, A.e.piece];
        const id = a * 4294967296 + b;
        if (seen.has(id)) continue;
        seen.add(id);
        const kinds = [pa0.kind, pb0.kind].sort().join('-');
        const factor = JOINT_FACTOR[kinds] ?? DEFAULT_JOINT_FACTOR;
        const strengthPa = Math.min(MATERIAL_BOND_STRENGTH_PA[pa0.material], MATERIAL_BOND_STRENGTH_PA[pb0.material]);
        bonds.push({ a, b, areaM2: area, strengthN: area * strengthPa * factor, joint: true });
      }
    }
  }
  return bonds.sort((x, y) => x.a - y.a || x.b - y.b);
}

function canonicalSign(n: Vec3): number {
  for (const c of n) if (Math.abs(c) > 1e-6) return c > 0 ? 1 : -1;
  return 1;
}

function planeBasis(n: Vec3): [Vec3, Vec3] {
  const ref: Vec3 = Math.abs(n[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = normalize(cross(n, ref));
  return [u, cross(n, u)];
}

function project(v: Vec3, [u, w]: [Vec3, Vec3]): [number, number] {
  return [dot(v, u), dot(v, w)];
}

/** Area of the intersection of two convex polygons (Sutherland–Hodgman in 2D). */
export function overlapArea(a: [number, number][], b: [number, number][]): number {
  let poly = ensureCcw(a);
  const clip = ensureCcw(b);
  for (let i = 0; i < clip.length && poly.length; i++) {
    const [p, q] = [clip[i], clip[(i + 1) % clip.length]];
    const side = (v: [number, number]) => (q[0] - p[0]) * (v[1] - p[1]) - (q[1] - p[1]) * (v[0] - p[0]);
    const out: [number, number][] = [];
    for (let k = 0; k < poly.length; k++) {
      const cur = poly[k];
      const nxt = poly[(k + 1) % poly.length];
      const sc = side(cur);
      const sn = side(nxt);
      if (sc >= 0) out.push(cur);
      if ((sc >= 0) !== (sn >= 0)) {
        const t = sc / (sc - sn);
        out.push([cur[0] + t * (nxt[0] - cur[0]), cur[1] + t * (nxt[1] - cur[1])]);
      }
    }
    poly = out;
  }
  return Math.abs(signedArea(poly));
}

function signedArea(p: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const [x1, y1] = p[i];
    const [x2, y2] = p[(i + 1) % p.length];
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

function ensureCcw(p: [number, number][]): [number, number][] {
  return signedArea(p) < 0 ? [...p].reverse() : p;
}
