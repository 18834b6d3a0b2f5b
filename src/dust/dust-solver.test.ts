import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import { advectScalars } from './advect.js';
import { createGrid } from './dust-grid.js';
import type { CellBox } from './dust-grid.js';
import { createPressureWork, project } from './pressure.js';
import { createDustSolver, DUST_SOLVER_DEFAULTS } from './dust-solver.js';
import type { DustSolver, DustSolverOptions } from './dust-solver.js';

const DT = 1 / 24;

function solver(dims: [number, number, number], extra: Partial<DustSolverOptions> = {}): DustSolver {
  return createDustSolver({ originM: [0, 0, 0], cellM: 1, dims, ...extra });
}

/** Mass-weighted centroid and the bounding box of cells above `floor` g/m³ (cell units). */
function measure(s: DustSolver, floor = 1e-3): { c: [number, number, number]; lo: number[]; hi: number[]; mass: number } {
  const [nx, ny, nz] = s.box.dims;
  const d = s.density;
  let m = 0;
  const c: [number, number, number] = [0, 0, 0];
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const x = d[i + nx * (j + ny * k)];
        m += x;
        c[0] += x * (i + 0.5);
        c[1] += x * (j + 0.5);
        c[2] += x * (k + 0.5);
        if (x > floor) {
          lo[0] = Math.min(lo[0], i);
          lo[1] = Math.min(lo[1], j);
          lo[2] = Math.min(lo[2], k);
          hi[0] = Math.max(hi[0], i);
          hi[1] = Math.max(hi[1], j);
          hi[2] = Math.max(hi[2], k);
        }
      }
    }
  }
  return { c: [c[0] / m, c[1] / m, c[2] / m], lo, hi, mass: m };
}

function assertSane(s: DustSolver, label: string): void {
  const d = s.density;
  const t = s.temperatureK;
  for (let c = 0; c < d.length; c++) {
    if (!(d[c] >= 0) || !Number.isFinite(d[c])) assert.fail(`${label}: density[${c}] = ${d[c]}`);
    if (!Number.isFinite(t[c])) assert.fail(`${label}: temperature[${c}] = ${t[c]}`);
  }
}

