import type { FracturedDoc } from '../fracture/fractured-doc.js';

/** Floats per piece in a simulation frame (position xyz, rotation xyzw, velocities). */
export const POSE_STRIDE = 13;

/**
 * Axis-aligned world bounds of every piece at one frame, in a uniform grid for point
 * queries: a flake inside any piece's bounds is treated as inside the piece (conservative:
 * a few flakes next to a piece are hidden, none inside one is shown).
 */
export interface PieceBounds {
  count: number;
  /** min xyz, max xyz per piece. */
  box: Float32Array;
  origin: [number, number, number];
  cellM: number;
  dims: [number, number, number];
  /** Cell c's pieces are items[start[c] .. start[c+1]). */
  start: Uint32Array;
  items: Uint32Array;
}

/** Each piece's bounds in its own frame (centre and half extents), from its hull. */
export function localBounds(doc: FracturedDoc): Float32Array {
  const out = new Float32Array(doc.pieces.length * 6);
  for (const p of doc.pieces) {
    const v = p.hull.vertices;
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let k = 0; k < v.length; k += 3) {
      for (let a = 0; a < 3; a++) {
        lo[a] = Math.min(lo[a], v[k + a]);
        hi[a] = Math.max(hi[a], v[k + a]);
      }
    }
    for (let a = 0; a < 3; a++) {
      out[p.index * 6 + a] = (lo[a] + hi[a]) / 2;
      out[p.index * 6 + 3 + a] = (hi[a] - lo[a]) / 2;
    }
  }
  return out;
}

/** World bounds of the pieces posed by one simulation frame. */
export function pieceBounds(local: Float32Array, poses: Float32Array, cellM = 2): PieceBounds {
  const n = local.length / 6;
  const box = new Float32Array(n * 6);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    const o = i * POSE_STRIDE;
    const [qx, qy, qz, qw] = [poses[o + 3], poses[o + 4], poses[o + 5], poses[o + 6]];
    // Rotation matrix of the pose.
    const m = [
      1 - 2 * (qy * qy + qz * qz), 2 * (qx * qy - qz * qw), 2 * (qx * qz + qy * qw),
      2 * (qx * qy + qz * qw), 1 - 2 * (qx * qx + qz * qz), 2 * (qy * qz - qx * qw),
      2 * (qx * qz - qy * qw), 2 * (qy * qz + qx * qw), 1 - 2 * (qx * qx + qy * qy),
    ];
    const c = [local[i * 6], local[i * 6 + 1], local[i * 6 + 2]];
    const h = [local[i * 6 + 3], local[i * 6 + 4], local[i * 6 + 5]];
    for (let a = 0; a < 3; a++) {
      const wc = poses[o + a] + m[a * 3] * c[0] + m[a * 3 + 1] * c[1] + m[a * 3 + 2] * c[2];
      const wh = Math.abs(m[a * 3]) * h[0] + Math.abs(m[a * 3 + 1]) * h[1] + Math.abs(m[a * 3 + 2]) * h[2];
      box[i * 6 + a] = wc - wh;
      box[i * 6 + 3 + a] = wc + wh;
      lo[a] = Math.min(lo[a], wc - wh);
      hi[a] = Math.max(hi[a], wc + wh);
    }
  }
  if (n === 0) return { count: 0, box, origin: [0, 0, 0], cellM, dims: [0, 0, 0], start: new Uint32Array(1), items: new Uint32Array(0) };
  let cell = cellM;
  const dimsFor = (s: number) => [0, 1, 2].map((a) => Math.max(1, Math.ceil((hi[a] - lo[a]) / s + 1e-9))) as [number, number, number];
  while (dimsFor(cell).reduce((x, y) => x * y, 1) > 2_000_000) cell *= 1.5;
  const dims = dimsFor(cell);
  const cells = dims[0] * dims[1] * dims[2];
  const counts = new Uint32Array(cells + 1);
  const range = (i: number, a: number, f: (c0: number, c1: number) => void) =>
    f(Math.max(0, Math.floor((box[i * 6 + a] - lo[a]) / cell)), Math.min(dims[a] - 1, Math.floor((box[i * 6 + 3 + a] - lo[a]) / cell)));
  const visit = (i: number, fn: (c: number) => void) =>
    range(i, 0, (x0, x1) => range(i, 1, (y0, y1) => range(i, 2, (z0, z1) => {
      for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) for (let z = z0; z <= z1; z++) fn((x * dims[1] + y) * dims[2] + z);
    })));
  for (let i = 0; i < n; i++) visit(i, (c) => counts[c + 1]++);
  for (let c = 0; c < cells; c++) counts[c + 1] += counts[c];
  const items = new Uint32Array(counts[cells]);
  const fill = counts.slice(0, cells);
  for (let i = 0; i < n; i++) visit(i, (c) => (items[fill[c]++] = i));
  return { count: n, box, origin: [lo[0], lo[1], lo[2]], cellM: cell, dims, start: counts, items };
}

/** Whether a point lies inside any piece's bounds. */
export function insideAnyPiece(b: PieceBounds, x: number, y: number, z: number): boolean {
  if (b.count === 0) return false;
  const cx = Math.floor((x - b.origin[0]) / b.cellM);
  const cy = Math.floor((y - b.origin[1]) / b.cellM);
  const cz = Math.floor((z - b.origin[2]) / b.cellM);
  if (cx < 0 || cy < 0 || cz < 0 || cx >= b.dims[0] || cy >= b.dims[1] || cz >= b.dims[2]) return false;
  const c = (cx * b.dims[1] + cy) * b.dims[2] + cz;
  for (let k = b.start[c]; k < b.start[c + 1]; k++) {
    const o = b.items[k] * 6;
    if (x >= b.box[o] && x <= b.box[o + 3] && y >= b.box[o + 1] && y <= b.box[o + 4] && z >= b.box[o + 2] && z <= b.box[o + 5]) return true;
  }
  return false;
}

/** Bounds of axis-aligned world boxes [minx, miny, minz, maxx, maxy, maxz] (unrotated pieces), for placing rubble by hand. */
export function boundsOfBoxes(list: readonly (readonly number[])[], cellM = 2): PieceBounds {
  const local = new Float32Array(list.length * 6);
  const poses = new Float32Array(list.length * POSE_STRIDE);
  list.forEach((b, i) => {
    for (let a = 0; a < 3; a++) {
      poses[i * POSE_STRIDE + a] = (b[a] + b[a + 3]) / 2;
      local[i * 6 + 3 + a] = (b[a + 3] - b[a]) / 2;
    }
    poses[i * POSE_STRIDE + 6] = 1;
  });
  return pieceBounds(local, poses, cellM);
}
