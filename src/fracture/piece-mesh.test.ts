import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pieceMesh } from './piece-mesh.js';

test('a box piece mesh is closed, outward-facing and encloses the piece volume', () => {
  const m = pieceMesh({ sizeM: [2, 0.5, 3] });
  // Signed volume by the divergence theorem: positive when triangles wind outward.
  let vol = 0;
  for (let t = 0; t < m.indices.length; t += 3) {
    const [a, b, c] = [m.indices[t], m.indices[t + 1], m.indices[t + 2]].map((i) => [m.positions[i * 3], m.positions[i * 3 + 1], m.positions[i * 3 + 2]]);
    vol += (a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0])) / 6;
  }
  assert.ok(Math.abs(vol - 3) < 1e-6, `volume ${vol}`);
  // Each normal points away from the centre.
  for (let i = 0; i < m.positions.length; i += 3) {
    const dot = m.positions[i] * m.normals[i] + m.positions[i + 1] * m.normals[i + 1] + m.positions[i + 2] * m.normals[i + 2];
    assert.ok(dot > 0);
  }
});
