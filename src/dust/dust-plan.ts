import type { DustSpec } from '../spec/schema.js';
import type { SceneBuilding, SceneDoc } from '../scene/scene-doc.js';
import type { DustGridBox, DustLook } from './dust-frame.js';

/** Bumped when the dust stage's output changes for the same inputs. */
export const DUST_STAGE_VERSION = 3;

/**
 * Linear single-scattering albedo of the named dust colours. Mineral dust scatters far more
 * than it absorbs (ω ≈ 0.9); a cloud of ω 0.92 reads as pale concrete grey, one of 0.6 as
 * dark smoke.
 */
export const DUST_ALBEDO: Record<'concrete' | 'tan' | 'brick', [number, number, number]> = {
  concrete: [0.92, 0.91, 0.88],
  tan: [0.93, 0.85, 0.71],
  brick: [0.91, 0.74, 0.63],
};

/**
 * Mass extinction of collapse dust, m²/g: fine crushed concrete and gypsum (a few µm) extinguish
 * about 0.5–1 m² per gram; 0.6 puts visibility (3 / σ) at 1 m in a 5 g/m³ cloud.
 */
export const DUST_MASS_EXTINCTION_M2_PER_G = 0.6;

/**
 * Fine dust released per kilogram of building that comes down, grams (amount 1): 0.04 g/kg, so
 * a 3,000 t concrete frame raises about 120 kg of airborne fines.
 */
export const DUST_G_PER_KG = 0.04;

/** What the dust stage works from: its grid, its look, and the buildings that shed dust. */
export interface DustPlan {
  box: DustGridBox;
  look: DustLook;
  /** Ids of the buildings whose breaks and impacts raise dust. */
  sourceIds: string[];
  amount: number;
  surgeDistanceM: number;
  debris: number;
  maxDebris: number;
  /** Footprint of the sources on the ground (world), metres: where the surge starts. */
  footprint: { minX: number; maxX: number; minZ: number; maxZ: number; heightM: number };
}

function footprintOf(buildings: readonly SceneBuilding[]): DustPlan['footprint'] {
  let minX = Infinity;
  let maxX = -Infinity;
  let minZ = Infinity;
  let maxZ = -Infinity;
  let heightM = 0;
  for (const b of buildings) {
    const [w, d] = b.footprintM;
    const c = Math.abs(Math.cos(b.rotationYRad));
    const s = Math.abs(Math.sin(b.rotationYRad));
    const hx = (w * c + d * s) / 2;
    const hz = (w * s + d * c) / 2;
    minX = Math.min(minX, b.originM[0] - hx);
    maxX = Math.max(maxX, b.originM[0] + hx);
    minZ = Math.min(minZ, b.originM[2] - hz);
    maxZ = Math.max(maxZ, b.originM[2] + hz);
    heightM = Math.max(heightM, b.originM[1] + b.heightM);
  }
  return { minX, maxX, minZ, maxZ, heightM };
}

/**
 * The dust grid covers the source buildings' footprint grown by the surge distance (plus a
 * margin) on every side, from the ground to 1.3 × their height + 8 m, with `resolution`
 * cubic cells on its longest side. Returns null when no building can shed dust.
 */
export function planDust(dust: DustSpec, scene: SceneDoc): DustPlan | null {
  const wanted = dust.source !== undefined ? [dust.source] : [...new Set([...scene.collapses.map((c) => c.targetId), ...(scene.impacts.length ? scene.buildings.map((b) => b.id) : [])])];
  const buildings = scene.buildings.filter((b) => wanted.includes(b.id));
  if (buildings.length === 0) return null;
  const footprint = footprintOf(buildings);
  const reach = dust.surgeDistanceM + 6;
  const sizeX = footprint.maxX - footprint.minX + 2 * reach;
  const sizeZ = footprint.maxZ - footprint.minZ + 2 * reach;
  const sizeY = footprint.heightM * 1.3 + 8;
  const cellM = Math.max(sizeX, sizeY, sizeZ) / dust.resolution;
  const dims: [number, number, number] = [sizeX, sizeY, sizeZ].map((s) => Math.max(4, Math.ceil(s / cellM))) as [number, number, number];
  const originM: [number, number, number] = [
    (footprint.minX + footprint.maxX) / 2 - (dims[0] * cellM) / 2,
    scene.ground.topY,
    (footprint.minZ + footprint.maxZ) / 2 - (dims[2] * cellM) / 2,
  ];
  const albedo = typeof dust.color === 'string' ? DUST_ALBEDO[dust.color] : dust.color;
  return {
    box: { originM, cellM, dims },
    look: { albedo: [...albedo], massExtinctionM2PerG: DUST_MASS_EXTINCTION_M2_PER_G },
    sourceIds: buildings.map((b) => b.id),
    amount: dust.amount,
    surgeDistanceM: dust.surgeDistanceM,
    debris: dust.debris,
    maxDebris: dust.maxDebris,
    footprint,
  };
}
