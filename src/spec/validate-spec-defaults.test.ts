import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, formatError } from '../core/errors.js';
import { parseShotText } from './load-spec.js';
import { checkShot, validateShot } from './validate-spec.js';

const HEAD = 'schema: aftermath.shot/1\n';

function errorOf(text: string): InputError {
  const result = checkShot(parseShotText(text, 'shot.yaml'));
  assert.equal(result.ok, false, 'expected the shot to be rejected');
  return (result as { ok: false; error: InputError }).error;
}

test('every problem is reported, sorted by path, in one error', () => {
  const text = `${HEAD}seed: -1\nresolutoin: 3\nelements:\n  - building: { floors: 0, fragments: 2.5 }\n  - collapse: { target: nope }\nframes: { fps: 500 }\n`;
  const err = errorOf(text);
  assert.equal(err.message, 'shot is invalid: 6 problems');
  assert.deepEqual(
    err.details.map((d) => `${d.path} ${d.code}`),
    [
      'elements[0].building.floors spec.out_of_range',
      'elements[0].building.fragments spec.wrong_type',
      'elements[1].collapse.target spec.unknown_target',
      'frames.fps spec.out_of_range',
      'resolutoin spec.unknown_key',
      'seed spec.out_of_range',
    ],
  );
  const text2 = formatError(err);
  assert.match(text2, /^error\[spec\.invalid\]: shot is invalid: 6 problems\n/);
  assert.match(text2, /  - resolutoin: spec\.unknown_key \(allowed: one of schema, .*, received: 3\) — did you mean "resolution"\?/);
});

test('element indexes sort numerically', () => {
  const elements = Array.from({ length: 12 }, (_, i) => `  - building: { id: b${i}, floors: 0 }\n`).join('');
  const err = errorOf(`${HEAD}elements:\n${elements}`);
  assert.deepEqual(err.details.map((d) => d.path), Array.from({ length: 12 }, (_, i) => `elements[${i}].building.floors`));
});

test('schema line alone is valid and fills every default', () => {
  const spec = validateShot(parseShotText(HEAD, 'min.yaml'));
  assert.deepEqual(spec, {
    schema: 'aftermath.shot/1',
    seed: 1,
    frames: { fps: 24, count: 120 },
    resolution: [1920, 1080],
    camera: { focalMm: 35, sensorWidthMm: 36, position: [0, 1.7, 60], lookAt: [0, 15, 0], shutterAngleDeg: 180, motionBlurSamples: 1 },
    look: { sunElevationDeg: 35, sunAzimuthDeg: 30, exposureEv: 0, cameraShake: 1, grain: true, overcast: 0, fogHeightM: 60 },
    simulation: { dtS: 1 / 120 },
    elements: [],
    output: { dir: 'out', formats: ['png', 'mp4'], passes: ['beauty', 'id'], contactSheet: true, exrCompression: 'zip', pngBitDepth: 8 },
  });
});

test('defaults inside elements are filled too', () => {
  const spec = validateShot(parseShotText(`${HEAD}elements:\n  - building: {}\n  - collapse: { target: tower }\n`, 's.yaml'));
  assert.deepEqual(spec.elements[0], {
    building: { id: 'tower', floors: 10, floorHeightM: 3.5, footprint: [24, 16], at: [0, 0, 0], rotationDeg: 0, bays: [4, 3], fragments: 1500, slabThicknessM: 0.3, columnSizeM: 0.5, facade: 'punched-concrete', windowRatio: 0.45, balconies: false, parapet: true, roofClutter: true, textureFromPlate: false, fracturePattern: 'uniform' },
  });
  assert.deepEqual(spec.elements[1], { collapse: { target: 'tower', startS: 1, mode: 'pancake', initiationFloor: 4, direction: [1, 0, 0], propagationSpeedMps: 0, strengthScale: 1, weaken: [] } });
});

test('YAML and JSON of the same shot give deep-equal specs', () => {
  const yaml = `${HEAD}seed: 9\nresolution: [640, 360]\nelements:\n  - building: { id: a, floors: 6 }\n  - collapse: { target: a, initiationFloor: 2 }\n`;
  const json = JSON.stringify({
    schema: 'aftermath.shot/1',
    seed: 9,
    resolution: [640, 360],
    elements: [{ building: { id: 'a', floors: 6 } }, { collapse: { target: 'a', initiationFloor: 2 } }],
  }, null, 2);
  assert.deepEqual(validateShot(parseShotText(yaml, 'a.yaml')), validateShot(parseShotText(json, 'a.json')));
});

test('checkShot returns the error instead of throwing', () => {
  const bad = checkShot({ schema: 'aftermath.shot/1', seed: 'x' });
  assert.equal(bad.ok, false);
  if (!bad.ok) {
    assert.ok(bad.error instanceof InputError);
    assert.equal(bad.error.details[0].path, 'seed');
  }
  const good = checkShot({ schema: 'aftermath.shot/1' });
  assert.equal(good.ok, true);
  if (good.ok) assert.equal(good.spec.seed, 1);
});

test('YAML infinity is reported as text, not null', () => {
  const err = errorOf(`${HEAD}camera: { focalMm: .inf }\n`);
  assert.equal(err.details[0].path, 'camera.focalMm');
  assert.equal(err.details[0].received, 'Infinity');
});