test('limited MacCormack in a divergence-free rotation (closed: at rest at the walls) keeps the mass within 0.01% over one turn', () => {
  // A solid-body rotation about the z axis inside r < 18 cells, at rest outside, from a stream
  // function on the cell edges: the MAC divergence is zero by construction (to rounding).
  const g = createGrid({ originM: [0, 0, 0], cellM: 1, dims: [48, 48, 4] });
  const { nx, ny, nz } = g;
  const periodS = 6;
  const omega = (2 * Math.PI) / periodS;
  const rMax = 18;
  const psi = (x: number, y: number) => {
    const r2 = Math.min((x - 24) ** 2 + (y - 24) ** 2, rMax * rMax);
    return -0.5 * omega * r2;
  };
  const u = new Float32Array(g.uSize);
  const v = new Float32Array(g.vSize);
  const w = new Float32Array(g.wSize);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i <= nx; i++) u[i + (nx + 1) * (j + ny * k)] = psi(i, j + 1) - psi(i, j);
    }
    for (let j = 0; j <= ny; j++) {
      for (let i = 0; i < nx; i++) v[i + nx * (j + (ny + 1) * k)] = -(psi(i + 1, j) - psi(i, j));
    }
  }
  let maxDiv = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const div = u[i + 1 + (nx + 1) * (j + ny * k)] - u[i + (nx + 1) * (j + ny * k)] + v[i + nx * (j + 1 + (ny + 1) * k)] - v[i + nx * (j + (ny + 1) * k)];
        maxDiv = Math.max(maxDiv, Math.abs(div));
      }
    }
  }
  assert.ok(maxDiv < 1e-5, `test field divergence ${maxDiv}`);
  // A dense blob at half radius: a Gaussian of σ = 2.5 cells.
  let rho = new Float32Array(g.cells);
  let next = new Float32Array(g.cells);
  const tmp0 = new Float32Array(g.cells);
  const tmp1 = new Float32Array(g.cells);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) rho[i + nx * (j + ny * k)] = 10 * Math.exp(-((i + 0.5 - 33) ** 2 + (j + 0.5 - 24) ** 2) / (2 * 2.5 ** 2));
    }
  }
  const sum = (a: Float32Array) => a.reduce((s, x) => s + x, 0);
  const centroid = (a: Float32Array) => {
    let m = 0;
    let cx = 0;
    let cy = 0;
    for (let c = 0; c < g.cells; c++) {
      m += a[c];
      cx += a[c] * ((c % nx) + 0.5);
      cy += a[c] * ((Math.floor(c / nx) % ny) + 0.5);
    }
    return [cx / m, cy / m];
  };
  const m0 = sum(rho);
  const peak0 = Math.max(...rho);
  const c0 = centroid(rho);
  const box: CellBox = { i0: 0, j0: 0, k0: 0, i1: nx, j1: ny, k1: nz };
  const n = g.paddedSize;
  const sc = { hat: new Float32Array(n), lo: new Float32Array(n), hi: new Float32Array(n), dx: new Float32Array(n), dy: new Float32Array(n), dz: new Float32Array(n) };
  const steps = Math.round(periodS / DT);
  let worstDrift = 0;
  let worstRaw = 0;
  let minValue = 0;
  for (let s = 0; s < steps; s++) {
    const budget = advectScalars(g, box, u, v, w, rho, next, tmp0, tmp1, sc, null, DT, 1, 1);
    [rho, next] = [next, rho];
    worstDrift = Math.max(worstDrift, Math.abs(sum(rho) / m0 - 1));
    worstRaw = Math.max(worstRaw, Math.abs(budget.correctionG / budget.beforeG));
    assert.equal(budget.outflowG, 0);
    minValue = Math.min(minValue, ...rho);
  }
  const c1 = centroid(rho);
  const peak1 = Math.max(...rho);
  console.log(
    `  rotation, ${steps} steps: mass drift ≤ ${worstDrift.toExponential(1)} (end ${(sum(rho) / m0 - 1).toExponential(1)}; ` +
      `the clamped scheme's own error, put back each step, was ≤ ${(100 * worstRaw).toFixed(3)}% per step), ` +
      `centroid back within ${Math.hypot(c1[0] - c0[0], c1[1] - c0[1]).toFixed(2)} cells, peak kept ${(100 * peak1 / peak0).toFixed(0)}%`,
  );
  assert.ok(worstDrift < 1e-4, `mass drift ${worstDrift}`);
  assert.equal(minValue, 0, 'no negative density');
  // Second-order schemes lag a little (dispersion): ~1 cell after 57 cells of travel here.
  assert.ok(Math.hypot(c1[0] - c0[0], c1[1] - c0[1]) < 1.5, `centroid ${c1} vs ${c0}`);
  assert.ok(peak1 > 0.6 * peak0, `peak ${peak1} vs ${peak0}: detail lost`);
});

