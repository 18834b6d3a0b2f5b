import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { validateShot } from '../src/spec/validate-spec.js';
import { buildScene } from '../src/scene/build-scene.js';
import { fractureScene } from '../src/fracture/fracture-scene.js';
import { createRng } from '../src/core/rng.js';
import { restPoses } from '../src/simulate/rest-poses.js';
import { WebGpuBackend } from '../src/render/webgpu-backend.js';
import { cameraBasis } from '../src/render/motion-vectors.js';
import { toDisplayRgb8 } from '../src/composite/display-transform.js';
import { writePng8 } from '../src/encode/png-frames.js';
import type { FramePasses } from '../src/render/frame-passes.js';
import type { DebrisFrame, DustLook, DustVolumeFrame } from '../src/dust/dust-frame.js';

const W = 160;
const H = 90;
const LOOK: DustLook = { albedo: [0.62, 0.55, 0.45], massExtinctionM2PerG: 0.6 };

// Sun from +x (azimuth 90°), 30° up; the camera looks down −z at a 3-floor building.
const spec = validateShot({
  schema: 'aftermath.shot/1',
  seed: 5,
  resolution: [W, H],
  camera: { position: [0, 6, 40], lookAt: [0, 6, 0] },
  look: { sunAzimuthDeg: 90, sunElevationDeg: 30 },
  elements: [{ building: { floors: 3, footprint: [8, 6], at: [0, 0, 0], fragments: 40 } }],
  output: { passes: ['beauty', 'id'] },
});
const doc = fractureScene(buildScene(spec, { rng: createRng(spec.seed).derive('scene') }), {
  rng: createRng(spec.seed).derive('fracture'),
  signal: new AbortController().signal,
  onProgress: () => {},
});
const pieces = restPoses(doc);

/** A grid over x −16..16, y 0..18, z −30..20 (0.5 m cells) holding soft balls of dust. */
function cloud(balls: { c: [number, number, number]; r: number; rho: number }[]): DustVolumeFrame {
  const dims: [number, number, number] = [64, 36, 100];
  const originM: [number, number, number] = [-16, 0, -30];
  const rho = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, i = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let x = 0; x < dims[0]; x++, i++) {
    const p = [originM[0] + (x + 0.5) * 0.5, (j + 0.5) * 0.5, originM[2] + (k + 0.5) * 0.5];
    for (const b of balls) {
      const d = Math.hypot(p[0] - b.c[0], p[1] - b.c[1], p[2] - b.c[2]) / b.r;
      if (d < 1) rho[i] = Math.max(rho[i], b.rho * Math.min(1, (1 - d) / 0.3));
    }
  }
  return { originM, cellM: 0.5, dims, densityGPerM3: rho };
}

/** Debris particles on a row, 0.7 m across, all with one velocity. */
function debrisRow(count: number, y: number, z: number, velocity: [number, number, number]): DebrisFrame {
  const positionsM = new Float32Array(count * 3);
  const velocitiesMps = new Float32Array(count * 3);
  for (let i = 0; i < count; i++) {
    positionsM.set([-7 + (14 * i) / (count - 1), y + 1.5 * Math.sin(i * 1.7), z], i * 3);
    velocitiesMps.set(velocity, i * 3);
  }
  return { count, positionsM, velocitiesMps, sizesM: new Float32Array(count).fill(0.7), ids: Uint32Array.from({ length: count }, (_, i) => 1000 + i * 7) };
}

/** The same particles `dtS` seconds on (p + v·dt). */
const advance = (d: DebrisFrame, dtS: number): DebrisFrame => ({ ...d, positionsM: d.positionsM.map((p, i) => p + d.velocitiesMps[i] * dtS) });

const backends: WebGpuBackend[] = [];
async function backend(): Promise<WebGpuBackend> {
  const be = new WebGpuBackend();
  be.setEffects({ dustLook: LOOK, debris: true });
  await be.loadScene(doc, ['beauty', 'id']);
  backends.push(be);
  return be;
}
after(async () => {
  for (const be of backends) await be.dispose();
});

let shared: WebGpuBackend | null = null;
const main = async () => (shared ??= await backend());

/** Straight (un-premultiplied) luminance of the dust at a pixel. */
const lum = (d: Float32Array, i: number) => (0.2126 * d[i * 4] + 0.7152 * d[i * 4 + 1] + 0.0722 * d[i * 4 + 2]) / d[i * 4 + 3];

/** Saves the beauty with the dust over it as a display PNG (AFTERMATH_DUST_PNG=<dir> to look at the renders). */
export async function saveDustPng(file: string, out: FramePasses, exposureEv = 0): Promise<void> {
  const rgba = Float32Array.from(out.beauty);
  const dust = out.dust ?? new Float32Array(rgba.length);
  for (let i = 0; i < rgba.length; i += 4) for (let c = 0; c < 4; c++) rgba[i + c] = dust[i + c] + rgba[i + c] * (1 - dust[i + 3]);
  await writePng8(file, toDisplayRgb8(rgba, out.width * out.height, exposureEv), out.width, out.height, 3);
}
const maybeSave = async (name: string, out: FramePasses) => {
  if (process.env.AFTERMATH_DUST_PNG) await saveDustPng(path.join(process.env.AFTERMATH_DUST_PNG, `${name}.png`), out, doc.scene.exposureEv);
};

