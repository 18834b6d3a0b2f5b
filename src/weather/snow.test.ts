import { test } from 'node:test';
import { restPoses } from '../simulate/rest-poses.js';
import assert from 'node:assert/strict';
import { createRng } from '../core/rng.js';
import { validateShot } from '../spec/validate-spec.js';
import { buildScene } from '../scene/build-scene.js';
import { fractureScene } from '../fracture/fracture-scene.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { planSnow } from './snow-plan.js';
import { createSnowField, flakePosition } from './snow-field.js';
import type { SnowField } from './snow-field.js';
import { measureSnow, countLandings } from './snow-measure.js';
import { sampleSnowFrame } from './snow-frame.js';
import { localBounds, pieceBounds, POSE_STRIDE } from '../simulate/piece-bounds.js';
import { depositPerFlakeM3, groundDepthMm } from './accumulation.js';
import { terminalVelocityMps } from './terminal-velocity.js';

const hooks = { signal: new AbortController().signal, onProgress: () => {}, log: () => {} };

function field(snow: object, camera: object = {}, elements: object[] = [], seed = 5): { field: SnowField; doc: FracturedDoc | null } {
  const spec = validateShot({ schema: 'aftermath.shot/1', seed, resolution: [320, 180], camera, elements: [...elements, { snow }] });
  const scene = buildScene(spec, { rng: createRng(seed).derive('scene') });
  const s = spec.elements.find((e) => 'snow' in e) as { snow: Parameters<typeof planSnow>[0] };
  const plan = planSnow(s.snow, scene, createRng(seed).derive('snow'));
  const doc = elements.length ? fractureScene(scene, { rng: createRng(seed).derive('fracture'), ...hooks }) : null;
  return { field: createSnowField(plan), doc };
}


test('density in the reference volume is within 10% of the intensity, at several times and settings', () => {
  for (const [snow, expected] of [
    [{ intensity: 'heavy', maxFlakes: 150000 }, 400],
    [{ intensity: 'moderate', wind: [4, 0, 1], gustMps: 3, turbulenceMps: 1, maxFlakes: 100000 }, 120],
    [{ intensity: 2000, maxFlakes: 200000 }, 2000],
  ] as const) {
    const { field: f } = field(snow);
    for (const t of [1.5, 3.7, 10]) {
      const m = measureSnow(f, t, null);
      assert.ok(m.referenceCount > 300, `only ${m.referenceCount} flakes measured`);
      assert.ok(Math.abs(m.densityPerM3 / expected - 1) < 0.1, `${JSON.stringify(snow)} at ${t} s: ${m.densityPerM3.toFixed(1)} per m³ vs ${expected}`);
    }
  }
});

test('fall speed follows the terminal-velocity model (0.8 · D_mm^0.16 m/s) flake by flake', () => {
  const { field: f } = field({ intensity: 'moderate', turbulenceMps: 0, maxFlakes: 20000, flakeDiameterMm: { mean: 4, spread: 0.5 } });
  const a = new Float32Array(3);
  const b = new Float32Array(3);
  let sum = 0;
  for (let i = 0; i < f.count; i++) {
    flakePosition(f, i, 2, a, 0, -0.01);
    flakePosition(f, i, 2, b, 0, 0.01);
    const vy = (b[1] - a[1]) / 0.02;
    const model = terminalVelocityMps(f.diameterM[i] * 1000);
    assert.ok(Math.abs(-vy - model) < 1e-3 * model + 2e-3, `flake ${i}: ${-vy} vs ${model}`);
    sum += -vy;
  }
  assert.ok(Math.abs(terminalVelocityMps(5) - 1.03) < 0.01);
  assert.ok(Math.abs(sum / f.count / f.plan.meanFallMps - 1) < 0.03, `mean ${sum / f.count} vs ${f.plan.meanFallMps}`);
});

