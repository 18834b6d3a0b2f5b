import type { MaterialName } from '../core/units.js';
import type { MemberKind } from '../scene/scene-doc.js';

/**
 * How exported pieces look: a PBR material per (material, member kind) pair for a piece's
 * original surface and one per material for its fracture (cut) faces, mirroring the
 * renderer's palette (base albedo by material, a shade per kind, a lighter raw-material tint
 * on cut faces). Colours are scene-linear. Unknown materials and kinds fall back to plain
 * concrete and an unshaded kind, so new kinds never break an export.
 */
export interface ExportLook {
  /** Stable material name, e.g. `concrete_slab` or `concrete_cut`. */
  name: string;
  color: [number, number, number];
  /** 1 for opaque materials. */
  opacity: number;
  roughness: number;
  metallic: number;
}

interface MaterialBase {
  color: [number, number, number];
  roughness: number;
  opacity: number;
}

const MATERIAL_BASE: Partial<Record<MaterialName, MaterialBase>> = {
  concrete: { color: [0.5, 0.49, 0.46], roughness: 0.92, opacity: 1 },
  brick: { color: [0.36, 0.16, 0.1], roughness: 0.88, opacity: 1 },
  glass: { color: [0.05, 0.07, 0.09], roughness: 0.05, opacity: 0.35 },
  steel: { color: [0.18, 0.19, 0.2], roughness: 0.6, opacity: 1 },
};
const FALLBACK_BASE: MaterialBase = { color: [0.5, 0.49, 0.46], roughness: 0.92, opacity: 1 };

const KIND_SHADE: Partial<Record<MemberKind, number>> = {
  slab: 0.72,
  column: 0.84,
  spandrel: 1.1,
  pier: 1.0,
  panel: 1.2,
  glass: 1.0,
  mullion: 1.0,
  balcony: 1.05,
  parapet: 1.05,
  'roof-unit': 0.9,
};

/** Raw material on fracture faces is lighter and warmer than the weathered surface. */
const CUT_TINT: [number, number, number] = [1.18, 1.1, 0.98];

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));
const baseOf = (material: MaterialName): MaterialBase => MATERIAL_BASE[material] ?? FALLBACK_BASE;
const nameOf = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');

/** The look of a piece's original (outer) surface. */
export function surfaceLook(material: MaterialName, kind: MemberKind): ExportLook {
  const base = baseOf(material);
  const shade = KIND_SHADE[kind] ?? 1;
  return {
    name: `${nameOf(material)}_${nameOf(kind)}`,
    color: base.color.map((c) => clamp01(c * shade)) as [number, number, number],
    opacity: base.opacity,
    roughness: base.roughness,
    metallic: 0,
  };
}

/** The look of a piece's fracture faces. */
export function cutLook(material: MaterialName): ExportLook {
  const base = baseOf(material);
  return {
    name: `${nameOf(material)}_cut`,
    color: base.color.map((c, i) => clamp01(c * CUT_TINT[i])) as [number, number, number],
    opacity: base.opacity,
    roughness: base.roughness,
    metallic: 0,
  };
}
