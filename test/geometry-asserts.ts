import assert from 'node:assert/strict';
import type { ConvexPolyhedron } from '../src/fracture/convex-polyhedron.js';

/** Every undirected edge is used by exactly two faces, once in each direction. */
export function assertClosed(p: ConvexPolyhedron): void {
  const directed = new Map<string, number>();
  for (const f of p.faces) {
    for (let k = 0; k < f.indices.length; k++) {
      const key = `${f.indices[k]}>${f.indices[(k + 1) % f.indices.length]}`;
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
  }
  for (const [key, n] of directed) {
    assert.equal(n, 1, `edge ${key} used ${n} times in one direction`);
    const [a, b] = key.split('>');
    assert.equal(directed.get(`${b}>${a}`), 1, `edge ${key} has no twin`);
  }
}

