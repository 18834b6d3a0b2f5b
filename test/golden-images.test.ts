import { test } from 'node:test';
import { validateShot } from '../src/spec/validate-spec.js';
import { runFracture, runScene } from '../src/pipeline/run-stages.js';
import { WebGpuBackend } from '../src/render/webgpu-backend.js';
import { compositeFrame } from '../src/composite/composite-frame.js';
import { FLOATS_PER_PIECE } from '../src/simulate/sim-cache.js';
import { expectGolden } from './golden.js';

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };

for (const facade of ['punched-concrete', 'curtain-glass'] as const) {
  test(`golden image: intact ${facade} building at 320x180`, async () => {
    const spec = validateShot({
      schema: 'aftermath.shot/1',
      seed: 2,
      resolution: [320, 180],
      camera: { position: [-22, 3, 48], lookAt: [0, 10, 0] },
      elements: [{ building: { facade, floors: 6, footprint: [18, 12], fragments: 400 } }],
    });
    const { scene } = runScene(spec);
    const { fractured } = runFracture(spec, scene, hooks);
    const state = new Float32Array(fractured.pieces.length * FLOATS_PER_PIECE);
    for (const p of fractured.pieces) {
      state.set(p.centerM, p.index * FLOATS_PER_PIECE);
      state.set(p.rotation, p.index * FLOATS_PER_PIECE + 3);
    }
    const be = new WebGpuBackend();
    await be.loadScene(fractured, ['beauty']);
    const passes = await be.renderFrame({ frame: 1, timeS: 0, pieces: state });
    await be.dispose();
    const { displayRgb8 } = compositeFrame(passes, 0);
    expectGolden(`building-${facade}`, displayRgb8, 320, 180);
  });
}

test('(runs last) the golden comparison fails on a changed image and writes actual/expected/diff', async () => {
  const assert = (await import('node:assert/strict')).default;
  const { readFileSync } = await import('node:fs');
  const { decode } = await import('fast-png');
  const g = decode(readFileSync(new URL('./golden/building-punched-concrete.png', import.meta.url)));
  const rgb = Uint8Array.from(g.data as Uint8Array);
  for (let i = 0; i < rgb.length / 10; i++) rgb[i] = 255 - rgb[i];
  const make = process.env.AFTERMATH_GOLDEN_MAKE;
  delete process.env.AFTERMATH_GOLDEN_MAKE;
  try {
    assert.throws(() => expectGolden('building-punched-concrete', rgb, 320, 180), /differ by more than 12 levels; actual\/expected\/diff in /);
  } finally {
    if (make !== undefined) process.env.AFTERMATH_GOLDEN_MAKE = make;
  }
});
