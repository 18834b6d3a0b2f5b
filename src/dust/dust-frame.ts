/**
 * The dust stage's per-frame documents, read by the renderer. Grids are cell-centred,
 * x fastest, then y, then z: cell (i, j, k) is at index i + nx * (j + ny * k) and its centre
 * is originM + (i + 0.5, j + 0.5, k + 0.5) * cellM. Y is up; the grid's floor (j = 0's lower
 * face) lies on the ground plane y = 0.
 */
export interface DustGridBox {
  /** Lower corner of the grid, metres (world). */
  originM: [number, number, number];
  /** Edge of one cubic cell, metres. */
  cellM: number;
  dims: [number, number, number];
}

/** The dust cloud at one frame. */
export interface DustVolumeFrame extends DustGridBox {
  /** Mass concentration of suspended dust per cell, g/m³ (≥ 0). */
  densityGPerM3: Float32Array;
}

/** How the dust looks: a single-scattering participating medium. */
export interface DustLook {
  /** Linear RGB single-scattering albedo (concrete grey ≈ 0.55, tan ≈ [0.62, 0.52, 0.4]). */
  albedo: [number, number, number];
  /** Extinction per unit concentration: σ_t [1/m] = massExtinctionM2PerG × ρ [g/m³]. */
  massExtinctionM2PerG: number;
}

/** Debris particles (gravel, small chunks, sand) at one frame: only the live ones. */
export interface DebrisFrame {
  count: number;
  /** xyz per particle, metres (world). */
  positionsM: Float32Array;
  /** xyz per particle, m/s (for motion blur over the shutter). */
  velocitiesMps: Float32Array;
  /** Diameter per particle, metres. */
  sizesM: Float32Array;
  /** Stable per-particle id (for a seeded shape and orientation that stay the same from frame to frame). */
  ids: Uint32Array;
}
