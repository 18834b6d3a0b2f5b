/**
 * The grid levels of the pressure multigrid (multigrid.ts): each stores its box padded by one
 * ghost layer, index (i+1) + sx·((j+1) + sy·(k+1)).
 *
 * Level 0 is the fine problem. Cell types: FLUID unknowns, NEUMANN (solid, or the ground
 * below the floor: no flux, left out of the stencil) and DIRICHLET (open: p = 0 in the ghost,
 * counted in the stencil). Its operator is the unscaled 7-point Laplacian
 * (A p)_c = d_c·p_c − Σ_fluid-nbrs p_n, where d_c counts the neighbours that are not NEUMANN;
 * p is kept 0 in every non-FLUID entry, so the neighbour sum needs no mask.
 *
 * Coarse levels halve each axis (ceil) and carry a weighted 7-point operator: the coupling of
 * two coarse cells is the sum of the fine couplings across their shared face over 4 (1 in
 * open air, less where solids block part of the face, 0 where they block all of it), and the
 * diagonal is the sum of the six couplings (ghost faces included: open air outside the box
 * counts, the ground does not). That is the Galerkin operator of piecewise-constant
 * transfers scaled to the rediscretised 2h Laplacian in open air; it lets the coarse levels
 * see the rubble, which a rediscretised operator ("fluid if any child is") does not: with
 * moving solids it takes the 1e-4 solve from ~15 CG iterations to ~6 (measured on a frame of
 * the tower-collapse example). A coarse cell with no coupling is not an unknown.
 */
export const FLUID = 0;
export const NEUMANN = 1;
export const DIRICHLET = 2;

export interface MgLevel {
  nx: number;
  ny: number;
  nz: number;
  /** Strides of the padded layout: (nx + 2) and (nx + 2)·(ny + 2). */
  sx: number;
  sxy: number;
  /** Entries in use: (nx + 2)·(ny + 2)·(nz + 2). */
  size: number;
  /** Level 0's cell types. */
  type: Uint8Array;
  /** Couplings to the +x, +y, +z neighbour (the −x one of cell c is wx[c − 1]). */
  wx: Float32Array;
  wy: Float32Array;
  wz: Float32Array;
  /** Diagonal and its inverse; 0 for cells that are not unknowns. */
  diag: Float32Array;
  invDiag: Float32Array;
  /** Correction and right-hand side (coarse levels; level 0 uses the PCG vectors). */
  x: Float32Array;
  b: Float32Array;
  /** The second visit's residual and correction (W-cycle; coarse levels). */
  r: Float32Array;
  e: Float32Array;
  /** Level 0: the FLUID cells near solids (red ones first), smoothed extra; see findNearSolid. */
  near: Int32Array;
  nearRed: number;
  nearCount: number;
}

/** Coarsen until no axis has more cells than this. */
export const COARSEST_DIM = 4;

/** Levels able to hold any box of up to dims cells (level 0 first). */
export function allocLevels(dims: readonly number[]): MgLevel[] {
  const levels: MgLevel[] = [];
  let [nx, ny, nz] = dims;
  for (;;) {
    const size = (nx + 2) * (ny + 2) * (nz + 2);
    const first = levels.length === 0;
    const coarse = (n: number) => (first ? new Float32Array(0) : new Float32Array(n));
    levels.push({
      nx,
      ny,
      nz,
      sx: nx + 2,
      sxy: (nx + 2) * (ny + 2),
      size,
      type: first ? new Uint8Array(size) : new Uint8Array(0),
      wx: new Float32Array(size),
      wy: new Float32Array(size),
      wz: new Float32Array(size),
      diag: new Float32Array(size),
      invDiag: new Float32Array(size),
      x: coarse(size),
      b: coarse(size),
      r: coarse(size),
      e: coarse(size),
      near: new Int32Array(0),
      nearRed: 0,
      nearCount: 0,
    });
    if (Math.max(nx, ny, nz) <= COARSEST_DIM) return levels;
    nx = Math.ceil(nx / 2);
    ny = Math.ceil(ny / 2);
    nz = Math.ceil(nz / 2);
  }
}

