import type { BuildingSpec } from '../spec/schema.js';
import { degToRad } from '../core/units.js';
import type { Rng } from '../core/rng.js';
import type { SceneBuilding } from './scene-doc.js';
import { MemberSink } from './member-sink.js';
import { AftermathError } from '../core/errors.js';
import { importBuilding } from './import/import-building.js';
import { NO_ASSETS } from './import/load-assets.js';
import type { SceneAssets } from './import/load-assets.js';
import type { FacadeSide } from './member-sink.js';
import { addFacade, FACADE_DIMENSIONS } from './facades.js';
import { addBalconies, addParapet, addRoofClutter } from './roof-and-balconies.js';

export const COLUMN_INSET_M = 0.6;

/** Height of the top of storey k's slab (k = 0 is the ground), metres above the footprint. */
export function slabTopY(spec: BuildingSpec, storey: number): number {
  if (storey <= 0) return 0;
  const ground = spec.groundFloorHeightM ?? spec.floorHeightM;
  return ground + (storey - 1) * spec.floorHeightM;
}

/**
 * Builds the members of a building: per storey a slab and a grid of columns; a facade of
 * the chosen type on the four sides; balconies, parapet and roof plant. Members that touch
 * are exactly flush (the bond graph needs it); seeded variation comes from pier widths,
 * panel openings and the roof plant, so two buildings are not clones.
 */
export function buildBuilding(spec: BuildingSpec, rng: Rng, assets: SceneAssets = NO_ASSETS): SceneBuilding {
  const sink = new MemberSink(spec.id, spec.at, degToRad(spec.rotationDeg));
  if (spec.source) {
    const model = assets.models[spec.source.gltf];
    if (!model) throw new AftermathError(`glTF ${spec.source.gltf} was not loaded before the scene stage`, 'scene.asset_missing');
    const imported = importBuilding(sink, spec, model);
    return {
      ...common(spec),
      floors: imported.floors,
      heightM: imported.heightM,
      source: { type: 'gltf', path: spec.source.gltf, sha256: model.sha256, warnings: imported.warnings },
      members: sink.members,
    };
  }
  const [widthM, depthM] = spec.footprint;
  const [baysX, baysZ] = spec.bays;
  const slabT = spec.slabThicknessM;
  const col = spec.columnSizeM;
  const spanX = Math.max(0, widthM - 2 * COLUMN_INSET_M);
  const spanZ = Math.max(0, depthM - 2 * COLUMN_INSET_M);
  const t = FACADE_DIMENSIONS.wallThicknessM;
  const sides: FacadeSide[] = [
    { along: 'x', lengthM: widthM, offsetM: depthM / 2 - t / 2, outward: 1, front: true },
    { along: 'x', lengthM: widthM, offsetM: -(depthM / 2 - t / 2), outward: -1, front: false },
    { along: 'z', lengthM: depthM - 2 * t, offsetM: widthM / 2 - t / 2, outward: 1, front: false },
    { along: 'z', lengthM: depthM - 2 * t, offsetM: -(widthM / 2 - t / 2), outward: -1, front: false },
  ];

  for (let storey = 1; storey <= spec.floors; storey++) {
    const baseY = slabTopY(spec, storey - 1);
    const topY = slabTopY(spec, storey);
    const clearM = topY - slabT - baseY;
    for (let i = 0; i <= baysX; i++) {
      for (let k = 0; k <= baysZ; k++) {
        const x = baysX ? -spanX / 2 + (spanX * i) / baysX : 0;
        const z = baysZ ? -spanZ / 2 + (spanZ * k) / baysZ : 0;
        sink.add('column', 'concrete', storey, [x, baseY + clearM / 2, z], [col, clearM, col]);
      }
    }
    for (const side of sides) addFacade(sink, spec, side, { storey, baseY, clearM }, rng);
    addPartitions(sink, spec, storey, baseY, clearM);
    sink.add('slab', 'concrete', storey, [0, topY - slabT / 2, 0], [widthM, slabT, depthM]);
  }
  const roofY = slabTopY(spec, spec.floors);
  if (spec.balconies) addBalconies(sink, spec, (s) => slabTopY(spec, s));
  if (spec.parapet) addParapet(sink, spec, roofY);
  if (spec.roofClutter) addRoofClutter(sink, spec, roofY, rng.derive('roof'));

  return { ...common(spec), floors: spec.floors, heightM: roofY, source: { type: 'procedural' }, members: sink.members };
}

function common(spec: BuildingSpec) {
  return {
    id: spec.id,
    floorHeightM: spec.floorHeightM,
    footprintM: [...spec.footprint] as [number, number],
    originM: [...spec.at] as [number, number, number],
    rotationYRad: degToRad(spec.rotationDeg),
    fragments: spec.fragments,
    piecesPerMember: spec.piecesPerMember ?? {},
    fracturePattern: spec.fracturePattern,
    textureFromPlate: spec.textureFromPlate,
  };
}

export const PARTITION_THICKNESS_M = 0.12;

/**
 * Interior brick partitions on the two centre lines between column rows: they give the
 * storeys an inside (no sky seen straight through the windows) and real mass to fall.
 */
function addPartitions(sink: MemberSink, spec: BuildingSpec, storey: number, baseY: number, clearM: number): void {
  const [w, d] = spec.footprint;
  const t = FACADE_DIMENSIONS.wallThicknessM;
  const [bx, bz] = spec.bays;
  const spanX = Math.max(0, w - 2 * COLUMN_INSET_M);
  const spanZ = Math.max(0, d - 2 * COLUMN_INSET_M);
  // Half a bay off the centre when a column row sits on the centre line.
  const z = bz % 2 === 0 ? spanZ / bz / 2 : 0;
  const x = bx % 2 === 0 ? spanX / bx / 2 : 0;
  const y = baseY + clearM / 2;
  const p = PARTITION_THICKNESS_M;
  // Along X, from wall to wall, interrupted where it would cross the Z partition.
  const lenX = (w - 2 * t) / 2 - p / 2 - x;
  const lenX2 = (w - 2 * t) / 2 - p / 2 + x;
  if (w > 4 && d > 4) {
    sink.add('partition', 'brick', storey, [x - p / 2 - lenX2 / 2, y, z], [lenX2, clearM, p]);
    sink.add('partition', 'brick', storey, [x + p / 2 + lenX / 2, y, z], [lenX, clearM, p]);
    sink.add('partition', 'brick', storey, [x, y, (z - p / 2 + (-(d / 2) + t)) / 2], [p, clearM, z - p / 2 + d / 2 - t]);
    sink.add('partition', 'brick', storey, [x, y, (z + p / 2 + (d / 2 - t)) / 2], [p, clearM, d / 2 - t - z - p / 2]);
  }
}
