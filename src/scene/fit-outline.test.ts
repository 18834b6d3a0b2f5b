import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import type { Vec3 } from '../core/units.js';
import { BuildingSchema } from '../spec/schema.js';
import { validateShot } from '../spec/validate-spec.js';
import { fitOutline, projectPoint } from './fit-outline.js';
import type { FitCamera } from './fit-outline.js';
import { buildScene } from './build-scene.js';
import { createRng } from '../core/rng.js';

const W = 1920;
const H = 1080;

/** The eight corners of a building box: footprint centre, width (X), depth (Z), rotation about Y, height. */
function boxCorners(at: Vec3, widthM: number, depthM: number, rotDeg: number, heightM: number): { foot: Vec3[]; top: Vec3[] } {
  const t = (rotDeg * Math.PI) / 180;
  const x: Vec3 = [Math.cos(t), 0, -Math.sin(t)];
  const z: Vec3 = [Math.sin(t), 0, Math.cos(t)];
  const foot: Vec3[] = [];
  // front-left, front-right, back-right, back-left (front = +Z)
  for (const [sx, sz] of [[-1, 1], [1, 1], [1, -1], [-1, -1]]) {
    foot.push([at[0] + (x[0] * sx * widthM) / 2 + (z[0] * sz * depthM) / 2, at[1], at[2] + (x[2] * sx * widthM) / 2 + (z[2] * sz * depthM) / 2]);
  }
  return { foot, top: foot.map((p): Vec3 => [p[0], p[1] + heightM, p[2]]) };
}

const cam = (positionM: Vec3, lookAtM: Vec3, focalMm = 35): FitCamera => ({ positionM, lookAtM, focalMm, sensorWidthMm: 36, width: W, height: H });
const px = (c: FitCamera, p: Vec3) => projectPoint(c, p)!;
const base = BuildingSchema.parse({ footprint: [10, 14], floorHeightM: 3.5, parapet: false, roofClutter: false });

test('a facade outline seen from the front gives back width, position, rotation and height within a few pixels', () => {
  // A 30 m wide, 8-storey (28 m) building turned 15° about Y, seen from 70 m away.
  const c = cam([5, 1.7, 70], [0, 14, 0]);
  const truth = boxCorners([2, 0, -3], 30, 14, 15, 28);
  const outline: [number, number][] = [px(c, truth.foot[0]), px(c, truth.foot[1]), px(c, truth.top[1]), px(c, truth.top[0])];
  const fit = fitOutline(base, outline, c, 'elements[0].building.outline');
  assert.ok(Math.abs(fit.building.footprint[0] - 30) < 0.05, `width ${fit.building.footprint[0]}`);
  assert.equal(fit.building.footprint[1], 14, 'depth stays the spec\'s');
  assert.ok(Math.abs(fit.building.rotationDeg - 15) < 0.1, `rotation ${fit.building.rotationDeg}`);
  assert.ok(Math.hypot(fit.building.at[0] - 2, fit.building.at[2] + 3) < 0.05, `at ${fit.building.at}`);
  assert.equal(fit.building.floors, 8);
  assert.ok(Math.abs(fit.building.floorHeightM - 3.5) < 0.01);
  // The fitted box's front corners land on the outline's corners.
  const fitted = boxCorners(fit.building.at, fit.building.footprint[0], fit.building.footprint[1], fit.building.rotationDeg, fit.silhouetteHeightM);
  const back = [fitted.foot[0], fitted.foot[1], fitted.top[1], fitted.top[0]].map((p) => px(c, p));
  back.forEach((q, i) => assert.ok(Math.hypot(q[0] - outline[i][0], q[1] - outline[i][1]) < 1, `corner ${i} off by ${Math.hypot(q[0] - outline[i][0], q[1] - outline[i][1]).toFixed(2)} px`));
  assert.ok(fit.errorPx < 3, `silhouette error ${fit.errorPx}`);
});

test('a rough hand-marked outline (±2 px, extra points on the edges) still fits within a few pixels; the storeys round and stretch', () => {
  const c = cam([0, 1.6, 55], [0, 12, 0], 28);
  // 26.2 m roof + 1 m parapet with 3.5 m storeys: 7 storeys of 3.74 m.
  const truth = boxCorners([0, 0, 0], 24, 16, 0, 27.2);
  const spec = BuildingSchema.parse({ footprint: [10, 16], floorHeightM: 3.5, parapet: true });
  const [bl, br, tr, tl] = [truth.foot[0], truth.foot[1], truth.top[1], truth.top[0]].map((p) => px(c, p));
  const jitter = (p: [number, number], dx: number, dy: number): [number, number] => [p[0] + dx, p[1] + dy];
  const mid = (a: [number, number], b: [number, number]): [number, number] => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const outline: [number, number][] = [jitter(bl, 1.5, -1), jitter(mid(bl, br), 0, 0.5), jitter(br, -2, 1), jitter(tr, 1, 2), jitter(mid(tr, tl), 0, -1), jitter(tl, -1, -1.5)];
  const fit = fitOutline(spec, outline, c, 'elements[0].building.outline');
  assert.equal(fit.building.floors, 7);
  assert.ok(Math.abs(fit.building.floorHeightM - 26.2 / 7) < 0.1, `storey ${fit.building.floorHeightM}`);
  assert.ok(Math.abs(fit.building.footprint[0] - 24) < 0.5, `width ${fit.building.footprint[0]}`);
  assert.ok(fit.errorPx < 3, `corner error ${fit.errorPx}`);
  assert.ok(fit.outlineDistancePx < 3, `outline points off the silhouette by ${fit.outlineDistancePx} px`);
});