/** Sets a level's dims and clears it (level 0's types must then be filled by the caller). */
export function resizeLevel(L: MgLevel, nx: number, ny: number, nz: number): void {
  L.nx = nx;
  L.ny = ny;
  L.nz = nz;
  L.sx = nx + 2;
  L.sxy = (nx + 2) * (ny + 2);
  L.size = (nx + 2) * (ny + 2) * (nz + 2);
  for (const a of [L.x, L.e, L.wx, L.wy, L.wz, L.diag, L.invDiag]) a.fill(0, 0, Math.min(L.size, a.length));
}

/**
 * Level 0: d_c (the count of non-NEUMANN neighbours) and its inverse for every FLUID cell, and
 * the unit couplings the coarse levels are built from.
 */
export function computeDiagonal(L: MgLevel): void {
  const { nx, ny, nz, sx, sxy, type, diag, invDiag, wx, wy, wz } = L;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let c = 1 + sx * (j + 1) + sxy * (k + 1);
      for (let i = 0; i < nx; i++, c++) {
        if (type[c] !== FLUID) continue;
        const d =
          (type[c - 1] !== NEUMANN ? 1 : 0) +
          (type[c + 1] !== NEUMANN ? 1 : 0) +
          (type[c - sx] !== NEUMANN ? 1 : 0) +
          (type[c + sx] !== NEUMANN ? 1 : 0) +
          (type[c - sxy] !== NEUMANN ? 1 : 0) +
          (type[c + sxy] !== NEUMANN ? 1 : 0);
        if (d === 0) {
          type[c] = NEUMANN; // an isolated cell: no equation
          continue;
        }
        diag[c] = d;
        invDiag[c] = 1 / d;
      }
    }
  }
  // A face couples when one side is FLUID and neither is NEUMANN.
  for (let k = 0; k < nz + 2; k++) {
    for (let j = 0; j < ny + 2; j++) {
      let c = sx * j + sxy * k;
      for (let i = 0; i < nx + 2; i++, c++) {
        const t = type[c];
        if (t === NEUMANN) continue;
        if (i <= nx) {
          const n = type[c + 1];
          if (n !== NEUMANN && (t === FLUID || n === FLUID)) wx[c] = 1;
        }
        if (j <= ny) {
          const n = type[c + sx];
          if (n !== NEUMANN && (t === FLUID || n === FLUID)) wy[c] = 1;
        }
        if (k <= nz) {
          const n = type[c + sxy];
          if (n !== NEUMANN && (t === FLUID || n === FLUID)) wz[c] = 1;
        }
      }
    }
  }
}

/**
 * Level 0: the FLUID cells with a solid face neighbour inside the box (the ground and the
 * box's ghosts are left out: plane walls are easy for the coarse levels, the rubble's corners
 * are not), red ones first, then black. The multigrid gives them extra Gauss–Seidel sweeps
 * (McAdams et al.'s boundary smoothing); on a frame of the tower-collapse example this takes
 * the solve from 8 CG iterations to 6 (2 cells deep gained nothing more).
 */
export function findNearSolid(L: MgLevel): void {
  const { nx, ny, nz, sx, sxy, type } = L;
  // Pass 1 counts, pass 2 fills: red cells from the front of `near`, black ones from the back.
  let reds = 0;
  let total = 0;
  for (let pass = 0; pass < 2; pass++) {
    let r = 0;
    let bl = total - 1;
    for (let k = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++) {
        let c = 1 + sx * (j + 1) + sxy * (k + 1);
        for (let i = 0; i < nx; i++, c++) {
          if (type[c] !== FLUID) continue;
          const touches =
            (i > 0 && type[c - 1] === NEUMANN) ||
            (i < nx - 1 && type[c + 1] === NEUMANN) ||
            (j > 0 && type[c - sx] === NEUMANN) ||
            (j < ny - 1 && type[c + sx] === NEUMANN) ||
            (k > 0 && type[c - sxy] === NEUMANN) ||
            (k < nz - 1 && type[c + sxy] === NEUMANN);
          if (!touches) continue;
          const red = ((i + j + k) & 1) === 0;
          if (pass === 0) {
            total++;
            if (red) reds++;
          } else if (red) {
            L.near[r++] = c;
          } else {
            L.near[bl--] = c;
          }
        }
      }
    }
    if (pass === 0 && L.near.length < total) L.near = new Int32Array(total);
  }
  L.nearRed = reds;
  L.nearCount = total;
}

