import type { BuildingSpec } from '../spec/schema.js';
import type { Vec3 } from '../core/units.js';
import { degToRad } from '../core/units.js';
import type { Rng } from '../core/rng.js';
import type { Member, MemberKind, SceneBuilding } from './scene-doc.js';

/** Dimensions of the procedural concrete frame, metres. */
export const BUILDING_DEFAULTS = {
  slabThicknessM: 0.3,
  columnSizeM: 0.5,
  columnInsetM: 0.6,
  wallThicknessM: 0.25,
  spandrelHeightM: 0.9,
  windowWidthM: 1.8,
  pierWidthM: 0.8,
} as const;

/**
 * Builds the members of a concrete frame building: per storey a slab, a grid of columns,
 * and on each side a spandrel band with piers above it (the gaps between piers are the
 * windows). Seeded variation: pier widths vary by a few percent so that two buildings are
 * not clones, while members that touch stay exactly flush (the bond graph needs it).
 */
export function buildBuilding(spec: BuildingSpec, rng: Rng): SceneBuilding {
  const d = BUILDING_DEFAULTS;
  const [widthM, depthM] = spec.footprint;
  const rot = degToRad(spec.rotationDeg);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  const members: Member[] = [];
  let serial = 0;

  const add = (kind: MemberKind, storey: number, local: Vec3, sizeM: Vec3): void => {
    const [lx, lz] = [local[0], local[2]];
    const centerM: Vec3 = [
      spec.at[0] + lx * cos + lz * sin,
      spec.at[1] + local[1],
      spec.at[2] - lx * sin + lz * cos,
    ];
    members.push({
      id: `${spec.id}/${kind}/${String(serial++).padStart(5, '0')}`,
      buildingId: spec.id,
      kind,
      material: 'concrete',
      storey,
      centerM,
      sizeM,
      rotationYRad: rot,
    });
  };

  const fh = spec.floorHeightM;
  const clearM = fh - d.slabThicknessM;
  const [baysX, baysZ] = spec.bays;
  const halfW = widthM / 2;
  const halfD = depthM / 2;
  const colSpanX = widthM - 2 * d.columnInsetM;
  const colSpanZ = depthM - 2 * d.columnInsetM;
  const t = d.wallThicknessM;

  for (let storey = 1; storey <= spec.floors; storey++) {
    const baseY = (storey - 1) * fh;
    // Columns of this storey, from the slab below (or the ground) to the slab above.
    for (let i = 0; i <= baysX; i++) {
      for (let k = 0; k <= baysZ; k++) {
        const x = -colSpanX / 2 + (colSpanX * i) / baysX;
        const z = -colSpanZ / 2 + (colSpanZ * k) / baysZ;
        add('column', storey, [x, baseY + clearM / 2, z], [d.columnSizeM, clearM, d.columnSizeM]);
      }
    }
    // Facade: spandrel band and piers on the four sides. X sides run the full width;
    // Z sides fit between them.
    const sides: { along: 'x' | 'z'; lengthM: number; offset: number }[] = [
      { along: 'x', lengthM: widthM, offset: halfD - t / 2 },
      { along: 'x', lengthM: widthM, offset: -(halfD - t / 2) },
      { along: 'z', lengthM: depthM - 2 * t, offset: halfW - t / 2 },
      { along: 'z', lengthM: depthM - 2 * t, offset: -(halfW - t / 2) },
    ];
    const pierHeightM = clearM - d.spandrelHeightM;
    for (const side of sides) {
      const place = (u: number, y: number): Vec3 => (side.along === 'x' ? [u, y, side.offset] : [side.offset, y, u]);
      const size = (lenM: number, hM: number): Vec3 => (side.along === 'x' ? [lenM, hM, t] : [t, hM, lenM]);
      add('spandrel', storey, place(0, baseY + d.spandrelHeightM / 2), size(side.lengthM, d.spandrelHeightM));
      const bayM = d.windowWidthM + d.pierWidthM;
      const piers = Math.max(2, Math.round((side.lengthM - d.pierWidthM) / bayM) + 1);
      const pitch = (side.lengthM - d.pierWidthM) / (piers - 1);
      for (let p = 0; p < piers; p++) {
        const u = -side.lengthM / 2 + d.pierWidthM / 2 + p * pitch;
        const widthM = d.pierWidthM * rng.range(0.94, 1.06);
        add('pier', storey, place(u, baseY + d.spandrelHeightM + pierHeightM / 2), size(widthM, pierHeightM));
      }
    }
    // The slab on top of the storey.
    add('slab', storey, [0, storey * fh - d.slabThicknessM / 2, 0], [widthM, d.slabThicknessM, depthM]);
  }

  return {
    id: spec.id,
    floors: spec.floors,
    floorHeightM: fh,
    footprintM: [widthM, depthM],
    originM: [...spec.at],
    rotationYRad: rot,
    fragments: spec.fragments,
    members,
  };
}
