import type { SimEvent } from '../simulate/sim-cache.js';
import type { Piece } from '../fracture/fractured-doc.js';
import type { DustPlan } from './dust-plan.js';
import { DUST_G_PER_KG } from './dust-plan.js';
import type { DustSource } from './dust-solver.js';

/** Floats per piece in a simulation frame (position, rotation, linear and angular velocity). */
const STRIDE = 13;
/** Share of a low impact's dust that goes into the ground surge (floors pancaking push it out). */
const SURGE_SHARE = 0.7;
/** Pieces faster than this trail dust, m/s (a 4 m fall). */
const TRAIL_SPEED_MPS = 9;
/** Dust a fast piece sheds per metre it travels, grams (amount 1). */
const TRAIL_G_PER_M = 8;
/** At most this many trailing pieces per frame (the fastest). */
const MAX_TRAILS = 24;
/** Temperature excess of break puffs and impact bursts, K: collapse dust billows up. */
const PUFF_TEMPERATURE_K = 14;
/** Impacts lower than this share of the building height (plus 2 m) feed the surge. */
const GROUND_SHARE = 0.3;
/** Points around the footprint the surge leaves from. */
const SURGE_POINTS = 28;

/** One event's dust: where, how much and how fast, before bucketing. */
interface Emission {
  timeS: number;
  center: [number, number, number];
  massG: number;
  velocity: [number, number, number];
  radiusM: number;
  temperatureK: number;
}

/**
 * Where the dust comes from, as a schedule over time: a puff at every failure and bond break,
 * a burst at every impact, each in proportion to the energy it dissipates (breaks count half),
 * and a ground-hugging surge around the footprint fed by the low impacts of falling floors. The total mass of puffs, bursts and surge is
 * `amount × DUST_G_PER_KG × mass of the source pieces involved`; trails of fast pieces come on
 * top (`trailsAt`). Deterministic: ordered by event order, no randomness.
 */
export class DustEmission {
  private readonly emissions: Emission[] = [];
  private cursor = 0;
  readonly totalMassG: number;
  private readonly sourcePiece: Uint8Array;

  constructor(
    private readonly plan: DustPlan,
    pieces: readonly Piece[],
    events: readonly SimEvent[],
  ) {
    this.sourcePiece = new Uint8Array(pieces.length);
    for (const p of pieces) if (plan.sourceIds.includes(p.buildingId)) this.sourcePiece[p.index] = 1;
    const involved = new Uint8Array(pieces.length);
    const mine = events.filter((e) => this.sourcePiece[e.pieceIndex] === 1 || (e.otherIndex >= 0 && this.sourcePiece[e.otherIndex] === 1));
    let involvedKg = 0;
    for (const e of mine) {
      for (const i of [e.pieceIndex, e.otherIndex]) {
        if (i >= 0 && !involved[i]) {
          involved[i] = 1;
          involvedKg += pieces[i].massKg;
        }
      }
    }
    this.totalMassG = plan.amount * DUST_G_PER_KG * involvedKg;
    // Crushing makes the dust: each event's share is proportional to the energy it dissipates, so
    // the floors crashing on to the rubble raise most of it, not the pieces grinding inside a falling block.
    // Dust pours out low down: an event at the roof counts a fifth of one at street level.
    const height = Math.max(1, plan.footprint.heightM);
    const low = (y: number) => 1 - 0.8 * Math.min(1, Math.max(0, y / height));
    const weight = (e: SimEvent) => (e.type === 'impact' ? 1 : 0.5) * Math.max(1, e.energyJ) * low(e.positionM[1]);
    const sumW = mine.reduce((s, e) => s + weight(e), 0);
    if (sumW === 0 || this.totalMassG === 0) return;
    const fp = plan.footprint;
    const groundY = GROUND_SHARE * fp.heightM + 2;
    const centre: [number, number] = [(fp.minX + fp.maxX) / 2, (fp.minZ + fp.maxZ) / 2];
    const cell = plan.box.cellM;
    const surgeSpeed = Math.min(22, 3 + 0.3 * plan.surgeDistanceM);
    for (const e of mine) {
      const massG = (this.totalMassG * weight(e)) / sumW;
      const [nx, ny, nz] = e.normal;
      const speed = e.type === 'impact' ? 3 : 1.5;
      const r = Math.max(1.5 * cell, e.type === 'impact' ? Math.min(4, 0.5 * Math.pow(Math.max(1, e.energyJ), 0.15)) : 1);
      const low = e.type === 'impact' && e.positionM[1] < groundY;
      const puffShare = low && plan.surgeDistanceM > 0 ? 1 - SURGE_SHARE : 1;
      this.emissions.push({
        timeS: e.timeS,
        center: [...e.positionM],
        massG: massG * puffShare,
        velocity: [nx * speed, Math.abs(ny) * speed + 1, nz * speed],
        radiusM: r,
        temperatureK: PUFF_TEMPERATURE_K,
      });
      if (!low || plan.surgeDistanceM <= 0) continue;
      // The surge: air and dust squeezed out at street level, radially from the footprint.
      const surgeG = massG * SURGE_SHARE;
      for (let k = 0; k < SURGE_POINTS; k++) {
        const a = (2 * Math.PI * (k + 0.5)) / SURGE_POINTS;
        const dx = Math.cos(a);
        const dz = Math.sin(a);
        // Where the ray from the centre leaves the footprint rectangle.
        const tx = dx !== 0 ? (dx > 0 ? fp.maxX - centre[0] : centre[0] - fp.minX) / Math.abs(dx) : Infinity;
        const tz = dz !== 0 ? (dz > 0 ? fp.maxZ - centre[1] : centre[1] - fp.minZ) / Math.abs(dz) : Infinity;
        const t = Math.min(tx, tz) + 1;
        this.emissions.push({
          timeS: e.timeS,
          center: [centre[0] + dx * t, Math.max(1, 1.5 * cell), centre[1] + dz * t],
          massG: surgeG / SURGE_POINTS,
          velocity: [dx * surgeSpeed, 0.3, dz * surgeSpeed],
          radiusM: Math.max(2 * cell, 1.5),
          temperatureK: 2,
        });
      }
    }
  }

