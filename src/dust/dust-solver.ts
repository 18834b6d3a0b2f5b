import { InputError } from '../core/errors.js';
import { faceRange, scanActive, zeroOutside } from './active-box.js';
import { advectScalars, advectVelocity } from './advect.js';
import { lerp3 } from './maccormack.js';
import type { AdvectScratch } from './advect.js';
import type { DustGridBox } from './dust-frame.js';
import { boxCells, copyBox, createGrid, dilateClip, emptyBox, isEmptyBox, unionInto } from './dust-grid.js';
import type { CellBox } from './dust-grid.js';
import { applyForces } from './forces.js';
import { createPressureWork, project } from './pressure.js';
import { applySolidVelocity, createSolidState, setSolidCells } from './solids.js';
import { splatSource } from './splat.js';
import type { DustSource } from './splat.js';

export type { DustSource } from './splat.js';

/**
 * The rolling dust cloud of a collapse as a 3D grid smoke solver: dust density, excess
 * temperature and a staggered (MAC) velocity on the grid of a DustGridBox. Each step adds the
 * body forces (Boussinesq buoyancy, the weight of the suspended dust, vorticity confinement),
 * projects the velocity to divergence-free with a multigrid-preconditioned CG, advects
 * everything with limited MacCormack and applies the dissipation. The ground (the grid's
 * floor) and solid cells are walls; the other five faces are open. Only the active box (the
 * cells with dust, heat or motion, dilated by a margin) is processed. Fixed steps, no
 * randomness: the same calls give byte-identical arrays.
 */
export interface DustSolverOptions extends DustGridBox {
  /** Upward acceleration per kelvin of excess temperature, m/s²/K (Boussinesq; default 9.81/293). */
  buoyancyMps2PerK?: number;
  /** Downward acceleration per g/m³ of dust, m/s² (the dust loads the air; default 9.81/1200). */
  dustWeightMps2PerGPerM3?: number;
  /** Vorticity confinement strength, dimensionless (default 0.4). */
  vorticityEps?: number;
  /** Exponential loss of dust per second (default 0: settling is the caller's). */
  densityDissipationPerS?: number;
  /** Exponential loss of velocity per second (default 0.05). */
  velocityDissipationPerS?: number;
  /** Rate at which the excess temperature relaxes to ambient, 1/s (default 0.5). */
  coolingPerS?: number;
  /** Pressure solve stops at this residual relative to the divergence it removes (default 1e-4). */
  pressureTolerance?: number;
  /** Most CG iterations per step (default 40). */
  maxPressureIterations?: number;
}

type SolverParams = Required<Omit<DustSolverOptions, keyof DustGridBox>>;

export const DUST_SOLVER_DEFAULTS: SolverParams = {
  buoyancyMps2PerK: 9.81 / 293,
  dustWeightMps2PerGPerM3: 9.81 / 1200,
  vorticityEps: 0.4,
  densityDissipationPerS: 0,
  velocityDissipationPerS: 0.05,
  coolingPerS: 0.5,
  pressureTolerance: 1e-4,
  maxPressureIterations: 40,
};

/** Allowed range per option: [min, max, integer]. */
const RANGES: Record<keyof SolverParams, [number, number, boolean]> = {
  buoyancyMps2PerK: [0, 1, false],
  dustWeightMps2PerGPerM3: [0, 1, false],
  vorticityEps: [0, 5, false],
  densityDissipationPerS: [0, 100, false],
  velocityDissipationPerS: [0, 100, false],
  coolingPerS: [0, 100, false],
  pressureTolerance: [1e-8, 0.1, false],
  maxPressureIterations: [1, 1000, true],
};

export interface DustStepStats {
  /** Largest |∇·u| over the fluid cells right after the projection, 1/s. */
  maxDivergencePerS: number;
  /** CG iterations of the projection. */
  pressureIterations: number;
  /** Cells in the active box processed this step. */
  activeCells: number;
  /** Dust in the grid at the end of the step, grams. */
  totalMassG: number;
}

