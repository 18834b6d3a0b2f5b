import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { loadShotFile, MAX_SHOT_FILE_BYTES, parseShotText } from './load-spec.js';

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'aftermath-spec-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a rejection');
}

test('loadShotFile: a missing file is spec.file_missing', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'nope.shot.yaml');
    const err = await rejection(loadShotFile(path));
    assert.equal(err.code, 'spec.file_missing');
    assert.match(err.message, /shot file not found: .*nope\.shot\.yaml/);
    assert.equal(err.details[0].code, 'spec.file_missing');
    assert.equal(err.details[0].path, path);
  });
});

test('loadShotFile: a directory is spec.not_a_file', async () => {
  await withTempDir(async (dir) => {
    const err = await rejection(loadShotFile(dir));
    assert.equal(err.code, 'spec.not_a_file');
    assert.match(err.message, /is a directory/);
    assert.equal(err.details[0].path, dir);
  });
});

test('loadShotFile: a file over 4 MiB is spec.too_large', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'big.yaml');
    await writeFile(path, `schema: aftermath.shot/1\n#${'x'.repeat(MAX_SHOT_FILE_BYTES)}\n`);
    const err = await rejection(loadShotFile(path));
    assert.equal(err.code, 'spec.too_large');
    assert.equal(err.details[0].received, MAX_SHOT_FILE_BYTES + 27);
  });
});

test('loadShotFile: reads, parses and validates YAML and JSON', async () => {
  await withTempDir(async (dir) => {
    const yamlPath = join(dir, 'a.shot.yaml');
    const jsonPath = join(dir, 'a.shot.json');
    await writeFile(yamlPath, '\uFEFFschema: aftermath.shot/1\nseed: 5\n');
    await writeFile(jsonPath, '{ "schema": "aftermath.shot/1", "seed": 5 }\n');
    const fromYaml = await loadShotFile(yamlPath);
    const fromJson = await loadShotFile(jsonPath);
    assert.equal(fromYaml.path, yamlPath);
    assert.deepEqual(fromYaml.raw, { schema: 'aftermath.shot/1', seed: 5 });
    assert.equal(fromYaml.spec.seed, 5);
    assert.deepEqual(fromYaml.spec, fromJson.spec);
  });
});

test('loadShotFile: an invalid shot names the file', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'bad.yaml');
    await writeFile(path, 'schema: aftermath.shot/1\nframes: { fps: 0 }\n');
    const err = await rejection(loadShotFile(path));
    assert.equal(err.code, 'spec.invalid');
    assert.ok(err.message.endsWith('bad.yaml: shot is invalid: 1 problem'), err.message);
    assert.equal(err.details[0].path, 'frames.fps');
  });
});

test('loadShotFile: a parse error names the file, line and column', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'broken.yaml');
    await writeFile(path, 'schema: aftermath.shot/1\nresolution: [1, 2\n');
    const err = await rejection(loadShotFile(path));
    assert.equal(err.code, 'spec.parse');
    assert.match(err.message, /^could not parse broken\.yaml as YAML: line \d+, column \d+: /);
  });
});

test('loadShotFile: bytes that are not UTF-8 are spec.parse', async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, 'latin1.yaml');
    await writeFile(path, Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    const err = await rejection(loadShotFile(path));
    assert.equal(err.code, 'spec.parse');
    assert.match(err.message, /not UTF-8/);
  });
});

test('parseShotText: duplicate keys, tabs and several documents are parse errors', () => {
  const cases: Array<[string, RegExp]> = [
    ['schema: aftermath.shot/1\nseed: 1\nseed: 2\n', /line 3, column 1: Map keys must be unique/],
    ['schema: aftermath.shot/1\nframes:\n\tfps: 24\n', /line 3, column 1: Tabs are not allowed/],
    ['schema: aftermath.shot/1\n---\nseed: 2\n', /line 2, column 1: .*one document/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseShotText(text, 's.yaml'), (err: unknown) => err instanceof InputError && err.code === 'spec.parse' && message.test(err.message));
  }
});

test('parseShotText: JSON errors carry a position even when V8 gives none', () => {
  assert.throws(
    () => parseShotText('{\n  "schema": "aftermath.shot/1",\n  "seed": tru\n}', 's.json'),
    (err: unknown) => err instanceof InputError && /line 3, column 14: Unexpected token '\\n'$/.test(err.message),
  );
});

test('parseShotText: empty documents are null, YAML aliases are bounded', () => {
  assert.equal(parseShotText('', 'e.yaml'), null);
  assert.equal(parseShotText('  \n', 'e.json'), null);
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
  assert.throws(() => parseShotText(`${laughs.join('\n')}\n`, 'l.yaml'), (err: unknown) => err instanceof InputError && err.code === 'spec.parse');
});
