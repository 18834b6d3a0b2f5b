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

/**
 * World bounds of the pieces posed by one simulation frame. Plain loops (no closures or
 * arrays per piece): it runs once a frame, mostly before the JIT has warmed up to it.
 */
export function pieceBounds(local: Float32Array, poses: Float32Array, cellM = 2): PieceBounds {
  const n = local.length / 6;
  const box = new Float32Array(n * 6);
  let lx = Infinity, ly = Infinity, lz = Infinity;
  let hx = -Infinity, hy = -Infinity, hz = -Infinity;
  for (let i = 0; i < n; i++) {
    const o = i * POSE_STRIDE;
    const qx = poses[o + 3], qy = poses[o + 4], qz = poses[o + 5], qw = poses[o + 6];
    // Rotation matrix of the pose, row by row.
    const m00 = 1 - 2 * (qy * qy + qz * qz), m01 = 2 * (qx * qy - qz * qw), m02 = 2 * (qx * qz + qy * qw);
    const m10 = 2 * (qx * qy + qz * qw), m11 = 1 - 2 * (qx * qx + qz * qz), m12 = 2 * (qy * qz - qx * qw);
    const m20 = 2 * (qx * qz - qy * qw), m21 = 2 * (qy * qz + qx * qw), m22 = 1 - 2 * (qx * qx + qy * qy);
    const c0 = local[i * 6], c1 = local[i * 6 + 1], c2 = local[i * 6 + 2];
    const h0 = local[i * 6 + 3], h1 = local[i * 6 + 4], h2 = local[i * 6 + 5];
    const wx = poses[o] + m00 * c0 + m01 * c1 + m02 * c2;
    const wy = poses[o + 1] + m10 * c0 + m11 * c1 + m12 * c2;
    const wz = poses[o + 2] + m20 * c0 + m21 * c1 + m22 * c2;
    const ex = Math.abs(m00) * h0 + Math.abs(m01) * h1 + Math.abs(m02) * h2;
    const ey = Math.abs(m10) * h0 + Math.abs(m11) * h1 + Math.abs(m12) * h2;
    const ez = Math.abs(m20) * h0 + Math.abs(m21) * h1 + Math.abs(m22) * h2;
    box[i * 6] = wx - ex;
    box[i * 6 + 1] = wy - ey;
    box[i * 6 + 2] = wz - ez;
    box[i * 6 + 3] = wx + ex;
    box[i * 6 + 4] = wy + ey;
    box[i * 6 + 5] = wz + ez;
    lx = Math.min(lx, wx - ex);
    ly = Math.min(ly, wy - ey);
    lz = Math.min(lz, wz - ez);
    hx = Math.max(hx, wx + ex);
    hy = Math.max(hy, wy + ey);
    hz = Math.max(hz, wz + ez);
  }
  if (n === 0) return { count: 0, box, origin: [0, 0, 0], cellM, dims: [0, 0, 0], start: new Uint32Array(1), items: new Uint32Array(0) };
  let cell = cellM;
  const dimsFor = (s: number): [number, number, number] => [
    Math.max(1, Math.ceil((hx - lx) / s + 1e-9)),
    Math.max(1, Math.ceil((hy - ly) / s + 1e-9)),
    Math.max(1, Math.ceil((hz - lz) / s + 1e-9)),
  ];
  while (dimsFor(cell).reduce((x, y) => x * y, 1) > 2_000_000) cell *= 1.5;
  const dims = dimsFor(cell);
  const [dx, dy, dz] = dims;
  const cells = dx * dy * dz;
  const counts = new Uint32Array(cells + 1);
  // Each piece's cell range per axis, then two passes: count per cell, then fill.
  const ranges = new Int32Array(n * 6);
  for (let i = 0; i < n; i++) {
    ranges[i * 6] = Math.max(0, Math.floor((box[i * 6] - lx) / cell));
    ranges[i * 6 + 1] = Math.max(0, Math.floor((box[i * 6 + 1] - ly) / cell));
    ranges[i * 6 + 2] = Math.max(0, Math.floor((box[i * 6 + 2] - lz) / cell));
    ranges[i * 6 + 3] = Math.min(dx - 1, Math.floor((box[i * 6 + 3] - lx) / cell));
    ranges[i * 6 + 4] = Math.min(dy - 1, Math.floor((box[i * 6 + 4] - ly) / cell));
    ranges[i * 6 + 5] = Math.min(dz - 1, Math.floor((box[i * 6 + 5] - lz) / cell));
  }
  let items = new Uint32Array(0);
  let fill = counts;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      const r = i * 6;
      for (let x = ranges[r]; x <= ranges[r + 3]; x++) {
        for (let y = ranges[r + 1]; y <= ranges[r + 4]; y++) {
          for (let z = ranges[r + 2]; z <= ranges[r + 5]; z++) {
            const c = (x * dy + y) * dz + z;
            if (pass === 0) counts[c + 1]++;
            else items[fill[c]++] = i;
          }
        }
      }
    }
    if (pass === 0) {
      for (let c = 0; c < cells; c++) counts[c + 1] += counts[c];
      items = new Uint32Array(counts[cells]);
      fill = counts.slice(0, cells);
    }
  }
  return { count: n, box, origin: [lx, ly, lz], cellM: cell, dims, start: counts, items };
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
