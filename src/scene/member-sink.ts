import type { MaterialName, Vec3 } from '../core/units.js';
import type { Member, MemberKind } from './scene-doc.js';

/**
 * Collects a building's members: takes boxes in the building's local frame (origin at the
 * footprint centre on the ground, X along the width, Z along the depth) and places them
 * in the world with the building's position and rotation. Ids are `<building>/<kind>/<n>`.
 */
export class MemberSink {
  readonly members: Member[] = [];
  private readonly cos: number;
  private readonly sin: number;

  constructor(
    private readonly buildingId: string,
    private readonly origin: Vec3,
    private readonly rotationYRad: number,
  ) {
    this.cos = Math.cos(rotationYRad);
    this.sin = Math.sin(rotationYRad);
  }

  add(kind: MemberKind, material: MaterialName, storey: number, local: Vec3, sizeM: Vec3): void {
    if (!(sizeM[0] > 1e-4 && sizeM[1] > 1e-4 && sizeM[2] > 1e-4)) return; // degenerate: nothing to build
    const [lx, ly, lz] = local;
    this.members.push({
      id: `${this.buildingId}/${kind}/${String(this.members.length).padStart(5, '0')}`,
      buildingId: this.buildingId,
      kind,
      material,
      storey,
      centerM: [this.origin[0] + lx * this.cos + lz * this.sin, this.origin[1] + ly, this.origin[2] - lx * this.sin + lz * this.cos],
      sizeM,
      rotationYRad: this.rotationYRad,
    });
  }
}

/** One side of the building: the axis the facade runs along, its length and its plane. */
export interface FacadeSide {
  along: 'x' | 'z';
  lengthM: number;
  /** Offset of the facade's centre plane from the building centre, metres. */
  offsetM: number;
  /** +1 or -1: which way is outside. */
  outward: 1 | -1;
  /** True for the front (+Z) side. */
  front: boolean;
}

/** Local position of a point `u` along a side, at height y and `depth` metres outward of its plane. */
export function sidePoint(side: FacadeSide, u: number, y: number, depth = 0): Vec3 {
  const w = side.offsetM + side.outward * depth;
  return side.along === 'x' ? [u, y, w] : [w, y, u];
}

/** Box size for a run of `len` along a side, `h` tall and `t` thick. */
export function sideSize(side: FacadeSide, len: number, h: number, t: number): Vec3 {
  return side.along === 'x' ? [len, h, t] : [t, h, len];
}
