import RAPIER from '@dimforge/rapier3d-deterministic-compat';
import type { Piece } from '../fracture/fractured-doc.js';
import { GRAVITY_MPS2 } from '../core/units.js';
import type { Vec3 } from '../core/units.js';
import { FLOATS_PER_PIECE } from './sim-cache.js';
import { combinedMotion, GROUPS, quat, type CollisionRole } from './collider-shapes.js';
import { initRapier, pieceColliderDesc } from './piece-collider.js';
import { Projectiles } from './projectiles.js';

export { GAP_M } from './collider-shapes.js';
export { initRapier, PIECE_FRICTION, PIECE_RESTITUTION } from './piece-collider.js';
export type { CollisionRole } from './collider-shapes.js';

type Body = InstanceType<typeof RAPIER.RigidBody>;
type World = InstanceType<typeof RAPIER.World>;

interface PieceSlot {
  body: Body;
  collider: number;
  /** 0 = fixed (standing), else the id of the dynamic body that carries it. */
  cluster: number;
}

/** Linear and angular velocity of a piece as its cluster moves (zero when fixed). */
export interface PieceMotion {
  v: Vec3;
  w: Vec3;
}

/**
 * The Rapier adapter (deterministic build). Every piece is either fixed (standing) or part
 * of a dynamic compound body (a cluster of one or more pieces). Engine handles stay inside;
 * callers talk in piece indices and cluster ids. Bodies are created in ascending order.
 */
export class PhysicsWorld {
  private readonly world: World;
  private readonly events: InstanceType<typeof RAPIER.EventQueue>;
  private readonly slots: PieceSlot[] = [];
  private readonly colliderToPiece = new Map<number, number>();
  private readonly clusters = new Map<number, { body: Body; pieces: number[]; radiusM: number }>();
  /** Disabled dynamic bodies whose cluster emptied, reused by `regroup` (last in, first out). */
  private readonly spareBodies: Body[] = [];
  private readonly projectiles: Projectiles;
  private readonly roles: CollisionRole[] = [];
  private nextCluster = 1;

  private constructor(private readonly pieces: Piece[], dtS: number) {
    this.world = new RAPIER.World({ x: GRAVITY_MPS2[0], y: GRAVITY_MPS2[1], z: GRAVITY_MPS2[2] });
    this.world.timestep = dtS;
    this.events = new RAPIER.EventQueue(true);
    this.projectiles = new Projectiles(this.world);
  }

  static async create(pieces: Piece[], dtS: number, groundTopY: number): Promise<PhysicsWorld> {
    await initRapier();
    const w = new PhysicsWorld(pieces, dtS);
    const ground = w.world.createRigidBody(RAPIER.RigidBodyDesc.fixed().setTranslation(0, groundTopY - 5, 0));
    w.world.createCollider(RAPIER.ColliderDesc.cuboid(2000, 5, 2000).setFriction(0.9), ground);
    for (const p of pieces) {
      const body = w.world.createRigidBody(RAPIER.RigidBodyDesc.fixed().setTranslation(...p.centerM).setRotation(quat(p.rotation)));
      w.roles.push('default');
      const collider = w.attach(p, body, [0, 0, 0], p.rotation);
      w.slots.push({ body, collider, cluster: 0 });
    }
    return w;
  }

  private attach(p: Piece, body: Body, offset: Vec3, rotation: readonly number[]): number {
    const c = this.world.createCollider(pieceColliderDesc(p, offset, rotation, this.roles[p.index]), body);
    this.colliderToPiece.set(c.handle, p.index);
    return c.handle;
  }

  clusterOf(index: number): number {
    return this.slots[index].cluster;
  }

  isFixed(index: number): boolean {
    return this.slots[index].cluster === 0;
  }

  clusterIds(): number[] {
    return [...this.clusters.keys()].sort((a, b) => a - b);
  }

  clusterPieces(id: number): readonly number[] {
    return this.clusters.get(id)?.pieces ?? [];
  }

  /** World pose of a piece. */
  pose(index: number): { t: Vec3; r: [number, number, number, number] } {
    const c = this.world.getCollider(this.slots[index].collider);
    const t = c.translation();
    const r = c.rotation();
    return { t: [t.x, t.y, t.z], r: [r.x, r.y, r.z, r.w] };
  }

  /** Velocity of a piece's centre. */
  motion(index: number): PieceMotion {
    const slot = this.slots[index];
    if (slot.cluster === 0) return { v: [0, 0, 0], w: [0, 0, 0] };
    const { t } = this.pose(index);
    const v = slot.body.velocityAtPoint({ x: t[0], y: t[1], z: t[2] });
    const w = slot.body.angvel();
    return { v: [v.x, v.y, v.z], w: [w.x, w.y, w.z] };
  }

