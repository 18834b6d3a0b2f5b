import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DustCacheReader, encodeDustFrame, writeDustCache } from './dust-cache.js';
import type { DustCacheHeader } from './dust-cache.js';
import type { DebrisFrame, DustGridBox } from './dust-frame.js';

const box: DustGridBox = { originM: [-10, 0, -8], cellM: 0.5, dims: [20, 12, 16] };
const debrisBoxM: DustCacheHeader['debrisBoxM'] = { min: [-50, -50, -50], max: [50, 60, 50] };

function frame(seed: number): { density: Float32Array; debris: DebrisFrame } {
  const cells = box.dims[0] * box.dims[1] * box.dims[2];
  const density = Float32Array.from({ length: cells }, (_, i) => ((i * 7919 + seed * 104729) % 1000) / 100);
  const n = 50;
  return {
    density,
    debris: {
      count: n,
      ids: Uint32Array.from({ length: n }, (_, i) => i * 3 + seed),
      positionsM: Float32Array.from({ length: n * 3 }, (_, i) => ((i * 37 + seed) % 90) - 45),
      velocitiesMps: Float32Array.from({ length: n * 3 }, (_, i) => ((i * 13) % 40) - 20.37),
      sizesM: Float32Array.from({ length: n }, (_, i) => 0.005 + (i % 20) * 0.01),
    },
  };
}

test('the dust cache round-trips density within its quantisation and debris within mm, cm/s and 0.1 mm', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-dust-'));
  const file = path.join(dir, 'dust.afdust');
  const frames = [frame(1), frame(2), frame(3)];
  const maxes = frames.map((f) => f.density.reduce((m, v) => Math.max(m, v), 0));
  const blocks = frames.map((f, i) => encodeDustFrame(f.density, maxes[i], f.debris, debrisBoxM));
  const header = { schema: 'aftermath.dustcache/1' as const, box, look: { albedo: [0.5, 0.5, 0.5] as [number, number, number], massExtinctionM2PerG: 0.6 }, fps: 24, frameCount: 3, releasedMassG: 1, debrisBoxM, stats: [], densityMax: maxes };
  await writeDustCache(file, header, blocks);
  const reader = await DustCacheReader.open(file);
  try {
    for (const i of [2, 0, 1]) {
      const { volume, debris } = await reader.readFrame(i);
      const src = frames[i];
      assert.deepEqual(volume.dims, box.dims);
      for (let c = 0; c < src.density.length; c++) {
        // q = round(255·sqrt(ρ/max)): the error is at most the step of the square root.
        const tol = maxes[i] * (2 * Math.sqrt(src.density[c] / maxes[i]) / 255 + 1 / 255 ** 2) * 0.51 + 1e-6;
        assert.ok(Math.abs(volume.densityGPerM3[c] - src.density[c]) <= tol, `cell ${c}: ${volume.densityGPerM3[c]} vs ${src.density[c]}`);
      }
      assert.equal(debris.count, src.debris.count);
      assert.deepEqual(debris.ids, src.debris.ids);
      for (let k = 0; k < debris.count * 3; k++) {
        assert.ok(Math.abs(debris.positionsM[k] - src.debris.positionsM[k]) < 0.001);
        assert.ok(Math.abs(debris.velocitiesMps[k] - src.debris.velocitiesMps[k]) <= 0.005 + 1e-6);
      }
      for (let k = 0; k < debris.count; k++) assert.ok(Math.abs(debris.sizesM[k] - src.debris.sizesM[k]) <= 0.00005 + 1e-7);
    }
    await assert.rejects(reader.readFrame(3), RangeError);
  } finally {
    await reader.close();
  }
});

test('a truncated dust cache is refused with a clear error', async () => {
  const { writeFileSync, readFileSync } = await import('node:fs');
  const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-dust-'));
  const file = path.join(dir, 'dust.afdust');
  const f = frame(1);
  const header = { schema: 'aftermath.dustcache/1' as const, box, look: { albedo: [0.5, 0.5, 0.5] as [number, number, number], massExtinctionM2PerG: 0.6 }, fps: 24, frameCount: 1, releasedMassG: 1, debrisBoxM, stats: [], densityMax: [10] };
  await writeDustCache(file, header, [encodeDustFrame(f.density, 10, f.debris, debrisBoxM)]);
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, bytes.length - 10));
  await assert.rejects(DustCacheReader.open(file), /truncated/);
  writeFileSync(file, Buffer.from('NOTADUST'));
  await assert.rejects(DustCacheReader.open(file), /not an Aftermath dust cache/);
});
