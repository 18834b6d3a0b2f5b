import { InputError } from '../core/errors.js';
import type { CellBox, DustGrid } from './dust-grid.js';
import { dilateClip, emptyBox, isEmptyBox } from './dust-grid.js';

/** Cell types. A POCKET is air sealed inside solids: no pressure equation, held at rest. */
export const CELL_FLUID = 0;
export const CELL_SOLID = 1;
export const CELL_POCKET = 2;

/**
 * The solid cells (rubble, walls) of the current frame: their types, their velocities, the
 * list of non-fluid cells and the boxes the solver needs.
 */
export interface SolidState {
  /** Per cell CELL_FLUID / CELL_SOLID / CELL_POCKET; null while there are no solids. */
  type: Uint8Array | null;
  /** Solid velocity, 3 floats per cell (m/s; only the solid cells' entries are kept), or null. */
  velocity: Float32Array | null;
  /** Indices of the non-fluid cells (solids, then pockets). */
  list: Int32Array;
  count: number;
  /** Bounding box of the solid cells that move. */
  movingBox: CellBox;
  /** Cells that may have received dust pushed out of new solids by the last setSolidCells. */
  pushedBox: CellBox;
  /** Flood-fill queue, grown on demand. */
  queue: Int32Array;
  /** Per cell: steps from the air through solid cells (pushOut), 0 when not visited. */
  depth: Int32Array | null;
}

export function createSolidState(): SolidState {
  return { type: null, velocity: null, list: new Int32Array(0), count: 0, movingBox: emptyBox(), pushedBox: emptyBox(), queue: new Int32Array(0), depth: null };
}

function badSolids(path: string, allowed: string, received: unknown): never {
  const code = 'dust.bad_solids';
  throw new InputError(`dust solids: ${path} must be ${allowed}`, code, [{ code, path, allowed, received }]);
}

/**
 * Takes the frame's solid flags (non-zero = solid) and optional velocities (copied). Dust and
 * heat in cells that have just turned solid are pushed out into the nearest air (pushOut: a
 * moving piece shoves the dust instead of deleting it). Air sealed off from the open faces of
 * the grid becomes POCKET.
 */
export function setSolidCells(
  g: DustGrid,
  st: SolidState,
  solid: Uint8Array | null,
  velocity: Float32Array | null | undefined,
  rho: Float32Array,
  tmp: Float32Array,
): void {
  const { nx, ny, nz, cells } = g;
  st.count = 0;
  st.movingBox = emptyBox();
  st.pushedBox = emptyBox();
  if (solid === null) {
    st.type = null;
    st.velocity = null;
    return;
  }
  if (!(solid instanceof Uint8Array) || solid.length !== cells) badSolids('solid', `a Uint8Array of ${cells} flags`, solid?.length);
  if (velocity) {
    if (!(velocity instanceof Float32Array) || velocity.length !== 3 * cells) badSolids('velocityMps', `a Float32Array of ${3 * cells} floats`, velocity?.length);
    st.velocity ??= new Float32Array(3 * cells);
  } else {
    st.velocity = null;
  }
  const sv = st.velocity;
  const prev = st.type;
  const type = prev ?? new Uint8Array(cells);
  const sxy = nx * ny;
  let n = 0;
  let dusty = false;
  const box = { i0: nx, j0: ny, k0: nz, i1: 0, j1: 0, k1: 0 };
  const mov = { i0: nx, j0: ny, k0: nz, i1: 0, j1: 0, k1: 0 };
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let c = nx * j + sxy * k;
      for (let i = 0; i < nx; i++, c++) {
        if (solid[c] === 0) continue;
        if (rho[c] > 0 || tmp[c] !== 0) dusty = true;
        n++;
        grow(box, i, j, k);
        if (sv !== null && velocity) {
          // Only solid cells' velocities are ever read: copy (and check) just those.
          const vx = velocity[3 * c];
          const vy = velocity[3 * c + 1];
          const vz = velocity[3 * c + 2];
          if (!(Number.isFinite(vx) && Number.isFinite(vy) && Number.isFinite(vz))) badSolids(`velocityMps[${3 * c}..${3 * c + 2}]`, 'finite (m/s)', [vx, vy, vz]);
          sv[3 * c] = vx;
          sv[3 * c + 1] = vy;
          sv[3 * c + 2] = vz;
          if (vx !== 0 || vy !== 0 || vz !== 0) grow(mov, i, j, k);
        }
      }
    }
  }
  if (st.list.length < n) st.list = new Int32Array(Math.max(n, 2 * st.list.length));
  for (let c = 0; c < cells; c++) {
    if (solid[c] !== 0) {
      type[c] = CELL_SOLID;
      st.list[st.count++] = c;
    } else {
      type[c] = CELL_FLUID;
    }
  }
  st.type = type;
  if (dusty) {
    pushOut(g, st, rho, tmp);
    st.pushedBox = dilateClip(box, 1, g);
  }
  for (let m = 0; m < st.count; m++) {
    rho[st.list[m]] = 0;
    tmp[st.list[m]] = 0;
  }
  st.movingBox = isEmptyBox(mov) ? emptyBox() : mov;
  if (!isEmptyBox(box)) findPockets(g, st, dilateClip(box, 1, g));
}

