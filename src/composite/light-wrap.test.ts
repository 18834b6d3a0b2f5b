import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyLightWrap } from './light-wrap.js';

/** A dark CG square (0.1) over a bright orange plate, fully covering x < 50 of a 100 x 60 frame. */
function scene() {
  const w = 100;
  const h = 60;
  const alpha = new Float32Array(w * h);
  const plate = new Float32Array(w * h * 4);
  const comp = new Float32Array(w * h * 4);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      alpha[i] = x < 50 ? 1 : 0;
      plate.set([1, 0.5, 0.1, 1], i * 4);
      comp.set(x < 50 ? [0.1, 0.1, 0.1, 1] : [1, 0.5, 0.1, 1], i * 4);
    }
  }
  return { w, h, alpha, plate, comp };
}

test('zero strength is the identity', () => {
  const { w, h, alpha, plate, comp } = scene();
  const before = new Float32Array(comp);
  applyLightWrap(comp, alpha, plate, w, h, { strength: 0, radiusPx: 8 });
  assert.deepEqual(comp, before);
});

test('the plate\'s light wraps onto the CG edge only: the plate and the CG\'s inside are untouched', () => {
  const { w, h, alpha, plate, comp } = scene();
  const before = new Float32Array(comp);
  applyLightWrap(comp, alpha, plate, w, h, { strength: 0.5, radiusPx: 4 });
  const row = 30;
  for (let x = 50; x < w; x++) for (let c = 0; c < 3; c++) assert.equal(comp[(row * w + x) * 4 + c], before[(row * w + x) * 4 + c], 'the plate changed');
  // Deep inside the CG (farther than 3 blurs of radius 4 = 12 px): unchanged.
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(comp[(row * w + 20) * 4 + c] - 0.1) < 1e-6);
  // The CG's edge pixel: the three box blurs of a step give it cover = 1/2 - (1/2)(1/9)... here
  // measured as the mix towards the plate's colour; orange light, so red rises most.
  const e = (row * w + 49) * 4;
  const mixR = (comp[e] - 0.1) / (1 - 0.1);
  const mixG = (comp[e + 1] - 0.1) / (0.5 - 0.1);
  assert.ok(mixR > 0.1 && mixR < 0.5 * 0.5 + 1e-6, `edge mix ${mixR}`);
  assert.ok(Math.abs(mixR - mixG) < 1e-5, 'the edge is mixed towards the plate\'s colour, not tinted otherwise');
  // It falls off into the CG.
  const m = (x: number) => (comp[(row * w + x) * 4] - 0.1) / 0.9;
  assert.ok(m(49) > m(46) && m(46) > m(42) && m(42) > m(38));
});

test('the wrap can be held off CG that is the plate itself', () => {
  const { w, h, alpha, plate, comp } = scene();
  const before = new Float32Array(comp);
  const apply = new Float32Array(w * h).fill(1);
  for (let y = 0; y < 30; y++) for (let x = 0; x < w; x++) apply[y * w + x] = 0;
  applyLightWrap(comp, alpha, plate, w, h, { strength: 0.5, radiusPx: 4, apply });
  assert.equal(comp[(10 * w + 49) * 4], before[(10 * w + 49) * 4], 'held-off edge changed');
  assert.notEqual(comp[(45 * w + 49) * 4], before[(45 * w + 49) * 4], 'edge not wrapped');
});
