import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cryptoId, cryptomatteLayer, murmur3 } from './cryptomatte.js';

test('MurmurHash3 x86_32 matches the reference vectors', () => {
  assert.equal(murmur3(''), 0);
  assert.equal(murmur3('hello'), 0x248bfa47);
  assert.equal(murmur3('Hello, world!'), 0xc0363e43);
  assert.equal(murmur3('The quick brown fox jumps over the lazy dog'), 0x2e4ff723);
});

test('Cryptomatte ids are finite normal floats and the manifest maps names to hashes', () => {
  for (const name of ['tower/slab/00001', 'a', 'bunny', 'x'.repeat(40)]) {
    const { id } = cryptoId(name);
    assert.ok(Number.isFinite(id) && (id === 0 || Math.abs(id) > 1.2e-38));
  }
  const ids = Uint32Array.from([0, 1, 1, 2]);
  const layer = cryptomatteLayer(ids, (i) => `m/${i}`);
  assert.deepEqual(Object.keys(layer.manifest), ['m/0', 'm/1']);
  assert.equal(layer.channels[0].data[1], cryptoId('m/0').id);
  assert.equal(layer.channels[1].data[0], 0);
  assert.equal(layer.channels[1].data[3], 1);
  assert.ok(Object.keys(layer.attributes).every((k) => /^cryptomatte\/[0-9a-f]{7}\//.test(k)));
});