test('projection: max divergence after ≤ 1e-3 × (max speed / cell) with the ground and a solid block; solid faces untouched', () => {
  const g = createGrid({ originM: [0, 0, 0], cellM: 0.5, dims: [40, 32, 36] });
  const { nx, ny, nz, cellM } = g;
  const u = new Float32Array(g.uSize);
  const v = new Float32Array(g.vSize);
  const w = new Float32Array(g.wSize);
  // A smooth but strongly divergent field (deterministic).
  for (let c = 0; c < g.uSize; c++) u[c] = 8 * Math.sin(c * 0.0131) * Math.cos(c * 0.00071);
  for (let c = 0; c < g.vSize; c++) v[c] = 6 * Math.sin(c * 0.0173 + 1) * Math.cos(c * 0.00053);
  for (let c = 0; c < g.wSize; c++) w[c] = 7 * Math.cos(c * 0.0091 + 2) * Math.sin(c * 0.00037);
  const solid = new Uint8Array(g.cells);
  for (let k = 14; k < 22; k++) for (let j = 0; j < 10; j++) for (let i = 12; i < 20; i++) solid[i + nx * (j + ny * k)] = 1;
  // The caller (the solver) sets solid faces and the floor before projecting: do the same.
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) v[i + nx * (ny + 1) * k] = 0;
  for (let k = 14; k < 22; k++) {
    for (let j = 0; j < 10; j++) {
      for (let i = 12; i <= 20; i++) u[i + (nx + 1) * (j + ny * k)] = 0;
      for (let i = 12; i < 20; i++) v[i + nx * (j + 1 + (ny + 1) * k)] = 0;
    }
    for (let j = 0; j < 10; j++) for (let i = 12; i < 20; i++) w[i + nx * (j + ny * k)] = 0;
  }
  for (let j = 0; j < 10; j++) for (let i = 12; i < 20; i++) w[i + nx * (j + ny * 22)] = 0;
  const uBefore = u.slice();
  const pressure = new Float32Array(g.cells);
  const stats = project(g, { i0: 0, j0: 0, k0: 0, i1: nx, j1: ny, k1: nz }, createPressureWork(g), u, v, w, solid, -1, pressure, 1e-4, 100);
  // Recompute the divergence independently.
  let maxDiv = 0;
  let maxSpeed = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const iu = i + (nx + 1) * (j + ny * k);
        const iv = i + nx * (j + (ny + 1) * k);
        const iw = i + nx * (j + ny * k);
        maxSpeed = Math.max(maxSpeed, Math.abs(u[iu]), Math.abs(v[iv]), Math.abs(w[iw]));
        if (solid[iw]) continue;
        const div = (u[iu + 1] - u[iu] + v[iv + nx] - v[iv] + w[iw + nx * ny] - w[iw]) / cellM;
        maxDiv = Math.max(maxDiv, Math.abs(div));
      }
    }
  }
  const relative = (maxDiv * cellM) / maxSpeed;
  console.log(
    `  projection: ${stats.iterations} MGPCG iterations, max |div| ${stats.maxDivergenceBeforePerS.toExponential(2)} → ${maxDiv.toExponential(2)} /s ` +
      `(${relative.toExponential(2)} of max speed / cell)`,
  );
  assert.ok(relative < 1e-3, `relative divergence ${relative}`);
  assert.ok(Math.abs(stats.maxDivergencePerS - maxDiv) <= 1e-6 * maxDiv + 1e-9, 'the stats report the same divergence');
  assert.ok(stats.iterations < 30, `${stats.iterations} iterations`);
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) assert.equal(v[i + nx * (ny + 1) * k], 0, 'no flow through the ground');
  for (let k = 14; k < 22; k++) for (let j = 0; j < 10; j++) assert.equal(u[12 + (nx + 1) * (j + ny * k)], uBefore[12 + (nx + 1) * (j + ny * k)]);
});

test('the solver step reports a projected divergence ≤ 1e-3 × (max speed / cell) and converges in few iterations', () => {
  const s = solver([32, 32, 32], { cellM: 0.5 });
  for (let n = 0; n < 6; n++) {
    s.splat({ centerM: [4 + 2 * n, 3 + n, 5 + 1.5 * n], radiusM: 3, massG: 500, temperatureK: 80 + 20 * n, velocityMps: [5 - n, 3, n - 2] });
  }
  const out = new Float32Array(3);
  for (let t = 0; t < 12; t++) {
    const st = s.step(DT);
    let maxSpeed = 0;
    for (let k = 0; k < 32; k += 2) {
      for (let j = 0; j < 32; j += 2) {
        for (let i = 0; i < 32; i += 2) {
          s.velocityAt(i * 0.5, j * 0.5, k * 0.5, out);
          maxSpeed = Math.max(maxSpeed, Math.hypot(out[0], out[1], out[2]));
        }
      }
    }
    assert.ok((st.maxDivergencePerS * 0.5) / maxSpeed < 1e-3, `step ${t}: ${st.maxDivergencePerS} /s at ${maxSpeed} m/s`);
    assert.ok(st.pressureIterations <= 20, `step ${t}: ${st.pressureIterations} iterations`);
  }
});