function grow(b: CellBox, i: number, j: number, k: number): void {
  if (i < b.i0) b.i0 = i;
  if (j < b.j0) b.j0 = j;
  if (k < b.k0) b.k0 = k;
  if (i + 1 > b.i1) b.i1 = i + 1;
  if (j + 1 > b.j1) b.j1 = j + 1;
  if (k + 1 > b.k1) b.k1 = k + 1;
}

/**
 * Moves the dust and heat of the solid cells out into the air, conserving both. A breadth-
 * first pass numbers the solid cells by their depth (1 = touching air, 2 = touching depth 1,
 * …); then from the deepest up each cell shares its load equally among its face neighbours
 * one level shallower (the air, for depth 1). Load in solid cells that no air reaches is lost.
 */
function pushOut(g: DustGrid, st: SolidState, rho: Float32Array, tmp: Float32Array): void {
  const { nx, ny, nz, cells } = g;
  const type = st.type as Uint8Array;
  st.depth ??= new Int32Array(cells);
  const depth = st.depth;
  if (st.queue.length < st.count) st.queue = new Int32Array(st.count);
  const q = st.queue;
  const nbs = new Int32Array(6);
  let tail = 0;
  for (let n = 0; n < st.count; n++) {
    const c = st.list[n];
    const m = faceNeighbours(c, nx, ny, nz, nbs);
    for (let a = 0; a < m; a++) {
      if (type[nbs[a]] === CELL_SOLID) continue;
      depth[c] = 1;
      q[tail++] = c;
      break;
    }
  }
  for (let head = 0; head < tail; head++) {
    const c = q[head];
    const m = faceNeighbours(c, nx, ny, nz, nbs);
    for (let a = 0; a < m; a++) {
      const x = nbs[a];
      if (type[x] !== CELL_SOLID || depth[x] !== 0) continue;
      depth[x] = depth[c] + 1;
      q[tail++] = x;
    }
  }
  // Deepest first (the queue is in order of depth).
  for (let n = tail - 1; n >= 0; n--) {
    const c = q[n];
    const r = rho[c];
    const t = tmp[c];
    if (r === 0 && t === 0) continue;
    const up = depth[c] - 1;
    const m = faceNeighbours(c, nx, ny, nz, nbs);
    let count = 0;
    for (let a = 0; a < m; a++) {
      const x = nbs[a];
      if (up === 0 ? type[x] !== CELL_SOLID : type[x] === CELL_SOLID && depth[x] === up) count++;
    }
    for (let a = 0; a < m; a++) {
      const x = nbs[a];
      if (!(up === 0 ? type[x] !== CELL_SOLID : type[x] === CELL_SOLID && depth[x] === up)) continue;
      rho[x] += r / count;
      tmp[x] += t / count;
    }
    rho[c] = 0;
    tmp[c] = 0;
  }
  for (let n = 0; n < tail; n++) depth[q[n]] = 0;
}

/** The in-grid face neighbours of cell c into out; returns how many. */
function faceNeighbours(c: number, nx: number, ny: number, nz: number, out: Int32Array): number {
  const sxy = nx * ny;
  const k = (c / sxy) | 0;
  const j = ((c - k * sxy) / nx) | 0;
  const i = c - k * sxy - j * nx;
  let m = 0;
  if (i > 0) out[m++] = c - 1;
  if (i < nx - 1) out[m++] = c + 1;
  if (j > 0) out[m++] = c - nx;
  if (j < ny - 1) out[m++] = c + nx;
  if (k > 0) out[m++] = c - sxy;
  if (k < nz - 1) out[m++] = c + sxy;
  return m;
}

/**
 * Flood fill from the open faces through the fluid cells of the region around the solids
 * (dilated by one cell, so its inner faces are all fluid and reach the open air outside it);
 * fluid cells not reached are sealed pockets.
 */
