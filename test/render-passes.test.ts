import { test } from 'node:test';
import { restPoses } from '../src/simulate/rest-poses.js';
import assert from 'node:assert/strict';
import { validateShot } from '../src/spec/validate-spec.js';
import { runFracture, runScene } from '../src/pipeline/run-stages.js';
import { WebGpuBackend } from '../src/render/webgpu-backend.js';
import { cameraBasis } from '../src/render/motion-vectors.js';
import { FLOATS_PER_PIECE } from '../src/simulate/sim-cache.js';
import type { FracturedDoc } from '../src/fracture/fractured-doc.js';

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };
const ALL = ['beauty', 'alpha', 'depth', 'normal', 'motion', 'id', 'shadow'] as const;

function shot(camera: object, building: object = { floors: 1, footprint: [6, 4], at: [0, 0, 0], fragments: 60 }) {
  const spec = validateShot({ schema: 'aftermath.shot/1', resolution: [160, 90], camera, elements: [{ building }] });
  const { scene } = runScene(spec);
  return runFracture(spec, scene, hooks).fractured;
}

const rest = (doc: FracturedDoc, dx = 0): Float32Array => restPoses(doc, [dx, 0, 0]);

async function render(doc: FracturedDoc, pieces: Float32Array, previous?: Float32Array) {
  const be = new WebGpuBackend();
  await be.loadScene(doc, ALL);
  const out = await be.renderFrame({ frame: 2, timeS: 0, pieces, previous });
  await be.dispose();
  return out;
}

test('depth of the ground plane equals the analytic distance along the view axis within 1 cm', async () => {
  // The building stands behind the camera; the view sees only ground and sky.
  const doc = shot({ position: [0, 5, 20], lookAt: [0, 0, 0] }, { floors: 1, footprint: [4, 4], at: [0, 0, 60], fragments: 20 });
  const out = await render(doc, rest(doc));
  const b = cameraBasis(doc.scene.camera);
  let checked = 0;
  for (const [px, py] of [[80, 60], [20, 80], [150, 70], [80, 46]]) {
    const nx = ((px + 0.5) / 160) * 2 - 1;
    const ny = 1 - ((py + 0.5) / 90) * 2;
    const dir = [0, 1, 2].map((a) => b.f[a] + b.r[a] * nx * b.tanX + b.u[a] * ny * b.tanY);
    if (dir[1] >= 0) continue;
    const t = -b.e[1] / dir[1]; // ray e + t·dir hits y = 0; its Z along the axis is t (dir·f = 1)
    const z = out.depth![py * 160 + px];
    assert.ok(Math.abs(z - t) < 0.01, `pixel ${px},${py}: depth ${z} vs ${t}`);
    assert.ok(out.normal![(py * 160 + px) * 3 + 1] > 0.9, 'ground normal points up in camera space (tilted view)');
    checked++;
  }
  assert.ok(checked >= 3);
  // No CG piece in view: alpha is 0 everywhere and no shadow falls on the ground.
  assert.equal(out.alpha!.reduce((s, v) => s + v, 0), 0);
  assert.ok(out.shadow!.every((v) => v > 0.99), 'shadow catcher is 1 where no shadow falls');
});

test('motion vectors of pieces moved 1 m sideways equal their projected displacement; static pixels read 0', async () => {
  const doc = shot({ position: [0, 1.5, 25], lookAt: [0, 1.5, 0] });
  const now = rest(doc);
  const before = rest(doc, -1);
  const out = await render(doc, now, before);
  const b = cameraBasis(doc.scene.camera);
  let hits = 0;
  for (let i = 0; i < 160 * 90; i++) {
    const u = out.motion![i * 2];
    const v = out.motion![i * 2 + 1];
    if (out.id![i] === 0) {
      assert.equal(u, 0);
      assert.equal(v, 0);
      continue;
    }
    const z = out.depth![i];
    const expected = 160 / (2 * z * b.tanX); // 1 m along the image plane at depth z, in pixels
    assert.ok(Math.abs(u - expected) < 0.25 && Math.abs(v) < 0.25, `pixel ${i}: (${u}, ${v}) vs (${expected}, 0)`);
    hits++;
  }
  assert.ok(hits > 200, `only ${hits} pixels of the building`);
  assert.ok(out.alpha!.some((a) => a === 1));
  // The building's shadow darkens the catcher somewhere.
  assert.ok(out.shadow!.some((s) => s < 0.8));
});

test('object ids are stable across frames for pieces that do not move', async () => {
  const doc = shot({ position: [0, 1.5, 25], lookAt: [0, 1.5, 0] });
  const a = await render(doc, rest(doc));
  const b = await render(doc, rest(doc));
  assert.deepEqual(a.id, b.id);
  const seen = new Set(a.id);
  for (const v of seen) assert.ok(v === 0 || (v >= 1 && v <= doc.pieces.length));
});

test('tiled rendering gives the same frame as one render target', async () => {
  const doc = shot({ position: [0, 1.5, 25], lookAt: [0, 1.5, 0] });
  const whole = await render(doc, rest(doc));
  process.env.AFTERMATH_MAX_TILE_PX = '50';
  let tiled;
  try {
    tiled = await render(doc, rest(doc));
  } finally {
    delete process.env.AFTERMATH_MAX_TILE_PX;
  }
  assert.deepEqual(tiled.id, whole.id);
  let worst = 0;
  let sum = 0;
  for (let i = 0; i < whole.beauty.length; i++) {
    const d = Math.abs(whole.beauty[i] - tiled.beauty[i]);
    worst = Math.max(worst, d);
    sum += d;
  }
  assert.ok(sum / whole.beauty.length < 1e-3, `beauty differs by ${sum / whole.beauty.length} on average`);
  let depthWorst = 0;
  for (let i = 0; i < whole.depth!.length; i++) depthWorst = Math.max(depthWorst, Math.abs(whole.depth![i] - tiled.depth![i]));
  assert.ok(worst < 0.05, `beauty differs by up to ${worst} (shadow-map filtering per tile)`);
  assert.ok(depthWorst < 0.01, `depth differs by ${depthWorst}`);
});

test('motion blur smears moving pieces and leaves still pixels alone', async () => {
  const { renderShot } = await import('../src/pipeline/render-shot.js');
  const { readPng } = await import('../src/encode/png-frames.js');
  const { tempDir } = await import('./helpers.js');
  const base = {
    schema: 'aftermath.shot/1',
    seed: 3,
    frames: { fps: 12, count: 10 },
    resolution: [160, 90],
    camera: { position: [-20, 4, 45], lookAt: [0, 6, 0] },
    elements: [{ building: { floors: 3, footprint: [10, 8], fragments: 120 } }, { collapse: { target: 'tower', startS: 0, initiationFloor: 1 } }],
    output: { formats: ['png'], contactSheet: false, passes: ['beauty'] },
  };
  const sharp = tempDir();
  const blurred = tempDir();
  await renderShot(base, { outDir: sharp, sign: { type: 'unsigned' } });
  await renderShot({ ...base, camera: { ...base.camera, motionBlurSamples: 6, shutterAngleDeg: 270 } }, { outDir: blurred, sign: { type: 'unsigned' } });
  const a = (await readPng(`${sharp}/frames/beauty.0008.png`)).data;
  const b = (await readPng(`${blurred}/frames/beauty.0008.png`)).data;
  let changed = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 8) changed++;
  assert.ok(changed > 100, `only ${changed} samples changed with motion blur`);
  // The sky in the top corner does not move.
  assert.equal(a[0], b[0]);
});