export interface DustSolver {
  readonly box: DustGridBox;
  /** g/m³ per cell, cell-centred, index i + nx·(j + ny·k). The same array for the solver's life. */
  readonly density: Float32Array;
  /** Excess temperature over ambient per cell, kelvin. The same array for the solver's life. */
  readonly temperatureK: Float32Array;
  /**
   * Per-cell solid flags (non-zero = solid; null = none) and optional solid velocities (3
   * floats per cell, m/s): walls for the air, and moving pieces push it. Both are copied.
   */
  setSolids(solid: Uint8Array | null, velocityMps?: Float32Array | null): void;
  /** Adds a smooth blob: exactly massG grams into the grid (see splatSource). */
  splat(src: DustSource): void;
  /** Forces → projection → advection → dissipation; stats of the projection and the mass after. */
  step(dtS: number): DustStepStats;
  /** Dust in the grid, grams. */
  totalMassG(): number;
  /** Air velocity at a world point (trilinear on the MAC grid), m/s, into out[0..2]; 0 outside the grid. */
  velocityAt(xM: number, yM: number, zM: number, out: Float32Array): void;
  /** The box processed by the last step (cells), for inspection. */
  activeBox(): CellBox;
}

/** Fewest cells of quiet air kept around the active cells (plus the step's travel). */
const MARGIN_CELLS = 3;
const EPS_RHO_G_PER_M3 = 1e-5;
const EPS_TMP_K = 1e-3;
const EPS_SPEED_MPS = 1e-3;
/**
 * Air moving slower than this share of the fastest is quiet too: the projection's far field
 * (on the tower-collapse example 5% instead of 1% keeps the cloud's mass, peak and extent
 * within 0.01% and costs a third less).
 */
const EPS_SPEED_SHARE = 0.05;

function resolveParams(options: DustSolverOptions): SolverParams {
  const out = { ...DUST_SOLVER_DEFAULTS };
  for (const key of Object.keys(RANGES) as (keyof SolverParams)[]) {
    const value = options[key];
    if (value === undefined) continue;
    const [min, max, integer] = RANGES[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      const code = 'dust.out_of_range';
      const allowed = `${integer ? 'an integer' : 'a number'} in ${min}..${max}`;
      throw new InputError(`dust solver: ${key} must be ${allowed}`, code, [{ code, path: key, allowed, received: value }]);
    }
    out[key] = value;
  }
  return out;
}

