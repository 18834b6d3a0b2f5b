import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import type { Vec3 } from '../core/units.js';
import { boxPolyhedron, faceArea } from './convex-polyhedron.js';
import { assertClosed } from '../../test/geometry-asserts.js';
import { massProperties } from './mass-properties.js';
import { sampleSites } from './sample-sites.js';
import { voronoiCells } from './voronoi.js';

test('property: Voronoi cells of random boxes tile them (volume within 1e-6), closed, disjoint, seeded', () => {
  for (let seed = 1; seed <= 25; seed++) {
    const rng = createRng(seed);
    const size: Vec3 = [rng.range(0.3, 8), rng.range(0.2, 4), rng.range(0.3, 8)];
    const count = rng.int(1, 40);
    const sites = sampleSites(size, count, rng.derive('sites'), { pattern: seed % 2 ? 'uniform' : 'clustered', focusM: [size[0] / 2, 0, 0], radiusM: 1 });
    const box = boxPolyhedron([0, 0, 0], size);
    const cells = voronoiCells(box, sites);
    const total = size[0] * size[1] * size[2];
    let sum = 0;
    cells.forEach((c, i) => {
      assert.ok(c, `cell ${i} vanished`);
      assertClosed(c);
      sum += massProperties(c).volumeM3;
      // Disjoint: every vertex of cell i is at least as close to site i as to any other site.
      for (const v of c.vertices) {
        const di = (v[0] - sites[i][0]) ** 2 + (v[1] - sites[i][1]) ** 2 + (v[2] - sites[i][2]) ** 2;
        for (const s of sites) assert.ok(di <= (v[0] - s[0]) ** 2 + (v[1] - s[1]) ** 2 + (v[2] - s[2]) ** 2 + 1e-7);
      }
    });
    assert.ok(Math.abs(sum - total) / total < 1e-6, `seed ${seed}: ${sum} vs ${total}`);
    // Shared faces have the same area seen from both sides.
    cells.forEach((c, i) => {
      for (const f of c!.faces.filter((x) => x.interior)) {
        const twin = cells[f.neighbor]!.faces.find((x) => x.interior && x.neighbor === i);
        assert.ok(twin, `face ${i}->${f.neighbor} has no twin`);
        assert.ok(Math.abs(faceArea(c!, f) - faceArea(cells[f.neighbor]!, twin)) < 1e-6);
      }
    });
  }
});

test('same seed gives identical cells, another seed different ones', () => {
  const make = (seed: number) => JSON.stringify(voronoiCells(boxPolyhedron([0, 0, 0], [4, 0.3, 3]), sampleSites([4, 0.3, 3], 12, createRng(seed), { pattern: 'uniform' })));
  assert.equal(make(3), make(3));
  assert.notEqual(make(3), make(4));
});