test('a long run with sources and moving solids: never a NaN, never a negative density', () => {
  const dims: [number, number, number] = [32, 24, 32];
  const s = solver(dims);
  const [nx, ny, nz] = dims;
  const solid = new Uint8Array(nx * ny * nz);
  const vel = new Float32Array(3 * nx * ny * nz);
  const out = new Float32Array(3);
  let minRho = 0;
  for (let t = 0; t < 150; t++) {
    // A slab falling through the air and sweeping sideways.
    solid.fill(0);
    vel.fill(0);
    const y0 = Math.max(0, 18 - Math.floor(t / 6));
    const x0 = 4 + (t % 20);
    for (let k = 10; k < 18; k++) {
      for (let j = y0; j < Math.min(ny, y0 + 2); j++) {
        for (let i = x0; i < x0 + 6 && i < nx; i++) {
          const c = i + nx * (j + ny * k);
          solid[c] = 1;
          vel[3 * c] = 6;
          vel[3 * c + 1] = -4;
        }
      }
    }
    s.setSolids(solid, vel);
    const a = (t * 37) % 23;
    s.splat({ centerM: [4 + a, 1 + (t % 5), 6 + ((t * 13) % 20)], radiusM: 1 + (t % 4), massG: 50 + 10 * (t % 7), temperatureK: t % 3 === 0 ? 200 : -5, velocityMps: [a - 11, 8 - (t % 9), (t % 5) - 2] });
    const st = s.step(DT);
    assert.ok(Number.isFinite(st.totalMassG) && Number.isFinite(st.maxDivergencePerS), `step ${t}: ${JSON.stringify(st)}`);
    for (const x of s.density) if (x < minRho) minRho = x;
    assertSane(s, `step ${t}`);
    s.velocityAt(16, 8, 16, out);
    assert.ok(out.every(Number.isFinite), `velocity at step ${t}`);
  }
  assert.equal(minRho, 0);
});

test('a hot burst at rest rises and spreads; a cold heavy burst does not rise', () => {
  const dims: [number, number, number] = [32, 48, 32];
  const hot = solver(dims);
  hot.splat({ centerM: [16, 8, 16], radiusM: 4, massG: 200, temperatureK: 300, velocityMps: [0, 0, 0] });
  const h0 = measure(hot);
  for (let t = 0; t < 48; t++) hot.step(DT);
  const h1 = measure(hot);
  const width = (m: typeof h0) => m.hi[0] - m.lo[0] + (m.hi[2] - m.lo[2]);
  console.log(`  hot burst over 2 s: centroid y ${h0.c[1].toFixed(2)} → ${h1.c[1].toFixed(2)} m, extent ${JSON.stringify(h0.lo)}–${JSON.stringify(h0.hi)} → ${JSON.stringify(h1.lo)}–${JSON.stringify(h1.hi)}`);
  // A 4 m thermal with ~3 m/s² of mean buoyancy cooling at 0.5/s rises ~3 m in 2 s.
  assert.ok(h1.c[1] > h0.c[1] + 2, `hot centroid rose only ${h1.c[1] - h0.c[1]} m`);
  assert.ok(h1.hi[1] - h1.lo[1] > h0.hi[1] - h0.lo[1], 'the hot cloud grows in height');
  assert.ok(width(h1) > width(h0), 'the hot cloud spreads sideways');

  const cold = solver(dims);
  cold.splat({ centerM: [16, 8, 16], radiusM: 4, massG: 20000, temperatureK: 0, velocityMps: [0, 0, 0] });
  const c0 = measure(cold);
  for (let t = 0; t < 48; t++) cold.step(DT);
  const c1 = measure(cold);
  console.log(`  cold heavy burst over 2 s: centroid y ${c0.c[1].toFixed(2)} → ${c1.c[1].toFixed(2)} m, top ${c0.hi[1]} → ${c1.hi[1]}`);
  assert.ok(c1.c[1] < c0.c[1], `cold centroid went from ${c0.c[1]} to ${c1.c[1]}`);
  assert.ok(width(c1) > width(c0), 'the heavy cloud slumps and spreads along the ground');
});

