import type { CellBox, DustGrid } from './dust-grid.js';
import { allocLevels, buildHierarchy, computeDiagonal, findNearSolid, DIRICHLET as DIRICHLET_TYPE, FLUID as FLUID_TYPE, NEUMANN as NEUMANN_TYPE, resizeLevel } from './mg-levels.js';
import type { MgLevel } from './mg-levels.js';
import { cycle } from './multigrid.js';

/**
 * The pressure projection on the active box: solve A q = −(Σ face flux differences) over the
 * fluid cells with a multigrid-preconditioned conjugate gradient, then subtract the gradient
 * of q from every face that is not against a solid: u_face −= q_right − q_left. q is the
 * pressure scaled by dt/(ρ_air·cellM), so no units enter the system.
 *
 * Boundaries: the ground under the grid (j < 0) and solid cells are NEUMANN (their faces keep
 * the velocity the caller set: 0 for the ground, the solid's velocity for moving rubble); the
 * other 5 grid faces and the box's faces towards fluid outside it are DIRICHLET q = 0 (open:
 * air flows in and out freely). The solve is warm-started from the previous step's q.
 */
// Local copies: the loops below read no imported binding (a getter under some loaders).
const FLUID: number = FLUID_TYPE;
const NEUMANN: number = NEUMANN_TYPE;
const DIRICHLET: number = DIRICHLET_TYPE;

export interface PressureWork {
  levels: MgLevel[];
  /** What the levels' types were last built for: the box and the solids' version (−1: none). */
  builtFor: { box: CellBox; solidsVersion: number; count: number };
  p: Float32Array;
  r: Float32Array;
  z: Float32Array;
  d: Float32Array;
  q: Float32Array;
}

export interface ProjectionStats {
  iterations: number;
  /** Largest |∇·u| over the fluid cells after the projection, 1/s. */
  maxDivergencePerS: number;
  /** Largest |∇·u| before it, 1/s. */
  maxDivergenceBeforePerS: number;
}

export function createPressureWork(g: DustGrid): PressureWork {
  const n = g.paddedSize;
  return {
    levels: allocLevels([g.nx, g.ny, g.nz]),
    builtFor: { box: { i0: 0, j0: 0, k0: 0, i1: 0, j1: 0, k1: 0 }, solidsVersion: -1, count: 0 },
    p: new Float32Array(n),
    r: new Float32Array(n),
    z: new Float32Array(n),
    d: new Float32Array(n),
    q: new Float32Array(n),
  };
}

/**
 * Projects (u, v, w) on the box. `cellType` is the grid's per-cell type (0 fluid, else solid)
 * or null; `solidsVersion` changes whenever it does (the levels are rebuilt only then or when
 * the box changes; a negative version always rebuilds); `pressure` holds q per grid cell
 * (warm start in, solution out). Stops when the largest residual is below tolerance × the
 * largest initial divergence (or 1e-6 of the largest face speed, the Float32 floor), or after
 * maxIterations.
 */
export function project(
  g: DustGrid,
  box: CellBox,
  work: PressureWork,
  u: Float32Array,
  v: Float32Array,
  w: Float32Array,
  cellType: Uint8Array | null,
  solidsVersion: number,
  pressure: Float32Array,
  tolerance: number,
  maxIterations: number,
): ProjectionStats {
  const L = work.levels[0];
  const built = work.builtFor;
  const b0 = built.box;
  if (
    built.solidsVersion !== solidsVersion || solidsVersion < 0 ||
    b0.i0 !== box.i0 || b0.j0 !== box.j0 || b0.k0 !== box.k0 || b0.i1 !== box.i1 || b0.j1 !== box.j1 || b0.k1 !== box.k1
  ) {
    resizeLevel(L, box.i1 - box.i0, box.j1 - box.j0, box.k1 - box.k0);
    fillTypes(g, box, L, cellType);
    computeDiagonal(L);
    if (cellType !== null) findNearSolid(L);
    else L.nearCount = L.nearRed = 0;
    built.count = buildHierarchy(work.levels);
    built.box = { ...box };
    built.solidsVersion = solidsVersion;
  }
  const count = built.count;
  const { p, r, z, d, q } = work;
  const size = L.size;
  p.fill(0, 0, size);
  r.fill(0, 0, size);
  z.fill(0, 0, size);
  d.fill(0, 0, size);
  q.fill(0, 0, size);
  copyPressure(g, box, L, pressure, p, true);
  const init = initialResidual(g, box, L, u, v, w, p, r);
  const target = Math.max(tolerance * init.bMax, 1e-6 * init.speedMax, 1e-30);
  const iterations = solvePcg(work, count, target, maxIterations);
  copyPressure(g, box, L, pressure, p, false);
  subtractGradient(g, box, L, p, u, v, w);
  const maxDiv = maxDivergence(g, box, L, u, v, w);
  return { iterations, maxDivergencePerS: maxDiv, maxDivergenceBeforePerS: init.bMax / g.cellM };
}

