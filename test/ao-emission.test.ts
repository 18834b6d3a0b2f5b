import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as THREE from 'three/webgpu';
import { validateShot } from '../src/spec/validate-spec.js';
import { runFracture, runScene } from '../src/pipeline/run-stages.js';
import { WebGpuBackend } from '../src/render/webgpu-backend.js';
import { restPoses } from '../src/simulate/rest-poses.js';
import { passChannels } from '../src/encode/exr-pass-channels.js';
import { renderSnowFrame } from './snow-frame-render.js';
import type { FracturedDoc } from '../src/fracture/fractured-doc.js';
import type { PassName } from '../src/spec/schema.js';

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };
const W = 320;
const H = 180;

/** A one-storey box seen from the front; the sun behind it (azimuth 210°) shades its front and the ground before it. */
function boxShot(): FracturedDoc {
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    seed: 1,
    resolution: [W, H],
    camera: { position: [0, 3, 14], lookAt: [0, 1.5, 0] },
    look: { sunAzimuthDeg: 210, sunElevationDeg: 35 },
    elements: [{ building: { floors: 1, footprint: [6, 4], fragments: 30 } }],
  });
  return runFracture(spec, runScene(spec).scene, hooks).fractured;
}

async function render(doc: FracturedDoc, ambientOcclusion: number | null, passes: PassName[] = ['beauty', 'id', 'depth']) {
  const be = new WebGpuBackend();
  if (ambientOcclusion !== null) be.setLook({ ambientOcclusion });
  await be.loadScene(doc, passes);
  const out = await be.renderFrame({ frame: 1, timeS: 0, pieces: restPoses(doc) });
  const inner = be as unknown as { ao: unknown; parts: { beautyScene: THREE.Scene } };
  let withAo = 0;
  inner.parts.beautyScene.traverse((o) => {
    if (((o as THREE.Mesh).material as THREE.NodeMaterial | undefined)?.aoNode) withAo++;
  });
  await be.dispose();
  return { out, aoBuilt: inner.ao !== null, withAo };
}

const lum = (b: Float32Array, i: number) => 0.2126 * b[i * 4] + 0.7152 * b[i * 4 + 1] + 0.0722 * b[i * 4 + 2];

test('ambient occlusion darkens the shaded crease where the box meets the ground, not the open ground nor the sunlit ground', async () => {
  const doc = boxShot();
  const off = (await render(doc, 0)).out;
  const on = (await render(doc, 1)).out;
  const ratio = (i: number) => lum(on.beauty, i) / lum(off.beauty, i);
  const x = W / 2;
  let base = -1;
  for (let y = 0; y < H; y++) if (off.id![y * W + x] > 0) base = y;
  assert.ok(base > H / 2 && base < H - 30, `the box's base is at row ${base}`);
  // The ground just before the wall (in the box's shadow): the wall hides half its sky.
  const crease = ratio((base + 1) * W + x);
  // The same shadowed ground a few metres out (beyond the occlusion radius): open sky.
  const openShade = (base + 12) * W + x;
  assert.ok(off.depth![openShade] < off.depth![(base + 1) * W + x] - 0.4, 'the open ground sample lies well before the wall');
  assert.ok(crease < 0.92, `crease darkened to ${crease}`);
  assert.ok(Math.abs(ratio(openShade) - 1) < 2e-3, `open shaded ground changed by ${ratio(openShade)}`);
  // The sky light alone lights the shadow: same light for the crease and the open ground.
  assert.ok(Math.abs(lum(off.beauty, openShade) / lum(off.beauty, (base + 1) * W + x) - 1) < 0.15);
  // Sunlit ground left of the box and behind it, far from it: unchanged.
  for (const i of [(H - 2) * W + 4, 100 * W + 20, 100 * W + W - 20]) {
    assert.ok(lum(off.beauty, i) > 2 * lum(off.beauty, openShade), `the corner is in the sun: ${lum(off.beauty, i)} vs ${lum(off.beauty, openShade)}`);
    assert.ok(Math.abs(ratio(i) - 1) < 2e-3, `sunlit open ground changed by ${ratio(i)}`);
  }
  // The sky is never touched.
  assert.equal(on.beauty[0], off.beauty[0]);
});

test('ambientOcclusion 0 builds nothing: no pre-pass, no aoNode, the same bytes as ever; on by default; deterministic', async () => {
  const doc = boxShot();
  const a = await render(doc, 0);
  const b = await render(doc, 0);
  assert.equal(a.aoBuilt, false);
  assert.equal(a.withAo, 0, 'no material reads an occlusion');
  assert.deepEqual(Buffer.from(b.out.beauty.buffer), Buffer.from(a.out.beauty.buffer));
  const d = await render(doc, null);
  assert.equal(d.aoBuilt, true, 'a backend that is not told uses 1');
  assert.ok(d.withAo >= 2, 'pieces and ground read the occlusion');
  const e = await render(doc, 1);
  assert.deepEqual(Buffer.from(e.out.beauty.buffer), Buffer.from(d.out.beauty.buffer), 'deterministic');
  const half = await render(doc, 0.5);
  let lower = 0;
  for (let i = 0; i < W * H; i++) {
    const l0 = lum(a.out.beauty, i), l5 = lum(half.out.beauty, i), l1 = lum(d.out.beauty, i);
    assert.ok(l5 <= l0 * 1.002 + 1e-6 && l5 >= l1 * 0.998 - 1e-6, `pixel ${i}: strength 0.5 (${l5}) not between 0 (${l0}) and 1 (${l1})`);
    if (l1 < l0 * 0.97) lower++;
  }
  assert.ok(lower > 30, `only ${lower} pixels darkened by ambient occlusion`);
});

