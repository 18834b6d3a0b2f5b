import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateShot } from '../src/spec/validate-spec.js';
import { runFracture, runScene } from '../src/pipeline/run-stages.js';
import { renderSnowFrame } from './snow-frame-render.js';
import type { FracturedDoc } from '../src/fracture/fractured-doc.js';

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };

const spec = validateShot({
  schema: 'aftermath.shot/1',
  seed: 3,
  resolution: [160, 90],
  camera: { position: [0, 2, 14], lookAt: [0, 3, 0] },
  look: { overcast: 0.8 },
  elements: [
    { building: { floors: 2, footprint: [10, 6], at: [0, 0, 0], fragments: 60 } },
    { snow: { intensity: 'heavy', wind: [1, 0, 0], luminous: true, maxFlakes: 30000, accumulation: { initialDepthMm: 5 } } },
  ],
  output: { passes: ['beauty', 'depth', 'id', 'snow'] },
});


const render = (doc: FracturedDoc) => renderSnowFrame(spec, doc);

test('snow pass: premultiplied flakes held out by the building (no flake Z behind the geometry), same bytes twice', async () => {
  const { scene } = runScene(spec);
  const doc = runFracture(spec, scene, hooks).fractured;
  const a = await render(doc);
  assert.ok(a.snow && a.snowDepth && a.depth && a.id);
  const n = 160 * 90;
  let covered = 0;
  for (let i = 0; i < n; i++) {
    const al = a.snow[i * 4 + 3];
    assert.ok(al >= 0 && al <= 1.001, `alpha ${al}`);
    if (al > 0.02) covered++;
    const zs = a.snowDepth[i];
    const zg = a.depth[i];
    if (zs > 0 && zg > 0) assert.ok(zs <= zg * 1.001 + 0.01, `pixel ${i}: flake at ${zs} m drawn behind geometry at ${zg} m`);
  }
  assert.ok(covered > n * 0.05, `flakes cover only ${covered} pixels`);
  const b = await render(doc);
  assert.deepEqual(Buffer.from(b.snow!.buffer), Buffer.from(a.snow.buffer));
  assert.deepEqual(Buffer.from(b.beauty.buffer), Buffer.from(a.beauty.buffer));
});

test('snow carried in the id render: the same pixels as the snow drawn in its own renders', async () => {
  const { scene } = runScene(spec);
  const doc = runFracture(spec, scene, hooks).fractured;
  const carried = await render(doc);
  const separate = await renderSnowFrame(spec, doc, { snowPass: 'separate' });
  assert.ok(carried.snow && carried.snowDepth && separate.snow && separate.snowDepth);
  assert.deepEqual(carried.id, separate.id);
  assert.deepEqual(Buffer.from(carried.beauty.buffer), Buffer.from(separate.beauty.buffer));
  let worst = 0;
  let covered = 0;
  for (let i = 0; i < carried.snow.length; i++) {
    worst = Math.max(worst, Math.abs(carried.snow[i] - separate.snow[i]));
    if (i % 4 === 3 && separate.snow[i] > 0.01) covered++;
  }
  assert.ok(covered > 500, `only ${covered} pixels with snow`);
  assert.ok(worst < 1e-5, `snow RGBA differs by ${worst}`);
  assert.deepEqual(carried.snowDepth, separate.snowDepth);
});