/** Mean luminance of a beauty pass (scene-linear). */
const meanLuma = (b: Float32Array) => {
  let s = 0;
  for (let i = 0; i < b.length; i += 4) s += 0.2126 * b[i] + 0.7152 * b[i + 1] + 0.0722 * b[i + 2];
  return s / (b.length / 4);
};

test('an empty dust volume (and a frame without one) gives dust alpha 0 everywhere, and the beauty still draws', async () => {
  // A fresh backend whose first frames have no dust (a shot before its collapse): the cloud's
  // shadow binds the dust texture before any dust was uploaded, which once left them black.
  const be = await main();
  const empty = await be.renderFrame({ frame: 1, timeS: 0, pieces, dust: cloud([]) });
  assert.ok(empty.dust && empty.dust.length === W * H * 4);
  assert.ok(empty.dust.every((v) => v === 0));
  assert.ok(meanLuma(empty.beauty) > 0.05, `beauty mean luminance ${meanLuma(empty.beauty)} (black frame)`);
  const none = await be.renderFrame({ frame: 2, timeS: 0, pieces });
  assert.ok(none.dust!.every((v) => v === 0));
  assert.ok(meanLuma(none.beauty) > 0.05, `beauty mean luminance ${meanLuma(none.beauty)} (black frame)`);
});

test('a dense cloud in front of the camera: opaque, neither black nor blown out, its sunlit side (+x) brighter', async () => {
  const be = await main();
  const out = await be.renderFrame({ frame: 1, timeS: 0, pieces, dust: cloud([{ c: [0, 6, 16], r: 5, rho: 3 }]) });
  await maybeSave('dense-front', out);
  const d = out.dust!;
  const centre = (H / 2) * W + W / 2;
  assert.ok(d[centre * 4 + 3] > 0.95, `alpha ${d[centre * 4 + 3]}`);
  for (let c = 0; c < 3; c++) assert.ok(d[centre * 4 + c] > 0.01 && d[centre * 4 + c] < 2, `channel ${c}: ${d[centre * 4 + c]}`);
  // Opaque pixels left and right of the cloud's centre column.
  let left = 0, right = 0, nl = 0, nr = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const i = y * W + x;
    if (d[i * 4 + 3] < 0.9) continue;
    if (x < W / 2 - 6) [left, nl] = [left + lum(d, i), nl + 1];
    if (x > W / 2 + 6) [right, nr] = [right + lum(d, i), nr + 1];
  }
  assert.ok(nl > 50 && nr > 50, `${nl} / ${nr} opaque pixels`);
  assert.ok(right / nr > 1.3 * (left / nl), `lit side ${right / nr} vs shadowed ${left / nl}`);
});

test('a cloud behind the building is held out where the building is and visible beside it', async () => {
  const be = await main();
  const out = await be.renderFrame({ frame: 1, timeS: 0, pieces, dust: cloud([{ c: [0, 6, -18], r: 10, rho: 2 }]) });
  await maybeSave('behind', out);
  const d = out.dust!;
  let onBuilding = 0, beside = 0;
  for (let i = 0; i < W * H; i++) {
    if (out.id![i] > 0) {
      assert.ok(d[i * 4 + 3] < 0.01, `pixel ${i} on piece ${out.id![i]}: dust alpha ${d[i * 4 + 3]}`);
      onBuilding++;
    } else if (d[i * 4 + 3] > 0.5) beside++;
  }
  assert.ok(onBuilding > 300, `building covers ${onBuilding} pixels`);
  assert.ok(beside > 300, `cloud visible on ${beside} pixels beside the building`);
});