test('a corner view (two faces on the ground) gives the depth too', () => {
  const truth = boxCorners([5, 0, -5], 22, 12, -35, 24.5);
  for (const [c, label] of [[cam([40, 1.7, 55], [5, 15, 0], 35), 'front and right side'], [cam([-45, 1.7, 20], [5, 15, 0], 35), 'left side and front']] as const) {
    // The outline a user traces: the silhouette of the whole box.
    const outline = convexHull([...truth.foot, ...truth.top].map((p) => px(c, p)));
    const fit = fitOutline(base, outline, c, 'elements[0].building.outline');
    // The face wider in the image becomes the front (+Z): the same box, possibly with width and depth swapped.
    const f = fit.building;
    const got = boxCorners(f.at, f.footprint[0], f.footprint[1], f.rotationDeg, 24.5).foot;
    for (const p of truth.foot) {
      const nearest = Math.min(...got.map((q) => Math.hypot(q[0] - p[0], q[2] - p[2])));
      assert.ok(nearest < 0.1, `${label}: footprint corner ${p} is ${nearest.toFixed(3)} m from the fit (${f.footprint}, ${f.rotationDeg}°)`);
    }
    assert.equal(fit.building.floors, 7);
    assert.ok(fit.errorPx < 1 && fit.outlineDistancePx < 1, `${label}: silhouette error ${fit.errorPx}, ${fit.outlineDistancePx}`);
  }
});

function convexHull(points: [number, number][]): [number, number][] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: number[], a: number[], b: number[]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: [number, number][]) => {
    const h: [number, number][] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2], h[h.length - 1], p) <= 0) h.pop();
      h.push(p);
    }
    return h.slice(0, -1);
  };
  return [...half(pts), ...half([...pts].reverse())];
}

test('a camera below the footprint\'s ground (a building on a raised platform, seen from the street) still fits', () => {
  const c = cam([0.4, -2.5, 40], [0, 8, 0], 34);
  const truth = boxCorners([0, 0, 0], 12, 8, 0, 20);
  const outline: [number, number][] = [truth.foot[0], truth.foot[1], truth.top[1], truth.top[0]].map((p) => px(c, p));
  const fit = fitOutline(base, outline, c, 'o');
  assert.ok(Math.abs(fit.building.footprint[0] - 12) < 0.05 && Math.abs(fit.silhouetteHeightM - 20) < 0.05);
});

test('an outline whose bottom is above the horizon, or outside the frame, is refused naming the field', () => {
  const c = cam([0, 1.7, 60], [0, 1.7, 0]);
  const outline: [number, number][] = [[800, 500], [1100, 500], [1100, 100], [800, 100]];
  assert.throws(
    () => fitOutline(base, outline, c, 'elements[2].building.outline'),
    (e: unknown) => e instanceof InputError && e.code === 'building.outline_unfit' && e.details[0].path === 'elements[2].building.outline' && /horizon/.test(String(e.details[0].allowed)),
  );
  assert.throws(
    () => fitOutline(base, [[-300, 900], [1100, 900], [1100, 100], [-300, 100]], c, 'elements[0].building.outline'),
    (e: unknown) => e instanceof InputError && /outside the frame/.test(e.message) && /0\.\.1920/.test(String(e.details[0].allowed)),
  );
});

test('the scene stage places an outlined building where its outline is (frame pixels without a plate)', () => {
  const c = cam([0, 1.7, 60], [0, 15, 0], 35);
  const truth = boxCorners([-4, 0, 0], 20, 12, 0, 24);
  const outline = [truth.foot[0], truth.foot[1], truth.top[1], truth.top[0]].map((p) => px(c, p));
  const spec = validateShot({
    schema: 'aftermath.shot/1',
    resolution: [W, H],
    camera: { focalMm: 35, position: [0, 1.7, 60], lookAt: [0, 15, 0] },
    elements: [{ building: { id: 'b', outline, footprint: [10, 12], parapet: false, roofClutter: false, fragments: 50 } }],
  });
  const scene = buildScene(spec, { rng: createRng(1) });
  const b = scene.buildings[0];
  assert.ok(Math.abs(b.footprintM[0] - 20) < 0.05 && Math.abs(b.originM[0] + 4) < 0.05 && Math.abs(b.heightM - 24) < 0.05, `${b.footprintM} ${b.originM} ${b.heightM}`);
  let top = -Infinity;
  for (const m of b.members) top = Math.max(top, m.centerM[1] + m.sizeM[1] / 2);
  assert.ok(Math.abs(top - 24) < 0.01, `members reach ${top} m`);
});