test('mean drift follows the wind vector (gusts and turbulence average out)', () => {
  const wind = [3, 0, -2];
  const { field: f } = field({ intensity: 'moderate', wind, gustMps: 2, turbulenceMps: 0.8, maxFlakes: 20000 });
  const a = new Float32Array(3);
  const b = new Float32Array(3);
  const T = 600;
  const v = [0, 0, 0];
  for (let i = 0; i < f.count; i++) {
    flakePosition(f, i, 1, a, 0, 0);
    flakePosition(f, i, 1, b, 0, T);
    for (let k = 0; k < 3; k++) v[k] += (b[k] - a[k]) / T / f.count;
  }
  assert.ok(Math.abs(v[0] - wind[0]) < 0.05 && Math.abs(v[2] - wind[2]) < 0.05, `drift ${v}`);
  assert.ok(Math.abs(-v[1] - f.plan.meanFallMps) < 0.05, `fall ${v[1]}`);
  // And the instantaneous mean velocity of the flakes in view points with the wind.
  const m = measureSnow(f, 5, null);
  assert.ok(m.meanVelocityMps[0] > 1.5 && m.meanVelocityMps[2] < -0.5, `instant ${m.meanVelocityMps}`);
});

/** Whether a point is inside a piece's convex hull (its faces' planes, world space). */
function insideHull(doc: FracturedDoc, poses: Float32Array, x: number, y: number, z: number): boolean {
  for (const p of doc.pieces) {
    const o = p.index * POSE_STRIDE;
    const [qx, qy, qz, qw] = [-poses[o + 3], -poses[o + 4], -poses[o + 5], poses[o + 6]];
    const v = [x - poses[o], y - poses[o + 1], z - poses[o + 2]];
    // Rotate v by the inverse rotation: v + 2w(q×v) + 2q×(q×v).
    const c1 = [qy * v[2] - qz * v[1], qz * v[0] - qx * v[2], qx * v[1] - qy * v[0]];
    const c2 = [qy * c1[2] - qz * c1[1], qz * c1[0] - qx * c1[2], qx * c1[1] - qy * c1[0]];
    const l = [v[0] + 2 * qw * c1[0] + 2 * c2[0], v[1] + 2 * qw * c1[1] + 2 * c2[1], v[2] + 2 * qw * c1[2] + 2 * c2[2]];
    const hv = p.hull.vertices;
    let inside = true;
    for (const face of p.hull.faces) {
      const [i0, i1, i2] = face.indices;
      const A = [hv[i0 * 3], hv[i0 * 3 + 1], hv[i0 * 3 + 2]];
      const e1 = [hv[i1 * 3] - A[0], hv[i1 * 3 + 1] - A[1], hv[i1 * 3 + 2] - A[2]];
      const e2 = [hv[i2 * 3] - A[0], hv[i2 * 3 + 1] - A[1], hv[i2 * 3 + 2] - A[2]];
      const n = [e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2], e1[0] * e2[1] - e1[1] * e2[0]];
      if (n[0] * (l[0] - A[0]) + n[1] * (l[1] - A[1]) + n[2] * (l[2] - A[2]) > 0) {
        inside = false;
        break;
      }
    }
    if (inside) return true;
  }
  return false;
}

test('no drawn flake is below the ground or inside a piece', () => {
  const { field: f, doc } = field(
    { intensity: 'heavy', wind: [2, 0, 0], maxFlakes: 60000 },
    { position: [0, 1.5, 12], lookAt: [0, 2, 0] },
    [{ building: { floors: 2, footprint: [8, 6], at: [0, 0, 0], fragments: 80 } }],
  );
  const poses = restPoses(doc as FracturedDoc);
  const bounds = pieceBounds(localBounds(doc as FracturedDoc), poses);
  let drawn = 0;
  for (const t of [0.5, 2, 4]) {
    const fr = sampleSnowFrame(f, t, 1 / 48, bounds);
    assert.ok(fr.landed > 0, 'some flakes have landed');
    for (let i = 0; i < fr.count; i++) {
      for (const e of [fr.start, fr.end]) {
        assert.ok(e[i * 3 + 1] > 0, `flake ${i} below ground at ${t}`);
        assert.ok(!insideHull(doc as FracturedDoc, poses, e[i * 3], e[i * 3 + 1], e[i * 3 + 2]), `flake ${i} inside a piece at ${t}`);
      }
    }
    drawn += fr.count;
  }
  assert.ok(drawn > 10000, `only ${drawn} flakes drawn`);
});

