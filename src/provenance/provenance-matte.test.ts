import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { PROVENANCE_KINDS, aftermathOnlyInputs, buildProvenanceMatte, meanShares, summarizeInputs, summarizeMatte } from './provenance-matte.js';
import type { ProvenanceMatte } from './provenance-matte.js';
import { matteThumbnail, MATTE_COLORS } from './matte-thumbnail.js';
import { matteChannels, matteFromChannels } from './matte-layers.js';

function assertSumsToOne(m: ProvenanceMatte): void {
  for (let i = 0; i < m.width * m.height; i++) {
    let s = 0;
    for (const k of PROVENANCE_KINDS) {
      assert.ok(m[k][i] >= 0 && m[k][i] <= 1, `${k}[${i}] = ${m[k][i]}`);
      s += m[k][i];
    }
    assert.ok(Math.abs(s - 1) < 1e-6, `pixel ${i} sums to ${s}`);
  }
}

test("today's matte: every pixel simulated, sums to 1", () => {
  const m = buildProvenanceMatte(aftermathOnlyInputs(32, 18));
  assertSumsToOne(m);
  assert.deepEqual(summarizeMatte(m), { capture: 0, simulated: 1, synthesized: 0, trained: 0 });
  assert.deepEqual(summarizeInputs(aftermathOnlyInputs(1920, 1080)), { capture: 0, simulated: 1, synthesized: 0, trained: 0 });
});

test('property: random coverage, fill and model masks over a plate always sum to 1 per pixel', () => {
  const rng = createRng(5);
  for (let trial = 0; trial < 20; trial++) {
    const w = 1 + Math.floor(rng.next() * 40);
    const h = 1 + Math.floor(rng.next() * 20);
    const field = () => Float32Array.from({ length: w * h }, () => {
      const r = rng.next();
      return r < 0.1 ? 0 : r > 0.9 ? 1 : r < 0.12 ? -0.5 : r > 0.88 ? 1.5 : r; // out-of-range values are clamped
    });
    const m = buildProvenanceMatte({ width: w, height: h, background: trial % 2 ? 'plate' : 'rendered', cgCoverage: field(), synthesizedBackground: field(), trained: trial % 3 ? field() : 0 });
    assertSumsToOne(m);
    const s = summarizeMatte(m);
    assert.ok(Math.abs(PROVENANCE_KINDS.reduce((a, k) => a + s[k], 0) - 1) < 1e-9);
  }
});

test('a plate shot: outside the CG is capture, revealed background is synthesized, a model share is trained', () => {
  // 4 pixels: CG, plate, revealed (filled) background, plate under a 50% model refinement.
  const m = buildProvenanceMatte({
    width: 4,
    height: 1,
    background: 'plate',
    cgCoverage: Float32Array.from([1, 0, 0, 0]),
    synthesizedBackground: Float32Array.from([0, 0, 1, 0]),
    trained: Float32Array.from([0, 0, 0, 0.5]),
  });
  assert.deepEqual([...m.simulated], [1, 0, 0, 0]);
  assert.deepEqual([...m.capture], [0, 1, 0, 0.5]);
  assert.deepEqual([...m.synthesized], [0, 0, 1, 0]);
  assert.deepEqual([...m.trained], [0, 0, 0, 0.5]);
  assert.deepEqual(summarizeMatte(m), { capture: 0.375, simulated: 0.25, synthesized: 0.25, trained: 0.125 });
  assert.deepEqual(meanShares([summarizeMatte(m), { capture: 0, simulated: 1, synthesized: 0, trained: 0 }]), { capture: 0.1875, simulated: 0.625, synthesized: 0.125, trained: 0.0625 });
  assert.throws(() => buildProvenanceMatte({ width: 2, height: 2, cgCoverage: new Float32Array(3) }), /3 values for 4 pixels/);
});

test('EXR layers round-trip and the thumbnail colours the shares', () => {
  const m = buildProvenanceMatte({ width: 8, height: 4, background: 'plate', cgCoverage: Float32Array.from({ length: 32 }, (_, i) => (i % 8 < 4 ? 1 : 0)) });
  const ch = matteChannels(m);
  assert.deepEqual(ch.map((c) => c.name), ['provenance.capture', 'provenance.simulated', 'provenance.synthesized', 'provenance.trained']);
  assert.ok(ch.every((c) => c.type === 'HALF'));
  const back = matteFromChannels(8, 4, ch);
  assert.ok(back);
  assert.equal(matteFromChannels(8, 4, ch.slice(1)), null);
  const t = matteThumbnail(m, 2);
  assert.equal(t.width, 2);
  assert.equal(t.height, 1);
  assert.deepEqual([...t.rgb.subarray(0, 3)], MATTE_COLORS.simulated);
  assert.deepEqual([...t.rgb.subarray(3, 6)], MATTE_COLORS.capture);
});
