import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError, formatError, type ErrorDetail } from '../core/errors.js';
import { parseShotText } from './load-spec.js';
import { validateShot } from './validate-spec.js';

const HEAD = 'schema: aftermath.shot/1\n';

/** A shot with one building (extra building fields indented under it) and optional extra elements. */
function withBuilding(fields: string, extraElements = ''): string {
  return `${HEAD}elements:\n  - building:\n      id: tower\n${fields}${extraElements}`;
}

function errorOf(text: string, sourceName = 'shot.yaml'): InputError {
  try {
    validateShot(parseShotText(text, sourceName));
  } catch (err) {
    assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the shot to be rejected');
}

interface Case {
  name: string;
  text: string;
  sourceName?: string;
  code?: string;
  message: RegExp;
  /** Each must match one detail (partial match on the given fields). */
  details: Partial<ErrorDetail>[];
  /** Exact number of details, when given. */
  count?: number;
}

const cases: Case[] = [
  {
    name: 'malformed YAML names the line and column',
    text: `${HEAD}frames:\n  fps: 24\n count: 3\n`,
    code: 'spec.parse',
    message: /could not parse shot\.yaml as YAML: line 4, column 1: /,
    details: [{ code: 'spec.parse', received: 'count: 3' }],
  },
  {
    name: 'wrong type: floors as a word',
    text: withBuilding('      floors: "ten"\n'),
    message: /^shot is invalid: 1 problem$/,
    details: [{ code: 'spec.wrong_type', path: 'elements[0].building.floors', allowed: 'integer 1..200', received: 'ten' }],
    count: 1,
  },
  {
    name: 'negative size',
    text: withBuilding('      footprint: [-5, 10]\n'),
    message: /1 problem/,
    details: [{ code: 'spec.out_of_range', path: 'elements[0].building.footprint[0]', allowed: '2..500', received: -5 }],
    count: 1,
  },
  {
    name: 'absurd floor count',
    text: withBuilding('      floors: 10000\n'),
    message: /1 problem/,
    details: [{ code: 'spec.out_of_range', path: 'elements[0].building.floors', allowed: '1..200', received: 10000 }],
    count: 1,
  },
  {
    name: 'absurd fragment count',
    text: withBuilding('      fragments: 1e9\n'),
    message: /1 problem/,
    details: [{ code: 'spec.out_of_range', path: 'elements[0].building.fragments', allowed: '1..50000', received: 1e9 }],
    count: 1,
  },
  {
    name: 'absurd resolution',
    text: `${HEAD}resolution: [100000, 100000]\n`,
    message: /2 problems/,
    details: [
      { code: 'spec.out_of_range', path: 'resolution[0]', allowed: '16..16384', received: 100000 },
      { code: 'spec.out_of_range', path: 'resolution[1]', allowed: '16..16384', received: 100000 },
    ],
    count: 2,
  },
  {
    name: 'misspelt building key',
    text: withBuilding('      flors: 12\n'),
    message: /1 problem/,
    details: [{ code: 'spec.unknown_key', path: 'elements[0].building.flors', received: 12, hint: 'did you mean "floors"?' }],
    count: 1,
  },
  {
    name: 'misspelt top-level key',
    text: `${HEAD}resolutoin: [640, 480]\n`,
    message: /1 problem/,
    details: [{ code: 'spec.unknown_key', path: 'resolutoin', hint: 'did you mean "resolution"?' }],
    count: 1,
  },
  {
    name: 'unknown key far from any allowed key gets no hint',
    text: `${HEAD}weather: rain\n`,
    message: /1 problem/,
    details: [{ code: 'spec.unknown_key', path: 'weather', received: 'rain', hint: undefined }],
    count: 1,
  },
  {
    name: 'unknown element kind',
    text: `${HEAD}elements:\n  - bulding:\n      floors: 3\n`,
    message: /1 problem/,
    details: [{ code: 'spec.unknown_element', path: 'elements[0].bulding', allowed: 'one of building, collapse, impact, snow, dust', hint: 'did you mean "building"?' }],
    count: 1,
  },
  {
    name: 'unknown collapse target',
    text: withBuilding('', '  - collapse:\n      target: towr\n'),
    message: /1 problem/,
    details: [{
      code: 'spec.unknown_target',
      path: 'elements[1].collapse.target',
      received: 'towr',
      allowed: 'one of tower',
      hint: 'did you mean "tower"? buildings in this shot: tower',
    }],
    count: 1,
  },
  {
    name: 'dust source that names no building',
    text: withBuilding('', '  - dust:\n      source: towr\n'),
    message: /1 problem/,
    details: [{
      code: 'spec.unknown_target',
      path: 'elements[1].dust.source',
      received: 'towr',
      allowed: 'one of tower',
      hint: 'did you mean "tower"? buildings in this shot: tower',
    }],
    count: 1,
  },
  {
    name: 'dust amount out of range',
    text: withBuilding('', '  - dust:\n      amount: 50\n'),
    message: /1 problem/,
    details: [{ code: 'spec.out_of_range', path: 'elements[1].dust.amount', allowed: '0..10', received: 50 }],
    count: 1,
  },
  {
    name: 'initiation floor above the building',
    text: withBuilding('      floors: 3\n', '  - collapse:\n      target: tower\n      initiationFloor: 5\n'),
    message: /1 problem/,
    details: [{ code: 'spec.out_of_range', path: 'elements[1].collapse.initiationFloor', allowed: '1..3', received: 5, hint: 'building "tower" has 3 floors' }],
    count: 1,
  },
  {
    name: 'duplicate building ids',
    text: withBuilding('', '  - building:\n      id: tower\n'),
    message: /1 problem/,
    details: [{ code: 'spec.duplicate_id', path: 'elements[1].building.id', received: 'tower' }],
    count: 1,
  },
  {
    name: 'wrong schema version',
    text: 'schema: aftermath.shot/2\nframes: { fps: 24 }\n',
    message: /1 problem/,
    details: [{ code: 'spec.unsupported_schema', path: 'schema', allowed: 'aftermath.shot/1', received: 'aftermath.shot/2' }],
    count: 1,
  },
  {
    name: 'missing schema line',
    text: 'seed: 3\n',
    message: /1 problem/,
    details: [{ code: 'spec.unsupported_schema', path: 'schema', allowed: 'aftermath.shot/1', hint: 'start the file with "schema: aftermath.shot/1"' }],
    count: 1,
  },
  {
    name: 'empty document',
    text: '# nothing here\n',
    message: /1 problem/,
    details: [{ code: 'spec.empty', path: '' }],
    count: 1,
  },
  {
    name: 'a list instead of a mapping',
    text: '- schema\n',
    message: /1 problem/,
    details: [{ code: 'spec.wrong_type', path: '', received: ['schema'] }],
    count: 1,
  },
  {
    name: 'malformed JSON names the line and column',
    text: '{\n  "schema": "aftermath.shot/1",\n}\n',
    sourceName: 'shot.json',
    code: 'spec.parse',
    message: /could not parse shot\.json as JSON: line 3, column 1: /,
    details: [{ code: 'spec.parse', received: '}' }],
  },
  {
    name: 'JSON input is validated like YAML',
    text: '{"schema": "aftermath.shot/1", "frames": {"fps": 0}}',
    sourceName: 'shot.json',
    message: /1 problem/,
    details: [{ code: 'spec.out_of_range', path: 'frames.fps', allowed: '1..240', received: 0 }],
    count: 1,
  },
  {
    name: 'enum value with a did-you-mean',
    text: withBuilding('', '  - collapse:\n      target: tower\n      mode: pancakes\n'),
    message: /1 problem/,
    details: [{ code: 'spec.invalid_value', path: 'elements[1].collapse.mode', allowed: 'one of pancake, topple, implode, partial', hint: 'did you mean "pancake"?' }],
    count: 1,
  },
  {
    name: 'missing required collapse target',
    text: `${HEAD}elements:\n  - collapse: { startS: 2 }\n`,
    message: /1 problem/,
    details: [{ code: 'spec.missing', path: 'elements[0].collapse.target' }],
    count: 1,
  },
  {
    name: 'an element with two kinds',
    text: `${HEAD}elements:\n  - building: {}\n    collapse: { target: tower }\n`,
    message: /1 problem/,
    details: [{ code: 'spec.invalid_value', path: 'elements[0]', allowed: 'exactly one of building, collapse, impact, snow, dust per element' }],
    count: 1,
  },
  {
    name: 'an empty building entry',
    text: `${HEAD}elements:\n  - building:\n`,
    message: /1 problem/,
    details: [{ code: 'spec.wrong_type', path: 'elements[0].building', received: null, hint: 'write "building: {}" to use every default' }],
    count: 1,
  },
  {
    name: 'too many pieces in total',
    text: `${HEAD}elements:\n  - building: { id: a, fragments: 30000 }\n  - building: { id: b, fragments: 30000 }\n`,
    message: /1 problem/,
    details: [{ code: 'spec.too_many_pieces', path: 'elements', received: 60000, allowed: 'at most 50000 fragments in total' }],
    count: 1,
  },
  {
    name: 'a quoted number',
    text: `${HEAD}seed: "7"\n`,
    message: /1 problem/,
    details: [{ code: 'spec.wrong_type', path: 'seed', allowed: 'integer 0..4294967295', received: '7', hint: 'write the number without quotes' }],
    count: 1,
  },
];

for (const c of cases) {
  test(`validation: ${c.name}`, () => {
    const err = errorOf(c.text, c.sourceName);
    assert.equal(err.code, c.code ?? 'spec.invalid');
    assert.match(err.message, c.message);
    if (c.count !== undefined) assert.equal(err.details.length, c.count, formatError(err));
    for (const expected of c.details) {
      const found = err.details.some((d) =>
        Object.entries(expected).every(([key, value]) => assert.deepEqual.length >= 0 && isDeepEqual((d as unknown as Record<string, unknown>)[key], value)),
      );
      assert.ok(found, `no detail matches ${JSON.stringify(expected)} in:\n${formatError(err)}`);
    }
  });
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
