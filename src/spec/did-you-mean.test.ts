import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatch, didYouMean, levenshtein } from './did-you-mean.js';

test('levenshtein distances', () => {
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('flors', 'floors'), 1);
  assert.equal(levenshtein('resolutoin', 'resolution'), 2);
  assert.equal(levenshtein('kitten', 'sitting'), 3);
});

test('suggestions only when close', () => {
  assert.equal(didYouMean('flors', ['id', 'floors', 'fragments']), 'did you mean "floors"?');
  assert.equal(closestMatch('FPS', ['fps', 'count']), 'fps');
  assert.equal(closestMatch('weather', ['schema', 'seed', 'frames']), undefined);
  assert.equal(closestMatch('x', []), undefined);
});
