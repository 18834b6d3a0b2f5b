import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AbortedError, InputError } from '../core/errors.js';
import { runToSimulation, type SimulatedShot } from '../pipeline/run-stages.js';
import { SimCacheReader } from '../simulate/sim-cache.js';
import { smallShot, tempDir } from '../../test/helpers.js';
import { unpackGlb } from './glb-container.js';
import { exportGlb } from './gltf-export.js';
import { rotateVec } from './look-at.js';

interface ValidationReport {
  issues: { numErrors: number; numWarnings: number; numInfos: number; numHints: number; messages: { code: string; message: string; severity: number; pointer?: string }[] };
}
const validator = createRequire(import.meta.url)('gltf-validator') as { validateBytes: (data: Uint8Array, opts?: object) => Promise<ValidationReport> };

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };
let dir = '';
let shot: SimulatedShot;
let reader: SimCacheReader;

before(async () => {
  dir = tempDir('aftermath-gltf-');
  shot = await runToSimulation(smallShot(), dir, hooks);
  reader = await SimCacheReader.open(shot.simPath);
});

after(async () => {
  await reader.close();
  await rm(dir, { recursive: true, force: true });
});

test('exportGlb writes a valid, deterministic GLB animated from the sim cache', async () => {
  const out = path.join(dir, 'export', 'shot.glb');
  const logs: string[] = [];
  const res = await exportGlb({ doc: shot.fractured, reader, outPath: out, log: (m) => logs.push(m) });
  const bytes = new Uint8Array(await readFile(out));
  assert.equal(res.bytes, bytes.length);
  assert.deepEqual(res.frames, { start: 1, end: reader.header.frameCount });
  assert.equal(res.pieceCount, shot.fractured.pieces.length);

  const report = await validator.validateBytes(bytes, { maxIssues: 50 });
  const { numErrors, numWarnings, numInfos, numHints } = report.issues;
  if (process.env.AFTERMATH_GLTF_REPORT) console.log(JSON.stringify({ bytes: bytes.length, numErrors, numWarnings, numInfos, numHints, messages: report.issues.messages }, null, 1));
  assert.equal(numErrors, 0, JSON.stringify(report.issues.messages.filter((m) => m.severity === 0).slice(0, 5)));
  assert.equal(numWarnings, 0, JSON.stringify(report.issues.messages.filter((m) => m.severity === 1).slice(0, 5)));

  const { json, bin } = unpackGlb(bytes) as { json: any; bin: Uint8Array };
  const pieces = shot.fractured.pieces.length;
  assert.equal(json.scenes[0].extras.pieceCount, pieces);
  assert.equal(json.scenes[0].extras.fps, 12);
  assert.equal(json.nodes.length, pieces + 2);
  assert.equal(json.animations[0].channels.length, pieces * 2);

  // A piece's translation at frame 7 in the BIN equals the sim cache.
  const piece = 123;
  const node = json.nodes.findIndex((n: any) => n.name === `piece_${String(piece).padStart(4, '0')}`);
  const ch = json.animations[0].channels.find((c: any) => c.target.node === node && c.target.path === 'translation');
  const sampler = json.animations[0].samplers[ch.sampler];
  const acc = json.accessors[sampler.output];
  const view = json.bufferViews[acc.bufferView];
  const at = view.byteOffset + (acc.byteOffset ?? 0) + 6 * 12;
  const got = new Float32Array(bin.slice(at, at + 12).buffer);
  const frame7 = await reader.readFrame(6);
  assert.deepEqual([...got], [...frame7.subarray(piece * 13, piece * 13 + 3)]);
  const input = json.accessors[sampler.input];
  assert.equal(input.max[0], Math.fround(11 / 12));

  // The camera node looks at lookAt down its -Z.
  const camNode = json.nodes[json.scenes[0].extras.cameraNode];
  const cam = shot.scene.camera;
  const dirWorld = rotateVec(camNode.rotation, [0, 0, -1]);
  const want = cam.lookAtM.map((v, i) => v - cam.positionM[i]);
  const len = Math.hypot(...want);
  want.forEach((w, i) => assert.ok(Math.abs(w / len - dirWorld[i]) < 1e-9));
  assert.ok(Math.abs(json.cameras[0].perspective.yfov - (cam.verticalFovDeg * Math.PI) / 180) < 1e-12);

  // Same inputs, same bytes.
  const again = path.join(dir, 'export', 'again.glb');
  await exportGlb({ doc: shot.fractured, reader, outPath: again });
  assert.ok(Buffer.from(bytes).equals(await readFile(again)), 'GLB bytes differ between runs');
  assert.ok(logs.some((m) => m.includes('shot.glb')));
});

test('exportGlb exports a frame sub-range and rejects bad options', async () => {
  const out = path.join(dir, 'export', 'range.glb');
  const res = await exportGlb({ doc: shot.fractured, reader, frames: { start: 4, end: 6 }, outPath: out });
  assert.deepEqual(res.frames, { start: 4, end: 6 });
  const bytes = new Uint8Array(await readFile(out));
  assert.equal((await validator.validateBytes(bytes)).issues.numErrors, 0);
  const { json } = unpackGlb(bytes) as { json: any };
  const input = json.accessors[json.animations[0].samplers[0].input];
  assert.deepEqual([input.count, input.min[0], input.max[0]], [3, Math.fround(3 / 12), Math.fround(5 / 12)]);

  await assert.rejects(
    exportGlb({ doc: shot.fractured, reader, frames: { start: 0, end: 3 }, outPath: path.join(dir, 'x.glb') }),
    (e: unknown) => e instanceof InputError && e.code === 'export.bad_frames',
  );
  await assert.rejects(exportGlb({ doc: shot.fractured, reader, outPath: path.join(dir, 'x.gltf') }), InputError);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(exportGlb({ doc: shot.fractured, reader, outPath: path.join(dir, 'x.glb'), signal: ac.signal }), AbortedError);
  await assert.rejects(stat(path.join(dir, 'x.glb')));
});
