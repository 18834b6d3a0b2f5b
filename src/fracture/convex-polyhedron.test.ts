import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import type { Vec3 } from '../core/units.js';
import { boxPolyhedron, clipByPlane, normalize } from './convex-polyhedron.js';
import { massProperties } from './mass-properties.js';
import { assertClosed } from '../../test/geometry-asserts.js';

test('box mass properties: volume, centroid and inertia match the closed forms', () => {
  const m = massProperties(boxPolyhedron([1, 2, 3], [2, 4, 6]));
  assert.ok(Math.abs(m.volumeM3 - 48) < 1e-9);
  m.centroidM.forEach((c, i) => assert.ok(Math.abs(c - [1, 2, 3][i]) < 1e-9));
  const I = m.inertiaUnitDensity;
  assert.ok(Math.abs(I[0] - (48 / 12) * (16 + 36)) < 1e-6);
  assert.ok(Math.abs(I[4] - (48 / 12) * (4 + 36)) < 1e-6);
  assert.ok(Math.abs(I[8] - (48 / 12) * (4 + 16)) < 1e-6);
  assert.ok(Math.abs(I[1]) < 1e-9 && Math.abs(I[2]) < 1e-9 && Math.abs(I[5]) < 1e-9);
});

test('clipping by random planes keeps the solid closed, convex, and splits volume exactly', () => {
  const rng = createRng(42);
  for (let trial = 0; trial < 200; trial++) {
    const box = boxPolyhedron([0, 0, 0], [rng.range(0.2, 5), rng.range(0.2, 5), rng.range(0.2, 5)]);
    const n = normalize([rng.range(-1, 1), rng.range(-1, 1), rng.range(-1, 1)] as Vec3);
    const d = rng.range(-0.5, 0.5);
    const a = clipByPlane(box, n, d, 1);
    const b = clipByPlane(box, [-n[0], -n[1], -n[2]], -d, 0);
    const va = a ? massProperties(a).volumeM3 : 0;
    const vb = b ? massProperties(b).volumeM3 : 0;
    const vt = massProperties(box).volumeM3;
    assert.ok(Math.abs(va + vb - vt) < 1e-9 * vt, `trial ${trial}: ${va} + ${vb} != ${vt}`);
    for (const part of [a, b]) {
      if (!part) continue;
      assertClosed(part);
      // Convex: every vertex is behind every face plane.
      for (const f of part.faces) {
        const p0 = part.vertices[f.indices[0]];
        const off = f.normal[0] * p0[0] + f.normal[1] * p0[1] + f.normal[2] * p0[2];
        for (const v of part.vertices) assert.ok(f.normal[0] * v[0] + f.normal[1] * v[1] + f.normal[2] * v[2] <= off + 1e-9);
      }
    }
  }
});
