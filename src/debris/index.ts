/** Debris particles (gravel, small chunks, sand): bursts planned from the simulation's events, then simulated. */
export { DEBRIS_DEFAULTS, DEBRIS_MATERIALS, debrisDensityKgM3, debrisMaterialIndex, normaliseDebrisOptions } from './debris-options.js';
export type { DebrisOptions } from './debris-options.js';
export { planDebrisSpawns, eventViolenceJ, powerLawSize } from './debris-spawn.js';
export type { DebrisSpawn } from './debris-spawn.js';
export { createDebrisSim } from './debris-sim.js';
export type { AirVelocityField, DebrisSim, DebrisSimFrame, DebrisStats } from './debris-sim.js';
