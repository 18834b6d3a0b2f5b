import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advancePoses, shutterOffsets } from './subframe.js';
import { rotate } from '../fracture/piece-geometry.js';

test('sub-frame poses follow linear and angular velocity', () => {
  // One piece at (1, 2, 3), moving 2 m/s along X and spinning 1 rad/s about Y.
  const s = Float32Array.from([1, 2, 3, 0, 0, 0, 1, 2, 0, 0, 0, 1, 0]);
  const a = advancePoses(s, 0.25);
  assert.ok(Math.abs(a[0] - 1.5) < 1e-6 && a[1] === 2 && a[2] === 3);
  // Rotating +X by 0.25 rad about +Y gives (cos, 0, -sin).
  const x = rotate([a[3], a[4], a[5], a[6]], [1, 0, 0]);
  assert.ok(Math.abs(x[0] - Math.cos(0.25)) < 1e-6 && Math.abs(x[2] + Math.sin(0.25)) < 1e-6);
  assert.deepEqual(Array.from(advancePoses(s, 0)), Array.from(s));
});

test('shutter offsets are centred on the frame and span the open shutter', () => {
  assert.deepEqual(shutterOffsets(1, 180, 24), [0]);
  const o = shutterOffsets(4, 180, 24);
  assert.equal(o.length, 4);
  assert.ok(Math.abs(o[0] + o[3]) < 1e-12 && Math.abs(o[3] - o[0] - (0.75 / 48)) < 1e-12);
});
