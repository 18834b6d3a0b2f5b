import RAPIER from '@dimforge/rapier3d-deterministic-compat';
import type { Piece } from '../fracture/fractured-doc.js';
import { GRAVITY_MPS2, MATERIAL_DENSITY_KG_M3 } from '../core/units.js';
import type { Vec3 } from '../core/units.js';
import { FLOATS_PER_PIECE } from './sim-cache.js';

type Body = InstanceType<typeof RAPIER.RigidBody>;
type World = InstanceType<typeof RAPIER.World>;

let rapierReady: Promise<void> | null = null;
/** Loads Rapier's WASM once per process. */
export function initRapier(): Promise<void> {
  rapierReady ??= RAPIER.init();
  return rapierReady;
}

export const PIECE_FRICTION = 0.7;
export const PIECE_RESTITUTION = 0.05;
/** Contact force (N) above which Rapier reports a contact pair to us. */
const EVENT_THRESHOLD_N = 5000;

type PieceState = 'fixed' | 'cluster' | 'free';

/**
 * Collision groups (Rapier packs membership in the high 16 bits, filter in the low 16).
 * Pieces of a failed storey are blown out and, for a moment, pass through the clusters
 * above them: the charge has destroyed their bearing capacity.
 */
export type CollisionRole = 'default' | 'failed' | 'cluster';
const GROUPS: Record<CollisionRole, number> = {
  default: (0x0001 << 16) | 0xffff,
  failed: (0x0002 << 16) | (0xffff & ~0x0004),
  cluster: (0x0004 << 16) | (0xffff & ~0x0002),
};

interface PieceSlot {
  state: PieceState;
  body: Body;
  collider: number;
  cluster: number;
}

/**
 * The Rapier adapter (deterministic build). Engine handles stay inside; callers talk in
 * piece indices. Bodies and colliders are created in ascending piece order.
 */
export class PhysicsWorld {
  private readonly world: World;
  private readonly events: InstanceType<typeof RAPIER.EventQueue>;
  private readonly slots: PieceSlot[] = [];
  private readonly colliderToPiece = new Map<number, number>();
  private readonly clusters = new Map<number, { body: Body; pieces: number[] }>();
  private nextCluster = 1;

  private constructor(private readonly pieces: Piece[], dtS: number) {
    this.world = new RAPIER.World({ x: GRAVITY_MPS2[0], y: GRAVITY_MPS2[1], z: GRAVITY_MPS2[2] });
    this.world.timestep = dtS;
    this.events = new RAPIER.EventQueue(true);
  }

  static async create(pieces: Piece[], dtS: number, groundTopY: number): Promise<PhysicsWorld> {
    await initRapier();
    const w = new PhysicsWorld(pieces, dtS);
    const ground = w.world.createRigidBody(RAPIER.RigidBodyDesc.fixed().setTranslation(0, groundTopY - 5, 0));
    w.world.createCollider(RAPIER.ColliderDesc.cuboid(2000, 5, 2000).setFriction(0.9), ground);
    for (const p of pieces) {
      const body = w.world.createRigidBody(
        RAPIER.RigidBodyDesc.fixed().setTranslation(...p.centerM).setRotation(quat(p.rotation)),
      );
      const collider = w.attach(p, body, [0, 0, 0]);
      w.slots.push({ state: 'fixed', body, collider, cluster: 0 });
    }
    return w;
  }

  private attach(p: Piece, body: Body, offset: Vec3, rotation = p.rotation, role: CollisionRole = 'default'): number {
    const shape = RAPIER.ColliderDesc.convexHull(new Float32Array(p.hull.vertices)) ?? RAPIER.ColliderDesc.cuboid(p.sizeM[0] / 2, p.sizeM[1] / 2, p.sizeM[2] / 2);
    const desc = shape
      .setTranslation(...offset)
      .setRotation(quat(rotation))
      .setDensity(MATERIAL_DENSITY_KG_M3[p.material])
      .setFriction(PIECE_FRICTION)
      .setRestitution(PIECE_RESTITUTION)
      .setActiveEvents(RAPIER.ActiveEvents.CONTACT_FORCE_EVENTS)
      .setContactForceEventThreshold(EVENT_THRESHOLD_N)
      .setCollisionGroups(GROUPS[role]);
    const c = this.world.createCollider(desc, body);
    this.colliderToPiece.set(c.handle, p.index);
    return c.handle;
  }

  private detach(index: number): void {
    const slot = this.slots[index];
    this.colliderToPiece.delete(slot.collider);
  }

  stateOf(index: number): PieceState {
    return this.slots[index].state;
  }

  /** World pose of a piece's collider. */
  private pose(index: number): { t: Vec3; r: [number, number, number, number] } {
    const c = this.world.getCollider(this.slots[index].collider);
    const t = c.translation();
    const r = c.rotation();
    return { t: [t.x, t.y, t.z], r: [r.x, r.y, r.z, r.w] };
  }

