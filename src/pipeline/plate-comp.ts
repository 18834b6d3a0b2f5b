import type { ShotSpec } from '../spec/schema.js';
import type { FramePasses } from '../render/frame-passes.js';
import type { RenderBackend } from '../render/render-backend.js';
import type { SimCacheReader } from '../simulate/sim-cache.js';
import type { SimulatedShot } from './run-stages.js';
import type { PlateFrames } from './plate-frames.js';
import { compositeOverPlate } from '../composite/over-plate.js';
import { remap } from '../composite/lens-distortion.js';
import { applyLightWrap } from '../composite/light-wrap.js';
import { IDENTITY_GRADE, applyMatchGrade, measureStats, planMatchGrade } from '../composite/match-grade.js';
import type { MatchGrade } from '../composite/match-grade.js';

/** Light wrap strength over a plate when the shot does not set `look.lightWrap`. */
export const DEFAULT_LIGHT_WRAP = 0.3;

export interface PlateCompContext {
  spec: ShotSpec;
  shot: SimulatedShot;
  backend: RenderBackend;
  reader: SimCacheReader;
  log: (line: string) => void;
}

/**
 * CG over the plate with the comp match, in this order:
 * 1. match grade (`look.matchGrade`, on by default over a plate): planned once per shot from a
 *    reference render of the simulation's last frame (the CG at its most visible) against the
 *    plate, and applied to the CG's own pixels — not to the faces of plate-textured buildings,
 *    which are the plate already;
 * 2. lens distortion (`camera.distortion`) of the CG passes that go into the comp (beauty,
 *    shadow, alpha, dust, snow), so straight CG edges bend like the plate's;
 * 3. CG over the plate with the shadow catcher (`over-plate.ts`; none when the camera is below
 *    the ground plane, which it then cannot see);
 * 4. light wrap (`look.lightWrap`, 0.3 by default over a plate), radius 0.6% of the frame width.
 * Light wrap and grain (`grainAlpha`) go on the CG's own pixels only: the faces of
 * plate-textured buildings carry the plate's real grain and light already.
 * Returns the comp and the share of the plate that shows per pixel.
 */
export async function compOverPlate(
  passes: FramePasses,
  plates: PlateFrames,
  plate: Float32Array,
  ctx: PlateCompContext,
): Promise<{ rgba: Float32Array; captureShare: Float32Array; grainAlpha?: Float32Array }> {
  const { spec, shot } = ctx;
  const [w, h] = shot.scene.resolution;
  const n = w * h;
  if (plates.grade === undefined) plates.grade = await planShotGrade(plates, plate, ctx);
  const t0 = performance.now();
  const textured = texturedPieces(shot);
  const id = passes.id;
  if (plates.grade !== IDENTITY_GRADE) applyMatchGrade(passes.beauty, n, plates.grade, (i) => (id && textured[id[i]] ? 0 : 1));
  // The CG's own pixels (not the plate carried by plate-textured buildings): where light wraps.
  let own: Float32Array | undefined;
  if (id && textured.some((t) => t === 1)) own = Float32Array.from(id, (v) => (textured[v] ? 0 : 1));
  const map = plates.distortMap;
  if (map) {
    if (own) own = remap(own, 1, map, 'clamp');
    passes.beauty = remap(passes.beauty, 4, map, 'clamp');
    if (passes.shadow) passes.shadow = remap(passes.shadow, 1, map, 'clamp');
    if (passes.alpha) passes.alpha = remap(passes.alpha, 1, map, 'clamp');
    if (passes.dust) passes.dust = remap(passes.dust, 4, map, 'clamp');
    if (passes.snow) passes.snow = remap(passes.snow, 4, map, 'clamp');
  }
  // A camera under the ground plane (a plate shot from below the platform the building stands
  // on) cannot see the ground's top, so there is no shadow to catch on it.
  const underGround = shot.scene.camera.positionM[1] < shot.scene.ground.topY;
  const comp = compositeOverPlate(passes.beauty, plate, underGround ? undefined : passes.shadow, n);
  const wrap = spec.look.lightWrap ?? DEFAULT_LIGHT_WRAP;
  if (wrap > 0) {
    const alpha = Float32Array.from(comp.captureShare, (c) => 1 - c);
    applyLightWrap(comp.rgba, alpha, plate, w, h, { strength: wrap, radiusPx: Math.max(2, 0.006 * w), apply: own });
  }
  let grainAlpha: Float32Array | undefined;
  if (own && passes.alpha) grainAlpha = Float32Array.from(passes.alpha, (a, i) => a * own![i]);
  if (!loggedTiming.has(plates)) {
    loggedTiming.add(plates);
    for (const line of plates.fillLog) ctx.log(`render: ${line}`);
    ctx.log(`render: comp over plate (grade, lens, over, light wrap) ${Math.round(performance.now() - t0)} ms/frame at ${w}x${h}`);
  }
  return { ...comp, grainAlpha };
}

const loggedTiming = new WeakSet<PlateFrames>();

/** id value (piece index + 1) → whether the piece belongs to a plate-textured building. */
function texturedPieces(shot: SimulatedShot): Uint8Array {
  const textured = new Set(shot.fractured.scene.buildings.filter((b) => b.textureFromPlate).map((b) => b.id));
  const out = new Uint8Array(shot.fractured.pieces.length + 1);
  for (const p of shot.fractured.pieces) if (textured.has(p.buildingId)) out[p.index + 1] = 1;
  return out;
}

async function planShotGrade(plates: PlateFrames, plate: Float32Array, ctx: PlateCompContext): Promise<MatchGrade> {
  const { spec, shot, backend, reader } = ctx;
  if (spec.look.matchGrade === false) return IDENTITY_GRADE;
  const [w, h] = shot.scene.resolution;
  const n = w * h;
  const last = shot.scene.frameCount;
  const ref = await backend.renderFrame({ frame: 0, timeS: (last - 1) / shot.scene.fps, pieces: await reader.readFrame(last - 1) });
  const textured = texturedPieces(shot);
  const id = ref.id;
  const weight = (i: number) => (ref.beauty[i * 4 + 3] > 0.95 && !(id && textured[id[i]]) ? 1 : 0);
  let count = 0;
  for (let i = 0; i < n; i++) count += weight(i);
  if (count < 0.002 * n) {
    ctx.log('render: match grade: too little CG of its own to measure (plate-textured buildings are the plate already): no grade');
    return IDENTITY_GRADE;
  }
  const hidden = plates.hidden;
  const plateStats = measureStats(plate, (i) => (hidden && hidden[i] ? 0 : 1), n);
  const grade = planMatchGrade({ rgba: ref.beauty, pixelCount: n, weight, premultiplied: true }, plateStats);
  const f = (v: number) => v.toFixed(3);
  ctx.log(`render: match grade from ${count} CG px: levels x${f(grade.gain)} ${grade.offset >= 0 ? '+' : ''}${f(grade.offset)}, white balance ${grade.channel.map(f).join('/')}, saturation x${f(grade.saturation)}`);
  return grade;
}
