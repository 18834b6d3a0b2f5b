import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AftermathError } from '../src/core/errors.js';
import { renderShot } from '../src/pipeline/render-shot.js';
import { readExrFile } from '../src/exr/exr-reader.js';
import { readPng } from '../src/encode/png-frames.js';
import { smallShot, tempDir } from './helpers.js';

test('render writes multi-layer scene-linear EXR frames with the id layer and camera metadata', async () => {
  const spec = smallShot({ frames: { fps: 12, count: 3 } });
  const dir = tempDir();
  await renderShot({ ...spec, output: { ...spec.output, formats: ['png', 'exr'], passes: ['beauty', 'alpha', 'depth', 'normal', 'motion', 'id', 'shadow'] } }, { outDir: dir, sign: { type: 'unsigned' } });
  const file = path.join(dir, 'frames', 'shot.0002.exr');
  const exr = await readExrFile(file);
  assert.equal(exr.width, 320);
  assert.equal(exr.height, 180);
  assert.equal(exr.compression, 'ZIP');
  const names = exr.channels.map((c) => `${c.name}:${c.type}`);
  for (const c of ['A:HALF', 'B:HALF', 'G:HALF', 'R:HALF', 'id.R:UINT', 'alpha.A:HALF', 'depth.Z:FLOAT', 'normal.X:HALF', 'normal.Y:HALF', 'normal.Z:HALF', 'motion.U:FLOAT', 'motion.V:FLOAT', 'shadow.Y:HALF', 'CryptoObject00.R:FLOAT', 'CryptoObject00.G:FLOAT']) {
    assert.ok(names.includes(c), `missing ${c} in ${names.join(' ')}`);
  }
  const manifestKey = Object.keys(exr.attributes).find((k) => /^cryptomatte\/[0-9a-f]{7}\/manifest$/.test(k));
  assert.ok(manifestKey, 'no Cryptomatte manifest');
  const idManifest = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(dir, 'id-manifest.json'), 'utf8'));
  assert.equal(idManifest.ids['1'].piece, 0);
  assert.equal((exr.attributes.worldToCamera as { type: string }).type, 'm44f');
  // The EXR's id layer is the same as the 16-bit id PNG.
  const idPng = (await readPng(path.join(dir, 'frames', 'id.0002.png'))).data as Uint16Array;
  const idExr = exr.channels.find((c) => c.name === 'id.R')!.data;
  let same = 0;
  for (let i = 0; i < idPng.length; i++) if (idPng[i] === idExr[i]) same++;
  assert.equal(same, idPng.length);
  // Linear light: the sky is brighter than 1 somewhere or at least not display-encoded (no channel is all 0).
  const r = exr.channels.find((c) => c.name === 'R')!.data;
  assert.ok(Math.max(...r) > 0.2);
  // OpenImageIO reads it (when installed).
  const which = spawnSync('sh', ['-c', 'command -v oiiotool']);
  if (which.status === 0) {
    const info = spawnSync('oiiotool', ['--info', '-v', file], { encoding: 'utf8' });
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stdout, /id\.R \(uint\)/);
    assert.match(info.stdout, /worldToCamera/);
  }
});

test('a frame whose EXR cannot be written fails the render, naming the file', async () => {
  const spec = smallShot({ frames: { fps: 12, count: 3 } });
  const dir = tempDir();
  // A folder where frame 2's EXR goes: the rename into place fails (even for root).
  mkdirSync(path.join(dir, 'frames', 'shot.0002.exr'), { recursive: true });
  await assert.rejects(
    renderShot({ ...spec, output: { ...spec.output, formats: ['png', 'exr'] } }, { outDir: dir, sign: { type: 'unsigned' } }),
    (err: unknown) => {
      assert.ok(err instanceof AftermathError);
      assert.equal(err.code, 'encode.exr_write_failed');
      assert.match(err.message, /shot\.0002\.exr/);
      return true;
    },
  );
  // The frames before it were written in full.
  assert.equal((await readExrFile(path.join(dir, 'frames', 'shot.0001.exr'))).width, 320);
});

test('pngBitDepth 16 writes 16-bit beauty PNGs that agree with the 8-bit ones', async () => {
  const spec = smallShot({ frames: { fps: 12, count: 2 } });
  const a = tempDir();
  const b = tempDir();
  await renderShot({ ...spec, output: { ...spec.output, formats: ['png'], contactSheet: true } }, { outDir: a, sign: { type: 'unsigned' } });
  await renderShot({ ...spec, output: { ...spec.output, formats: ['png'], contactSheet: true, pngBitDepth: 16 } }, { outDir: b, sign: { type: 'unsigned' } });
  const p8 = await readPng(path.join(a, 'frames', 'beauty.0001.png'));
  const p16 = await readPng(path.join(b, 'frames', 'beauty.0001.png'));
  assert.equal(p16.depth, 16);
  let worst = 0;
  for (let i = 0; i < p8.data.length; i++) worst = Math.max(worst, Math.abs(p8.data[i] - (p16.data[i] as number) / 257));
  assert.ok(worst <= 1.01, `8-bit and 16-bit differ by ${worst} levels`);
});
