import { InputError } from '../core/errors.js';
import type { DustGridBox } from './dust-frame.js';

/**
 * The dust solver's grid: nx × ny × nz cubic cells of edge `cellM` (MAC layout). Scalars
 * (density, temperature, pressure) are cell-centred at index i + nx·(j + ny·k). Velocities are
 * staggered on the faces:
 *   u (x) at face (i, j+½, k+½), i ∈ [0, nx]: index i + (nx+1)·(j + ny·k)
 *   v (y) at face (i+½, j, k+½), j ∈ [0, ny]: index i + nx·(j + (ny+1)·k)
 *   w (z) at face (i+½, j+½, k), k ∈ [0, nz]: index i + nx·(j + ny·k)
 * "Grid units" below are cells: a point at grid coordinates (x, y, z) is at
 * originM + (x, y, z)·cellM, so cell (i, j, k) spans [i, i+1] × [j, j+1] × [k, k+1].
 */
export interface DustGrid {
  nx: number;
  ny: number;
  nz: number;
  cellM: number;
  originM: [number, number, number];
  /** nx·ny·nz. */
  cells: number;
  /** Sizes of the u, v and w face arrays. */
  uSize: number;
  vSize: number;
  wSize: number;
  /** (nx+2)·(ny+2)·(nz+2): one ghost layer all round, the size of the solver's scratch arrays. */
  paddedSize: number;
}

/** A box of cells [i0, i1) × [j0, j1) × [k0, k1); empty when any upper bound ≤ its lower. */
export interface CellBox {
  i0: number;
  j0: number;
  k0: number;
  i1: number;
  j1: number;
  k1: number;
}

/** Smallest edge in cells (the multigrid and the trilinear stencils need at least this). */
export const MIN_DIM = 4;
/** Largest edge in cells, and the largest total (Float32 fields of 4·64M bytes each). */
export const MAX_DIM = 1024;
export const MAX_CELLS = 64 * 1024 * 1024;

function badGrid(path: string, allowed: string, received: unknown): never {
  const code = 'dust.out_of_range';
  throw new InputError(`dust grid: ${path} must be ${allowed}`, code, [{ code, path, allowed, received }]);
}

/** Checks a DustGridBox and returns its grid; throws InputError naming the bad field. */
export function createGrid(box: DustGridBox): DustGrid {
  if (!Array.isArray(box.dims) || box.dims.length !== 3) badGrid('dims', 'three integers', box.dims);
  box.dims.forEach((d, a) => {
    if (!Number.isInteger(d) || d < MIN_DIM || d > MAX_DIM) badGrid(`dims[${a}]`, `an integer in ${MIN_DIM}..${MAX_DIM}`, d);
  });
  const [nx, ny, nz] = box.dims;
  if (nx * ny * nz > MAX_CELLS) badGrid('dims', `at most ${MAX_CELLS} cells in all`, box.dims);
  if (!(Number.isFinite(box.cellM) && box.cellM > 0)) badGrid('cellM', 'a finite number > 0 (metres)', box.cellM);
  if (!Array.isArray(box.originM) || box.originM.length !== 3 || !box.originM.every(Number.isFinite)) {
    badGrid('originM', 'three finite numbers (metres)', box.originM);
  }
  return {
    nx,
    ny,
    nz,
    cellM: box.cellM,
    originM: [box.originM[0], box.originM[1], box.originM[2]],
    cells: nx * ny * nz,
    uSize: (nx + 1) * ny * nz,
    vSize: nx * (ny + 1) * nz,
    wSize: nx * ny * (nz + 1),
    paddedSize: (nx + 2) * (ny + 2) * (nz + 2),
  };
}

export function emptyBox(): CellBox {
  return { i0: 0, j0: 0, k0: 0, i1: 0, j1: 0, k1: 0 };
}

export function isEmptyBox(b: CellBox): boolean {
  return b.i1 <= b.i0 || b.j1 <= b.j0 || b.k1 <= b.k0;
}

export function boxCells(b: CellBox): number {
  return isEmptyBox(b) ? 0 : (b.i1 - b.i0) * (b.j1 - b.j0) * (b.k1 - b.k0);
}

export function copyBox(b: CellBox): CellBox {
  return { i0: b.i0, j0: b.j0, k0: b.k0, i1: b.i1, j1: b.j1, k1: b.k1 };
}

/** a ∪ b (the bounding box of both), into a. */
export function unionInto(a: CellBox, b: CellBox): void {
  if (isEmptyBox(b)) return;
  if (isEmptyBox(a)) {
    Object.assign(a, b);
    return;
  }
  a.i0 = Math.min(a.i0, b.i0);
  a.j0 = Math.min(a.j0, b.j0);
  a.k0 = Math.min(a.k0, b.k0);
  a.i1 = Math.max(a.i1, b.i1);
  a.j1 = Math.max(a.j1, b.j1);
  a.k1 = Math.max(a.k1, b.k1);
}

/** The box grown by `cells` on every side and clipped to the grid (empty stays empty). */
export function dilateClip(b: CellBox, cells: number, g: DustGrid): CellBox {
  if (isEmptyBox(b)) return emptyBox();
  return {
    i0: Math.max(0, b.i0 - cells),
    j0: Math.max(0, b.j0 - cells),
    k0: Math.max(0, b.k0 - cells),
    i1: Math.min(g.nx, b.i1 + cells),
    j1: Math.min(g.ny, b.j1 + cells),
    k1: Math.min(g.nz, b.k1 + cells),
  };
}

/** Cells whose centres lie within rM of the world point c (a conservative box, clipped). */
export function sphereBox(g: DustGrid, c: readonly number[], rM: number): CellBox {
  const h = g.cellM;
  const lo = (a: number) => Math.floor((c[a] - rM - g.originM[a]) / h - 0.5);
  const hi = (a: number) => Math.ceil((c[a] + rM - g.originM[a]) / h - 0.5) + 1;
  const b: CellBox = {
    i0: Math.max(0, lo(0)),
    j0: Math.max(0, lo(1)),
    k0: Math.max(0, lo(2)),
    i1: Math.min(g.nx, hi(0)),
    j1: Math.min(g.ny, hi(1)),
    k1: Math.min(g.nz, hi(2)),
  };
  return isEmptyBox(b) ? emptyBox() : b;
}
