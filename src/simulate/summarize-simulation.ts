import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { GRAVITY_MAGNITUDE_MPS2 } from '../core/units.js';
import { FLOATS_PER_PIECE } from './sim-cache.js';
import type { SimCacheReader } from './sim-cache.js';

/** Lowest hull vertex (y, metres) of a piece at a pose. */
function lowestPointY(hull: number[], q: ArrayLike<number>, o: number, cy: number): number {
  const [x, y, z, w] = [q[o], q[o + 1], q[o + 2], q[o + 3]];
  // The world-Y row of the rotation matrix.
  const r10 = 2 * (x * y + w * z);
  const r11 = 1 - 2 * (x * x + z * z);
  const r12 = 2 * (y * z - w * x);
  let min = Infinity;
  for (let i = 0; i < hull.length; i += 3) min = Math.min(min, r10 * hull[i] + r11 * hull[i + 1] + r12 * hull[i + 2]);
  return cy + min;
}

/** Translational + rotational kinetic energy and potential energy above y = 0, joules. */
function energyJ(doc: FracturedDoc, f: Float32Array): { kineticJ: number; potentialJ: number } {
  let kineticJ = 0;
  let potentialJ = 0;
  for (const p of doc.pieces) {
    const o = p.index * FLOATS_PER_PIECE;
    const m = p.massKg;
    const v2 = f[o + 7] ** 2 + f[o + 8] ** 2 + f[o + 9] ** 2;
    // Angular velocity into the local frame (rotate by the inverse quaternion).
    const [qx, qy, qz, qw] = [-f[o + 3], -f[o + 4], -f[o + 5], f[o + 6]];
    const [wx, wy, wz] = [f[o + 10], f[o + 11], f[o + 12]];
    const tx = 2 * (qy * wz - qz * wy);
    const ty = 2 * (qz * wx - qx * wz);
    const tz = 2 * (qx * wy - qy * wx);
    const bx = wx + qw * tx + (qy * tz - qz * ty);
    const by = wy + qw * ty + (qz * tx - qx * tz);
    const bz = wz + qw * tz + (qx * ty - qy * tx);
    const I = p.inertiaKgM2;
    const w = [bx, by, bz];
    let rot = 0;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) rot += w[r] * I[r * 3 + c] * w[c];
    kineticJ += 0.5 * m * v2 + 0.5 * rot;
    potentialJ += m * GRAVITY_MAGNITUDE_MPS2 * f[o + 1];
  }
  return { kineticJ, potentialJ };
}