/**
 * Builds the coarse levels below levels[0] (dims, types, diagonal and couplings set) and
 * returns the number of levels in use.
 */
export function buildHierarchy(levels: MgLevel[]): number {
  let n = 1;
  while (n < levels.length && Math.max(levels[n - 1].nx, levels[n - 1].ny, levels[n - 1].nz) > COARSEST_DIM) {
    const F = levels[n - 1];
    const C = levels[n];
    resizeLevel(C, Math.ceil(F.nx / 2), Math.ceil(F.ny / 2), Math.ceil(F.nz / 2));
    coarsenCouplings(F, C, 0);
    coarsenCouplings(F, C, 1);
    coarsenCouplings(F, C, 2);
    const { sx, sxy, wx, wy, wz, diag, invDiag } = C;
    for (let k = 0; k < C.nz; k++) {
      for (let j = 0; j < C.ny; j++) {
        let c = 1 + sx * (j + 1) + sxy * (k + 1);
        for (let i = 0; i < C.nx; i++, c++) {
          const d = wx[c - 1] + wx[c] + wy[c - sx] + wy[c] + wz[c - sxy] + wz[c];
          if (d > 1e-6) {
            diag[c] = d;
            invDiag[c] = 1 / d;
          }
        }
      }
    }
    n++;
  }
  return n;
}

/**
 * C's couplings along `axis` between coarse cells a and a+1 (a from −1, the ghost, to the last
 * cell): the fine couplings across the shared face (fine a' = min(2a+1, last) to a'+1, over
 * the up to 2 × 2 fine cells across) summed and divided by 4.
 */
function coarsenCouplings(F: MgLevel, C: MgLevel, axis: 0 | 1 | 2): void {
  const fw = axis === 0 ? F.wx : axis === 1 ? F.wy : F.wz;
  const cw = axis === 0 ? C.wx : axis === 1 ? C.wy : C.wz;
  // Per dimension and coarse index c (from −1): the fine range [from, to) it gathers.
  const ranges = [F.nx, F.ny, F.nz].map((fn, d) => {
    const cn = [C.nx, C.ny, C.nz][d];
    const from = new Int32Array(cn + 1);
    const to = new Int32Array(cn + 1);
    for (let c = -1; c < cn; c++) {
      if (d === axis) {
        const at = c < 0 ? -1 : Math.min(2 * c + 1, fn - 1);
        from[c + 1] = at;
        to[c + 1] = at + 1;
      } else if (c >= 0) {
        from[c + 1] = 2 * c;
        to[c + 1] = Math.min(2 * c + 2, fn);
      }
    }
    return { from, to, lo: d === axis ? -1 : 0, n: cn };
  });
  const [rx, ry, rz] = ranges;
  const { sx: fsx, sxy: fsxy } = F;
  const { sx: csx, sxy: csxy } = C;
  for (let ck = rz.lo; ck < rz.n; ck++) {
    for (let cj = ry.lo; cj < ry.n; cj++) {
      for (let ci = rx.lo; ci < rx.n; ci++) {
        let sum = 0;
        for (let fk = rz.from[ck + 1]; fk < rz.to[ck + 1]; fk++) {
          for (let fj = ry.from[cj + 1]; fj < ry.to[cj + 1]; fj++) {
            for (let fi = rx.from[ci + 1]; fi < rx.to[ci + 1]; fi++) sum += fw[fi + 1 + fsx * (fj + 1) + fsxy * (fk + 1)];
          }
        }
        cw[ci + 1 + csx * (cj + 1) + csxy * (ck + 1)] = 0.25 * sum;
      }
    }
  }
}
