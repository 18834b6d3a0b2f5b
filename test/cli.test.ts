import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './helpers.js';

const bin = fileURLToPath(new URL('../bin/aftermath.js', import.meta.url));
const example = fileURLToPath(new URL('../examples/tower-collapse.shot.yaml', import.meta.url));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function shotFile(dir: string, text: string, name = 'shot.yaml'): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

test('--help works on every command and exits 0', () => {
  for (const args of [['--help'], ['render', '--help'], ['validate', '--help'], ['init', '--help'], ['schema', '--help'], ['inspect', '--help'], ['keys', '--help'], ['keys', 'init', '--help'], ['verify', '--help'], ['disclose', '--help']]) {
    const r = cli(...args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    assert.match(r.out, /Usage: aftermath/);
  }
});

test('validate: the example is valid (exit 0); a bad shot exits 2 naming field, range and value', () => {
  assert.equal(cli('validate', example).code, 0);
  const dir = tempDir();
  const bad = shotFile(dir, 'schema: aftermath.shot/1\nelements:\n  - building: { floors: 10000, flors: 3 }\n');
  const r = cli('validate', bad);
  assert.equal(r.code, 2);
  assert.match(r.err, /elements\[0\]\.building\.floors/);
  assert.match(r.err, /1\.\.200/);
  assert.match(r.err, /10000/);
  assert.match(r.err, /did you mean "floors"/);
});

test('bad input exits 2 with a clear message: malformed YAML, missing file, unknown flag, bad range', () => {
  const dir = tempDir();
  const malformed = shotFile(dir, 'schema: aftermath.shot/1\nframes: { fps: 24\n');
  let r = cli('validate', malformed);
  assert.equal(r.code, 2);
  assert.match(r.err, /line \d+/);
  r = cli('render', path.join(dir, 'nope.yaml'));
  assert.equal(r.code, 2);
  assert.match(r.err, /nope\.yaml/);
  r = cli('render', example, '--bogus');
  assert.equal(r.code, 2);
  r = cli('render', example, '--frames', '500-600', '--out', path.join(dir, 'o'));
  assert.equal(r.code, 2);
  assert.match(r.err, /--frames/);
  r = cli('inspect', 'teleport', example);
  assert.equal(r.code, 2);
  assert.match(r.err, /one of spec, scene, fracture, simulate/);
});

test('an output folder that is a file is refused with exit 2 and nothing is written', () => {
  const dir = tempDir();
  const file = path.join(dir, 'out');
  writeFileSync(file, 'not a folder');
  const r = cli('render', example, '--out', file, '--resolution', '64x36', '--frames', '1');
  assert.equal(r.code, 2);
  assert.match(r.err, /not a folder/);
  assert.equal(readFileSync(file, 'utf8'), 'not a folder');
});

test('init writes the example shot and refuses to overwrite it', () => {
  const dir = tempDir();
  assert.equal(cli('init', dir).code, 0);
  const written = path.join(dir, 'tower-collapse.shot.yaml');
  assert.equal(readFileSync(written, 'utf8'), readFileSync(example, 'utf8'));
  assert.equal(cli('init', dir).code, 2);
});

test('schema prints the committed JSON Schema', () => {
  const r = cli('schema');
  assert.equal(r.code, 0);
  const committed = readFileSync(fileURLToPath(new URL('../schemas/aftermath.shot-1.json', import.meta.url)), 'utf8');
  assert.equal(r.out, committed);
});

test('inspect scene/fracture print documented JSON', () => {
  const scene = JSON.parse(cli('inspect', 'scene', example, '--json').out);
  assert.equal(scene.schema, 'aftermath.inspect.scene/1');
  assert.equal(scene.buildings[0].floors, 10);
  assert.equal(scene.buildings[0].heightM, 35);
  assert.ok(scene.boundsM.max[1] >= 35 && scene.boundsM.max[1] < 40, 'roof plant and parapet stand on the roof');
  const fracture = JSON.parse(cli('inspect', 'fracture', example, '--json').out);
  assert.ok(fracture.pieceCount > 1000);
});

test('render --preview of a tiny range writes frames at half resolution', () => {
  const dir = tempDir();
  const shot = shotFile(
    dir,
    'schema: aftermath.shot/1\nframes: { count: 3 }\nresolution: [128, 72]\nelements:\n  - building: { floors: 3, fragments: 60 }\n',
  );
  mkdirSync(path.join(dir, 'o'));
  const r = cli('render', shot, '--out', path.join(dir, 'o'), '--preview', '--quiet', '--unsigned');
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(path.join(dir, 'o', 'frames', 'beauty.0003.png')));
  assert.match(r.out, /MP4: /);
  const png = readFileSync(path.join(dir, 'o', 'frames', 'beauty.0001.png'));
  assert.equal(png.readUInt32BE(16), 64);
  assert.equal(png.readUInt32BE(20), 36);
});

test('render --format prores,gltf,usd writes the MOV and both scene exports; without png the frames are removed', () => {
  const dir = tempDir();
  const shot = shotFile(
    dir,
    'schema: aftermath.shot/1\nframes: { count: 4 }\nresolution: [96, 54]\nelements:\n  - building: { floors: 2, fragments: 80 }\n  - collapse: { target: tower, startS: 0, initiationFloor: 1 }\n',
  );
  const out = path.join(dir, 'o');
  const r = cli('render', shot, '--out', out, '--quiet', '--format', 'prores,gltf,usd', '--unsigned');
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(path.join(out, 'shot.mov')));
  assert.ok(existsSync(path.join(out, 'shot.glb')));
  assert.ok(existsSync(path.join(out, 'shot.usda')));
  assert.ok(!existsSync(path.join(out, 'shot.mp4')));
  assert.ok(!existsSync(path.join(out, 'frames', 'beauty.0001.png')));
  const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
  assert.ok(manifest.files['shot.glb'] && manifest.files['shot.usda'] && manifest.files['shot.mov']);
  assert.equal(cli('render', shot, '--out', out, '--format', 'gif').code, 2);
});

test('export --format gltf writes only the scene export', () => {
  const dir = tempDir();
  const shot = shotFile(dir, 'schema: aftermath.shot/1\nframes: { count: 3 }\nelements:\n  - building: { floors: 2, fragments: 60 }\n');
  const r = cli('export', shot, '--format', 'gltf', '--out', path.join(dir, 'e'), '--quiet');
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(path.join(dir, 'e', 'shot.glb')));
  assert.ok(!existsSync(path.join(dir, 'e', 'frames', 'beauty.0001.png')));
  assert.equal(cli('export', shot, '--format', 'fbx').code, 2);
});
