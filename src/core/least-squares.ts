/**
 * Small dense Levenberg–Marquardt for fits with a handful of parameters (camera solve,
 * outline fit): numerical forward-difference Jacobian, normal equations solved by Gaussian
 * elimination with partial pivoting, damping raised on a failed step and lowered on a good one.
 * Deterministic: no randomness, a fixed iteration budget.
 */
export interface LeastSquaresOptions {
  /** Forward-difference step per parameter. */
  steps: number[];
  /** Most iterations. */
  maxIterations?: number;
  /** Stop when the cost's relative decrease is below this. */
  tolerance?: number;
}

export function levenbergMarquardt(residuals: (p: number[]) => number[], p0: number[], opts: LeastSquaresOptions): { p: number[]; cost: number } {
  const n = p0.length;
  const maxIt = opts.maxIterations ?? 100;
  const tol = opts.tolerance ?? 1e-12;
  const sq = (r: number[]) => r.reduce((s, v) => s + (Number.isFinite(v) ? v * v : 1e30), 0);
  let p = [...p0];
  let r = residuals(p);
  let cost = sq(r);
  let lambda = 1e-3;
  for (let it = 0; it < maxIt; it++) {
    const J: number[][] = [];
    for (let k = 0; k < n; k++) {
      const q = [...p];
      q[k] += opts.steps[k];
      const rk = residuals(q);
      J.push(rk.map((v, i) => (v - r[i]) / opts.steps[k]));
    }
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => J[i].reduce((s, v, m) => s + v * J[j][m], 0)));
    const g = Array.from({ length: n }, (_, i) => J[i].reduce((s, v, m) => s + v * r[m], 0));
    let improved = false;
    for (let tries = 0; tries < 12 && !improved; tries++) {
      const M = A.map((row, i) => row.map((v, j) => (i === j ? v * (1 + lambda) + 1e-12 : v)));
      const d = solveLinear(M, g.map((v) => -v));
      if (!d) {
        lambda *= 10;
        continue;
      }
      const pn = p.map((v, i) => v + d[i]);
      const rn = residuals(pn);
      const cn = sq(rn);
      if (cn < cost) {
        const rel = (cost - cn) / Math.max(cost, 1e-300);
        p = pn;
        r = rn;
        cost = cn;
        lambda = Math.max(1e-9, lambda / 3);
        improved = true;
        if (rel < tol) return { p, cost };
      } else {
        lambda *= 8;
      }
    }
    if (!improved) break;
  }
  return { p, cost };
}

/** Solves A x = b (A square, small); null when singular. */
export function solveLinear(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (!(Math.abs(M[piv][c]) > 1e-300)) return null;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const k = M[r][c] / M[c][c];
      if (k === 0) continue;
      for (let j = c; j <= n; j++) M[r][j] -= k * M[c][j];
    }
  }
  const x = M.map((row, i) => row[n] / row[i]);
  return x.every(Number.isFinite) ? x : null;
}
