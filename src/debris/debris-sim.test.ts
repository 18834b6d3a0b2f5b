import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import { GRAVITY_MAGNITUDE_MPS2 as G } from '../core/units.js';
import { boundsOfBoxes } from '../simulate/piece-bounds.js';
import type { PieceBounds } from '../simulate/piece-bounds.js';
import type { SimEvent } from '../simulate/sim-cache.js';
import { createDebrisSim } from './debris-sim.js';
import { planDebrisSpawns } from './debris-spawn.js';
import type { DebrisSpawn } from './debris-spawn.js';

const CONCRETE = 2400;

/** One particle (or several) as a spawn. */
function spawnOf(parts: { p: number[]; v?: number[]; d: number }[], material = 0): DebrisSpawn {
  return {
    timeS: 0,
    eventIndex: 0,
    type: 'impact',
    material,
    count: parts.length,
    positionsM: Float32Array.from(parts.flatMap((q) => q.p)),
    velocitiesMps: Float32Array.from(parts.flatMap((q) => q.v ?? [0, 0, 0])),
    sizesM: Float32Array.from(parts.map((q) => q.d)),
  };
}

const boxes = (list: number[][]): PieceBounds => boundsOfBoxes(list);

test('without drag a particle follows the ballistic parabola (1e-6 m beyond float32 output rounding)', () => {
  const sim = createDebrisSim({ dragCoefficient: 0 });
  const p0 = [1, 10, -2];
  const v0 = [3, 5, -2];
  sim.spawn(spawnOf([{ p: p0, v: v0, d: 0.05 }]));
  let worst = 0;
  for (let f = 1; f <= 24; f++) {
    sim.step(1 / 24, null);
    const t = f / 24;
    const fr = sim.frame();
    for (let a = 0; a < 3; a++) {
      const expected = p0[a] + v0[a] * t - (a === 1 ? 0.5 * G * t * t : 0);
      worst = Math.max(worst, Math.abs(fr.positionsM[a] - Math.fround(expected)));
      const ev = v0[a] - (a === 1 ? G * t : 0);
      assert.ok(Math.abs(fr.velocitiesMps[a] - Math.fround(ev)) < 1e-6, `v[${a}] at ${t}: ${fr.velocitiesMps[a]} vs ${ev}`);
    }
  }
  assert.ok(worst < 1e-6, `worst position error ${worst} m`);
  console.log(`# ballistic: worst position error over 1 s ${worst.toExponential(2)} m (float32 output)`);
});

test('dropped from h (no drag) the particle reaches the ground at √(2h/g) within 1%', () => {
  for (const h of [0.5, 2, 20]) {
    const d = 0.02;
    const sim = createDebrisSim({ dragCoefficient: 0 });
    sim.spawn(spawnOf([{ p: [0, h + d / 2, 0], d }]));
    const dtS = 1 / 2000;
    let landed = -1;
    for (let k = 1; k <= 20_000 && landed < 0; k++) {
      sim.step(dtS, null);
      if (sim.frame().velocitiesMps[1] >= 0) landed = (k - 0.5) * dtS;
    }
    const expected = Math.sqrt((2 * h) / G);
    console.log(`# drop from ${h} m: landed at ${landed.toFixed(5)} s (±0.25 ms), √(2h/g) = ${expected.toFixed(5)} s, error ${(Math.abs(landed / expected - 1) * 100).toFixed(3)}%`);
    assert.ok(Math.abs(landed / expected - 1) < 0.01, `h ${h}: landed at ${landed} s, expected ${expected} s`);
  }
});

test('with drag a particle reaches the terminal velocity √(2mg/(ρ C_d A)) within 2%', () => {
  const cases = [
    { d: 0.005, material: 0, rho: CONCRETE },
    { d: 0.03, material: 0, rho: CONCRETE },
    { d: 0.1, material: 2, rho: 2500 },
  ];
  const sim = createDebrisSim({ dragCoefficient: 1, airDensityKgM3: 1.2 });
  for (const c of cases) sim.spawn(spawnOf([{ p: [0, 5000, 0], d: c.d }], c.material));
  for (let f = 0; f < 24 * 45; f++) sim.step(1 / 24, null);
  const fr = sim.frame();
  cases.forEach((c, i) => {
    const m = (c.rho * Math.PI * c.d ** 3) / 6;
    const area = (Math.PI * c.d * c.d) / 4;
    const vt = Math.sqrt((2 * m * G) / (1.2 * 1 * area));
    const v = -fr.velocitiesMps[i * 3 + 1];
    assert.ok(fr.positionsM[i * 3 + 1] > 100, 'still falling');
    console.log(`# terminal d = ${c.d} m: ${v.toFixed(4)} m/s vs ${vt.toFixed(4)} m/s, error ${Math.abs(v / vt - 1).toExponential(2)}`);
    assert.ok(Math.abs(v / vt - 1) < 0.02, `d ${c.d}: ${v} m/s vs terminal ${vt} m/s`);
    assert.ok(Math.abs(v / vt - 1) < 1e-4, `d ${c.d}: ${v} m/s vs terminal ${vt} m/s (expected to converge)`);
  });
});

