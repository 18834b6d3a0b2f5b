import type { MaterialName, Quat, Vec3 } from '../core/units.js';
import type { MemberKind, SceneDoc } from '../scene/scene-doc.js';

/** One rigid piece of a fractured member: a closed box with its own mass properties. */
export interface Piece {
  /** Dense index, 0..pieces.length-1; the physics and id pass use `index + 1`. */
  index: number;
  memberId: string;
  buildingId: string;
  kind: MemberKind;
  material: MaterialName;
  storey: number;
  /** Centre of mass in world space at rest, metres. */
  centerM: Vec3;
  /** Full edge lengths along the piece's local axes, metres. */
  sizeM: Vec3;
  /** Orientation at rest (x, y, z, w). */
  rotation: Quat;
  volumeM3: number;
  massKg: number;
}

/** Output of the fracture stage: the scene plus every piece. */
export interface FracturedDoc {
  schema: 'aftermath.fractured/1';
  scene: SceneDoc;
  pieces: Piece[];
  /** Volume of the unfractured members, for the conservation check. */
  memberVolumeM3: number;
  pieceVolumeM3: number;
}
