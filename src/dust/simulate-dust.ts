import { throwIfAborted } from '../core/abort.js';
import type { StageContext } from '../core/stage.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { SimCacheHeader } from '../simulate/sim-cache.js';
import { localBounds, pieceBounds } from '../simulate/piece-bounds.js';
import { createDebrisSim, planDebrisSpawns } from '../debris/index.js';
import type { DebrisFrame } from './dust-frame.js';
import type { DustPlan } from './dust-plan.js';
import { createDustSolver } from './dust-solver.js';
import { DustEmission } from './dust-emission.js';
import { rasterizeSolids } from './dust-solids.js';
import { measureDust } from './dust-stats.js';
import { encodeDustFrame } from './dust-cache.js';
import type { DustCacheHeader, DustFrameStats } from './dust-cache.js';

/** Reads simulation frames (poses and velocities) by index. */
export interface PoseSource {
  header: SimCacheHeader;
  readFrame(index: number): Promise<Float32Array>;
}

export interface DustResult {
  header: Omit<DustCacheHeader, 'blocks'>;
  blocks: Uint8Array[];
}

const NO_DEBRIS: DebrisFrame = { count: 0, ids: new Uint32Array(0), positionsM: new Float32Array(0), velocitiesMps: new Float32Array(0), sizesM: new Float32Array(0) };

/**
 * The dust stage: runs once, sequentially, after the rigid-body simulation. Each frame it
 * emits the dust of the events since the last frame (and the trails of fast pieces), marks
 * the large pieces as moving solids, steps the grid solver by one frame (1/fps), and steps the
 * debris particles against the ground and the rubble's bounds, dragged by the dust's air.
 * Frames before the first emission are empty and cost nothing.
 */
export async function simulateDust(doc: FracturedDoc, sim: PoseSource, plan: DustPlan, ctx: StageContext): Promise<DustResult> {
  const { fps, frameCount, events } = sim.header;
  const dtS = 1 / fps;
  const box = plan.box;
  const cells = box.dims[0] * box.dims[1] * box.dims[2];
  const solver = createDustSolver({ ...box });
  const emission = new DustEmission(plan, doc.pieces, events);
  const debrisSpawns = plan.debris > 0 && plan.maxDebris > 0 ? planDebrisSpawns(events, { amount: plan.debris, maxParticles: plan.maxDebris }, ctx.rng.derive('debris')) : [];
  const debris = createDebrisSim({ capacity: Math.max(1, plan.maxDebris) });
  let nextSpawn = 0;
  const reach = plan.surgeDistanceM + 20;
  const fp = plan.footprint;
  const debrisBoxM: DustCacheHeader['debrisBoxM'] = {
    min: [fp.minX - reach, -1, fp.minZ - reach],
    max: [fp.maxX + reach, Math.max(fp.heightM * 1.5 + 10, box.originM[1] + box.dims[1] * box.cellM), fp.maxZ + reach],
  };
  const local = localBounds(doc);
  const solid = new Uint8Array(cells);
  const solidVelocity = new Float32Array(cells * 3);
  const air = new Float32Array(3);
  const airAt = (x: number, y: number, z: number, out: Float32Array) => {
    solver.velocityAt(x, y, z, air);
    out[0] = air[0];
    out[1] = air[1];
    out[2] = air[2];
  };
  const stats: DustFrameStats[] = [];
  const blocks: Uint8Array[] = [];
  const densityMax: number[] = [];
  let started = false;
  let emptyBlock: Uint8Array | null = null;
  for (let f = 0; f < frameCount; f++) {
    throwIfAborted(ctx.signal, 'dust');
    const timeS = f * dtS;
    const poses = await sim.readFrame(f);
    const sources = [...emission.eventsBetween(f === 0 ? -Infinity : timeS - dtS, timeS), ...(started || f > 0 ? emission.trailsAt(poses, dtS) : [])];
    let divergence = 0;
    let iterations = 0;
    const hasDebris = nextSpawn < debrisSpawns.length || debris.stats().alive > 0;
    const bounds = started || sources.length > 0 || hasDebris ? pieceBounds(local, poses) : null;
    if (started || sources.length > 0) {
      started = true;
      rasterizeSolids(box, (bounds as ReturnType<typeof pieceBounds>).box, poses, solid, solidVelocity);
      solver.setSolids(solid, solidVelocity);
      for (const s of sources) solver.splat(s);
      const st = solver.step(dtS);
      divergence = st.maxDivergencePerS;
      iterations = st.pressureIterations;
    }
    while (nextSpawn < debrisSpawns.length && debrisSpawns[nextSpawn].timeS <= timeS) debris.spawn(debrisSpawns[nextSpawn++]);
    if (hasDebris) debris.step(dtS, bounds, started ? airAt : undefined);
    const frameDebris = hasDebris ? debris.frame() : NO_DEBRIS;
    const measured = started ? measureDust(box, solver.density) : { totalMassG: 0, maxDensityGPerM3: 0, cloudBoxM: null };
    const dStats = debris.stats();
    stats.push({
      frame: f + 1,
      timeS,
      ...measured,
      maxDivergencePerS: divergence,
      pressureIterations: iterations,
      debrisCount: frameDebris.count,
      debrisAirborne: hasDebris ? dStats.airborne : 0,
    });
    densityMax.push(measured.maxDensityGPerM3);
    if (!started && frameDebris.count === 0) {
      emptyBlock ??= encodeDustFrame(new Float32Array(cells), 0, NO_DEBRIS, debrisBoxM);
      blocks.push(emptyBlock);
    } else {
      blocks.push(encodeDustFrame(solver.density, measured.maxDensityGPerM3, frameDebris, debrisBoxM));
    }
    ctx.onProgress({ stage: 'dust', done: f + 1, total: frameCount, unit: 'frames' });
  }
  return {
    header: {
      schema: 'aftermath.dustcache/1',
      box,
      look: plan.look,
      fps,
      frameCount,
      releasedMassG: emission.totalMassG,
      debrisBoxM,
      stats,
      densityMax,
    },
    blocks,
  };
}