/** `aftermath inspect simulate`: documented in docs/INSPECT.md; field names are stable. */
export async function summarizeSimulation(doc: FracturedDoc, reader: SimCacheReader) {
  const h = reader.header;
  const perFrame: { frame: number; timeS: number; movingPieces: number; maxHeightM: number; kineticJ: number; potentialJ: number }[] = [];
  let minPieceBottomM = Infinity;
  let maxSpeedMps = 0;
  let firstMotionS: number | null = null;
  let moved = 0;
  let last: Float32Array | null = null;
  let settledMinPieceBottomM = Infinity;
  for (let i = 0; i < h.frameCount; i++) {
    const f = await reader.readFrame(i);
    let moving = 0;
    let maxHeightM = 0;
    for (const p of doc.pieces) {
      const o = p.index * FLOATS_PER_PIECE;
      const speed = Math.hypot(f[o + 7], f[o + 8], f[o + 9]);
      if (speed > 0.05) moving++;
      maxSpeedMps = Math.max(maxSpeedMps, speed);
      const bottom = lowestPointY(p.hull.vertices, f, o + 3, f[o + 1]);
      minPieceBottomM = Math.min(minPieceBottomM, bottom);
      maxHeightM = Math.max(maxHeightM, f[o + 1] + (f[o + 1] - bottom));
    }
    if (moving > 0 && firstMotionS === null) firstMotionS = i / h.fps;
    if (i === h.frameCount - 1) {
      for (const p of doc.pieces) {
        const o = p.index * FLOATS_PER_PIECE;
        // Settled rubble: pieces at rest (slower than 0.2 m/s) at the last frame.
        if (Math.hypot(f[o + 7], f[o + 8], f[o + 9]) > 0.2) continue;
        settledMinPieceBottomM = Math.min(settledMinPieceBottomM, lowestPointY(p.hull.vertices, f, o + 3, f[o + 1]));
      }
    }
    perFrame.push({ frame: i + 1, timeS: i / h.fps, movingPieces: moving, maxHeightM, ...energyJ(doc, f) });
    last = f;
  }
  if (last) {
    for (const p of doc.pieces) {
      const o = p.index * FLOATS_PER_PIECE;
      if (Math.hypot(last[o] - p.centerM[0], last[o + 1] - p.centerM[1], last[o + 2] - p.centerM[2]) > 0.5) moved++;
    }
  }
  const events: Record<string, number> = {};
  for (const e of h.events) events[e.type] = (events[e.type] ?? 0) + 1;
  const perSecond = await summarizeSeconds(doc, reader);
  const totalJ = perFrame.map((p) => p.kineticJ + p.potentialJ);
  return {
    schema: 'aftermath.inspect.simulate/1',
    framesSimulated: h.frameCount,
    stepsSimulated: h.stepsSimulated,
    dtS: h.dtS,
    fps: h.fps,
    pieceCount: h.pieceCount,
    events,
    firstMotionS,
    piecesMovedOver05M: moved,
    minPieceBottomM: Number.isFinite(minPieceBottomM) ? minPieceBottomM : 0,
    finalMinPieceBottomM: Number.isFinite(settledMinPieceBottomM) ? settledMinPieceBottomM : 0,
    maxSpeedMps,
    initialEnergyJ: totalJ[0] ?? 0,
    maxEnergyJ: Math.max(...totalJ),
    finalEnergyJ: totalJ[totalJ.length - 1] ?? 0,
    perSecond,
    perFrame,
  };
}

/**
 * Per whole second of the shot (and the last frame): the largest displacement of any piece
 * since frame 1, the lowest point of any piece, total kinetic energy, bonds broken so far,
 * and the centroid of the pieces that have moved more than 0.5 m (the debris).
 */
async function summarizeSeconds(doc: FracturedDoc, reader: SimCacheReader) {
  const h = reader.header;
  const frames: number[] = [];
  for (let s = 0; s * h.fps < h.frameCount; s++) frames.push(Math.round(s * h.fps));
  if (frames[frames.length - 1] !== h.frameCount - 1) frames.push(h.frameCount - 1);
  const breaks = h.events.filter((e) => e.type === 'bond_break').map((e) => e.timeS);
  const out = [];
  for (const i of frames) {
    const f = await reader.readFrame(i);
    let largest = 0;
    let lowest = Infinity;
    const c = [0, 0, 0];
    let debrisKg = 0;
    for (const p of doc.pieces) {
      const o = p.index * FLOATS_PER_PIECE;
      const d = Math.hypot(f[o] - p.centerM[0], f[o + 1] - p.centerM[1], f[o + 2] - p.centerM[2]);
      largest = Math.max(largest, d);
      lowest = Math.min(lowest, lowestPointY(p.hull.vertices, f, o + 3, f[o + 1]));
      if (d > 0.5) {
        for (let a = 0; a < 3; a++) c[a] += f[o + a] * p.massKg;
        debrisKg += p.massKg;
      }
    }
    const t = i / h.fps;
    out.push({
      timeS: t,
      frame: i + 1,
      largestDisplacementM: largest,
      lowestPointM: Number.isFinite(lowest) ? lowest : 0,
      kineticJ: energyJ(doc, f).kineticJ,
      bondsBroken: breaks.filter((b) => b <= t + 1e-9).length,
      debrisCentroidM: debrisKg > 0 ? c.map((v) => v / debrisKg) : null,
      debrisMassKg: debrisKg,
    });
  }
  return out;
}
