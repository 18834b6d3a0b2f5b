import type { DustGridBox } from './dust-frame.js';

/** Floats per piece in a simulation frame (position, rotation, linear and angular velocity). */
const STRIDE = 13;

/**
 * Marks the cells covered by the large pieces (bounds at least `minSizeCells` cells on their
 * shortest side) as solid, with the piece's linear velocity, so rubble blocks the dust and
 * falling slabs push the air. `box`: per piece min xyz, max xyz (world, metres), as
 * `pieceBounds` gives. Small pieces do not block flow at the grid's resolution.
 */
export function rasterizeSolids(
  grid: DustGridBox,
  box: Float32Array,
  poses: Float32Array,
  solid: Uint8Array,
  velocity: Float32Array,
  minSizeCells = 1,
): number {
  solid.fill(0);
  velocity.fill(0);
  const [nx, ny, nz] = grid.dims;
  const [ox, oy, oz] = grid.originM;
  const h = grid.cellM;
  const n = box.length / 6;
  let marked = 0;
  for (let p = 0; p < n; p++) {
    const b = p * 6;
    const sx = box[b + 3] - box[b];
    const sy = box[b + 4] - box[b + 1];
    const sz = box[b + 5] - box[b + 2];
    if (Math.min(sx, sy, sz) < minSizeCells * h) continue;
    // Cells whose centres lie inside the bounds.
    const i0 = Math.max(0, Math.ceil((box[b] - ox) / h - 0.5));
    const i1 = Math.min(nx - 1, Math.floor((box[b + 3] - ox) / h - 0.5));
    const j0 = Math.max(0, Math.ceil((box[b + 1] - oy) / h - 0.5));
    const j1 = Math.min(ny - 1, Math.floor((box[b + 4] - oy) / h - 0.5));
    const k0 = Math.max(0, Math.ceil((box[b + 2] - oz) / h - 0.5));
    const k1 = Math.min(nz - 1, Math.floor((box[b + 5] - oz) / h - 0.5));
    if (i0 > i1 || j0 > j1 || k0 > k1) continue;
    const o = p * STRIDE;
    const vx = poses[o + 7];
    const vy = poses[o + 8];
    const vz = poses[o + 9];
    for (let k = k0; k <= k1; k++) {
      for (let j = j0; j <= j1; j++) {
        let c = i0 + nx * (j + ny * k);
        for (let i = i0; i <= i1; i++, c++) {
          if (!solid[c]) marked++;
          solid[c] = 1;
          velocity[c * 3] = vx;
          velocity[c * 3 + 1] = vy;
          velocity[c * 3 + 2] = vz;
        }
      }
    }
  }
  return marked;
}
