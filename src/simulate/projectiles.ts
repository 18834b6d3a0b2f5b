import RAPIER from '@dimforge/rapier3d-deterministic-compat';
import type { Vec3 } from '../core/units.js';
import { EVENT_THRESHOLD_N } from './collider-shapes.js';

type Body = InstanceType<typeof RAPIER.RigidBody>;
type World = InstanceType<typeof RAPIER.World>;

/**
 * The impact spheres thrown at the scene (`impact` elements): solid balls with continuous
 * collision. Their poses are not part of the cache; the rest freezer reads their motion.
 */
export class Projectiles {
  private readonly list: { body: Body; radiusM: number }[] = [];

  constructor(private readonly world: World) {}

  add(massKg: number, radiusM: number, at: Vec3, velocityMps: Vec3): void {
    const body = this.world.createRigidBody(RAPIER.RigidBodyDesc.dynamic().setTranslation(...at).setLinvel(...velocityMps).setCcdEnabled(true));
    const density = massKg / ((4 / 3) * Math.PI * radiusM ** 3);
    this.world.createCollider(
      RAPIER.ColliderDesc.ball(radiusM).setDensity(density).setFriction(0.5).setActiveEvents(RAPIER.ActiveEvents.CONTACT_FORCE_EVENTS).setContactForceEventThreshold(EVENT_THRESHOLD_N),
      body,
    );
    this.list.push({ body, radiusM });
  }

  /** Centre, speed and radius of every projectile, in creation order. */
  motions(): { centerM: Vec3; speedMps: number; radiusM: number }[] {
    return this.list.map(({ body, radiusM }) => {
      const t = body.translation();
      const v = body.linvel();
      return { centerM: [t.x, t.y, t.z], speedMps: Math.hypot(v.x, v.y, v.z), radiusM };
    });
  }
}
