/**
 * Units and coordinates. Everything is SI and named with its unit (`heightM`, `dtS`,
 * `massKg`). World space is Y-up, right-handed, in metres; gravity is -9.81 m/s² on Y.
 */
export type Vec3 = [number, number, number];
export type Quat = [number, number, number, number]; // x, y, z, w

export const GRAVITY_MPS2: Vec3 = [0, -9.81, 0];
export const GRAVITY_MAGNITUDE_MPS2 = 9.81;

/** Densities of the structural materials, kg/m³. */
export const MATERIAL_DENSITY_KG_M3 = {
  concrete: 2400,
  brick: 1900,
  glass: 2500,
  steel: 7850,
} as const;
export type MaterialName = keyof typeof MATERIAL_DENSITY_KG_M3;

export const degToRad = (deg: number): number => (deg * Math.PI) / 180;

/** Vertical field of view (degrees) of a camera from its focal length and sensor width. */
export function verticalFovDeg(focalMm: number, sensorWidthMm: number, aspect: number): number {
  const sensorHeightMm = sensorWidthMm / aspect;
  return (2 * Math.atan(sensorHeightMm / (2 * focalMm)) * 180) / Math.PI;
}
