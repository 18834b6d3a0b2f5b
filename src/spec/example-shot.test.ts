import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { EXAMPLE_SHOT_YAML } from './example-shot.js';
import { parseShotText } from './load-spec.js';
import { validateShot } from './validate-spec.js';

test('the example shot validates and says what the docs say', () => {
  const spec = validateShot(parseShotText(EXAMPLE_SHOT_YAML, 'tower-collapse.shot.yaml'));
  assert.equal(spec.schema, 'aftermath.shot/1');
  assert.equal(spec.seed, 7);
  assert.deepEqual(spec.frames, { fps: 24, count: 120 });
  assert.deepEqual(spec.resolution, [1920, 1080]);
  assert.deepEqual(spec.camera, { focalMm: 35, sensorWidthMm: 36, position: [-30, 3, 95], lookAt: [0, 15, 0], shutterAngleDeg: 180, motionBlurSamples: 1 });
  assert.deepEqual(spec.elements, [
    { building: { id: 'tower', floors: 10, floorHeightM: 3.5, footprint: [24, 16], at: [0, 0, 0], rotationDeg: 0, bays: [4, 3], fragments: 1500, slabThicknessM: 0.3, columnSizeM: 0.5, facade: 'punched-concrete', windowRatio: 0.45, balconies: false, parapet: true, roofClutter: true, textureFromPlate: false, fracturePattern: 'uniform' } },
    { collapse: { target: 'tower', startS: 1, mode: 'pancake', initiationFloor: 4, direction: [1, 0, 0], propagationSpeedMps: 0, strengthScale: 1, weaken: [] } },
    { dust: { source: 'tower', amount: 1, color: 'concrete', surgeDistanceM: 40, resolution: 128, debris: 1, maxDebris: 40000 } },
  ]);
  assert.deepEqual(spec.output, { dir: 'out/tower-collapse', formats: ['png', 'mp4'], passes: ['beauty', 'id'], contactSheet: true, exrCompression: 'zip', pngBitDepth: 8 });
});

test('the example shot as JSON gives the same spec', () => {
  const raw = parseShotText(EXAMPLE_SHOT_YAML, 'example.yaml');
  const fromJson = validateShot(parseShotText(JSON.stringify(raw), 'example.json'));
  assert.deepEqual(fromJson, validateShot(raw));
});

test('every field of the example carries a comment', () => {
  const doc = parseDocument(EXAMPLE_SHOT_YAML);
  assert.equal(doc.errors.length, 0);
  for (const line of EXAMPLE_SHOT_YAML.split('\n')) {
    if (/^\s*(- )?[A-Za-z]+:\s*\S/.test(line)) assert.match(line, /#/, `no comment on: ${line}`);
  }
});

test('examples/tower-collapse.shot.yaml is the example shot that `aftermath init` writes', async () => {
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(new URL('../../examples/tower-collapse.shot.yaml', import.meta.url), 'utf8');
  assert.equal(text, EXAMPLE_SHOT_YAML);
});
