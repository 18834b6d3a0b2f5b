import type { Rng } from '../core/rng.js';
import type { BuildingSpec } from '../spec/schema.js';
import type { MemberSink } from './member-sink.js';

const PARAPET = { heightM: 1.0, thicknessM: 0.2 };
const BALCONY = { depthM: 1.3, thicknessM: 0.2, railHeightM: 1.0, railThicknessM: 0.12, widthM: 3.2 };

/** A parapet wall on the roof edge: four runs sitting on the roof slab. */
export function addParapet(sink: MemberSink, spec: BuildingSpec, roofY: number): void {
  const [w, d] = spec.footprint;
  const t = PARAPET.thicknessM;
  const y = roofY + PARAPET.heightM / 2;
  const h = PARAPET.heightM;
  sink.add('parapet', 'concrete', spec.floors, [0, y, d / 2 - t / 2], [w, h, t]);
  sink.add('parapet', 'concrete', spec.floors, [0, y, -(d / 2 - t / 2)], [w, h, t]);
  sink.add('parapet', 'concrete', spec.floors, [w / 2 - t / 2, y, 0], [t, h, d - 2 * t]);
  sink.add('parapet', 'concrete', spec.floors, [-(w / 2 - t / 2), y, 0], [t, h, d - 2 * t]);
}

/** Seeded plant on the roof: a stair/lift core and a few units, kept inside the parapet. */
export function addRoofClutter(sink: MemberSink, spec: BuildingSpec, roofY: number, rng: Rng): void {
  const [w, d] = spec.footprint;
  const margin = 1.2;
  if (w < 6 || d < 6) return;
  const coreW = Math.min(4, w / 4);
  const coreD = Math.min(3, d / 4);
  const coreH = 3;
  const cx = rng.range(-w / 2 + margin + coreW / 2, w / 2 - margin - coreW / 2);
  const cz = rng.range(-d / 2 + margin + coreD / 2, d / 2 - margin - coreD / 2);
  sink.add('roof-unit', 'concrete', spec.floors, [cx, roofY + coreH / 2, cz], [coreW, coreH, coreD]);
  const units = rng.int(2, 4);
  for (let i = 0; i < units; i++) {
    const uw = rng.range(1.2, 2.4);
    const ud = rng.range(1.0, 1.8);
    const uh = rng.range(0.8, 1.6);
    const x = rng.range(-w / 2 + margin + uw / 2, w / 2 - margin - uw / 2);
    const z = rng.range(-d / 2 + margin + ud / 2, d / 2 - margin - ud / 2);
    // Skip a unit that would overlap the core: pieces must never start interpenetrating.
    if (Math.abs(x - cx) < (uw + coreW) / 2 + 0.2 && Math.abs(z - cz) < (ud + coreD) / 2 + 0.2) continue;
    sink.add('roof-unit', 'steel', spec.floors, [x, roofY + uh / 2, z], [uw, uh, ud]);
  }
}

/**
 * Balconies on the front (+Z) facade, every other bay from the second storey up: a
 * cantilevered slab flush with the floor slab's edge, with a solid balustrade.
 */
export function addBalconies(sink: MemberSink, spec: BuildingSpec, slabTopY: (storey: number) => number): void {
  const [w, d] = spec.footprint;
  const slabT = spec.slabThicknessM;
  const count = Math.max(1, Math.floor(w / (BALCONY.widthM * 2)));
  const pitch = w / count;
  for (let storey = 1; storey < spec.floors; storey++) {
    const top = slabTopY(storey);
    for (let i = 0; i < count; i++) {
      const x = -w / 2 + (i + 0.5) * pitch;
      const z = d / 2 + BALCONY.depthM / 2;
      sink.add('balcony', 'concrete', storey, [x, top - slabT / 2, z], [BALCONY.widthM, slabT, BALCONY.depthM]);
      const railZ = d / 2 + BALCONY.depthM - BALCONY.railThicknessM / 2;
      sink.add('balcony', 'concrete', storey, [x, top + BALCONY.railHeightM / 2, railZ], [BALCONY.widthM, BALCONY.railHeightM, BALCONY.railThicknessM]);
    }
  }
}
