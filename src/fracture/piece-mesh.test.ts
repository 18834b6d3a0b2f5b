import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boxPolyhedron } from './convex-polyhedron.js';
import { pieceMesh } from './piece-mesh.js';

test('a piece mesh is closed, outward-facing and encloses the piece volume', () => {
  const box = boxPolyhedron([0, 0, 0], [2, 0.5, 3]);
  const hull = { vertices: box.vertices.flat(), faces: box.faces.map((f, i) => ({ indices: f.indices, interior: i === 0 })) };
  const m = pieceMesh({ hull });
  let vol = 0;
  for (let t = 0; t < m.indices.length; t += 3) {
    const [a, b, c] = [m.indices[t], m.indices[t + 1], m.indices[t + 2]].map((i) => [m.positions[i * 3], m.positions[i * 3 + 1], m.positions[i * 3 + 2]]);
    vol += (a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0])) / 6;
  }
  assert.ok(Math.abs(vol - 3) < 1e-6, `volume ${vol}`);
  for (let i = 0; i < m.positions.length; i += 3) {
    const dot = m.positions[i] * m.normals[i] + m.positions[i + 1] * m.normals[i + 1] + m.positions[i + 2] * m.normals[i + 2];
    assert.ok(dot > 0);
  }
  assert.equal(m.interior.reduce((s, x) => s + x, 0), 4, 'one quad face is interior');
  assert.equal(m.uvs.length, (m.positions.length / 3) * 2);
  assert.ok(m.uvs.every(Number.isFinite));
});
