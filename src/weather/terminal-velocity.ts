/**
 * Fall speed of a snowflake from its size. Locatelli & Hobbs (1974), aggregates of unrimed
 * radiating assemblages of dendrites: v = 0.8 · D^0.16 m/s with D the maximum dimension in
 * millimetres (D = 5 mm → 1.03 m/s). Clumps are aggregates too, so the same law holds for
 * them; the drag is so high that flakes reach this speed within a few centimetres, so
 * the field uses it from the first instant.
 */
export const TERMINAL_VELOCITY_COEFF_MPS = 0.8;
export const TERMINAL_VELOCITY_EXPONENT = 0.16;

export function terminalVelocityMps(diameterMm: number): number {
  return TERMINAL_VELOCITY_COEFF_MPS * Math.max(0.05, diameterMm) ** TERMINAL_VELOCITY_EXPONENT;
}