  /** Turns standing pieces into one falling compound body. Returns the cluster id. */
  makeCluster(indices: number[]): number {
    let mass = 0;
    const com: Vec3 = [0, 0, 0];
    const poses = indices.map((i) => this.pose(i));
    indices.forEach((i, k) => {
      const m = this.pieces[i].massKg;
      mass += m;
      for (let a = 0; a < 3; a++) com[a] += poses[k].t[a] * m;
    });
    for (let a = 0; a < 3; a++) com[a] /= mass;
    const body = this.world.createRigidBody(RAPIER.RigidBodyDesc.dynamic().setTranslation(...com));
    const id = this.nextCluster++;
    indices.forEach((i, k) => {
      this.removeBodyOf(i);
      const off: Vec3 = [poses[k].t[0] - com[0], poses[k].t[1] - com[1], poses[k].t[2] - com[2]];
      const collider = this.attach(this.pieces[i], body, off, poses[k].r, 'cluster');
      this.slots[i] = { state: 'cluster', body, collider, cluster: id };
    });
    this.clusters.set(id, { body, pieces: [...indices] });
    return id;
  }

  private removeBodyOf(index: number): void {
    const slot = this.slots[index];
    this.detach(index);
    if (slot.state === 'cluster') {
      this.world.removeCollider(this.world.getCollider(slot.collider), false);
    } else {
      this.world.removeRigidBody(slot.body);
    }
  }

  /** Frees a piece as its own dynamic body, keeping its pose and current velocity (+ kick). */
  releasePiece(index: number, kickMps: Vec3 = [0, 0, 0], spinRadps: Vec3 = [0, 0, 0], role: CollisionRole = 'default'): void {
    const slot = this.slots[index];
    if (slot.state === 'free') return;
    const { t, r } = this.pose(index);
    let v: Vec3 = [0, 0, 0];
    let w: Vec3 = [0, 0, 0];
    if (slot.state === 'cluster') {
      const pv = slot.body.velocityAtPoint({ x: t[0], y: t[1], z: t[2] });
      const av = slot.body.angvel();
      v = [pv.x, pv.y, pv.z];
      w = [av.x, av.y, av.z];
    }
    this.removeBodyOf(index);
    const body = this.world.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic()
        .setTranslation(...t)
        .setRotation(quat(r))
        .setLinvel(v[0] + kickMps[0], v[1] + kickMps[1], v[2] + kickMps[2])
        .setAngvel({ x: w[0] + spinRadps[0], y: w[1] + spinRadps[1], z: w[2] + spinRadps[2] }),
    );
    const collider = this.attach(this.pieces[index], body, [0, 0, 0], r, role);
    this.slots[index] = { state: 'free', body, collider, cluster: 0 };
  }

  setRole(index: number, role: CollisionRole): void {
    this.world.getCollider(this.slots[index].collider).setCollisionGroups(GROUPS[role]);
  }

  /** Breaks a cluster into free pieces; returns them. */
  breakCluster(id: number): number[] {
    const c = this.clusters.get(id);
    if (!c) return [];
    for (const i of c.pieces) this.releasePiece(i);
    this.world.removeRigidBody(c.body);
    this.clusters.delete(id);
    return c.pieces;
  }

  clusterIds(): number[] {
    return [...this.clusters.keys()].sort((a, b) => a - b);
  }

  clusterPieces(id: number): number[] {
    return this.clusters.get(id)?.pieces ?? [];
  }

  clusterOf(index: number): number {
    return this.slots[index].cluster;
  }

  /**
   * Advances one fixed step. Returns the summed contact force on each piece during the step
   * (newtons; contacts inside one compound body do not count).
   */
  step(load: Float64Array): void {
    load.fill(0);
    this.world.step(this.events);
    this.events.drainContactForceEvents((e) => {
      const f = e.totalForceMagnitude();
      const a = this.colliderToPiece.get(e.collider1());
      const b = this.colliderToPiece.get(e.collider2());
      if (a !== undefined) load[a] += f;
      if (b !== undefined) load[b] += f;
    });
  }

  /** Writes every piece's pose and velocity into `out` (FLOATS_PER_PIECE floats each). */
  readState(out: Float32Array): void {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      const c = this.world.getCollider(slot.collider);
      const t = c.translation();
      const r = c.rotation();
      const o = i * FLOATS_PER_PIECE;
      out[o] = t.x; out[o + 1] = t.y; out[o + 2] = t.z;
      out[o + 3] = r.x; out[o + 4] = r.y; out[o + 5] = r.z; out[o + 6] = r.w;
      if (slot.state === 'fixed') {
        out.fill(0, o + 7, o + 13);
      } else {
        const v = slot.body.velocityAtPoint(t);
        const w = slot.body.angvel();
        out[o + 7] = v.x; out[o + 8] = v.y; out[o + 9] = v.z;
        out[o + 10] = w.x; out[o + 11] = w.y; out[o + 12] = w.z;
      }
    }
  }

  free(): void {
    this.events.free();
    this.world.free();
  }
}

function quat(q: readonly number[]): { x: number; y: number; z: number; w: number } {
  return { x: q[0], y: q[1], z: q[2], w: q[3] };
}
