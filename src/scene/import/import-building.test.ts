import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng } from '../../core/rng.js';
import { InputError } from '../../core/errors.js';
import { validateShot } from '../../spec/validate-spec.js';
import { buildScene } from '../build-scene.js';
import { fractureScene } from '../../fracture/fracture-scene.js';
import { bondComponents } from '../../fracture/summarize-fracture.js';
import { readGlb } from './glb-reader.js';
import { loadSceneAssets } from './load-assets.js';
import { countOpenEdges, voxelBoxes } from './voxel-boxes.js';

const KENNEY = fileURLToPath(new URL('../../../../shared/data/gltf/kenney_city/building-small-a.glb', import.meta.url));
const ctx = { rng: createRng(1), signal: new AbortController().signal, onProgress: () => {} };

/** A closed unit cube as positions + indices (12 outward triangles). */
function cube(size: number): { positions: Float64Array; indices: Uint32Array } {
  const p: number[] = [];
  for (let i = 0; i < 8; i++) p.push(i & 1 ? size : 0, i & 2 ? size : 0, i & 4 ? size : 0);
  const quads = [[1, 3, 7, 5], [0, 4, 6, 2], [2, 6, 7, 3], [0, 1, 5, 4], [4, 5, 7, 6], [0, 2, 3, 1]];
  const idx = quads.flatMap(([a, b, c, d]) => [a, b, c, a, c, d]);
  return { positions: Float64Array.from(p), indices: Uint32Array.from(idx) };
}

test('voxel decomposition of a closed cube is one solid box of the right size', () => {
  const c = cube(3);
  const v = voxelBoxes(c.positions, c.indices, 0.5);
  assert.equal(countOpenEdges(c.positions, c.indices), 0);
  assert.equal(v.openEdges, 0);
  const vol = v.boxes.reduce((s, b) => s + b.size[0] * b.size[1] * b.size[2], 0);
  // Surface voxels straddle the faces: the solid covers the cube plus at most one voxel shell.
  assert.ok(vol >= 27 && vol <= 4 ** 3, `volume ${vol}`);
  assert.equal(v.boxes.length, 1);
});

test('hostile glb bytes are refused with a clear error, never a crash', () => {
  const bad = [new Uint8Array(3), new Uint8Array(40), Buffer.from('glTF\x02\x00\x00\x00\xff\xff\xff\xff\x10\x00\x00\x00JSON{}')];
  for (const b of bad) assert.throws(() => readGlb(new Uint8Array(b)), (e: unknown) => e instanceof InputError && e.code === 'import.bad_gltf');
});

test('a missing or non-glb model is an input error naming the field', async () => {
  for (const gltf of ['nope.glb', 'model.obj']) {
    const spec = validateShot({ schema: 'aftermath.shot/1', elements: [{ building: { source: { gltf } } }] });
    await assert.rejects(loadSceneAssets(spec, '/tmp'), (e: unknown) => e instanceof InputError && e.details[0].path === 'elements[0].building.source.gltf');
  }
});

test('the Kenney glTF building imports, decomposes into convex parts and fractures with the same guarantees', async (t) => {
  if (!existsSync(KENNEY)) {
    t.skip('shared/data is absent (a user clone has no ../shared): skipping the glTF import test');
    return;
  }
  assert.ok(readGlb(new Uint8Array(readFileSync(KENNEY))).length >= 1);
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    elements: [{ building: { id: 'shop', source: { gltf: KENNEY, scale: 12 }, fragments: 400 } }],
  });
  const assets = await loadSceneAssets(spec, '/');
  const scene = buildScene(spec, { rng: createRng(1) }, assets);
  const b = scene.buildings[0];
  assert.equal(b.source.type, 'gltf');
  assert.ok(b.heightM > 11 && b.heightM < 12, `height ${b.heightM}`);
  assert.ok(b.members.length > 10 && b.members.every((m) => m.kind === 'imported' && m.centerM[1] - m.sizeM[1] / 2 >= -1e-9));
  const doc = fractureScene(scene, ctx);
  assert.ok(Math.abs(doc.pieceVolumeM3 - doc.memberVolumeM3) / doc.memberVolumeM3 < 1e-6);
  assert.equal(bondComponents(doc), 1);
});
