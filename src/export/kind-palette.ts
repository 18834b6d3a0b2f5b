import type { MemberKind } from '../scene/scene-doc.js';

/**
 * Scene-linear base colours of the exported pieces, one concrete grey per member kind, in a
 * fixed order so material indices never depend on which kinds a shot happens to contain first.
 */
export const EXPORT_KINDS: readonly MemberKind[] = ['slab', 'column', 'spandrel', 'pier'];

export const KIND_BASE_COLOR: Record<MemberKind, [number, number, number]> = {
  slab: [0.36, 0.35, 0.33],
  column: [0.42, 0.41, 0.39],
  spandrel: [0.55, 0.53, 0.5],
  pier: [0.5, 0.49, 0.46],
};

/** Concrete is a rough dielectric. */
export const CONCRETE_ROUGHNESS = 0.92;
