import type { Quat } from '../core/units.js';
import type { Member, SceneDoc } from '../scene/scene-doc.js';

/**
 * A piece's closed convex hull in its local frame: origin at the centre of mass, axes
 * rotated by `Piece.rotation` into the world. `vertices` is flat xyz. Faces wind
 * counter-clockwise seen from outside; `interior` marks fracture (cut) faces, which the
 * renderer shows as raw material.
 */
export interface PieceHull {
  vertices: number[];
  faces: { indices: number[]; interior: boolean }[];
}

/**
 * One rigid piece of a fractured member. It keeps its member's building, kind, material
 * and storey; `centerM` is its centre of mass in world space at rest and `sizeM` the edge
 * lengths of its local bounding box.
 */
export interface Piece extends Pick<Member, 'buildingId' | 'kind' | 'material' | 'storey' | 'centerM' | 'sizeM'> {
  /** Dense index, 0..pieces.length-1; the physics and id pass use `index + 1`. */
  index: number;
  memberId: string;
  /** Orientation at rest (x, y, z, w). */
  rotation: Quat;
  hull: PieceHull;
  volumeM3: number;
  massKg: number;
  /** Inertia tensor about the centre of mass in the local frame, kg·m², row-major 3x3. */
  inertiaKgM2: number[];
}

/** Two pieces glued by a shared face. `joint` bonds join different members. */
export interface Bond {
  a: number;
  b: number;
  areaM2: number;
  /** Tension the bond carries before it breaks, newtons. */
  strengthN: number;
  joint: boolean;
}

/** Output of the fracture stage: the scene plus every piece and the bond graph. */
export interface FracturedDoc {
  schema: 'aftermath.fractured/2';
  scene: SceneDoc;
  pieces: Piece[];
  bonds: Bond[];
  /** Volume of the unfractured members, for the conservation check. */
  memberVolumeM3: number;
  pieceVolumeM3: number;
}