test('a bounce never increases speed: rebound height is h with e = 1 (1e-6 m) and at most e²h with e = 0.3', () => {
  const h = 3;
  const d = 0.04;
  for (const e of [1, 0.3]) {
    const sim = createDebrisSim({ dragCoefficient: 0, restitution: e, friction: 0.6 });
    // Straight down and at an angle (friction acts on the tangential part).
    sim.spawn(spawnOf([{ p: [0, h + d / 2, 0], d }, { p: [0, h + d / 2, 5], v: [2, 0, 0], d }]));
    const apex = [0, 0];
    const bounced = [false, false];
    for (let k = 0; k < 2000; k++) {
      sim.step(1 / 500, null);
      const fr = sim.frame();
      for (let i = 0; i < 2; i++) {
        const vy = fr.velocitiesMps[i * 3 + 1];
        if (vy > 0) bounced[i] = true;
        if (!bounced[i]) continue;
        apex[i] = Math.max(apex[i], fr.positionsM[i * 3 + 1] - d / 2);
        // Never faster than it arrived (energy conservation without drag: √(2gh + v₀²)).
        const speed = Math.hypot(fr.velocitiesMps[i * 3], vy, fr.velocitiesMps[i * 3 + 2]);
        const arrival = Math.sqrt(2 * G * h + (i === 1 ? 4 : 0));
        assert.ok(speed <= arrival + 1e-5, `speed ${speed} > arrival ${arrival}`);
      }
    }
    console.log(`# bounce e = ${e}: rebound apexes ${apex.map((a) => a.toFixed(5)).join(', ')} m vs e²h = ${(e * e * h).toFixed(5)} m`);
    if (e === 1) {
      // Apex sampled every 2 ms: below the true apex by at most ½g(2 ms)² ≈ 2e-5 m.
      for (const a of apex) assert.ok(a <= h + 1e-6 && a > h - 1e-4, `e = 1: rebound ${a} vs ${h}`);
    } else {
      // Apex sampled every 2 ms: within 1% of e²h and never above it.
      for (const a of apex) assert.ok(a <= e * e * h + 1e-5 && a > 0.99 * e * e * h, `e = ${e}: rebound ${a} vs ${e * e * h}`);
    }
  }
});

test('total kinetic + potential energy never rises between steps (still air, static rubble, no spawns); kinetic never rises on the ground', () => {
  const rubble = boxes([[-3, 0, -3, 3, 2, 3], [4, 0, -1, 6, 1, 1], [-2, 2, -1, 1, 2.6, 1]]);
  const rng = createRng(11);
  const parts: { p: number[]; v: number[]; d: number }[] = [];
  for (let i = 0; i < 600; i++) {
    parts.push({ p: [rng.range(-8, 8), rng.range(3, 10), rng.range(-8, 8)], v: [rng.range(-6, 6), rng.range(-3, 8), rng.range(-6, 6)], d: rng.range(0.005, 0.2) });
  }
  const sim = createDebrisSim({});
  sim.spawn(spawnOf(parts));
  let prev = sim.stats();
  let rises = 0;
  let moving = 0;
  for (let f = 0; f < 24 * 8; f++) {
    sim.step(1 / 24, rubble);
    const s = sim.stats();
    const rise = s.kineticJ + s.potentialJ - (prev.kineticJ + prev.potentialJ);
    rises += rise > 0 ? 1 : 0;
    moving += rise !== 0 ? 1 : 0;
    assert.ok(rise <= 1e-9 * (prev.kineticJ + prev.potentialJ), `step ${f}: energy rose by ${rise} J`);
    prev = s;
  }
  // Grains skidding along the ground: no potential to trade, so kinetic energy alone falls.
  const ground = createDebrisSim({});
  const skid: { p: number[]; v: number[]; d: number }[] = [];
  for (let i = 0; i < 300; i++) {
    const d = rng.range(0.005, 0.2);
    skid.push({ p: [rng.range(-5, 5), d / 2, rng.range(-5, 5)], v: [rng.range(-8, 8), 0, rng.range(-8, 8)], d });
  }
  ground.spawn(spawnOf(skid));
  let ke = ground.stats().kineticJ;
  for (let f = 0; f < 24 * 4; f++) {
    ground.step(1 / 24, null);
    const s = ground.stats();
    assert.ok(s.kineticJ <= ke * (1 + 1e-12), `step ${f}: kinetic energy ${s.kineticJ} > ${ke}`);
    ke = s.kineticJ;
  }
  assert.equal(ground.stats().resting, 300);
  console.log(`# energy: KE + PE rose in ${rises} of ${moving} steps with motion`);
});

