import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSON_SCHEMA_FILE, SHOT_JSON_SCHEMA_ID, shotJsonSchema, shotJsonSchemaText, writeJsonSchemaFile } from './json-schema.js';

test('the committed schemas/aftermath.shot-1.json is up to date', async () => {
  const committed = await readFile(JSON_SCHEMA_FILE, 'utf8').catch(() => '(missing)');
  assert.ok(
    committed === shotJsonSchemaText(),
    'schemas/aftermath.shot-1.json is stale: run `node --import tsx src/spec/write-schema.ts` to refresh it',
  );
});

test('the JSON schema has an id, a title and the shot fields', () => {
  const schema = shotJsonSchema();
  assert.equal(schema.$id, SHOT_JSON_SCHEMA_ID);
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.equal(typeof schema.title, 'string');
  assert.deepEqual(schema.required, ['schema']);
  assert.equal(schema.additionalProperties, false);
  const properties = schema.properties as Record<string, unknown>;
  assert.deepEqual(Object.keys(properties), ['schema', 'name', 'plate', 'seed', 'frames', 'resolution', 'camera', 'look', 'simulation', 'elements', 'output']);
});

test('writeJsonSchemaFile writes 2-space JSON with a trailing newline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'aftermath-schema-'));
  try {
    const path = await writeJsonSchemaFile(join(dir, 's.json'));
    const text = await readFile(path, 'utf8');
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "$schema": '));
    assert.deepEqual(JSON.parse(text), shotJsonSchema());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
