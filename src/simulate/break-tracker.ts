import type { Rng } from '../core/rng.js';
import type { Vec3 } from '../core/units.js';
import { GRAVITY_MAGNITUDE_MPS2 } from '../core/units.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { SceneCollapse } from '../scene/scene-doc.js';
import type { BondState } from './bond-state.js';
import type { FailureStep } from './failure-plan.js';
import { isBearing, weakenFactor } from './failure-plan.js';
import { crushLimits } from './crush-limits.js';
import type { PhysicsWorld } from './physics-world.js';
import type { SimEvent } from './sim-cache.js';

/** A hit is an impact event when the contact force exceeds this many times the body's weight. */
const IMPACT_WEIGHT_FACTOR = 20;
const IMPACT_REPEAT_S = 0.5;
const IMPACT_MIN_KG = 1000;
const IMPACT_MIN_MPS = 2;
/** How long a crushed column or wall lets the falling structure through, seconds. */
export const CRUSH_GHOST_S = 0.3;
/** Below this deceleration (in g) a cluster's joints carry no inertial load. */
const INERTIA_MIN_G = 3;
/** A cluster decelerated harder than this (in g, times strengthScale) shatters into its pieces. */
export const SHATTER_G = 4;
/** Joint bonds within this height of each other form one level. */
const LEVEL_TOL_M = 0.4;

/**
 * Keeps the physics bodies in step with the bond graph: breaks bonds whose load exceeds
 * their strength, splits clusters into their connected components, frees standing pieces
 * that lost their path to the ground, and reports what happened as events.
 */
export class BreakTracker {
  private readonly scale: Float64Array;
  private readonly weakened: Float64Array;
  private readonly lastImpact = new Map<number, number>();

  constructor(
    private readonly world: PhysicsWorld,
    private readonly bonds: BondState,
    private readonly doc: FracturedDoc,
    private readonly collapses: SceneCollapse[],
  ) {
    const byBuilding = new Map(collapses.map((c) => [c.targetId, c.strengthScale]));
    this.progressive = new Set(collapses.filter((c) => c.mode === 'pancake' || c.mode === 'implode').map((c) => c.targetId));
    this.scale = Float64Array.from(bonds.bonds, (b) => byBuilding.get(doc.pieces[b.a].buildingId) ?? 1);
    this.weakened = new Float64Array(bonds.bonds.length).fill(1);
    this.crushN = crushLimits(doc, byBuilding);
  }

  /** Contact load (N) that crushes a standing piece: CRUSH_SAFETY × its share of the weight above its storey. */
  private readonly crushN: Float64Array;

  /** Pieces sliding past the standing structure (see FailureStep.slideS) until the time given. */
  readonly sliding = new Map<number, number>();
  /** Buildings that come straight down (pancake, implode): their crushed columns and walls give way. A topple needs its hinge, a partial collapse its standing rest. */
  private readonly progressive: Set<string>;
  /** Columns and walls broken free under load, which the falling structure passes through until the time given. */
  readonly crushed = new Map<number, number>();

  /** Applies a planned failure: blown-out pieces fly (ghosting), released parts move. */
  applyFailure(step: FailureStep, nowS: number, rng: Rng, kickMps: number): SimEvent[] {
    const events: SimEvent[] = [];
    const origin = (i: number) => this.doc.scene.buildings.find((b) => b.id === this.doc.pieces[i].buildingId)?.originM ?? [0, 0, 0];
    for (const i of step.failPieces) {
      const p = this.doc.pieces[i];
      const o = origin(i);
      const dx = p.centerM[0] - o[0];
      const dz = p.centerM[2] - o[2];
      const len = Math.hypot(dx, dz) || 1;
      const speed = kickMps * rng.range(0.6, 1.4);
      const v: Vec3 = [(dx / len) * speed, rng.range(-0.5, 0.5), (dz / len) * speed];
      // Spin in proportion to the kick: the rim of a long piece should not outrun its centre.
      const spin = kickMps / Math.max(0.5, ...p.sizeM);
      const w: Vec3 = [rng.range(-spin, spin), rng.range(-spin, spin), rng.range(-spin, spin)];
      this.world.regroup([[i]], () => ({ v, w }), 'failed');
      events.push(this.event('failure', i, -1, nowS, [dx / len, 0, dz / len], 0.5 * p.massKg * speed * speed, 0));
    }
    const neighbours = step.failPieces.flatMap((i) => this.bonds.byPiece[i].map((b) => this.bonds.other(b, i)));
    this.resolve([...step.failPieces, ...neighbours, ...step.releaseBonds.flatMap((b) => [this.bonds.bonds[b].a, this.bonds.bonds[b].b])]);
    if (step.slideS) {
      for (const b of step.releaseBonds) {
        for (const i of [this.bonds.bonds[b].a, this.bonds.bonds[b].b]) {
          if (this.world.isFixed(i)) continue;
          for (const j of this.world.clusterPieces(this.world.clusterOf(i))) {
            if (!this.sliding.has(j)) {
              this.world.setRole(j, 'sliding');
              this.sliding.set(j, nowS + step.slideS);
            }
          }
        }
      }
    }
    if (step.tip) {
      const target = step.tip.towards;
      const clusters = new Set(step.tip.pieces.map((i) => this.world.clusterOf(i)).filter((c) => c !== 0));
      for (const id of [...clusters].sort((a, b) => a - b)) {
        const members = [...this.world.clusterPieces(id)];
        const baseY = Math.min(...members.map((i) => this.world.pose(i).t[1]));
        this.world.regroup(
          [members],
          (_, com) => {
            const d = [target[0] - com[0], 0, target[2] - com[2]];
            const l = Math.hypot(d[0], d[2]) || 1;
            // Axis = up × d: rotating about it moves the top towards the target. The body
            // turns about its base, so its centre moves too: v = ω × (com − base).
            const w: Vec3 = [(d[2] / l) * step.tip!.radps, 0, (-d[0] / l) * step.tip!.radps];
            const h = com[1] - baseY;
            return { v: [-w[2] * h, 0, w[0] * h], w };
          },
          'cluster',
        );
      }
    }
    return events;
  }

