import type { Vec3 } from '../../core/units.js';

/** An axis-aligned box: minimum corner and size, metres. */
export interface Box {
  min: Vec3;
  size: Vec3;
}

export interface Voxelization {
  boxes: Box[];
  /** Edges used by one triangle only (an open mesh) or by more than two (non-manifold). */
  openEdges: number;
  solidVoxels: number;
}

/**
 * Approximate convex decomposition by voxels: triangles are rasterised into a grid of
 * cubes (`voxelM` on a side) with an exact triangle/box overlap test; the outside is
 * flood-filled from the border, and every voxel not reached is solid. A closed mesh comes
 * out solid; an open one (holes wider than a voxel) comes out as a shell of its surface.
 * Solid voxels are merged greedily into boxes (x, then y, then z), each a convex part.
 */
export function voxelBoxes(positions: Float64Array, indices: Uint32Array, voxelM: number, maxVoxels = 4_000_000): Voxelization {
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a], positions[i + a]);
      hi[a] = Math.max(hi[a], positions[i + a]);
    }
  }
  // One empty voxel of margin on every side so the flood fill can go around the mesh.
  const n = [0, 1, 2].map((a) => Math.max(1, Math.ceil((hi[a] - lo[a]) / voxelM - 1e-9)) + 2) as Vec3;
  if (n[0] * n[1] * n[2] > maxVoxels) {
    throw new RangeError(`voxel grid ${n.join('x')} exceeds ${maxVoxels} voxels`);
  }
  const origin: Vec3 = [lo[0] - voxelM, lo[1] - voxelM, lo[2] - voxelM];
  const at = (x: number, y: number, z: number): number => x + n[0] * (y + n[1] * z);
  const surface = new Uint8Array(n[0] * n[1] * n[2]);
  const half = voxelM / 2;
  for (let t = 0; t < indices.length; t += 3) {
    const tri = [0, 1, 2].map((k) => [positions[indices[t + k] * 3], positions[indices[t + k] * 3 + 1], positions[indices[t + k] * 3 + 2]] as Vec3);
    const cell = (v: number, a: number) => Math.floor((v - origin[a]) / voxelM);
    const r0 = [0, 1, 2].map((a) => Math.max(0, cell(Math.min(tri[0][a], tri[1][a], tri[2][a]), a)));
    const r1 = [0, 1, 2].map((a) => Math.min(n[a] - 1, cell(Math.max(tri[0][a], tri[1][a], tri[2][a]), a)));
    for (let z = r0[2]; z <= r1[2]; z++)
      for (let y = r0[1]; y <= r1[1]; y++)
        for (let x = r0[0]; x <= r1[0]; x++) {
          const c: Vec3 = [origin[0] + (x + 0.5) * voxelM, origin[1] + (y + 0.5) * voxelM, origin[2] + (z + 0.5) * voxelM];
          if (triangleOverlapsBox(tri, c, half * 1.0001)) surface[at(x, y, z)] = 1;
        }
  }
  // Flood the outside from a corner voxel (always empty thanks to the margin).
  const outside = new Uint8Array(surface.length);
  const stack = [0];
  outside[0] = 1;
  while (stack.length) {
    const i = stack.pop() as number;
    const x = i % n[0];
    const y = Math.floor(i / n[0]) % n[1];
    const z = Math.floor(i / (n[0] * n[1]));
    for (const [dx, dy, dz] of [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]]) {
      const [nx, ny, nz] = [x + dx, y + dy, z + dz];
      if (nx < 0 || ny < 0 || nz < 0 || nx >= n[0] || ny >= n[1] || nz >= n[2]) continue;
      const j = at(nx, ny, nz);
      if (!outside[j] && !surface[j]) {
        outside[j] = 1;
        stack.push(j);
      }
    }
  }
  const solid = outside.map((o) => (o ? 0 : 1));
  const solidVoxels = solid.reduce((s: number, v) => s + v, 0);
  // Greedy merge into boxes.
  const used = new Uint8Array(solid.length);
  const boxes: Box[] = [];
  const free = (x: number, y: number, z: number) => solid[at(x, y, z)] === 1 && used[at(x, y, z)] === 0;
  for (let z = 0; z < n[2]; z++)
    for (let y = 0; y < n[1]; y++)
      for (let x = 0; x < n[0]; x++) {
        if (!free(x, y, z)) continue;
        let x1 = x;
        while (x1 + 1 < n[0] && free(x1 + 1, y, z)) x1++;
        let y1 = y;
        const rowFree = (yy: number, zz: number) => {
          for (let xx = x; xx <= x1; xx++) if (!free(xx, yy, zz)) return false;
          return true;
        };
        while (y1 + 1 < n[1] && rowFree(y1 + 1, z)) y1++;
        let z1 = z;
        const slabFree = (zz: number) => {
          for (let yy = y; yy <= y1; yy++) if (!rowFree(yy, zz)) return false;
          return true;
        };
        while (z1 + 1 < n[2] && slabFree(z1 + 1)) z1++;
        for (let zz = z; zz <= z1; zz++) for (let yy = y; yy <= y1; yy++) for (let xx = x; xx <= x1; xx++) used[at(xx, yy, zz)] = 1;
        boxes.push({
          min: [origin[0] + x * voxelM, origin[1] + y * voxelM, origin[2] + z * voxelM],
          size: [(x1 - x + 1) * voxelM, (y1 - y + 1) * voxelM, (z1 - z + 1) * voxelM],
        });
      }
  return { boxes, openEdges: countOpenEdges(positions, indices), solidVoxels };
}

