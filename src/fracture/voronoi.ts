import type { Vec3 } from '../core/units.js';
import { clipByPlane, dot } from './convex-polyhedron.js';
import type { ConvexPolyhedron } from './convex-polyhedron.js';

/**
 * Exact Voronoi fracture of a convex solid: the cell of site i is the solid clipped by the
 * bisector half-space of every other site j (kept side: closer to i). Sites are visited
 * nearest first and the loop stops once a site is more than twice as far as the cell's
 * farthest vertex, since its bisector can no longer cut the cell. Cut faces are interior
 * and tagged with the neighbouring site. Cells that vanish (sites outside the solid) are
 * null.
 */
export function voronoiCells(solid: ConvexPolyhedron, sites: Vec3[]): (ConvexPolyhedron | null)[] {
  const cells: (ConvexPolyhedron | null)[] = [];
  const order = sites.map((_, j) => j);
  for (let i = 0; i < sites.length; i++) {
    const si = sites[i];
    const d2 = sites.map((s) => (s[0] - si[0]) ** 2 + (s[1] - si[1]) ** 2 + (s[2] - si[2]) ** 2);
    order.sort((a, b) => d2[a] - d2[b] || a - b);
    let cell: ConvexPolyhedron | null = solid;
    let reach2 = farthest2(solid, si);
    for (const j of order) {
      if (j === i || cell === null) continue;
      if (d2[j] < 1e-18) {
        // Coincident sites: the lower index keeps the cell.
        if (j < i) cell = null;
        continue;
      }
      if (d2[j] > 4 * reach2) break;
      const sj = sites[j];
      const len = Math.sqrt(d2[j]);
      const n: Vec3 = [(sj[0] - si[0]) / len, (sj[1] - si[1]) / len, (sj[2] - si[2]) / len];
      const mid: Vec3 = [(si[0] + sj[0]) / 2, (si[1] + sj[1]) / 2, (si[2] + sj[2]) / 2];
      const next: ConvexPolyhedron | null = clipByPlane(cell, n, dot(n, mid), j);
      if (next !== cell && next !== null) reach2 = farthest2(next, si);
      cell = next;
    }
    cells.push(cell);
  }
  return cells;
}

function farthest2(p: ConvexPolyhedron, o: Vec3): number {
  let m = 0;
  for (const v of p.vertices) m = Math.max(m, (v[0] - o[0]) ** 2 + (v[1] - o[1]) ** 2 + (v[2] - o[2]) ** 2);
  return m;
}