/** Level 0's cell types: the box and its ghost ring, from the grid's solids and faces. */
function fillTypes(g: DustGrid, box: CellBox, L: MgLevel, cellType: Uint8Array | null): void {
  const { nx, ny, nz } = g;
  const { nx: bx, ny: by, nz: bz, sx, sxy, type } = L;
  for (let pk = 0; pk < bz + 2; pk++) {
    const gk = box.k0 - 1 + pk;
    for (let pj = 0; pj < by + 2; pj++) {
      const gj = box.j0 - 1 + pj;
      const row = sx * pj + sxy * pk;
      if (gk < 0 || gk >= nz || gj < 0 || gj >= ny) {
        type.fill(gj < 0 ? NEUMANN : DIRICHLET, row, row + bx + 2);
        continue;
      }
      const inner = pk >= 1 && pk <= bz && pj >= 1 && pj <= by;
      const g0 = nx * (gj + ny * gk) + box.i0 - 1;
      for (let pi = 0; pi < bx + 2; pi++) {
        const gi = box.i0 - 1 + pi;
        let t = inner && pi >= 1 && pi <= bx ? FLUID : DIRICHLET;
        if (gi < 0 || gi >= nx) t = DIRICHLET;
        else if (cellType !== null && cellType[g0 + pi] !== 0) t = NEUMANN;
        type[row + pi] = t;
      }
    }
  }
}

/** Box cells between the grid's q (warm start) and level 0's padded p, either way. */
function copyPressure(g: DustGrid, box: CellBox, L: MgLevel, pressure: Float32Array, p: Float32Array, toLevel: boolean): void {
  const { nx, ny } = g;
  const { nx: bx, ny: by, nz: bz, sx, sxy, diag } = L;
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      const c0 = 1 + sx * (j + 1) + sxy * (k + 1);
      const g0 = box.i0 + nx * (box.j0 + j + ny * (box.k0 + k));
      if (toLevel) {
        for (let i = 0; i < bx; i++) if (diag[c0 + i] !== 0) p[c0 + i] = pressure[g0 + i];
      } else {
        for (let i = 0; i < bx; i++) pressure[g0 + i] = p[c0 + i];
      }
    }
  }
}

/** r = b − A p with b = −(net outflow of each fluid cell); the largest |b| and face speed. */
function initialResidual(
  g: DustGrid,
  box: CellBox,
  L: MgLevel,
  u: Float32Array,
  v: Float32Array,
  w: Float32Array,
  p: Float32Array,
  r: Float32Array,
): { bMax: number; speedMax: number } {
  const { nx, ny } = g;
  const { nx: bx, ny: by, nz: bz, sx, sxy, diag } = L;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  let bMax = 0;
  let speedMax = 0;
  for (let k = 0; k < bz; k++) {
    for (let j = 0; j < by; j++) {
      const gj = box.j0 + j;
      const gk = box.k0 + k;
      let c = 1 + sx * (j + 1) + sxy * (k + 1);
      let iu = box.i0 + ux * (gj + ny * gk);
      let iv = box.i0 + nx * gj + vxy * gk;
      let iw = box.i0 + nx * gj + wxy * gk;
      for (let i = 0; i < bx; i++, c++, iu++, iv++, iw++) {
        const dc = diag[c];
        if (dc === 0) continue;
        const b = -(u[iu + 1] - u[iu] + v[iv + nx] - v[iv] + w[iw + wxy] - w[iw]);
        const ab = b < 0 ? -b : b;
        if (ab > bMax) bMax = ab;
        const sp = Math.max(Math.abs(u[iu]), Math.abs(v[iv]), Math.abs(w[iw]));
        if (sp > speedMax) speedMax = sp;
        r[c] = b - (dc * p[c] - (p[c - 1] + p[c + 1] + p[c - sx] + p[c + sx] + p[c - sxy] + p[c + sxy]));
      }
    }
  }
  return { bMax, speedMax };
}