/** Edges (after welding equal positions) not shared by exactly two triangles. */
export function countOpenEdges(positions: Float64Array, indices: Uint32Array): number {
  const key = (i: number) => `${Math.round(positions[i * 3] * 1e5)},${Math.round(positions[i * 3 + 1] * 1e5)},${Math.round(positions[i * 3 + 2] * 1e5)}`;
  const uses = new Map<string, number>();
  for (let t = 0; t < indices.length; t += 3) {
    for (let k = 0; k < 3; k++) {
      const a = key(indices[t + k]);
      const b = key(indices[t + ((k + 1) % 3)]);
      if (a === b) continue;
      const e = a < b ? `${a}|${b}` : `${b}|${a}`;
      uses.set(e, (uses.get(e) ?? 0) + 1);
    }
  }
  let open = 0;
  for (const u of uses.values()) if (u !== 2) open++;
  return open;
}

/** Separating-axis test of a triangle against an axis-aligned cube (centre c, half size h). */
export function triangleOverlapsBox(tri: Vec3[], c: Vec3, h: number): boolean {
  const v = tri.map((p) => [p[0] - c[0], p[1] - c[1], p[2] - c[2]] as Vec3);
  for (let a = 0; a < 3; a++) {
    if (Math.min(v[0][a], v[1][a], v[2][a]) > h || Math.max(v[0][a], v[1][a], v[2][a]) < -h) return false;
  }
  const e = [0, 1, 2].map((k) => [0, 1, 2].map((a) => v[(k + 1) % 3][a] - v[k][a]) as Vec3);
  const normal: Vec3 = [e[0][1] * e[1][2] - e[0][2] * e[1][1], e[0][2] * e[1][0] - e[0][0] * e[1][2], e[0][0] * e[1][1] - e[0][1] * e[1][0]];
  const axes: Vec3[] = [normal];
  for (const edge of e) {
    axes.push([0, -edge[2], edge[1]], [edge[2], 0, -edge[0]], [-edge[1], edge[0], 0]);
  }
  for (const ax of axes) {
    const r = h * (Math.abs(ax[0]) + Math.abs(ax[1]) + Math.abs(ax[2]));
    const p = v.map((q) => q[0] * ax[0] + q[1] * ax[1] + q[2] * ax[2]);
    if (Math.min(...p) > r || Math.max(...p) < -r) return false;
  }
  return true;
}