test('a particle dropped on a box rests on its top (not inside, not through), wakes and falls when the box goes', () => {
  const top = 1.2;
  const box = boxes([[-1, 0, -1, 1, top, 1]]);
  const thin = boxes([[-1, 2, -1, 1, 2.05, 1]]);
  const d = 0.03;
  for (const [colliders, surface, vy] of [[box, top, 0], [box, top, -40], [thin, 2.05, -60]] as const) {
    const sim = createDebrisSim({});
    sim.spawn(spawnOf([{ p: [0.3, 6, -0.2], v: [0.5, vy, 0], d }]));
    for (let f = 0; f < 24 * 10; f++) {
      sim.step(1 / 24, colliders);
      const y = sim.frame().positionsM[1];
      assert.ok(y - d / 2 >= surface - 1e-6 || y > surface + 1, `fell into the box: bottom at ${y - d / 2}`);
    }
    const fr = sim.frame();
    assert.ok(Math.abs(fr.positionsM[1] - d / 2 - surface) < 1e-6, `rests at ${fr.positionsM[1] - d / 2}, top at ${surface}`);
    assert.equal(sim.stats().resting, 1);
    // The box moves away: the particle wakes and falls to the ground.
    const gone = boxes([[10, 0, 10, 12, top, 12]]);
    for (let f = 0; f < 48; f++) sim.step(1 / 24, gone);
    assert.ok(Math.abs(sim.frame().positionsM[1] - d / 2) < 1e-6, `after the box left: ${sim.frame().positionsM[1]}`);
    assert.equal(sim.stats().resting, 1);
  }
});

test('many particles from events among rubble: never more than 1 cm below the ground, all resting in the end', () => {
  const rng = createRng(3);
  const list: number[][] = [];
  for (let i = 0; i < 250; i++) {
    const x = rng.range(-15, 15);
    const z = rng.range(-15, 15);
    const y = rng.range(0, 6);
    const s = [rng.range(0.3, 2.5), rng.range(0.2, 1.5), rng.range(0.3, 2.5)];
    list.push([x, y, z, x + s[0], y + s[1], z + s[2]]);
  }
  const rubble = boxes(list);
  const events: SimEvent[] = [];
  for (let i = 0; i < 80; i++) {
    const type = (['failure', 'bond_break', 'impact'] as const)[i % 3];
    const n = [rng.range(-1, 1), rng.range(-1, 1), rng.range(-1, 1)];
    const l = Math.hypot(...n);
    events.push({ timeS: rng.range(0, 3), type, pieceIndex: i, otherIndex: -1, positionM: [rng.range(-15, 15), rng.range(0, 25), rng.range(-15, 15)], normal: n.map((c) => c / l) as [number, number, number], energyJ: rng.range(0, 2e5), forceN: rng.range(0, 1e6), materials: ['concrete'] });
  }
  const spawns = planDebrisSpawns(events, { maxParticles: 6000 }, createRng(9).derive('debris'));
  const sim = createDebrisSim({ capacity: 6000 });
  let next = 0;
  let lowest = Infinity;
  const t0 = performance.now();
  for (let f = 0; f < 24 * 20; f++) {
    next = sim.spawnDue(spawns, next);
    sim.step(1 / 24, rubble);
    lowest = Math.min(lowest, sim.stats().lowestM);
    assert.ok(lowest >= -0.01, `frame ${f}: a particle is ${-lowest} m below the ground`);
  }
  const s = sim.stats();
  assert.equal(s.alive, 6000);
  // Every particle lies on the ground or on a box top (not floating, not inside).
  const fr = sim.frame();
  for (let i = 0; i < fr.count; i++) {
    const [x, y, z] = [fr.positionsM[i * 3], fr.positionsM[i * 3 + 1], fr.positionsM[i * 3 + 2]];
    const r = fr.sizesM[i] / 2;
    const onGround = Math.abs(y - r) < 1e-5;
    const onBox = list.some((b) => Math.abs(y - r - Math.fround(b[4])) < 1e-5 && x >= b[0] - r - 1e-5 && x <= b[3] + r + 1e-5 && z >= b[2] - r - 1e-5 && z <= b[5] + r + 1e-5);
    assert.ok(onGround || onBox, `particle ${i} rests on nothing at ${x}, ${y}, ${z}`);
    const inside = list.some((b) => x > b[0] - r + 1e-3 && x < b[3] + r - 1e-3 && y > b[1] - r + 1e-3 && y < b[4] + r - 1e-3 && z > b[2] - r + 1e-3 && z < b[5] + r - 1e-3);
    assert.ok(!inside, `particle ${i} rests inside a box at ${x}, ${y}, ${z}`);
  }
  assert.equal(s.resting, s.alive, `${s.airborne} airborne and ${s.sliding} sliding after 20 s`);
  console.log(`# long run: 6000 particles, 480 steps, ${(performance.now() - t0).toFixed(0)} ms; lowest bottom ${lowest.toExponential(2)} m`);
});