  /**
   * Makes each group of pieces one dynamic compound body, keeping every piece's pose. A
   * group inherits the mass-weighted linear velocity and angular velocity its pieces had
   * (zero for fixed pieces), plus `kick`. Returns the new cluster ids, in group order.
   */
  regroup(groups: number[][], kick?: (group: number[], com: Vec3) => PieceMotion | null, role: CollisionRole = 'default'): number[] {
    const ids: number[] = [];
    for (const group of groups) {
      const sorted = [...group].sort((a, b) => a - b);
      const poses = sorted.map((i) => this.pose(i));
      const { com, v, w } = combinedMotion(
        sorted.map((i) => this.pieces[i].massKg),
        poses.map((p) => p.t),
        sorted.map((i) => this.motion(i)),
      );
      const extra = kick?.(sorted, com);
      if (extra) for (let a = 0; a < 3; a++) (v[a] += extra.v[a]), (w[a] += extra.w[a]);
      this.detach(sorted);
      const body = this.spareBodies.pop() ?? this.world.createRigidBody(RAPIER.RigidBodyDesc.dynamic());
      body.setEnabled(true);
      body.setBodyType(RAPIER.RigidBodyType.Dynamic, true);
      body.setTranslation({ x: com[0], y: com[1], z: com[2] }, true);
      body.setRotation({ x: 0, y: 0, z: 0, w: 1 }, true);
      body.setLinvel({ x: v[0], y: v[1], z: v[2] }, true);
      body.setAngvel({ x: w[0], y: w[1], z: w[2] }, true);
      const id = this.nextCluster++;
      let radiusM = 0;
      sorted.forEach((i, k) => {
        this.roles[i] = role;
        const off: Vec3 = [poses[k].t[0] - com[0], poses[k].t[1] - com[1], poses[k].t[2] - com[2]];
        this.slots[i] = { body, collider: this.attach(this.pieces[i], body, off, poses[k].r), cluster: id };
        radiusM = Math.max(radiusM, Math.hypot(...off) + 0.5 * Math.hypot(...this.pieces[i].sizeM));
      });
      this.clusters.set(id, { body, pieces: sorted, radiusM });
      ids.push(id);
    }
    return ids;
  }

  /**
   * Splits cluster `id` into `groups` (its connected components): the largest group stays on
   * the cluster's body, untouched, and the others become new clusters. Re-attaching every
   * piece of a big cluster each time a few pieces break off would cost O(cluster) per break.
   * Returns the cluster id of each group, in order.
   */
  split(id: number, groups: number[][], role: CollisionRole): number[] {
    const c = this.clusters.get(id);
    if (!c || groups.length < 2) return this.regroup(groups, undefined, role);
    let keep = 0;
    groups.forEach((g, k) => {
      if (g.length > groups[keep].length) keep = k;
    });
    const masses = c.pieces.map((i) => this.pieces[i].massKg);
    const before = combinedMotion(masses, c.pieces.map((i) => this.pose(i).t), c.pieces.map(() => ({ v: [0, 0, 0], w: [0, 0, 0] })));
    const others = this.regroup(groups.filter((_, k) => k !== keep), undefined, role);
    // Rapier moves the body's centre of mass with its colliders but keeps the old centre's
    // velocity: give the new centre the velocity the rigid motion has there.
    const kept = c.pieces.map((i) => this.pose(i).t);
    const after = combinedMotion(c.pieces.map((i) => this.pieces[i].massKg), kept, c.pieces.map(() => ({ v: [0, 0, 0], w: [0, 0, 0] })));
    if (!c.body.isFixed()) {
      const v = c.body.linvel();
      const w = c.body.angvel();
      const d = [0, 1, 2].map((a) => after.com[a] - before.com[a]);
      c.body.setLinvel({ x: v.x + w.y * d[2] - w.z * d[1], y: v.y + w.z * d[0] - w.x * d[2], z: v.z + w.x * d[1] - w.y * d[0] }, true);
    }
    for (const i of c.pieces) if (this.roles[i] !== role) this.setRole(i, role);
    const ids = [...others];
    ids.splice(keep, 0, id);
    return ids;
  }