test('tiled rendering gives the same ambient occlusion as one render target', async () => {
  const doc = boxShot();
  const whole = (await render(doc, 1)).out;
  process.env.AFTERMATH_MAX_TILE_PX = '64';
  let tiled;
  try {
    tiled = (await render(doc, 1)).out;
  } finally {
    delete process.env.AFTERMATH_MAX_TILE_PX;
  }
  let sum = 0;
  let worst = 0;
  for (let i = 0; i < W * H; i++) {
    const d = Math.abs(lum(whole.beauty, i) - lum(tiled.beauty, i));
    sum += d;
    worst = Math.max(worst, d);
  }
  assert.ok(sum / (W * H) < 1e-3, `differs by ${sum / (W * H)} on average`);
  assert.ok(worst < 0.05, `differs by up to ${worst} (shadow-map filtering per tile)`);
});

const snowSpec = (luminous: boolean) =>
  validateShot({
    schema: 'aftermath.shot/1',
    seed: 3,
    resolution: [160, 90],
    camera: { position: [0, 2, 14], lookAt: [0, 3, 0] },
    look: { overcast: 0.8 },
    elements: [
      { building: { floors: 2, footprint: [10, 6], at: [0, 0, 0], fragments: 60 } },
      { snow: { intensity: 'heavy', wind: [1, 0, 0], luminous, glow: 0.8, maxFlakes: 30000 } },
    ],
    output: { passes: ['beauty', 'snow', 'emission'] },
  });

async function renderSnow(luminous: boolean) {
  const spec = snowSpec(luminous);
  return renderSnowFrame(spec, runFracture(spec, runScene(spec).scene, hooks).fractured);
}

test('emission pass: the glow of luminous flakes where they are, zero without; EXR emission.R/G/B', async () => {
  const lit = await renderSnow(true);
  const n = 160 * 90;
  assert.ok(lit.emission && lit.snow);
  assert.equal(lit.emission.length, n * 3);
  let glowing = 0;
  for (let i = 0; i < n; i++) {
    const a = lit.snow[i * 4 + 3];
    const e = lit.emission[i * 3 + 2];
    if (a === 0) assert.equal(lit.emission[i * 3] + lit.emission[i * 3 + 1] + e, 0, `pixel ${i} glows without a flake`);
    if (a > 0.02) {
      assert.ok(e > 0 && e < lit.snow[i * 4 + 2], `pixel ${i}: glow ${e} is part of the flake's ${lit.snow[i * 4 + 2]}`);
      glowing++;
    }
  }
  assert.ok(glowing > n * 0.05, `only ${glowing} pixels glow`);
  const again = await renderSnow(true);
  assert.deepEqual(Buffer.from(again.emission!.buffer), Buffer.from(lit.emission.buffer));
  const plain = await renderSnow(false);
  assert.ok(plain.snow!.some((v) => v > 0), 'plain flakes are drawn');
  assert.ok(plain.emission!.every((v) => v === 0), 'plain flakes do not emit');
  const names = passChannels(lit).map((c) => c.name);
  assert.deepEqual(names.filter((c) => c.startsWith('emission.')), ['emission.R', 'emission.G', 'emission.B']);
  assert.equal(passChannels({ ...lit, emission: undefined }).filter((c) => c.name.startsWith('emission.')).length, 0);
});

test('emission pass: black without emitters and only when asked; an emissive material shows through it, held out by nothing else', async () => {
  const doc = boxShot();
  const none = (await render(doc, 1, ['beauty', 'id'])).out;
  assert.equal(none.emission, undefined, 'not asked, not made');
  const black = (await render(doc, 1, ['beauty', 'id', 'emission'])).out;
  assert.ok(black.emission!.every((v) => v === 0));
  // Give the pieces an emissive colour: the pass holds it over the box only.
  const be = new WebGpuBackend();
  await be.loadScene(doc, ['beauty', 'id', 'emission']);
  const mat = (be as unknown as { parts: { pieces: THREE.BatchedMesh } }).parts.pieces.material as THREE.MeshStandardNodeMaterial;
  mat.emissive = new THREE.Color(0.5, 0.25, 0.1);
  mat.needsUpdate = true;
  const out = await be.renderFrame({ frame: 1, timeS: 0, pieces: restPoses(doc) });
  await be.dispose();
  let inside = 0;
  for (let i = 0; i < W * H; i++) {
    const r = out.emission![i * 3];
    if (out.id![i] > 0) {
      assert.ok(Math.abs(r - 0.5) < 0.01 && Math.abs(out.emission![i * 3 + 2] - 0.1) < 0.01, `pixel ${i}: ${r}`);
      inside++;
    } else assert.equal(r, 0, `pixel ${i} emits off the box`);
  }
  assert.ok(inside > 500);
  // The beauty keeps its sky and lights after the emission render.
  assert.ok(lum(out.beauty, 0) > 0.05);
});
