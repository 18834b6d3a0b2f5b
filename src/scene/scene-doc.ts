import type { MaterialName, Vec3 } from '../core/units.js';

/** Structural role of a member; the fracture and collapse stages read it. */
export type MemberKind =
  | 'slab'
  | 'column'
  | 'spandrel'
  | 'pier'
  | 'panel'
  | 'partition'
  | 'glass'
  | 'mullion'
  | 'balcony'
  | 'parapet'
  | 'roof-unit'
  | 'imported';

export const MEMBER_KINDS: readonly MemberKind[] = ['slab', 'column', 'spandrel', 'pier', 'panel', 'partition', 'glass', 'mullion', 'balcony', 'parapet', 'roof-unit', 'imported'];

/** Kinds that stand on the storey below and carry the storey above (they fail first). */
export const WALL_KINDS: ReadonlySet<MemberKind> = new Set(['spandrel', 'pier', 'panel', 'partition', 'glass', 'mullion', 'parapet', 'imported']);

/**
 * A structural member: an oriented box (closed convex solid) in world space.
 * `storey` is 1-based: storey k holds the columns and facade between slab k-1 (or the
 * ground) and slab k, plus slab k on top.
 */
export interface Member {
  id: string;
  buildingId: string;
  kind: MemberKind;
  material: MaterialName;
  storey: number;
  /** Centre in world space, metres. */
  centerM: Vec3;
  /** Full edge lengths along the building's local X, Y, Z axes, metres. */
  sizeM: Vec3;
  /** Rotation of the building about world Y, radians. */
  rotationYRad: number;
}

export interface SceneBuilding {
  id: string;
  floors: number;
  floorHeightM: number;
  footprintM: [number, number];
  originM: Vec3;
  rotationYRad: number;
  /** Height of the roof slab's top above the footprint, metres. */
  heightM: number;
  fragments: number;
  /** Fixed piece counts per member kind group (slab, column, wall, glass). */
  piecesPerMember: { slab?: number; column?: number; wall?: number; glass?: number };
  fracturePattern: 'uniform' | 'clustered';
  /** The plate is projected on to it from the camera (its real look), and what it hid is filled. */
  textureFromPlate: boolean;
  /** Where the members came from: procedural, or a glTF file (path and sha256). */
  source: { type: 'procedural' } | { type: 'gltf'; path: string; sha256: string; warnings: string[] };
  members: Member[];
}

export interface SceneRegion {
  center: Vec3;
  radiusM: number;
}

export interface SceneCollapse {
  targetId: string;
  startS: number;
  mode: 'pancake' | 'topple' | 'implode' | 'partial';
  initiationFloor: number;
  /** Unit horizontal vector (topple). */
  direction: Vec3;
  region: SceneRegion | null;
  propagationSpeedMps: number;
  strengthScale: number;
  weaken: { atS: number; region: SceneRegion; strengthScale: number }[];
}

export interface SceneImpact {
  atS: number;
  massKg: number;
  radiusM: number;
  positionM: Vec3;
  velocityMps: Vec3;
}

export interface SceneCamera {
  positionM: Vec3;
  lookAtM: Vec3;
  focalMm: number;
  sensorWidthMm: number;
  verticalFovDeg: number;
  /** Mean reprojection error of a camera solved from the plate (`camera.match`), pixels; null when set by hand. */
  solveErrorPx: number | null;
  aspect: number;
  nearM: number;
  farM: number;
}

export interface SceneSun {
  /** Unit vector pointing from the ground towards the sun. */
  direction: Vec3;
  elevationDeg: number;
  azimuthDeg: number;
  /** Illuminance-like intensity in three.js units. */
  intensity: number;
}

/** Output of the scene stage: everything placed in the world, before fracture. */
export interface SceneDoc {
  schema: 'aftermath.scene/1';
  resolution: [number, number];
  fps: number;
  frameCount: number;
  dtS: number;
  exposureEv: number;
  camera: SceneCamera;
  sun: SceneSun;
  ground: { sizeM: number; topY: number };
  buildings: SceneBuilding[];
  collapses: SceneCollapse[];
  impacts: SceneImpact[];
  /** The plate the CG goes over (then no procedural sky or ground is drawn), or null. */
  plate: { spec: string; kind: string; sha256: string } | null;
  /** Axis-aligned bounds of all members, metres. */
  boundsM: { min: Vec3; max: Vec3 };
}
