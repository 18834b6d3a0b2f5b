import type { DustCacheHeader } from './dust-cache.js';

/**
 * `aftermath inspect dust`: the grid, the dust released, and per frame the dust in the air,
 * the cloud's bounds, the divergence left after the pressure projection and the debris count
 * (docs/INSPECT.md). Read from the dust cache's header: no frame is decoded.
 */
export function summarizeDust(header: DustCacheHeader) {
  const { box, stats } = header;
  const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
  const withCloud = stats.filter((s) => s.cloudBoxM !== null);
  const last = stats[stats.length - 1];
  const heights = withCloud.map((s) => (s.cloudBoxM as NonNullable<typeof s.cloudBoxM>).max[1]);
  return {
    schema: 'aftermath.inspect.dust/1',
    grid: { originM: box.originM.map((v) => round(v)), cellM: round(box.cellM, 4), dims: box.dims, cells: box.dims[0] * box.dims[1] * box.dims[2] },
    look: header.look,
    releasedMassG: round(header.releasedMassG, 1),
    firstDustS: withCloud.length ? withCloud[0].timeS : null,
    peakMassG: round(Math.max(0, ...stats.map((s) => s.totalMassG)), 1),
    peakCloudHeightM: heights.length ? round(Math.max(...heights)) : null,
    maxDivergencePerS: Math.max(0, ...stats.map((s) => s.maxDivergencePerS)),
    maxDebrisCount: Math.max(0, ...stats.map((s) => s.debrisCount)),
    final: last
      ? { frame: last.frame, totalMassG: round(last.totalMassG, 1), cloudBoxM: last.cloudBoxM, debrisCount: last.debrisCount, debrisAirborne: last.debrisAirborne }
      : null,
    perFrame: stats.map((s) => ({
      frame: s.frame,
      timeS: round(s.timeS, 4),
      totalMassG: round(s.totalMassG, 2),
      maxDensityGPerM3: round(s.maxDensityGPerM3, 4),
      cloudBoxM: s.cloudBoxM,
      maxDivergencePerS: s.maxDivergencePerS,
      pressureIterations: s.pressureIterations,
      debrisCount: s.debrisCount,
      debrisAirborne: s.debrisAirborne,
    })),
  };
}
