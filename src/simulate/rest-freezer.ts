import { GRAVITY_MAGNITUDE_MPS2 } from '../core/units.js';
import type { Piece } from '../fracture/fractured-doc.js';
import { pieceWorldBox } from './collider-shapes.js';
import type { PhysicsWorld } from './physics-world.js';

/** A cluster slower than this (m/s at its centre, and rad/s) counts as at rest. */
export const REST_SPEED_MPS = 0.15;
export const REST_SPIN_RADPS = 0.3;
/** How long a cluster must stay at rest before it is frozen, seconds. */
export const REST_HOLD_S = 0.4;
/** Rest and wake checks run every this many steps (a mover may lean on a frozen piece that long before it wakes). */
export const CHECK_EVERY_STEPS = 4;
/** A cluster whose centre moves faster than this (m/s) wakes the frozen clusters it may reach before the next check. */
export const WAKE_SPEED_MPS = 1;
/** ... and so does one whose rim (centre speed + spin × bounding radius) moves faster than this, m/s. */
export const WAKE_RIM_MPS = 2.5;
/** A frozen cluster wakes when one step's contact load exceeds this many times (its weight + the load it carried when it froze). */
export const WAKE_LOAD_FACTOR = 5;
/** A mover wakes the frozen clusters within this distance of its pieces' bounds (plus its sweep), metres. */
const NEIGHBOUR_MARGIN_M = 0.05;

export interface RestStats {
  /** Clusters frozen so far (a cluster frozen twice counts twice). */
  frozen: number;
  /** Frozen clusters woken again. */
  thawed: number;
}

/**
 * Deactivation for settled rubble, per body rather than per island: a cluster that stays
 * at rest for REST_HOLD_S becomes a fixed body, so a pile's resting pieces stop costing
 * contact and solver work while a few pieces still move on top of it. A frozen cluster
 * wakes (at rest, dynamic again) before a fast mover can reach it (a piece about to land on
 * it, or one of its supports knocked away), or when a contact load well above what it
 * carried when it froze says it was hit. Resting pieces move under
 * REST_SPEED_MPS, i.e. a few millimetres a frame, so freezing them does not show. Only
 * clusters whose pieces collide with everything are frozen (not ghosting or sliding ones).
 * Deterministic: clusters are visited in ascending id order.
 */
export class RestFreezer {
  private readonly calmChecks = new Map<number, number>();
  /** Frozen clusters and the contact load (N) that wakes each. */
  private readonly wakeLoadN = new Map<number, number>();
  private readonly stepLoad = new Map<number, number>();
  private readonly holdChecks: number;
  private step = 0;
  readonly stats: RestStats = { frozen: 0, thawed: 0 };

  constructor(
    private readonly world: PhysicsWorld,
    private readonly pieces: readonly Piece[],
    private readonly dtS: number,
  ) {
    this.holdChecks = Math.max(1, Math.round(REST_HOLD_S / dtS / CHECK_EVERY_STEPS));
  }

  isFrozen(id: number): boolean {
    return this.wakeLoadN.has(id);
  }

  /** Call once after every step with the step's contact load per piece (N, PhysicsWorld.step). */
  afterStep(load: Float64Array): void {
    this.stepLoad.clear();
    for (let i = 0; this.wakeLoadN.size > 0 && i < load.length; i++) {
      if (load[i] <= 0) continue;
      const id = this.world.clusterOf(i);
      if (this.wakeLoadN.has(id)) this.stepLoad.set(id, (this.stepLoad.get(id) ?? 0) + load[i]);
    }
    for (const [id, f] of [...this.stepLoad].sort((a, b) => a[0] - b[0])) {
      if (f > (this.wakeLoadN.get(id) ?? Infinity)) this.thaw(id);
    }
    if (++this.step % CHECK_EVERY_STEPS !== 0) return;
    const ids = this.world.clusterIds();
    const live = new Set(ids);
    // A split or regroup may have replaced a frozen cluster (its parts are dynamic again).
    for (const id of [...this.wakeLoadN.keys()]) if (!live.has(id)) this.wakeLoadN.delete(id);
    for (const id of [...this.calmChecks.keys()]) if (!live.has(id)) this.calmChecks.delete(id);
    const movers: { id: number; speedMps: number }[] = [];
    for (const id of ids) {
      if (this.wakeLoadN.has(id)) continue;
      const m = this.world.clusterMotion(id);
      const rimMps = m.speedMps + m.spinRadps * m.radiusM;
      if (m.speedMps > WAKE_SPEED_MPS || rimMps > WAKE_RIM_MPS) movers.push({ id, speedMps: rimMps });
      if (m.speedMps < REST_SPEED_MPS && m.spinRadps < REST_SPIN_RADPS && this.collidesFully(id)) {
        const n = (this.calmChecks.get(id) ?? 0) + 1;
        this.calmChecks.set(id, n);
        if (n >= this.holdChecks) this.freeze(id, load);
      } else {
        this.calmChecks.delete(id);
      }
    }
    if (this.wakeLoadN.size === 0) return;
    // Wake what a mover may reach before the next check: it then meets a body that can give.
    const reach = (speedMps: number): number => NEIGHBOUR_MARGIN_M + speedMps * (CHECK_EVERY_STEPS + 1) * this.dtS;
    const ahead = new Set<number>();
    for (const m of movers) {
      for (const i of this.world.clusterPieces(m.id)) {
        const { t, r } = this.world.pose(i);
        const box = pieceWorldBox(this.pieces[i], t, r);
        this.addFrozenIn(box.center, box.half.map((h) => h + reach(m.speedMps)), m.id, ahead);
      }
    }
    for (const p of this.world.projectileMotions()) {
      const half = p.radiusM + reach(p.speedMps);
      if (p.speedMps > WAKE_SPEED_MPS) this.addFrozenIn(p.centerM, [half, half, half], -1, ahead);
    }
    for (const id of [...ahead].sort((a, b) => a - b)) this.thaw(id);
  }

  private addFrozenIn(center: readonly number[], half: readonly number[], except: number, out: Set<number>): void {
    for (const id of this.world.clustersInBox(center, half)) if (id !== except && this.wakeLoadN.has(id)) out.add(id);
  }

  /** Whether every piece of the cluster collides with everything (no ghost or sliding role). */
  private collidesFully(id: number): boolean {
    return this.world.clusterPieces(id).every((i) => this.world.roleOf(i) === 'default' || this.world.roleOf(i) === 'cluster');
  }

  private freeze(id: number, load: Float64Array): void {
    let carried = 0;
    let massKg = 0;
    for (const i of this.world.clusterPieces(id)) (carried += load[i]), (massKg += this.pieces[i].massKg);
    this.wakeLoadN.set(id, WAKE_LOAD_FACTOR * (carried + massKg * GRAVITY_MAGNITUDE_MPS2));
    this.world.holdCluster(id, true);
    this.calmChecks.delete(id);
    this.stats.frozen++;
  }

  private thaw(id: number): void {
    if (!this.wakeLoadN.delete(id)) return;
    this.world.holdCluster(id, false);
    this.stats.thawed++;
  }
}
