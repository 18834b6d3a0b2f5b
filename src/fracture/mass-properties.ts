import type { Vec3 } from '../core/units.js';
import type { ConvexPolyhedron } from './convex-polyhedron.js';

export interface MassProperties {
  volumeM3: number;
  /** Centre of mass (uniform density), metres. */
  centroidM: Vec3;
  /**
   * Inertia tensor about the centre of mass for unit density (multiply by kg/m³),
   * row-major 3x3: [Ixx, Ixy, Ixz, Iyx, Iyy, Iyz, Izx, Izy, Izz].
   */
  inertiaUnitDensity: number[];
}

/**
 * Volume, centroid and inertia of a closed polyhedron by summing the covariance of the
 * tetrahedra that fan each face from a reference point (exact for any closed mesh with
 * outward-wound faces).
 */
export function massProperties(poly: ConvexPolyhedron): MassProperties {
  const ref = poly.vertices[0];
  let volume = 0;
  const first: Vec3 = [0, 0, 0];
  const cov = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (const face of poly.faces) {
    const p0 = rel(poly.vertices[face.indices[0]], ref);
    for (let k = 1; k + 1 < face.indices.length; k++) {
      const p1 = rel(poly.vertices[face.indices[k]], ref);
      const p2 = rel(poly.vertices[face.indices[k + 1]], ref);
      const det = p0[0] * (p1[1] * p2[2] - p1[2] * p2[1]) - p0[1] * (p1[0] * p2[2] - p1[2] * p2[0]) + p0[2] * (p1[0] * p2[1] - p1[1] * p2[0]);
      const v = det / 6;
      volume += v;
      for (let a = 0; a < 3; a++) first[a] += (v * (p0[a] + p1[a] + p2[a])) / 4;
      // Covariance of the tetrahedron (0, p0, p1, p2): det/120 * (sum_i x_i x_i^T + s s^T).
      for (let r = 0; r < 3; r++) {
        for (let c = 0; c < 3; c++) {
          const s = (p0[r] + p1[r] + p2[r]) * (p0[c] + p1[c] + p2[c]);
          cov[r * 3 + c] += (det / 120) * (p0[r] * p0[c] + p1[r] * p1[c] + p2[r] * p2[c] + s);
        }
      }
    }
  }
  const cRel: Vec3 = volume !== 0 ? [first[0] / volume, first[1] / volume, first[2] / volume] : [0, 0, 0];
  // Shift the covariance to the centroid, then I = trace(C)·Id − C.
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) cov[r * 3 + c] -= volume * cRel[r] * cRel[c];
  const tr = cov[0] + cov[4] + cov[8];
  const inertia = cov.map((v, i) => (i % 4 === 0 ? tr - v : -v));
  return { volumeM3: volume, centroidM: [ref[0] + cRel[0], ref[1] + cRel[1], ref[2] + cRel[2]], inertiaUnitDensity: inertia };
}

function rel(v: Vec3, o: Vec3): Vec3 {
  return [v[0] - o[0], v[1] - o[1], v[2] - o[2]];
}