/** A solver for the grid of `options`, empty and at rest; invalid options throw InputError naming the field and its range. */
export function createDustSolver(options: DustSolverOptions): DustSolver {
  const g = createGrid(options);
  const params = resolveParams(options);
  const { nx, ny, nz, cells, cellM: h } = g;
  const rho = new Float32Array(cells);
  const tmp = new Float32Array(cells);
  const pressure = new Float32Array(cells);
  const u = new Float32Array(g.uSize);
  const v = new Float32Array(g.vSize);
  const w = new Float32Array(g.wSize);
  const rhoOld = new Float32Array(cells);
  const tmpOld = new Float32Array(cells);
  const uOld = new Float32Array(g.uSize);
  const vOld = new Float32Array(g.vSize);
  const wOld = new Float32Array(g.wSize);
  const faceMax = Math.max(g.uSize, g.vSize, g.wSize);
  const work = createPressureWork(g);
  // The pressure solver's vectors are free outside the projection: advection scratch.
  const scratch: AdvectScratch = { hat: new Float32Array(faceMax), lo: work.r, hi: work.z, dx: new Float32Array(faceMax), dy: work.d, dz: work.q };
  const solids = createSolidState();
  let box = emptyBox();
  let pending = emptyBox();
  let lastMaxSpeed = 0;
  let solidsVersion = 0;
  const gridBox: DustGridBox = { originM: [...g.originM], cellM: h, dims: [nx, ny, nz] };

  /** Σ density · cell volume over the box and whatever was splatted since (zero elsewhere). */
  function massG(): number {
    const r = copyBox(box);
    unionInto(r, pending);
    let s = 0;
    for (let k = r.k0; k < r.k1; k++) {
      for (let j = r.j0; j < r.j1; j++) {
        const row = nx * (j + ny * k);
        for (let i = row + r.i0; i < row + r.i1; i++) s += rho[i];
      }
    }
    return s * h * h * h;
  }

  function setBox(next: CellBox): void {
    zeroOutside(rho, nx, ny, box, next);
    zeroOutside(tmp, nx, ny, box, next);
    zeroOutside(pressure, nx, ny, box, next);
    zeroOutside(u, nx + 1, ny, faceRange(box, 0), faceRange(next, 0));
    zeroOutside(v, nx, ny + 1, faceRange(box, 1), faceRange(next, 1));
    zeroOutside(w, nx, ny, faceRange(box, 2), faceRange(next, 2));
    box = next;
  }

  return {
    box: gridBox,
    density: rho,
    temperatureK: tmp,
    setSolids(solid, velocityMps) {
      setSolidCells(g, solids, solid, velocityMps, rho, tmp);
      solidsVersion++;
      unionInto(pending, solids.movingBox);
      unionInto(pending, solids.pushedBox);
    },
    splat(src) {
      unionInto(pending, splatSource(g, src, rho, tmp, u, v, w, solids.type));
    },
    step(dtS) {
      if (!(Number.isFinite(dtS) && dtS > 0 && dtS <= 1)) {
        const code = 'dust.out_of_range';
        throw new InputError('dust solver: dtS must be a number in (0, 1] seconds', code, [{ code, path: 'dtS', allowed: '(0, 1]', received: dtS }]);
      }
      // The active box: what moved or holds dust, plus the step's travel, plus moving solids.
      const region = copyBox(box);
      unionInto(region, pending);
      unionInto(region, solids.movingBox);
      pending = emptyBox();
      const speedEps = Math.max(EPS_SPEED_MPS, EPS_SPEED_SHARE * lastMaxSpeed);
      const scan = scanActive(g, region, rho, tmp, u, v, w, { rho: EPS_RHO_G_PER_M3, tmp: EPS_TMP_K, speed: speedEps });
      lastMaxSpeed = scan.maxSpeedMps;
      const margin = MARGIN_CELLS + Math.ceil((scan.maxSpeedMps * dtS) / h);
      const next = dilateClip(scan.box, margin, g);
      unionInto(next, dilateClip(solids.movingBox, 2, g));
      setBox(next);
      if (isEmptyBox(box)) return { maxDivergencePerS: 0, pressureIterations: 0, activeCells: 0, totalMassG: 0 };

      const type = solids.type;
      applyForces(g, box, u, v, w, rho, tmp, type, params, { ox: work.r, oy: work.z, oz: work.d, mag: work.q }, dtS);
      applySolidVelocity(g, solids, u, v, w);
      const proj = project(g, box, work, u, v, w, type, solidsVersion, pressure, params.pressureTolerance, params.maxPressureIterations);

      rhoOld.set(rho);
      tmpOld.set(tmp);
      uOld.set(u);
      vOld.set(v);
      wOld.set(w);
      const keepV = Math.exp(-params.velocityDissipationPerS * dtS);
      advectVelocity(g, box, uOld, vOld, wOld, u, v, w, scratch, dtS, keepV);
      const keepRho = Math.exp(-params.densityDissipationPerS * dtS);
      const keepTmp = Math.exp(-params.coolingPerS * dtS);
      advectScalars(g, box, uOld, vOld, wOld, rhoOld, rho, tmpOld, tmp, scratch, type, dtS, keepRho, keepTmp);
      applySolidVelocity(g, solids, u, v, w);
      return {
        maxDivergencePerS: proj.maxDivergencePerS,
        pressureIterations: proj.iterations,
        activeCells: boxCells(box),
        totalMassG: massG(),
      };
    },
    totalMassG: massG,
    velocityAt(xM, yM, zM, out) {
      const x = (xM - g.originM[0]) / h;
      const y = (yM - g.originM[1]) / h;
      const z = (zM - g.originM[2]) / h;
      if (!(x >= 0 && x <= nx && y >= 0 && y <= ny && z >= 0 && z <= nz)) {
        out[0] = 0;
        out[1] = 0;
        out[2] = 0;
        return;
      }
      out[0] = lerp3(u, nx + 1, ny, nz, x, y - 0.5, z - 0.5);
      out[1] = lerp3(v, nx, ny + 1, nz, x - 0.5, y, z - 0.5);
      out[2] = lerp3(w, nx, ny, nz + 1, x - 0.5, y - 0.5, z);
    },
    activeBox: () => copyBox(box),
  };
}