test('debris in view change the beauty where they are, at true sub-frame positions; none, none drawn', async () => {
  const be = await main();
  const plain = await be.renderFrame({ frame: 1, timeS: 0.5, pieces });
  const debris = debrisRow(12, 14, 10, [20, 0, 0]);
  const withDebris = await be.renderFrame({ frame: 1, timeS: 0.5, pieces, debris });
  await maybeSave('debris', withDebris);
  // Changed pixels, each near a particle's projection.
  const b = cameraBasis(doc.scene.camera);
  const projected = Array.from({ length: debris.count }, (_, i) => {
    const rel = [0, 1, 2].map((a) => debris.positionsM[i * 3 + a] - b.e[a]);
    const z = rel[0] * b.f[0] + rel[1] * b.f[1] + rel[2] * b.f[2];
    const x = (rel[0] * b.r[0] + rel[1] * b.r[1] + rel[2] * b.r[2]) / (z * b.tanX);
    const y = (rel[0] * b.u[0] + rel[1] * b.u[1] + rel[2] * b.u[2]) / (z * b.tanY);
    return [((x + 1) / 2) * W, ((1 - y) / 2) * H];
  });
  let changed = 0;
  for (let i = 0; i < W * H; i++) {
    const diff = Math.abs(withDebris.beauty[i * 4] - plain.beauty[i * 4]) + Math.abs(withDebris.beauty[i * 4 + 2] - plain.beauty[i * 4 + 2]);
    if (diff < 0.02) continue;
    changed++;
    const [px, py] = [(i % W) + 0.5, Math.floor(i / W) + 0.5];
    const near = Math.min(...projected.map(([x, y]) => Math.hypot(px - x, py - y)));
    assert.ok(near < 4, `changed pixel ${i} is ${near.toFixed(1)} px from any particle`);
  }
  assert.ok(changed >= debris.count * 2, `only ${changed} pixels changed`);
  // Motion-blur sub-frame: the same bytes as a frame whose particles are 50 ms on.
  const sub = await be.renderBeauty(pieces, 0.05);
  const later = await be.renderFrame({ frame: 1, timeS: 0.55, pieces, debris: advance(debris, 0.05) });
  assert.deepEqual(Buffer.from(sub.buffer), Buffer.from(later.beauty.buffer));
  assert.notDeepEqual(Buffer.from(sub.buffer), Buffer.from(withDebris.beauty.buffer));
  // A frame without debris draws none.
  const after = await be.renderFrame({ frame: 2, timeS: 0.6, pieces });
  assert.deepEqual(Buffer.from(after.beauty.buffer), Buffer.from(plain.beauty.buffer));
});

test('debris inside the cloud hold the dust out; same bytes from a fresh backend; tiles match one target', async () => {
  const frame = { frame: 1, timeS: 0.25, pieces, dust: cloud([{ c: [0, 12, 10], r: 6, rho: 0.25 }, { c: [-8, 4, -12], r: 6, rho: 2 }]), debris: debrisRow(12, 12, 14, [0, -5, 0]) };
  const a = await (await main()).renderFrame(frame);
  await maybeSave('thin-debris', a);
  const b = await (await backend()).renderFrame(frame);
  assert.deepEqual(Buffer.from(b.dust!.buffer), Buffer.from(a.dust!.buffer));
  assert.deepEqual(Buffer.from(b.beauty.buffer), Buffer.from(a.beauty.buffer));
  // Particles in front of most of the thin cloud: less dust on them than just beside them.
  const noDebris = await (await main()).renderFrame({ ...frame, debris: undefined });
  let held = 0;
  for (let i = 0; i < W * H; i++) if (a.dust![i * 4 + 3] < noDebris.dust![i * 4 + 3] - 0.02) held++;
  assert.ok(held >= 12, `dust held out on only ${held} pixels`);
  process.env.AFTERMATH_MAX_TILE_PX = '50';
  let tiled;
  try {
    tiled = await (await backend()).renderFrame(frame);
  } finally {
    delete process.env.AFTERMATH_MAX_TILE_PX;
  }
  let worst = 0, sum = 0;
  for (let i = 0; i < a.dust!.length; i++) {
    const e = Math.abs(a.dust![i] - tiled.dust![i]);
    worst = Math.max(worst, e);
    sum += e;
  }
  assert.ok(sum / a.dust!.length < 2e-3, `tiled dust differs by ${sum / a.dust!.length} on average`);
  assert.ok(worst < 0.1, `tiled dust differs by up to ${worst}`);
});

test("the cloud shadows the beauty's sunlit street beneath it (sun side only, never brighter); a frame without dust is unchanged", async () => {
  const be = await main();
  const plain = await be.renderFrame({ frame: 1, timeS: 0, pieces });
  const shaded = await be.renderFrame({ frame: 1, timeS: 0, pieces, dust: cloud([{ c: [12, 4, 10], r: 3, rho: 20 }]) });
  await maybeSave('cloud-shadow', { ...shaded, dust: undefined });
  const luma = (b: Float32Array, i: number) => 0.2126 * b[i * 4] + 0.7152 * b[i * 4 + 1] + 0.0722 * b[i * 4 + 2];
  let darker = 0;
  for (let i = 0; i < W * H; i++) {
    const [a, b] = [luma(plain.beauty, i), luma(shaded.beauty, i)];
    assert.ok(b <= a + 1e-6, `pixel ${i} brighter: ${a} -> ${b}`);
    if (b < 0.75 * a) darker++;
  }
  assert.ok(darker > 30, `only ${darker} pixels in the cloud's shadow`);
  const again = await be.renderFrame({ frame: 2, timeS: 0, pieces });
  assert.deepEqual(Buffer.from(again.beauty.buffer), Buffer.from(plain.beauty.buffer));
});