test('air velocity drags particles along: a strong wind moves small grains more than big chunks, never faster than the wind', () => {
  const sim = createDebrisSim({});
  const sizes = [0.005, 0.02, 0.2];
  sim.spawn(spawnOf(sizes.map((d, i) => ({ p: [0, 200, i * 2], d }))));
  const wind = (_x: number, _y: number, _z: number, out: Float32Array) => {
    out[0] = 20;
    out[1] = 0;
    out[2] = 0;
  };
  for (let f = 0; f < 48; f++) {
    sim.step(1 / 24, null, wind);
    const fr = sim.frame();
    for (let i = 0; i < 3; i++) assert.ok(fr.velocitiesMps[i * 3] <= 20, `faster than the wind: ${fr.velocitiesMps[i * 3]}`);
  }
  const fr = sim.frame();
  const dx = sizes.map((_, i) => fr.positionsM[i * 3]);
  assert.ok(dx[0] > dx[1] && dx[1] > dx[2] && dx[2] > 0, `drift by size: ${dx.join(', ')} m`);
  assert.ok(dx[0] > 5 * dx[2], `small grains should drift far more: ${dx.join(', ')}`);
  // On the ground, a 5 mm grain slides only when drag k·v_air² beats friction μg (about 8.9 m/s here).
  for (const [speed, moves] of [[5, false], [20, true]] as const) {
    const g = createDebrisSim({});
    g.spawn(spawnOf([{ p: [0, 0.0025, 0], d: 0.005 }, { p: [0, 0.1, 3], d: 0.2 }]));
    g.step(1 / 24, null);
    assert.equal(g.stats().resting, 2);
    const blow = (_x: number, _y: number, _z: number, out: Float32Array) => {
      out[0] = speed;
      out[1] = 0;
      out[2] = 0;
    };
    for (let f = 0; f < 24; f++) g.step(1 / 24, null, blow);
    const fr = g.frame();
    assert.ok(fr.velocitiesMps[0] <= speed && fr.positionsM[1] - 0.0025 >= -1e-6);
    assert.equal(fr.positionsM[0] > 0.1, moves, `grain in ${speed} m/s wind at x = ${fr.positionsM[0]}`);
    assert.equal(fr.positionsM[3], 0, `a 0.2 m chunk stays put in ${speed} m/s wind`);
  }
});

test('the pool holds at most `capacity` live particles; bad options and steps throw InputError naming the field', () => {
  const sim = createDebrisSim({ capacity: 10 });
  assert.equal(sim.spawn(spawnOf(Array.from({ length: 25 }, (_, i) => ({ p: [i, 5, 0], d: 0.01 })))), 10);
  assert.equal(sim.stats().alive, 10);
  assert.equal(sim.stats().dropped, 15);
  assert.deepEqual([...sim.frame().ids], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.throws(() => createDebrisSim({ restitution: 1.5 }), (e: unknown) => e instanceof InputError && e.code === 'debris.out_of_range' && e.details[0].path === 'debris.restitution' && e.details[0].allowed === 'a number in 0..1');
  assert.throws(() => createDebrisSim({ substeps: 2.5 }), (e: unknown) => e instanceof InputError && e.details[0].path === 'debris.substeps');
  assert.throws(() => createDebrisSim({ minSizeM: 0.1, maxSizeM: 0.05 }), (e: unknown) => e instanceof InputError && e.details[0].path === 'debris.maxSizeM');
  assert.throws(() => sim.step(0, null), InputError);
});