test('accumulation on flat ground after T seconds is within 10% of the rate, and landing flakes deposit it', () => {
  const snow = { intensity: 'heavy', startS: 0, accumulation: { rateMmPerS: 2 }, turbulenceMps: 0, maxFlakes: 200000 };
  const { field: f } = field(snow, { focalMm: 18, position: [0, 2.5, 0], lookAt: [0, 0, -2] });
  const T = 4;
  // Analytic: falling from the first frame (startS 0); a later start fades in, the ramp counting half.
  assert.ok(Math.abs(groundDepthMm(f.plan, T) - 2 * T) < 1e-9);
  assert.ok(Math.abs(groundDepthMm({ ...f.plan, startS: 1 }, 1 + T) - 2 * (T - 0.5)) < 1e-9);
  // Measured: flakes landing on a 1 m patch in the exact-density region, each depositing its share.
  const patch = { x: 0, z: -2, halfM: 0.5 };
  const landed = countLandings(f, patch, 1, 1 + T, 1 / 24);
  const depthMm = (landed * depositPerFlakeM3(f.plan)) / (4 * patch.halfM * patch.halfM) * 1000;
  assert.ok(landed > 500, `only ${landed} landings`);
  assert.ok(Math.abs(depthMm / (2 * T) - 1) < 0.1, `measured ${depthMm.toFixed(2)} mm vs ${2 * T} mm`);
});

test('same seed, same bytes; another seed, other flakes; any frame without the ones before', () => {
  const snow = { intensity: 'moderate', wind: [1, 0, 0], gustMps: 1, maxFlakes: 20000 };
  const a = sampleSnowFrame(field(snow).field, 3, 1 / 48, null);
  const f2 = field(snow).field;
  sampleSnowFrame(f2, 1, 1 / 48, null);
  const b = sampleSnowFrame(f2, 3, 1 / 48, null);
  assert.deepEqual(Buffer.from(a.start.buffer), Buffer.from(b.start.buffer));
  assert.deepEqual(Buffer.from(a.end.buffer), Buffer.from(b.end.buffer));
  const c = sampleSnowFrame(field(snow, {}, [], 6).field, 3, 1 / 48, null);
  assert.notDeepEqual(Buffer.from(a.start.buffer.slice(0, 4000)), Buffer.from(c.start.buffer.slice(0, 4000)));
});

test('the frame sampler (curl at both ends at once, culling before the turbulence) draws the flakes flakePosition places, where it places them', () => {
  const { field: f } = field({ intensity: 'heavy', wind: [3, 0, 1], gustMps: 2, turbulenceMps: 2, maxFlakes: 40000 }, { position: [0, 1.5, 12], lookAt: [0, 3, 0] });
  const plan = f.plan;
  const cam = plan.camera;
  const a = [0, 0, 0];
  const b = [0, 0, 0];
  for (const t of [0.7, 5.3]) {
    const fr = sampleSnowFrame(f, t, 1 / 24, null);
    let k = 0;
    let worst = 0;
    for (let i = 0; i < f.count; i++) {
      // The plain per-flake definition: both ends from flakePosition, then view and ground.
      flakePosition(f, i, t, a, 0, -1 / 48);
      flakePosition(f, i, t, b, 0, 1 / 48);
      const d = [0, 1, 2].map((j) => (a[j] + b[j]) / 2 - cam.positionM[j]);
      const dot = (v: readonly number[]) => d[0] * v[0] + d[1] * v[1] + d[2] * v[2];
      const zc = dot(cam.f);
      if (zc <= 0.02 || Math.abs(dot(cam.r)) > cam.tanX * 1.1 * zc + 0.3 || Math.abs(dot(cam.u)) > cam.tanY * 1.1 * zc + 0.3) continue;
      const r = f.diameterM[i] / 2;
      if (a[1] - r <= plan.groundY || b[1] - r <= plan.groundY) continue;
      assert.ok(k < fr.count, `flake ${i} missing`);
      for (let j = 0; j < 3; j++) worst = Math.max(worst, Math.abs(fr.start[k * 3 + j] - a[j]), Math.abs(fr.end[k * 3 + j] - b[j]));
      k++;
    }
    assert.equal(fr.count, k);
    assert.ok(worst < 1e-4, `positions differ by ${worst} m`);
  }
});
