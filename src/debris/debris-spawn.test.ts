import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../core/errors.js';
import { createRng } from '../core/rng.js';
import type { SimEvent } from '../simulate/sim-cache.js';
import { DEBRIS_MATERIALS } from './debris-options.js';
import { createDebrisSim } from './debris-sim.js';
import { planDebrisSpawns, powerLawSize } from './debris-spawn.js';
import type { DebrisSpawn } from './debris-spawn.js';

function events(count: number, seed = 1): SimEvent[] {
  const rng = createRng(seed);
  const mats = ['concrete', 'brick', 'glass'];
  return Array.from({ length: count }, (_, i) => {
    const type = (['failure', 'bond_break', 'impact'] as const)[i % 3];
    return {
      timeS: rng.range(0, 4),
      type,
      pieceIndex: i,
      otherIndex: type === 'bond_break' ? i + 1 : -1,
      positionM: [rng.range(-10, 10), rng.range(1, 30), rng.range(-10, 10)],
      normal: type === 'impact' ? [0, -1, 0] : [1, 0, 0],
      energyJ: Math.round(rng.range(0, 5e4)),
      forceN: type === 'failure' ? 0 : Math.round(rng.range(0, 2e6)),
      materials: [mats[i % 3]],
    };
  });
}

const total = (s: DebrisSpawn[]) => s.reduce((n, b) => n + b.count, 0);

test('spawn counts scale with amount (within rounding) and grow sub-linearly with the event energy', () => {
  const ev = events(200);
  const one = total(planDebrisSpawns(ev, { amount: 1, maxParticles: 1_000_000 }, createRng(1)));
  const two = total(planDebrisSpawns(ev, { amount: 2, maxParticles: 1_000_000 }, createRng(1)));
  assert.ok(one > 1000, `${one} particles`);
  assert.ok(Math.abs(two / one - 2) < 0.001, `amount 2 gives ${two} vs ${one}`);
  assert.equal(total(planDebrisSpawns(ev, { amount: 0 }, createRng(1))), 0);
  // One event at 100× the energy: more particles, but fewer than 100× (√: about 10×).
  const base: SimEvent = { ...ev[0], type: 'failure', forceN: 0, energyJ: 1e4 };
  const small = total(planDebrisSpawns([base], {}, createRng(1)));
  const big = total(planDebrisSpawns([{ ...base, energyJ: 1e6 }], {}, createRng(1)));
  assert.ok(big > 5 * small && big < 12 * small, `1e4 J: ${small}, 1e6 J: ${big}`);
});

test('maxParticles caps the whole shot, scaling every burst alike; bursts ordered by time', () => {
  const ev = events(300);
  const free = planDebrisSpawns(ev, { maxParticles: 1_000_000 }, createRng(2));
  const capped = planDebrisSpawns(ev, { maxParticles: 5000 }, createRng(2));
  assert.ok(total(free) > 5000);
  assert.equal(total(capped), 5000);
  const scale = 5000 / total(free);
  const byEvent = new Map(free.map((s) => [s.eventIndex, s.count]));
  for (const s of capped) assert.ok(Math.abs(s.count - scale * (byEvent.get(s.eventIndex) as number)) <= 1, `event ${s.eventIndex}: ${s.count}`);
  for (let i = 1; i < capped.length; i++) assert.ok(capped[i].timeS >= capped[i - 1].timeS, 'not ordered by time');
  assert.equal(total(planDebrisSpawns(ev, { maxParticles: 0 }, createRng(2))), 0);
  assert.throws(() => planDebrisSpawns(ev, { maxParticles: -1 }, createRng(2)), (e: unknown) => e instanceof InputError && e.details[0].path === 'debris.maxParticles');
  assert.throws(() => planDebrisSpawns(ev, { amount: 11 }, createRng(2)), (e: unknown) => e instanceof InputError && e.details[0].allowed === 'a number in 0..10');
});

test('sizes follow the power law between 5 mm and 0.2 m (many small, few large); speeds of a few m/s; materials from the event', () => {
  const spawns = planDebrisSpawns(events(300), { maxParticles: 100_000 }, createRng(3));
  const sizes = spawns.flatMap((s) => [...s.sizesM]);
  assert.ok(sizes.every((d) => d >= 0.005 * (1 - 1e-6) && d <= 0.2 * (1 + 1e-6)));
  // p(d) ∝ d^−3: the share below 1 cm is (0.005^−2 − 0.01^−2)/(0.005^−2 − 0.2^−2) ≈ 75.05%.
  const below1cm = sizes.filter((d) => d < 0.01).length / sizes.length;
  const expected = (0.005 ** -2 - 0.01 ** -2) / (0.005 ** -2 - 0.2 ** -2);
  assert.ok(Math.abs(below1cm - expected) < 0.01, `${below1cm} below 1 cm vs ${expected}`);
  assert.ok(sizes.filter((d) => d > 0.1).length < 0.005 * sizes.length);
  assert.ok(Math.abs(powerLawSize(0.5, 0.005, 0.2, 3) - 1 / Math.sqrt((0.005 ** -2 + 0.2 ** -2) / 2)) < 1e-12);
  const speeds = spawns.flatMap((s) => Array.from({ length: s.count }, (_, i) => Math.hypot(s.velocitiesMps[i * 3], s.velocitiesMps[i * 3 + 1], s.velocitiesMps[i * 3 + 2])));
  const mean = speeds.reduce((a, b) => a + b, 0) / speeds.length;
  assert.ok(mean > 1 && mean < 10 && Math.max(...speeds) <= 15 * 1.5, `mean speed ${mean} m/s`);
  // Impacts splash upward; everything starts above the ground.
  for (const s of spawns) {
    assert.equal(DEBRIS_MATERIALS[s.material], ['concrete', 'brick', 'glass'][s.eventIndex % 3]);
    for (let i = 0; i < s.count; i++) assert.ok(s.positionsM[i * 3 + 1] >= s.sizesM[i] / 2 - 1e-6);
    if (s.type !== 'impact') continue;
    // Thrown (faster than the gravel's 0.7 m/s at most): within 35° of straight up.
    for (let i = 0; i < s.count; i++) {
      const v = [s.velocitiesMps[i * 3], s.velocitiesMps[i * 3 + 1], s.velocitiesMps[i * 3 + 2]];
      const sp = Math.hypot(...v);
      if (sp > 1) assert.ok(v[1] / sp >= Math.cos((35 * Math.PI) / 180) - 1e-6, `impact particle going ${v.join(', ')}`);
    }
  }
});

test('deterministic: same seed → byte-identical frames, different seed → different', () => {
  const run = (seed: number) => {
    const spawns = planDebrisSpawns(events(60), { maxParticles: 3000 }, createRng(seed).derive('debris'));
    const sim = createDebrisSim({ capacity: 3000 });
    let next = 0;
    const frames: Buffer[] = [];
    for (let f = 0; f < 72; f++) {
      next = sim.spawnDue(spawns, next);
      sim.step(1 / 24, null);
      const fr = sim.frame();
      frames.push(Buffer.concat([fr.positionsM, fr.velocitiesMps, fr.sizesM, fr.ids, fr.materials].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))));
    }
    return frames;
  };
  const a = run(7);
  const b = run(7);
  const c = run(8);
  assert.ok(a[71].length > 1000);
  for (let f = 0; f < a.length; f++) assert.ok(a[f].equals(b[f]), `frame ${f} differs with the same seed`);
  assert.ok(!a[71].equals(c[71]), 'a different seed gave the same frame');
});
