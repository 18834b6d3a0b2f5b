import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import type { Vec3 } from '../core/units.js';
import { rectangleCorners, reprojectionError, solveCameraFromRectangle } from './solve-camera.js';

const W = 1920;
const H = 1080;

/** Projects world points through a no-roll camera (focal in pixels). */
function project(points: Vec3[], pos: Vec3, lookAt: Vec3, fPx: number): [number, number][] {
  const f = norm([lookAt[0] - pos[0], lookAt[1] - pos[1], lookAt[2] - pos[2]]);
  const r = norm([-f[2], 0, f[0]]);
  const u: Vec3 = [r[1] * f[2] - r[2] * f[1], r[2] * f[0] - r[0] * f[2], r[0] * f[1] - r[1] * f[0]];
  return points.map((p) => {
    const d: Vec3 = [p[0] - pos[0], p[1] - pos[1], p[2] - pos[2]];
    const z = d[0] * f[0] + d[1] * f[1] + d[2] * f[2];
    return [W / 2 + (fPx * (d[0] * r[0] + d[1] * r[1] + d[2] * r[2])) / z, H / 2 - (fPx * (d[0] * u[0] + d[1] * u[1] + d[2] * u[2])) / z];
  });
}
function norm(v: Vec3): Vec3 {
  const l = Math.hypot(...v);
  return [v[0] / l, v[1] / l, v[2] / l];
}

for (const plane of ['facade', 'ground'] as const) {
  test(`solves focal and pose from a ${plane} rectangle seen at an angle`, () => {
    const rect = { widthM: 24, heightM: plane === 'facade' ? 35 : 16, plane, originM: [0, 0, 0] as Vec3 };
    const pos: Vec3 = [-30, 3, 60];
    const lookAt: Vec3 = [0, 12, 0];
    const fPx = (35 / 36) * W;
    const imagePoints = project(rectangleCorners(rect), pos, lookAt, fPx);
    const s = solveCameraFromRectangle({ ...rect, imagePoints }, W, H, 36, 1);
    assert.ok(Math.abs(s.focalMm - 35) < 0.05, `focal ${s.focalMm}`);
    s.positionM.forEach((v, i) => assert.ok(Math.abs(v - pos[i]) < 0.05, `position ${s.positionM}`));
    assert.ok(s.reprojectionErrorPx < 0.01, `error ${s.reprojectionErrorPx}`);
    // Looking the same way.
    const want = norm([lookAt[0] - pos[0], lookAt[1] - pos[1], lookAt[2] - pos[2]]);
    const got = norm([s.lookAtM[0] - s.positionM[0], s.lookAtM[1] - s.positionM[1], s.lookAtM[2] - s.positionM[2]]);
    assert.ok(want[0] * got[0] + want[1] * got[1] + want[2] * got[2] > 0.99999);
  });
}

test('a solve that does not fit (points of no rectangle of that size) is refused with the error in pixels', () => {
  const rect = { widthM: 24, heightM: 35, plane: 'facade' as const, originM: [0, 0, 0] as Vec3 };
  const pts = project(rectangleCorners(rect), [-30, 3, 60], [0, 12, 0], 1800);
  pts[2] = [pts[2][0] + 60, pts[2][1] - 25];
  assert.throws(() => solveCameraFromRectangle({ ...rect, imagePoints: pts }, W, H, 36, 2), (e: unknown) => e instanceof InputError && e.code === 'camera.solve_failed' && /off by/.test(e.message));
  assert.ok(reprojectionError(rectangleCorners(rect), pts, [-30, 3, 60], [0, 12, 0], 1800, W, H) > 5);
});