test('dust driven down at the ground does not pass through it: it spreads along it, mass kept within 0.1%', () => {
  const s = solver([40, 24, 40]);
  s.splat({ centerM: [20, 6, 20], radiusM: 4, massG: 1000, temperatureK: 0, velocityMps: [0, -12, 0] });
  const m0 = s.totalMassG();
  const a = measure(s);
  const out = new Float32Array(3);
  for (let t = 0; t < 24; t++) {
    s.step(DT);
    s.velocityAt(20, 0, 20, out);
    assert.equal(out[1], 0, 'no vertical air speed at the ground');
  }
  const b = measure(s);
  const drift = s.totalMassG() / m0 - 1;
  console.log(`  ground impact over 1 s: mass drift ${drift.toExponential(1)}, width ${a.hi[0] - a.lo[0] + 1} → ${b.hi[0] - b.lo[0] + 1} cells, centroid y ${a.c[1].toFixed(2)} → ${b.c[1].toFixed(2)}`);
  assert.ok(Math.abs(drift) < 1e-3, `mass drift ${drift}`);
  assert.ok(b.hi[0] - b.lo[0] >= a.hi[0] - a.lo[0] + 3, 'the dust spreads along the ground');
  assert.ok(b.c[1] < a.c[1] - 1 && b.c[1] > 0.5, 'the dust is brought down onto the ground and stays above it');
});

test('dust blown at a block of solid cells stays out of it (density inside exactly 0) and piles up in front', () => {
  const dims: [number, number, number] = [40, 20, 24];
  const [nx, ny, nz] = dims;
  const s = solver(dims, { buoyancyMps2PerK: 0, dustWeightMps2PerGPerM3: 0 });
  const solid = new Uint8Array(nx * ny * nz);
  const inBlock = (i: number, j: number, k: number) => i >= 22 && i < 28 && j < 12 && k >= 6 && k < 18;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (inBlock(i, j, k)) solid[i + nx * (j + ny * k)] = 1;
  s.setSolids(solid);
  const released = 800;
  let inside = 0;
  const out = new Float32Array(3);
  for (let t = 0; t < 48; t++) {
    // A fan blowing at +x; dust released during the first half second.
    s.splat({ centerM: [11, 5, 12], radiusM: 4, massG: t < 12 ? released / 12 : 0, temperatureK: 0, velocityMps: [12, 0, 0] });
    s.step(DT);
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (inBlock(i, j, k)) inside = Math.max(inside, s.density[i + nx * (j + ny * k)]);
    s.velocityAt(22, 6, 12, out);
    assert.equal(out[0], 0, 'no air through the face of the block');
  }
  const slab = (i: number) => {
    let m = 0;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) m += s.density[i + nx * (j + ny * k)];
    return m;
  };
  const front = slab(21);
  let behind = 0;
  for (let i = 28; i < nx; i++) behind += slab(i);
  const mass = s.totalMassG();
  console.log(`  block: max density inside ${inside}, ${((100 * front) / mass).toFixed(0)}% of the dust in the cell layer in front, ${((100 * behind) / mass).toFixed(2)}% past it, mass drift ${(mass / released - 1).toExponential(1)} vs released`);
  assert.equal(inside, 0);
  assert.ok(front > 0.1 * mass, 'dust piles up at the block face');
  assert.ok(behind < 0.01 * mass, 'dust does not get through');
  assert.ok(Math.abs(mass / released - 1) < 1e-3, `mass ${mass} of ${released} g`);
});

