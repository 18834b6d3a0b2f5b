import type { Vec3 } from '../core/units.js';
import type { Piece } from './fractured-doc.js';

/** Rotates v by quaternion q = (x, y, z, w). */
export function rotate(q: readonly number[], v: Vec3): Vec3 {
  const [x, y, z, w] = q;
  const tx = 2 * (y * v[2] - z * v[1]);
  const ty = 2 * (z * v[0] - x * v[2]);
  const tz = 2 * (x * v[1] - y * v[0]);
  return [v[0] + w * tx + (y * tz - z * ty), v[1] + w * ty + (z * tx - x * tz), v[2] + w * tz + (x * ty - y * tx)];
}

/** Hull vertices of a piece in world space at a pose (default: its rest pose). */
export function pieceWorldVertices(p: Piece, position: readonly number[] = p.centerM, rotation: readonly number[] = p.rotation): Vec3[] {
  const out: Vec3[] = [];
  const v = p.hull.vertices;
  for (let i = 0; i < v.length; i += 3) {
    const r = rotate(rotation, [v[i], v[i + 1], v[i + 2]]);
    out.push([r[0] + position[0], r[1] + position[1], r[2] + position[2]]);
  }
  return out;
}

/** Faces of a piece in world space at rest: polygon points, outward unit normal, interior flag. */
export function pieceWorldFaces(p: Piece): { points: Vec3[]; normal: Vec3; interior: boolean }[] {
  const verts = pieceWorldVertices(p);
  return p.hull.faces.map((f) => {
    const pts = f.indices.map((i) => verts[i]);
    const n: Vec3 = [0, 0, 0];
    for (let k = 0; k < pts.length; k++) {
      const a = pts[k];
      const b = pts[(k + 1) % pts.length];
      n[0] += (a[1] - b[1]) * (a[2] + b[2]);
      n[1] += (a[2] - b[2]) * (a[0] + b[0]);
      n[2] += (a[0] - b[0]) * (a[1] + b[1]);
    }
    const l = Math.hypot(n[0], n[1], n[2]) || 1;
    return { points: pts, normal: [n[0] / l, n[1] / l, n[2] / l], interior: f.interior };
  });
}
