import type { StageContext } from '../core/stage.js';
import { throwIfAborted } from '../core/abort.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { planPancake } from './collapse-plan.js';
import type { CollapsePlan } from './collapse-plan.js';
import { PhysicsWorld } from './physics-world.js';
import { FLOATS_PER_PIECE } from './sim-cache.js';
import type { SimCacheHeader, SimEvent } from './sim-cache.js';

export const SIMULATE_STAGE_VERSION = 1;
/** Outward speed given to the failed storey's pieces at initiation, m/s. */
export const INITIATION_KICK_MPS = 4;
/** How long the failed storey's pieces pass through the falling structure, seconds. */
export const FAILED_GHOST_S = 0.6;

export interface SimulationResult {
  header: SimCacheHeader;
  /** One Float32Array per frame: FLOATS_PER_PIECE floats per piece. */
  frames: Float32Array[];
}

/**
 * FracturedDoc → simulation: fixed steps of `dtS` with Rapier's deterministic build. The
 * state at frame i is the state after the last step whose end time is <= i / fps.
 */
export async function simulate(doc: FracturedDoc, ctx: StageContext): Promise<SimulationResult> {
  const { scene, pieces } = doc;
  const dtS = scene.dtS;
  const plans: CollapsePlan[] = scene.collapses
    .map((c) => planPancake(c, pieces))
    .sort((a, b) => a.startS - b.startS || a.buildingId.localeCompare(b.buildingId));
  const rng = ctx.rng.derive('initiation');
  const world = await PhysicsWorld.create(pieces, dtS, scene.ground.topY);
  const frames: Float32Array[] = [];
  const events: SimEvent[] = [];
  const load = new Float64Array(pieces.length);
  const standingLimit = new Float64Array(pieces.length).fill(Infinity);
  const clusterLimit = new Map<number, number>();
  let steps = 0;
  let started = 0;
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
      while ((steps + 1) * dtS <= targetS + 1e-9) {
        const nowS = steps * dtS;
        while (started < plans.length && plans[started].startS <= nowS + 1e-9) {
          initiate(world, plans[started], doc, rng, events, nowS, standingLimit, clusterLimit);
          started++;
        }
        world.step(load);
        steps++;
        for (const plan of plans) {
          const endS = plan.startS + FAILED_GHOST_S;
          if (endS > (steps - 1) * dtS + 1e-9 && endS <= steps * dtS + 1e-9) {
            for (const i of plan.failedPieces) world.setRole(i, 'default');
          }
        }
        applyBreaks(world, doc, load, standingLimit, clusterLimit, events, steps * dtS);
      }
      record();
    }
  } finally {
    world.free();
  }
  const header: SimCacheHeader = {
    schema: 'aftermath.simcache/1',
    pieceCount: pieces.length,
    frameCount: frames.length,
    fps: scene.fps,
    dtS,
    stepsSimulated: steps,
    floatsPerPiece: FLOATS_PER_PIECE,
    events,
  };
  return { header, frames };
}

function initiate(
  world: PhysicsWorld,
  plan: CollapsePlan,
  doc: FracturedDoc,
  rng: ReturnType<StageContext['rng']['derive']>,
  events: SimEvent[],
  timeS: number,
  standingLimit: Float64Array,
  clusterLimit: Map<number, number>,
): void {
  const building = doc.scene.buildings.find((b) => b.id === plan.buildingId);
  const origin = building?.originM ?? [0, 0, 0];
  for (const s of plan.standing) standingLimit[s.piece] = s.breakForceN;
  for (const i of plan.failedPieces) {
    const p = doc.pieces[i];
    const dx = p.centerM[0] - origin[0];
    const dz = p.centerM[2] - origin[2];
    const len = Math.hypot(dx, dz) || 1;
    const speed = INITIATION_KICK_MPS * rng.range(0.6, 1.4);
    world.releasePiece(
      i,
      [(dx / len) * speed, rng.range(-0.5, 0.5), (dz / len) * speed],
      [rng.range(-2, 2), rng.range(-2, 2), rng.range(-2, 2)],
      'failed',
    );
  }
  if (plan.failedPieces.length > 0) {
    const p = doc.pieces[plan.failedPieces[0]];
    events.push({ timeS, type: 'initiation', pieceIndex: p.index, pieces: plan.failedPieces.length, positionM: [...p.centerM], forceN: 0 });
  }
  for (const c of plan.clusters) {
    const id = world.makeCluster(c.pieces);
    clusterLimit.set(id, c.breakForceN);
  }
}

function applyBreaks(
  world: PhysicsWorld,
  doc: FracturedDoc,
  load: Float64Array,
  standingLimit: Float64Array,
  clusterLimit: Map<number, number>,
  events: SimEvent[],
  timeS: number,
): void {
  for (const id of world.clusterIds()) {
    const members = world.clusterPieces(id);
    let total = 0;
    for (const i of members) total += load[i];
    if (total > (clusterLimit.get(id) ?? Infinity)) {
      const p = doc.pieces[members[0]];
      world.breakCluster(id);
      clusterLimit.delete(id);
      events.push({ timeS, type: 'cluster_break', pieceIndex: p.index, pieces: members.length, positionM: [...p.centerM], forceN: total });
    }
  }
  for (let i = 0; i < load.length; i++) {
    if (load[i] > standingLimit[i] && world.stateOf(i) === 'fixed') {
      world.releasePiece(i);
      standingLimit[i] = Infinity;
      events.push({ timeS, type: 'piece_release', pieceIndex: i, pieces: 1, positionM: [...doc.pieces[i].centerM], forceN: load[i] });
    }
  }
}