  /** Reads the step's contact loads: breaks overloaded bonds, splits and frees; returns events. */
  afterStep(load: Float64Array, timeS: number): SimEvent[] {
    const events: SimEvent[] = [];
    const bondLoad = new Map<number, number>();
    for (let i = 0; i < load.length; i++) {
      if (load[i] <= 0) continue;
      const live = this.bonds.byPiece[i].filter((b) => !this.bonds.broken[b]);
      for (const b of live) bondLoad.set(b, (bondLoad.get(b) ?? 0) + load[i] / live.length);
    }
    this.addInertialLoads(load, bondLoad);
    const touched: number[] = [];
    for (let i = 0; i < load.length; i++) {
      if (load[i] > this.crushN[i] && this.world.isFixed(i)) {
        for (const b of this.bonds.byPiece[i]) {
          if (this.bonds.broken[b]) continue;
          this.bonds.broken[b] = 1;
          events.push(this.bondEvent(b, timeS, load[i]));
        }
        touched.push(i);
      }
    }
    for (const b of [...bondLoad.keys()].sort((x, y) => x - y)) {
      const bond = this.bonds.bonds[b];
      const f = bondLoad.get(b) as number;
      if (f > bond.strengthN * this.scale[b] * this.weakened[b]) {
        this.bonds.broken[b] = 1;
        touched.push(bond.a, bond.b);
        events.push(this.bondEvent(b, timeS, f));
      }
    }
    const crushedNow = touched.filter((i) => this.progressive.has(this.doc.pieces[i].buildingId) && isBearing(this.doc.pieces[i]));
    if (touched.length) this.resolve(touched);
    // A column or wall that broke free under load (crushed, or its bonds overloaded) has lost
    // its bearing capacity: its rubble is pushed aside and the storeys above come down on to
    // the next floor (a loose rigid prop would hold them up).
    for (const i of crushedNow) {
      if (this.world.isFixed(i) || this.world.clusterPieces(this.world.clusterOf(i)).length !== 1) continue;
      this.world.setRole(i, 'failed');
      this.crushed.set(i, timeS + CRUSH_GHOST_S);
    }
    for (const id of this.world.clusterIds()) {
      const members = this.world.clusterPieces(id);
      let f = 0;
      let m = 0;
      for (const i of members) (f += load[i]), (m += this.doc.pieces[i].massKg);
      if (m < IMPACT_MIN_KG || f < IMPACT_WEIGHT_FACTOR * m * GRAVITY_MAGNITUDE_MPS2 || timeS - (this.lastImpact.get(id) ?? -Infinity) <= IMPACT_REPEAT_S) continue;
      const mo = this.world.motion(members[0]);
      const speed = Math.hypot(...mo.v);
      if (speed >= IMPACT_MIN_MPS) {
        this.lastImpact.set(id, timeS);
        const dir: Vec3 = speed > 1e-6 ? [mo.v[0] / speed, mo.v[1] / speed, mo.v[2] / speed] : [0, -1, 0];
        events.push(this.event('impact', members[0], -1, timeS, dir, 0.5 * m * speed * speed, f));
      }
    }
    return events;
  }

