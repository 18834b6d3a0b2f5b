/** Rapier's side of a piece's collider: the engine's start-up and the collider description (shape, mass, contact settings, filter). */
import RAPIER from '@dimforge/rapier3d-deterministic-compat';
import type { Piece } from '../fracture/fractured-doc.js';
import { MATERIAL_DENSITY_KG_M3 } from '../core/units.js';
import type { Vec3 } from '../core/units.js';
import { collisionHull, EVENT_THRESHOLD_N, GAP_M, GROUPS, quat } from './collider-shapes.js';
import type { CollisionRole } from './collider-shapes.js';

export const PIECE_FRICTION = 0.7;
export const PIECE_RESTITUTION = 0.05;

let rapierReady: Promise<void> | null = null;
/** Loads Rapier's WASM once per process. */
export function initRapier(): Promise<void> {
  rapierReady ??= RAPIER.init();
  return rapierReady;
}

/**
 * The collider of piece `p` on a body, at `offset` from the body's origin with `rotation`:
 * its inset convex hull (a box when the hull degenerates), the material's density, and
 * contact-force events above EVENT_THRESHOLD_N, in the collision group of `role`.
 */
export function pieceColliderDesc(p: Piece, offset: Vec3, rotation: readonly number[], role: CollisionRole): InstanceType<typeof RAPIER.ColliderDesc> {
  const shape =
    RAPIER.ColliderDesc.convexHull(collisionHull(p)) ?? RAPIER.ColliderDesc.cuboid(p.sizeM[0] / 2 - GAP_M, p.sizeM[1] / 2 - GAP_M, p.sizeM[2] / 2 - GAP_M);
  return shape
    .setTranslation(...offset)
    .setRotation(quat(rotation))
    .setDensity(MATERIAL_DENSITY_KG_M3[p.material])
    .setFriction(PIECE_FRICTION)
    .setRestitution(PIECE_RESTITUTION)
    .setActiveEvents(RAPIER.ActiveEvents.CONTACT_FORCE_EVENTS)
    .setContactForceEventThreshold(EVENT_THRESHOLD_N)
    .setCollisionGroups(GROUPS[role]);
}