  /**
   * The sources of events in (fromS, toS], merged per bucket of 2 m (or 2 cells) so a frame
   * with thousands of breaks costs a bounded number of splats.
   */
  eventsBetween(fromS: number, toS: number): DustSource[] {
    const bucket = Math.max(2, 2 * this.plan.box.cellM);
    const merged = new Map<string, { m: number; c: number[]; v: number[]; r: number; t: number }>();
    while (this.cursor < this.emissions.length && this.emissions[this.cursor].timeS <= toS) {
      const e = this.emissions[this.cursor++];
      if (e.timeS <= fromS) continue;
      const key = `${Math.floor(e.center[0] / bucket)},${Math.floor(e.center[1] / bucket)},${Math.floor(e.center[2] / bucket)},${e.temperatureK}`;
      let b = merged.get(key);
      if (!b) merged.set(key, (b = { m: 0, c: [0, 0, 0], v: [0, 0, 0], r: 0, t: e.temperatureK }));
      b.m += e.massG;
      for (let a = 0; a < 3; a++) {
        b.c[a] += e.center[a] * e.massG;
        b.v[a] += e.velocity[a] * e.massG;
      }
      b.r = Math.max(b.r, e.radiusM);
    }
    const out: DustSource[] = [];
    for (const b of merged.values()) {
      if (b.m <= 0) continue;
      out.push({
        centerM: [b.c[0] / b.m, b.c[1] / b.m, b.c[2] / b.m],
        radiusM: b.r,
        massG: b.m,
        temperatureK: b.t,
        velocityMps: [b.v[0] / b.m, b.v[1] / b.m, b.v[2] / b.m],
      });
    }
    return out;
  }

  /** Trails: the fastest source pieces shed dust along their path over a frame of `dtS`. */
  trailsAt(poses: Float32Array, dtS: number): DustSource[] {
    const fast: { i: number; s: number }[] = [];
    const n = this.sourcePiece.length;
    for (let i = 0; i < n; i++) {
      if (!this.sourcePiece[i]) continue;
      const o = i * STRIDE;
      const s = Math.hypot(poses[o + 7], poses[o + 8], poses[o + 9]);
      if (s > TRAIL_SPEED_MPS) fast.push({ i, s });
    }
    fast.sort((a, b) => b.s - a.s || a.i - b.i);
    return fast.slice(0, MAX_TRAILS).map(({ i, s }) => {
      const o = i * STRIDE;
      return {
        centerM: [poses[o], poses[o + 1], poses[o + 2]] as [number, number, number],
        radiusM: Math.max(1.5 * this.plan.box.cellM, 1),
        massG: this.plan.amount * TRAIL_G_PER_M * s * dtS,
        temperatureK: PUFF_TEMPERATURE_K / 2,
        velocityMps: [poses[o + 7] * 0.3, poses[o + 8] * 0.3, poses[o + 9] * 0.3] as [number, number, number],
      };
    });
  }
}