  /**
   * Removes pieces from their bodies. One pass per body, so splitting a cluster of k pieces
   * costs O(k), not O(k²). Bodies are never removed: rapier.js answers every body removal by
   * scanning all colliders (O(n) each, O(n²) over a collapse), so a standing piece's fixed
   * body is left empty and an emptied cluster's body is disabled and kept for the next
   * cluster.
   */
  private detach(indices: readonly number[]): void {
    const leaving = new Map<number, Set<number>>();
    for (const i of indices) {
      const slot = this.slots[i];
      this.colliderToPiece.delete(slot.collider);
      if (slot.cluster === 0) this.world.removeCollider(this.world.getCollider(slot.collider), false);
      else if (leaving.has(slot.cluster)) leaving.get(slot.cluster)!.add(i);
      else leaving.set(slot.cluster, new Set([i]));
    }
    for (const [id, gone] of [...leaving].sort((x, y) => x[0] - y[0])) {
      const c = this.clusters.get(id);
      if (!c) continue;
      const rest = c.pieces.filter((p) => !gone.has(p));
      for (const i of [...gone].sort((x, y) => x - y)) this.world.removeCollider(this.world.getCollider(this.slots[i].collider), false);
      if (rest.length === 0) {
        c.body.setEnabled(false);
        this.spareBodies.push(c.body);
        this.clusters.delete(id);
      } else {
        c.pieces = rest;
      }
    }
  }

  /** Speed of a cluster's centre (m/s), angular speed (rad/s) and bounding radius (m). */
  clusterMotion(id: number): { speedMps: number; spinRadps: number; radiusM: number } {
    const c = this.clusters.get(id);
    if (!c) throw new Error(`no cluster ${id}`);
    const v = c.body.linvel();
    const w = c.body.angvel();
    return { speedMps: Math.hypot(v.x, v.y, v.z), spinRadps: Math.hypot(w.x, w.y, w.z), radiusM: c.radiusM };
  }

  roleOf(index: number): CollisionRole {
    return this.roles[index];
  }

  /**
   * Holds a cluster still as a fixed body (its velocity is dropped), or makes it dynamic
   * again at rest. Contact pairs between two fixed bodies are not made, so held clusters
   * touching each other cost nothing.
   */
  holdCluster(id: number, hold: boolean): void {
    const c = this.clusters.get(id);
    if (!c || c.body.isFixed() === hold) return;
    c.body.setBodyType(hold ? RAPIER.RigidBodyType.Fixed : RAPIER.RigidBodyType.Dynamic, true);
    if (!hold) {
      c.body.setLinvel({ x: 0, y: 0, z: 0 }, true);
      c.body.setAngvel({ x: 0, y: 0, z: 0 }, true);
    }
  }

  /** Clusters (not standing pieces) with a collider whose bounds meet the box (centre, half extents), ascending. */
  clustersInBox(centerM: readonly number[], halfM: readonly number[]): number[] {
    const found = new Set<number>();
    this.world.collidersWithAabbIntersectingAabb({ x: centerM[0], y: centerM[1], z: centerM[2] }, { x: halfM[0], y: halfM[1], z: halfM[2] }, (other) => {
      const p = this.colliderToPiece.get(other.handle);
      if (p !== undefined && this.slots[p].cluster !== 0) found.add(this.slots[p].cluster);
      return true;
    });
    return [...found].sort((x, y) => x - y);
  }

  /** Centre, speed and radius of every projectile, in creation order. */
  projectileMotions(): { centerM: Vec3; speedMps: number; radiusM: number }[] {
    return this.projectiles.motions();
  }

  setRole(index: number, role: CollisionRole): void {
    this.roles[index] = role;
    this.world.getCollider(this.slots[index].collider).setCollisionGroups(GROUPS[role]);
  }

  /** A solid sphere thrown at the scene (an impact). Its pose is not part of the cache. */
  addProjectile(massKg: number, radiusM: number, at: Vec3, velocityMps: Vec3): void {
    this.projectiles.add(massKg, radiusM, at, velocityMps);
  }

  /**
   * Advances one fixed step. `load` receives the summed contact force on each piece during
   * the step (newtons); contacts inside one compound body do not count.
   */
  step(load: Float64Array): void {
    load.fill(0);
    // world.step() would follow the pipeline's step with mapNewSoftBodies(), which walks
    // every body and collider wrapper (O(n) JS/WASM crossings per step) to wrap what the
    // engine made by itself; this world has no soft bodies, so nothing to map.
    const w = this.world;
    w.physicsPipeline.step(w.gravity, w.integrationParameters, w.islands, w.broadPhase, w.narrowPhase, w.bodies, w.colliders, w.softBodies, w.impulseJoints, w.multibodyJoints, w.ccdSolver, this.events);
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
      const { t, r } = this.pose(i);
      const o = i * FLOATS_PER_PIECE;
      out.set(t, o);
      out.set(r, o + 3);
      const m = this.motion(i);
      out.set(m.v, o + 7);
      out.set(m.w, o + 10);
    }
  }

  free(): void {
    this.events.free();
    this.world.free();
  }
}