/** u_face −= q_right − q_left on every box face with no NEUMANN cell on either side. */
function subtractGradient(g: DustGrid, box: CellBox, L: MgLevel, p: Float32Array, u: Float32Array, v: Float32Array, w: Float32Array): void {
  const { nx, ny } = g;
  const { nx: bx, ny: by, nz: bz, sx, sxy, type } = L;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  for (let k = 0; k <= bz; k++) {
    for (let j = 0; j <= by; j++) {
      const gj = box.j0 + j;
      const gk = box.k0 + k;
      const c0 = 1 + sx * (j + 1) + sxy * (k + 1);
      // u faces of row (j, k): i = 0..bx.
      if (j < by && k < bz) {
        const iu0 = box.i0 + ux * (gj + ny * gk);
        for (let i = 0, c = c0; i <= bx; i++, c++) {
          if (type[c - 1] !== NEUMANN && type[c] !== NEUMANN) u[iu0 + i] -= p[c] - p[c - 1];
        }
      }
      // v faces: j = 0..by.
      if (k < bz) {
        const iv0 = box.i0 + nx * gj + vxy * gk;
        for (let i = 0, c = c0; i < bx; i++, c++) {
          if (type[c - sx] !== NEUMANN && type[c] !== NEUMANN) v[iv0 + i] -= p[c] - p[c - sx];
        }
      }
      // w faces: k = 0..bz.
      if (j < by) {
        const iw0 = box.i0 + nx * gj + wxy * gk;
        for (let i = 0, c = c0; i < bx; i++, c++) {
          if (type[c - sxy] !== NEUMANN && type[c] !== NEUMANN) w[iw0 + i] -= p[c] - p[c - sxy];
        }
      }
    }
  }
}

/**
 * Preconditioned CG on level 0 from p (r = b − A p already set) until max|r| ≤ target.
 * Returns the iterations taken.
 */
function solvePcg(work: PressureWork, count: number, target: number, maxIterations: number): number {
  const { p, r, z, d, q } = work;
  const L = work.levels[0];
  const size = L.size;
  let rMax = maxAbs(r, size);
  let iterations = 0;
  if (rMax <= target) return 0;
  let rz = cycle(work.levels, count, 0, z, r);
  d.set(z.subarray(0, size));
  while (iterations < maxIterations) {
    const dq = applyA(L, d, q);
    if (!(dq > 0) || !(rz > 0)) break;
    rMax = stepPR(p, r, d, q, rz / dq, size);
    iterations++;
    if (rMax <= target) break;
    const rzNew = cycle(work.levels, count, 0, z, r);
    xpby(d, z, rzNew / rz, size);
    rz = rzNew;
  }
  return iterations;
}

/** p += α d, r −= α q; returns max|r|. */
function stepPR(p: Float32Array, r: Float32Array, d: Float32Array, q: Float32Array, alpha: number, n: number): number {
  let m = 0;
  for (let c = 0; c < n; c++) {
    p[c] += alpha * d[c];
    const rc = r[c] - alpha * q[c];
    r[c] = rc;
    const a = rc < 0 ? -rc : rc;
    if (a > m) m = a;
  }
  return m;
}

/** d = z + β d. */
function xpby(d: Float32Array, z: Float32Array, beta: number, n: number): void {
  for (let c = 0; c < n; c++) d[c] = z[c] + beta * d[c];
}

/** q = A d over the FLUID cells (0 elsewhere); returns d·q. */
function applyA(L: MgLevel, d: Float32Array, q: Float32Array): number {
  const { nx, ny, nz, sx, sxy, diag } = L;
  let dq = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let c = 1 + sx * (j + 1) + sxy * (k + 1);
      for (let i = 0; i < nx; i++, c++) {
        const dc = diag[c];
        if (dc === 0) continue;
        const dv = d[c];
        const a = dc * dv - (d[c - 1] + d[c + 1] + d[c - sx] + d[c + sx] + d[c - sxy] + d[c + sxy]);
        q[c] = a;
        dq += dv * a;
      }
    }
  }
  return dq;
}

function maxAbs(a: Float32Array, n: number): number {
  let m = 0;
  for (let c = 0; c < n; c++) {
    const x = a[c] < 0 ? -a[c] : a[c];
    if (x > m) m = x;
  }
  return m;
}

/** Largest |∇·u| over the box's fluid cells, 1/s. */
export function maxDivergence(g: DustGrid, box: CellBox, L: MgLevel, u: Float32Array, v: Float32Array, w: Float32Array): number {
  const { nx, ny } = g;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  let m = 0;
  for (let k = box.k0; k < box.k1; k++) {
    for (let j = box.j0; j < box.j1; j++) {
      let c = 1 + L.sx * (j - box.j0 + 1) + L.sxy * (k - box.k0 + 1);
      let iu = box.i0 + ux * (j + ny * k);
      let iv = box.i0 + nx * j + vxy * k;
      let iw = box.i0 + nx * j + wxy * k;
      for (let i = box.i0; i < box.i1; i++, c++, iu++, iv++, iw++) {
        if (L.type[c] !== FLUID) continue;
        const dv = u[iu + 1] - u[iu] + v[iv + nx] - v[iv] + w[iw + wxy] - w[iw];
        const a = dv < 0 ? -dv : dv;
        if (a > m) m = a;
      }
    }
  }
  return m / g.cellM;
}
