import type { DustGridBox } from './dust-frame.js';
import { CLOUD_THRESHOLD_G_PER_M3 } from './dust-cache.js';
import type { DustFrameStats } from './dust-cache.js';

/** Total mass, densest cell and the cloud's bounds of one density grid. */
export function measureDust(box: DustGridBox, density: Float32Array): Pick<DustFrameStats, 'totalMassG' | 'maxDensityGPerM3' | 'cloudBoxM'> {
  const [nx, ny, nz] = box.dims;
  const h = box.cellM;
  let sum = 0;
  let max = 0;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  let c = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, c++) {
        const d = density[c];
        if (d <= 0) continue;
        sum += d;
        if (d > max) max = d;
        if (d < CLOUD_THRESHOLD_G_PER_M3) continue;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
    }
  }
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const cloudBoxM =
    lo[0] === Infinity
      ? null
      : {
          min: [0, 1, 2].map((a) => round(box.originM[a] + lo[a] * h)) as [number, number, number],
          max: [0, 1, 2].map((a) => round(box.originM[a] + (hi[a] + 1) * h)) as [number, number, number],
        };
  return { totalMassG: sum * h * h * h, maxDensityGPerM3: max, cloudBoxM };
}