  /**
   * A cluster stopped hard by a contact decelerates as a whole: the joints between its
   * members carry the inertia of everything above them. Each joint bond at a level gets
   * (mass above the level × deceleration) / (joint bonds at that level).
   */
  private addInertialLoads(load: Float64Array, bondLoad: Map<number, number>): void {
    for (const id of this.world.clusterIds()) {
      const members = this.world.clusterPieces(id);
      if (members.length < 2) continue;
      let f = 0;
      let m = 0;
      for (const i of members) (f += load[i]), (m += this.doc.pieces[i].massKg);
      const accel = f / m;
      if (accel < INERTIA_MIN_G * GRAVITY_MAGNITUDE_MPS2) continue;
      if (accel > SHATTER_G * GRAVITY_MAGNITUDE_MPS2 * this.scale[this.bonds.byPiece[members[0]][0] ?? 0]) {
        // A hard stop shatters the whole cluster: every bond inside it lets go.
        for (const i of members) for (const b of this.bonds.byPiece[i]) if (!this.bonds.broken[b]) bondLoad.set(b, f);
        continue;
      }
      const inCluster = new Set(members);
      const joints: { b: number; y: number }[] = [];
      for (const i of members) {
        for (const b of this.bonds.byPiece[i]) {
          const bond = this.bonds.bonds[b];
          if (this.bonds.broken[b] || !bond.joint || bond.a !== i || !inCluster.has(bond.b)) continue;
          joints.push({ b, y: (this.doc.pieces[bond.a].centerM[1] + this.doc.pieces[bond.b].centerM[1]) / 2 });
        }
      }
      if (!joints.length) continue;
      joints.sort((x, z) => x.y - z.y || x.b - z.b);
      const ys = members.map((i) => [this.doc.pieces[i].centerM[1], this.doc.pieces[i].massKg]).sort((x, z) => x[0] - z[0]);
      for (let k = 0; k < joints.length; ) {
        let e = k;
        while (e < joints.length && joints[e].y - joints[k].y < LEVEL_TOL_M) e++;
        const y = joints[k].y;
        let above = 0;
        for (const [py, pm] of ys) if (py > y) above += pm;
        const share = (above * accel) / (e - k);
        for (let j = k; j < e; j++) bondLoad.set(joints[j].b, (bondLoad.get(joints[j].b) ?? 0) + share);
        k = e;
      }
    }
  }

  /** Updates the weakening keyframes at time t; bonds at 5% strength or less let go. */
  applyWeakening(timeS: number): void {
    const keyed = this.collapses.filter((c) => c.weaken.length > 0);
    if (!keyed.length) return;
    const touched: number[] = [];
    this.bonds.bonds.forEach((bond, b) => {
      if (this.bonds.broken[b]) return;
      const pa = this.doc.pieces[bond.a];
      const c = keyed.find((k) => k.targetId === pa.buildingId);
      if (!c) return;
      const mid = pa.centerM.map((v, k) => (v + this.doc.pieces[bond.b].centerM[k]) / 2);
      this.weakened[b] = weakenFactor(c, mid, timeS);
      if (this.weakened[b] <= 0.05) {
        this.bonds.broken[b] = 1;
        touched.push(bond.a, bond.b);
      }
    });
    if (touched.length) this.resolve(touched);
  }

  /** Splits clusters and frees standing pieces after bonds of `pieces` broke. */
  private resolve(pieces: number[]): void {
    const clusters = new Set(pieces.map((i) => this.world.clusterOf(i)).filter((c) => c !== 0));
    for (const id of [...clusters].sort((a, b) => a - b)) {
      const comps = this.bonds.components(this.world.clusterPieces(id));
      if (comps.length > 1) this.world.split(id, comps, 'cluster');
    }
    if (pieces.some((i) => this.world.isFixed(i))) {
      const standing: number[] = [];
      for (let i = 0; i < this.doc.pieces.length; i++) if (this.world.isFixed(i)) standing.push(i);
      const anchored = this.bonds.anchored(standing);
      const loose = standing.filter((i) => !anchored.has(i));
      if (loose.length) this.world.regroup(this.bonds.components(loose), undefined, 'cluster');
    }
  }

  private bondEvent(b: number, timeS: number, forceN: number): SimEvent {
    const { a, b: c } = this.bonds.bonds[b];
    const pa = this.world.pose(a).t;
    const pc = this.world.pose(c).t;
    const n: Vec3 = [pc[0] - pa[0], pc[1] - pa[1], pc[2] - pa[2]];
    const l = Math.hypot(...n) || 1;
    const va = this.world.motion(a).v;
    const vc = this.world.motion(c).v;
    const ma = this.doc.pieces[a].massKg;
    const mc = this.doc.pieces[c].massKg;
    const rel2 = (va[0] - vc[0]) ** 2 + (va[1] - vc[1]) ** 2 + (va[2] - vc[2]) ** 2;
    const e = this.event('bond_break', a, c, timeS, [n[0] / l, n[1] / l, n[2] / l], 0.5 * ((ma * mc) / (ma + mc)) * rel2, forceN);
    e.positionM = [(pa[0] + pc[0]) / 2, (pa[1] + pc[1]) / 2, (pa[2] + pc[2]) / 2].map(round3) as Vec3;
    return e;
  }

  private event(type: SimEvent['type'], piece: number, other: number, timeS: number, normal: Vec3, energyJ: number, forceN: number): SimEvent {
    const pos = this.world.pose(piece).t;
    const mats = [this.doc.pieces[piece].material, ...(other >= 0 ? [this.doc.pieces[other].material] : [])];
    return {
      timeS: round6(timeS),
      type,
      pieceIndex: piece,
      otherIndex: other,
      positionM: pos.map(round3) as Vec3,
      normal: normal.map(round3) as Vec3,
      energyJ: Math.round(energyJ),
      forceN: Math.round(forceN),
      materials: mats,
    };
  }
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
