import type { StageContext } from '../core/stage.js';
import { throwIfAborted } from '../core/abort.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { BondState } from './bond-state.js';
import { planFailures } from './failure-plan.js';
import type { FailureStep } from './failure-plan.js';
import { PhysicsWorld } from './physics-world.js';
import { FLOATS_PER_PIECE } from './sim-cache.js';
import type { SimCacheHeader, SimEvent } from './sim-cache.js';
import { BreakTracker } from './break-tracker.js';
import { RestFreezer } from './rest-freezer.js';

export const SIMULATE_STAGE_VERSION = 3;
/** Outward speed given to pieces that fail at initiation, m/s. */
export const INITIATION_KICK_MPS = 4;
/** How long failed pieces pass through the falling structure, seconds. */
export const FAILED_GHOST_S = 0.6;

export interface SimulationResult {
  header: SimCacheHeader;
  /** One Float32Array per frame: FLOATS_PER_PIECE floats per piece. */
  frames: Float32Array[];
}

/**
 * FracturedDoc → simulation: Rapier's deterministic build at a fixed `dtS`. Buildings stand
 * fixed until a collapse or a hit breaks bonds; what is no longer connected to the ground
 * through unbroken bonds moves as one rigid body per connected group, and splits when its
 * bonds break under contact loads. Frame i is the state after the last step ending at or
 * before i / fps.
 */
export async function simulate(doc: FracturedDoc, ctx: StageContext): Promise<SimulationResult> {
  const { scene, pieces } = doc;
  const dtS = scene.dtS;
  const bonds = new BondState(doc.bonds, pieces, scene.ground.topY);
  const steps: FailureStep[] = [];
  for (const c of scene.collapses) {
    const b = scene.buildings.find((x) => x.id === c.targetId);
    if (b) steps.push(...planFailures(c, b, pieces, bonds));
  }
  steps.sort((a, z) => a.timeS - z.timeS);
  const impacts = [...scene.impacts].sort((a, z) => a.atS - z.atS);
  const rng = ctx.rng.derive('initiation');
  const world = await PhysicsWorld.create(pieces, dtS, scene.ground.topY);
  const tracker = new BreakTracker(world, bonds, doc, scene.collapses);
  const freezer = new RestFreezer(world, pieces, dtS);
  const frames: Float32Array[] = [];
  const events: SimEvent[] = [];
  const load = new Float64Array(pieces.length);
  const ghostUntil = new Map<number, number>();
  let step = 0;
  let nextFailure = 0;
  let nextImpact = 0;
  try {
    const record = (): void => {
      const f = new Float32Array(pieces.length * FLOATS_PER_PIECE);
      world.readState(f);
      frames.push(f);
      ctx.onProgress({ stage: 'simulate', done: frames.length, total: scene.frameCount, unit: 'frames' });
    };
    record();
    for (let frame = 1; frame < scene.frameCount; frame++) {
      throwIfAborted(ctx.signal, 'simulate');
      const targetS = frame / scene.fps;
      while ((step + 1) * dtS <= targetS + 1e-9) {
        const nowS = step * dtS;
        while (nextImpact < impacts.length && impacts[nextImpact].atS <= nowS + 1e-9) {
          const i = impacts[nextImpact++];
          world.addProjectile(i.massKg, i.radiusM, i.positionM, i.velocityMps);
        }
        while (nextFailure < steps.length && steps[nextFailure].timeS <= nowS + 1e-9) {
          const s = steps[nextFailure++];
          for (const i of s.failPieces) {
            bonds.breakAllOf(i);
            ghostUntil.set(i, nowS + FAILED_GHOST_S);
          }
          for (const bi of s.releaseBonds) bonds.broken[bi] = 1;
          const kicked = tracker.applyFailure(s, nowS, rng, s.kickMps ?? INITIATION_KICK_MPS);
          events.push(...kicked);
        }
        world.step(load);
        step++;
        const t = step * dtS;
        for (const map of [ghostUntil, tracker.sliding, tracker.crushed]) {
          for (const [i, until] of [...map]) {
            if (until <= t + 1e-9) {
              world.setRole(i, 'default');
              map.delete(i);
            }
          }
        }
        events.push(...tracker.afterStep(load, t));
        freezer.afterStep(load);
      }
      tracker.applyWeakening(targetS);
      record();
    }
  } finally {
    world.free();
  }
  events.sort((a, b) => a.timeS - b.timeS || a.pieceIndex - b.pieceIndex || a.otherIndex - b.otherIndex || a.type.localeCompare(b.type));
  const header: SimCacheHeader = {
    schema: 'aftermath.simcache/2',
    pieceCount: pieces.length,
    frameCount: frames.length,
    fps: scene.fps,
    dtS,
    stepsSimulated: step,
    floatsPerPiece: FLOATS_PER_PIECE,
    events,
  };
  return { header, frames };
}
