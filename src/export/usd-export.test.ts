import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { runToSimulation, type SimulatedShot } from '../pipeline/run-stages.js';
import { pieceMesh } from '../fracture/piece-mesh.js';
import { SimCacheReader } from '../simulate/sim-cache.js';
import { smallShot, tempDir } from '../../test/helpers.js';
import { exportUsda, usdPiecePath, USD_LENS_UNITS_PER_MM } from './usd-export.js';
import { allPrims, findPrim, parseUsda } from './usda-parse.js';

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };
let dir = '';
let shot: SimulatedShot;
let reader: SimCacheReader;

before(async () => {
  dir = tempDir('aftermath-usd-');
  shot = await runToSimulation(smallShot(), dir, hooks);
  reader = await SimCacheReader.open(shot.simPath);
});

after(async () => {
  await reader.close();
  await rm(dir, { recursive: true, force: true });
});

const num = (v: unknown): number => {
  assert.equal(typeof v, 'number');
  return v as number;
};

test('exportUsda writes a layer that parses back to the sim cache and camera', async () => {
  const out = path.join(dir, 'export', 'shot.usda');
  const res = await exportUsda({ doc: shot.fractured, reader, outPath: out });
  const text = await readFile(out, 'utf8');
  assert.equal(res.bytes, Buffer.byteLength(text));
  assert.ok(text.startsWith('#usda 1.0\n'));
  assert.ok(!/[^\d.e]-0[,)\]\s]/.test(text.replace(/-0\.\d/g, '')), 'no negative zero');

  const layer = parseUsda(text);
  const count = shot.fractured.pieces.length;
  assert.equal(layer.metadata.upAxis, 'Y');
  assert.equal(layer.metadata.metersPerUnit, 1);
  assert.equal(layer.metadata.startTimeCode, 1);
  assert.equal(layer.metadata.endTimeCode, 12);
  assert.equal(layer.metadata.timeCodesPerSecond, 12);
  assert.equal(layer.metadata.framesPerSecond, 12);
  assert.equal((layer.metadata.customLayerData as Record<string, unknown>).pieceCount, count);

  const meshes = allPrims(layer).filter((p) => p.typeName === 'Mesh');
  assert.equal(meshes.length, count);
  assert.equal(findPrim(layer, '/Aftermath/Pieces')!.children.length, count);

  // A piece's translation and rotation at frame 7 match the cache (USD quats are w x y z).
  const piece = 211;
  const xform = findPrim(layer, usdPiecePath(piece))!;
  assert.equal(xform.attributes.get('aftermath:pieceIndex')!.value, piece);
  assert.deepEqual(xform.attributes.get('xformOpOrder')!.value, ['xformOp:translate', 'xformOp:orient']);
  const translate = xform.attributes.get('xformOp:translate')!;
  assert.equal(translate.typeName, 'float3');
  assert.deepEqual([...translate.timeSamples!.keys()], Array.from({ length: 12 }, (_, i) => i + 1));
  const frame7 = await reader.readFrame(6);
  const at = piece * reader.header.floatsPerPiece;
  const t = translate.timeSamples!.get(7) as number[];
  for (let c = 0; c < 3; c++) assert.ok(Math.abs(t[c] - frame7[at + c]) <= 1e-4, `translate[${c}]`);
  const q = xform.attributes.get('xformOp:orient')!.timeSamples!.get(7) as number[];
  const [x, y, z, w] = frame7.subarray(at + 3, at + 7);
  const sign = Math.sign(q[0] * w + q[1] * x + q[2] * y + q[3] * z);
  [w, x, y, z].forEach((v, c) => assert.ok(Math.abs(sign * q[c] - v) <= 1e-6, `orient[${c}]`));

  // Mesh data comes from pieceMesh, one USD face per triangle.
  const mesh = xform.children[0];
  const pm = pieceMesh(shot.fractured.pieces[piece]);
  const points = mesh.attributes.get('points')!.value as number[][];
  assert.deepEqual(points.flat().map(Math.fround), [...pm.positions]);
  assert.deepEqual(mesh.attributes.get('faceVertexIndices')!.value, [...pm.indices]);
  assert.equal((mesh.attributes.get('faceVertexCounts')!.value as unknown[]).length, pm.indices.length / 3);
  assert.equal(mesh.attributes.get('normals')!.metadata.interpolation, 'vertex');
  const extent = mesh.attributes.get('extent')!.value as number[][];
  for (let c = 0; c < 3; c++) {
    const axis = points.map((p) => p[c]);
    assert.deepEqual([extent[0][c], extent[1][c]], [Math.min(...axis), Math.max(...axis)]);
  }
  // Fracture faces are a GeomSubset, and some piece has them.
  const subsets = allPrims(layer).filter((p) => p.typeName === 'GeomSubset');
  assert.ok(subsets.length > 0);
  assert.equal(subsets[0].attributes.get('familyName')!.value, 'materialBind');

  // Camera: lens units are tenths of a metre on this stage; the mm values ride along.
  const cam = findPrim(layer, '/Aftermath/Camera')!;
  const sc = shot.scene.camera;
  assert.equal(cam.typeName, 'Camera');
  assert.ok(Math.abs(num(cam.attributes.get('focalLength')!.value) - sc.focalMm * USD_LENS_UNITS_PER_MM) < 1e-7);
  assert.equal(num(cam.attributes.get('focalLength')!.value) / USD_LENS_UNITS_PER_MM, 35);
  assert.equal(cam.attributes.get('aftermath:focalMm')!.value, sc.focalMm);
  const hAp = num(cam.attributes.get('horizontalAperture')!.value);
  const vAp = num(cam.attributes.get('verticalAperture')!.value);
  assert.ok(Math.abs(hAp / vAp - sc.aspect) < 1e-5);
  assert.deepEqual(cam.attributes.get('clippingRange')!.value, [sc.nearM, sc.farM]);
  const m = cam.attributes.get('xformOp:transform')!.value as number[][];
  assert.deepEqual(m[3], [...sc.positionM, 1]);
  // Row 2 is the camera's +Z (it looks down -Z): it points from lookAt back to the camera.
  const back = sc.positionM.map((v, i) => v - sc.lookAtM[i]);
  const len = Math.hypot(...back);
  back.forEach((b, i) => assert.ok(Math.abs(m[2][i] - b / len) < 1e-9));
  assert.ok(Math.abs(m[0][1]) < 1e-12, 'no camera roll');

  // Same inputs, same text.
  const again = path.join(dir, 'export', 'again.usda');
  await exportUsda({ doc: shot.fractured, reader, outPath: again });
  assert.equal(await readFile(again, 'utf8'), text);
});

test('exportUsda sub-range uses frame numbers as time codes', async () => {
  const out = path.join(dir, 'export', 'range.usda');
  await exportUsda({ doc: shot.fractured, reader, frames: { start: 5, end: 8 }, outPath: out });
  const layer = parseUsda(await readFile(out, 'utf8'));
  assert.deepEqual([layer.metadata.startTimeCode, layer.metadata.endTimeCode], [5, 8]);
  const xf = findPrim(layer, usdPiecePath(0))!;
  assert.deepEqual([...xf.attributes.get('xformOp:orient')!.timeSamples!.keys()], [5, 6, 7, 8]);
  await assert.rejects(
    exportUsda({ doc: shot.fractured, reader, frames: { start: 9, end: 8 }, outPath: out }),
    (e: unknown) => e instanceof InputError && e.code === 'export.bad_frames',
  );
  await assert.rejects(
    exportUsda({ doc: { ...shot.fractured, pieces: shot.fractured.pieces.slice(1) }, reader, outPath: out }),
    (e: unknown) => e instanceof InputError && e.code === 'export.cache_mismatch',
  );
});