test('the side faces are open: dust blown at one leaves the grid instead of piling up', () => {
  const dims: [number, number, number] = [32, 12, 16];
  const s = solver(dims, { buoyancyMps2PerK: 0, dustWeightMps2PerGPerM3: 0 });
  s.splat({ centerM: [20, 6, 8], radiusM: 3, massG: 300, temperatureK: 0, velocityMps: [0, 0, 0] });
  const m0 = s.totalMassG();
  const peak0 = Math.max(...s.density);
  let peak = 0;
  for (let t = 0; t < 36; t++) {
    // A wind over the whole grid (the blob's weight is ≥ 0.8 everywhere in it).
    s.splat({ centerM: [16, 6, 8], radiusM: 80, massG: 0, temperatureK: 0, velocityMps: [10, 0, 0] });
    s.step(DT);
    peak = Math.max(peak, ...s.density);
    assertSane(s, `step ${t}`);
  }
  const left = s.totalMassG() / m0;
  console.log(`  open face: ${(100 * (1 - left)).toFixed(0)}% of the dust left through x = max in 1.5 s, peak ${peak.toFixed(2)} vs ${peak0.toFixed(2)} g/m³ at the start`);
  assert.ok(left < 0.2, `only ${1 - left} of the dust left`);
  assert.ok(peak <= peak0 * 1.0001, 'no pile-up at the open face');
});

test('a solid that appears over dust pushes it out (mass kept to 1e-6); air sealed in a room stays put', () => {
  const dims: [number, number, number] = [24, 16, 24];
  const [nx, ny, nz] = dims;
  const s = solver(dims, { buoyancyMps2PerK: 0, dustWeightMps2PerGPerM3: 0 });
  s.splat({ centerM: [12, 6, 12], radiusM: 5, massG: 500, temperatureK: 0, velocityMps: [0, 0, 0] });
  const m0 = s.totalMassG();
  const solid = new Uint8Array(nx * ny * nz);
  for (let k = 10; k < 14; k++) for (let j = 4; j < 8; j++) for (let i = 10; i < 14; i++) solid[i + nx * (j + ny * k)] = 1;
  s.setSolids(solid);
  assert.ok(Math.abs(s.totalMassG() / m0 - 1) < 1e-6, `pushed out: ${s.totalMassG()} of ${m0} g`);
  for (let c = 0; c < solid.length; c++) if (solid[c]) assert.equal(s.density[c], 0);

  // A sealed room: walls one cell thick around 6 × 4 × 6 cells of dusty air.
  const room = solver(dims);
  const walls = new Uint8Array(nx * ny * nz);
  const inside = (i: number, j: number, k: number) => i >= 9 && i < 15 && j >= 3 && j < 7 && k >= 9 && k < 15;
  for (let k = 8; k < 16; k++) for (let j = 2; j < 8; j++) for (let i = 8; i < 16; i++) if (!inside(i, j, k)) walls[i + nx * (j + ny * k)] = 1;
  room.splat({ centerM: [12, 5, 12], radiusM: 2, massG: 100, temperatureK: 200, velocityMps: [3, 0, 0] });
  room.setSolids(walls);
  const roomMass = room.totalMassG();
  for (let t = 0; t < 24; t++) room.step(DT);
  assertSane(room, 'room');
  let inRoom = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) if (inside(i, j, k)) inRoom += room.density[i + nx * (j + ny * k)];
  assert.ok(Math.abs(inRoom / roomMass - 1) < 1e-4, `dust in the room ${inRoom} of ${roomMass} g`);
});

test('a moving solid pushes the air: the air next to it moves its way, the far air much less', () => {
  const dims: [number, number, number] = [40, 24, 24];
  const [nx, ny, nz] = dims;
  const s = solver(dims);
  const solid = new Uint8Array(nx * ny * nz);
  const vel = new Float32Array(3 * nx * ny * nz);
  for (let k = 8; k < 16; k++) {
    for (let j = 4; j < 12; j++) {
      for (let i = 10; i < 16; i++) {
        const c = i + nx * (j + ny * k);
        solid[c] = 1;
        vel[3 * c] = 5;
      }
    }
  }
  s.setSolids(solid, vel);
  s.step(DT);
  const out = new Float32Array(3);
  s.velocityAt(16.5, 8, 12, out); // half a cell ahead of the leading face
  const ahead = out[0];
  s.velocityAt(9.5, 8, 12, out); // half a cell behind the trailing face
  const behind = out[0];
  s.velocityAt(36, 20, 12, out);
  const far = Math.hypot(out[0], out[1], out[2]);
  console.log(`  moving block at 5 m/s: air ahead ${ahead.toFixed(2)}, behind ${behind.toFixed(2)}, far ${far.toFixed(3)} m/s`);
  assert.ok(ahead > 2.5, `air ahead ${ahead} m/s`);
  assert.ok(behind > 2.5, `air behind ${behind} m/s`);
  assert.ok(far < 0.5, `far air ${far} m/s`);
});

