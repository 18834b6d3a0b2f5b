import { GRAVITY_MAGNITUDE_MPS2 } from '../core/units.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';

/** A standing piece is crushed at this multiple of its share of the static load above it. */
export const CRUSH_SAFETY = 4;

/** Per piece: CRUSH_SAFETY × (weight of its building above its storey) / (pieces in its storey) × strengthScale. */
export function crushLimits(doc: FracturedDoc, scaleByBuilding: Map<string, number>): Float64Array {
  const massByStorey = new Map<string, number[]>();
  const countByStorey = new Map<string, number[]>();
  for (const p of doc.pieces) {
    const m = massByStorey.get(p.buildingId) ?? [];
    const c = countByStorey.get(p.buildingId) ?? [];
    m[p.storey] = (m[p.storey] ?? 0) + p.massKg;
    c[p.storey] = (c[p.storey] ?? 0) + 1;
    massByStorey.set(p.buildingId, m);
    countByStorey.set(p.buildingId, c);
  }
  return Float64Array.from(doc.pieces, (p) => {
    const m = massByStorey.get(p.buildingId) as number[];
    let above = 0;
    for (let s = p.storey; s < m.length; s++) above += m[s] ?? 0;
    const count = (countByStorey.get(p.buildingId) as number[])[p.storey] ?? 1;
    return (CRUSH_SAFETY * above * GRAVITY_MAGNITUDE_MPS2 * (scaleByBuilding.get(p.buildingId) ?? 1)) / count;
  });
}