function findPockets(g: DustGrid, st: SolidState, r: CellBox): void {
  const { nx, ny, nz } = g;
  const type = st.type as Uint8Array;
  const sxy = nx * ny;
  const vol = (r.i1 - r.i0) * (r.j1 - r.j0) * (r.k1 - r.k0);
  if (st.queue.length < vol) st.queue = new Int32Array(vol);
  const q = st.queue;
  let tail = 0;
  for (let k = r.k0; k < r.k1; k++) {
    for (let j = r.j0; j < r.j1; j++) {
      for (let i = r.i0; i < r.i1; i++) {
        const c = i + nx * j + sxy * k;
        if (type[c] !== CELL_FLUID) continue;
        const seed =
          (i === r.i0 && i > 0) || (i === r.i1 - 1 && i < nx - 1) || (j === r.j1 - 1 && j < ny - 1) || (j === r.j0 && j > 0) ||
          (k === r.k0 && k > 0) || (k === r.k1 - 1 && k < nz - 1) ||
          i === 0 || i === nx - 1 || j === ny - 1 || k === 0 || k === nz - 1;
        if (seed) q[tail++] = c;
        else type[c] = CELL_POCKET;
      }
    }
  }
  for (let head = 0; head < tail; head++) {
    const c = q[head];
    const k = (c / sxy) | 0;
    const j = ((c - k * sxy) / nx) | 0;
    const i = c - k * sxy - j * nx;
    if (i > r.i0 && type[c - 1] === CELL_POCKET) (type[c - 1] = CELL_FLUID), (q[tail++] = c - 1);
    if (i < r.i1 - 1 && type[c + 1] === CELL_POCKET) (type[c + 1] = CELL_FLUID), (q[tail++] = c + 1);
    if (j > r.j0 && type[c - nx] === CELL_POCKET) (type[c - nx] = CELL_FLUID), (q[tail++] = c - nx);
    if (j < r.j1 - 1 && type[c + nx] === CELL_POCKET) (type[c + nx] = CELL_FLUID), (q[tail++] = c + nx);
    if (k > r.k0 && type[c - sxy] === CELL_POCKET) (type[c - sxy] = CELL_FLUID), (q[tail++] = c - sxy);
    if (k < r.k1 - 1 && type[c + sxy] === CELL_POCKET) (type[c + sxy] = CELL_FLUID), (q[tail++] = c + sxy);
  }
  let pockets = 0;
  for (let k = r.k0; k < r.k1; k++) {
    for (let j = r.j0; j < r.j1; j++) {
      for (let i = r.i0; i < r.i1; i++) if (type[i + nx * j + sxy * k] === CELL_POCKET) pockets++;
    }
  }
  if (pockets === 0) return;
  if (st.list.length < st.count + pockets) {
    const grown = new Int32Array(st.count + pockets);
    grown.set(st.list.subarray(0, st.count));
    st.list = grown;
  }
  for (let k = r.k0; k < r.k1; k++) {
    for (let j = r.j0; j < r.j1; j++) {
      for (let i = r.i0; i < r.i1; i++) {
        const c = i + nx * j + sxy * k;
        if (type[c] === CELL_POCKET) st.list[st.count++] = c;
      }
    }
  }
}

/**
 * Sets every face of a non-fluid cell: towards fluid (or the open outside) the cell's own
 * velocity component (so fluid next to a moving solid takes its normal velocity), between two
 * non-fluid cells their mean; pockets are at rest. Then the ground: v = 0 on the floor.
 */
export function applySolidVelocity(g: DustGrid, st: SolidState, u: Float32Array, v: Float32Array, w: Float32Array): void {
  const { nx, ny, nz } = g;
  const type = st.type;
  const sv = st.velocity;
  const sxy = nx * ny;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  if (type !== null) {
    for (let n = 0; n < st.count; n++) {
      const c = st.list[n];
      const k = (c / sxy) | 0;
      const j = ((c - k * sxy) / nx) | 0;
      const i = c - k * sxy - j * nx;
      const moving = sv !== null && type[c] === CELL_SOLID;
      const cx = moving ? sv[3 * c] : 0;
      const cy = moving ? sv[3 * c + 1] : 0;
      const cz = moving ? sv[3 * c + 2] : 0;
      const iu = i + ux * (j + ny * k);
      const iv = i + nx * j + vxy * k;
      const iw = c;
      u[iu] = i > 0 && type[c - 1] !== CELL_FLUID ? 0.5 * (cx + comp(st, c - 1, 0)) : cx;
      u[iu + 1] = i < nx - 1 && type[c + 1] !== CELL_FLUID ? 0.5 * (cx + comp(st, c + 1, 0)) : cx;
      v[iv] = j > 0 && type[c - nx] !== CELL_FLUID ? 0.5 * (cy + comp(st, c - nx, 1)) : cy;
      v[iv + nx] = j < ny - 1 && type[c + nx] !== CELL_FLUID ? 0.5 * (cy + comp(st, c + nx, 1)) : cy;
      w[iw] = k > 0 && type[c - sxy] !== CELL_FLUID ? 0.5 * (cz + comp(st, c - sxy, 2)) : cz;
      w[iw + sxy] = k < nz - 1 && type[c + sxy] !== CELL_FLUID ? 0.5 * (cz + comp(st, c + sxy, 2)) : cz;
    }
  }
  for (let k = 0; k < nz; k++) v.fill(0, vxy * k, vxy * k + nx);
}

function comp(st: SolidState, c: number, axis: number): number {
  return st.velocity !== null && st.type !== null && st.type[c] === CELL_SOLID ? st.velocity[3 * c + axis] : 0;
}