test('splat adds exactly massG grams inside the grid, also for a blob half below the ground', () => {
  const s = solver([24, 16, 24]);
  s.splat({ centerM: [12, 0, 12], radiusM: 3, massG: 1234, temperatureK: 50, velocityMps: [0, 0, 0] });
  assert.ok(Math.abs(s.totalMassG() / 1234 - 1) < 1e-5, `${s.totalMassG()}`);
  s.splat({ centerM: [6, 5, 7], radiusM: 0.2, massG: 10, temperatureK: 0, velocityMps: [0, 0, 0] });
  assert.ok(Math.abs(s.totalMassG() / 1244 - 1) < 1e-5, 'a blob smaller than a cell still lands');
  s.splat({ centerM: [100, 5, 7], radiusM: 2, massG: 10, temperatureK: 0, velocityMps: [0, 0, 0] });
  assert.ok(Math.abs(s.totalMassG() / 1244 - 1) < 1e-5, 'a blob outside the grid adds nothing');
});

test('two runs with the same inputs give byte-identical density arrays', () => {
  const run = () => {
    const dims: [number, number, number] = [28, 20, 28];
    const s = solver(dims, { vorticityEps: 0.5 });
    const solid = new Uint8Array(28 * 20 * 28);
    for (let t = 0; t < 30; t++) {
      solid.fill(0);
      for (let i = 5 + (t % 10); i < 9 + (t % 10); i++) for (let j = 2; j < 6; j++) solid[i + 28 * (j + 20 * 14)] = 1;
      s.setSolids(solid);
      s.splat({ centerM: [8 + (t % 5), 2, 10], radiusM: 2.5, massG: 30, temperatureK: 120, velocityMps: [4, 2, (t % 3) - 1] });
      s.step(DT);
    }
    return s.density;
  };
  const a = run();
  const b = run();
  assert.ok(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), 'density arrays differ');
  assert.ok(a.some((x) => x > 0));
});

test('options and inputs are checked: InputError naming the field and its range', () => {
  const bad = (o: Partial<DustSolverOptions>, path: string) => {
    assert.throws(
      () => createDustSolver({ originM: [0, 0, 0], cellM: 1, dims: [8, 8, 8], ...o }),
      (e: unknown) => e instanceof InputError && e.code === 'dust.out_of_range' && e.details[0].path === path && typeof e.details[0].allowed === 'string',
    );
  };
  bad({ dims: [2, 8, 8] }, 'dims[0]');
  bad({ dims: [8, 8.5, 8] }, 'dims[1]');
  bad({ cellM: 0 }, 'cellM');
  bad({ vorticityEps: -1 }, 'vorticityEps');
  bad({ pressureTolerance: 0 }, 'pressureTolerance');
  bad({ maxPressureIterations: 2.5 }, 'maxPressureIterations');
  bad({ coolingPerS: Number.NaN }, 'coolingPerS');
  const s = solver([8, 8, 8]);
  assert.throws(() => s.step(0), InputError);
  assert.throws(() => s.splat({ centerM: [1, 1, Number.NaN], radiusM: 1, massG: 1, temperatureK: 0, velocityMps: [0, 0, 0] }), InputError);
  assert.throws(() => s.splat({ centerM: [1, 1, 1], radiusM: 1, massG: -1, temperatureK: 0, velocityMps: [0, 0, 0] }), InputError);
  assert.throws(() => s.setSolids(new Uint8Array(10)), InputError);
  assert.equal(DUST_SOLVER_DEFAULTS.densityDissipationPerS, 0);
  assert.ok(Math.abs(DUST_SOLVER_DEFAULTS.buoyancyMps2PerK - 9.81 / 293) < 1e-12);
});
