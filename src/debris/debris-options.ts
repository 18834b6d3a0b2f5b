import { InputError } from '../core/errors.js';
import { MATERIAL_DENSITY_KG_M3 } from '../core/units.js';
import type { MaterialName } from '../core/units.js';

/**
 * Debris materials, by index (a DebrisSpawn's `material`): what a burst is made of decides
 * its particles' density (and, for the renderer, their colour: concrete grey, brick red,
 * glass). A material name the table does not know counts as concrete.
 */
export const DEBRIS_MATERIALS: readonly MaterialName[] = ['concrete', 'brick', 'glass', 'steel'];

/** Index in DEBRIS_MATERIALS of a material name (0, concrete, when unknown). */
export function debrisMaterialIndex(name: string | undefined): number {
  const i = DEBRIS_MATERIALS.indexOf(name as MaterialName);
  return i < 0 ? 0 : i;
}

/** Density of a debris material by index, kg/m³. */
export function debrisDensityKgM3(material: number): number {
  return MATERIAL_DENSITY_KG_M3[DEBRIS_MATERIALS[material] ?? 'concrete'];
}

/** Every setting of the debris spawner and simulator, with its default. */
export const DEBRIS_DEFAULTS = {
  /** Multiplies every burst's particle count (the dust element's `debris`), 0..10. */
  amount: 1,
  /** Most particles over the whole shot (the spawner scales every burst down to fit). */
  maxParticles: 40_000,
  /** Live particles the simulator holds (its pool); spawns beyond it are dropped. */
  capacity: 40_000,
  /** Particles per √J of an event's violence (energy + force × crack opening). */
  particlesPerRootJ: 2,
  /** Particles of every burst however gentle its event (before `amount`). */
  minBurst: 6,
  /** Crack opening that turns a breaking load into work, metres: violence = E + F · opening. */
  crackOpeningM: 0.005,
  /** Smallest and largest particle diameter, metres. */
  minSizeM: 0.005,
  maxSizeM: 0.2,
  /** Power of the number distribution of diameters, p(d) ∝ d^−exponent (many small, few large). */
  sizeExponent: 3,
  /** Ejection speed of a 1 kJ event, m/s; it grows as violence^¼. */
  ejectSpeedMps: 2,
  /** Cap on ejection speed, m/s. */
  maxSpeedMps: 15,
  /** Half-angle of the ejection cone around the event's direction, degrees. */
  coneDeg: 35,
  /** Share of each burst that is gravel falling from the break point (almost no speed). */
  gravelShare: 0.3,
  /** Radius around the event position over which a burst's particles start, metres. */
  spreadM: 0.25,
  /** Fixed substeps per step. */
  substeps: 4,
  /** Normal restitution of a bounce (ground and rubble), 0..1. */
  restitution: 0.3,
  /** Coulomb friction coefficient of a contact. */
  friction: 0.6,
  /** Drag coefficient C_d of a particle (0: no air drag). */
  dragCoefficient: 1,
  /** Density of air, kg/m³. */
  airDensityKgM3: 1.2,
  /** A supported particle slower than this goes to sleep, m/s. */
  sleepSpeedMps: 0.05,
  /** A sleeping particle wakes when its support moves by more than this, metres. */
  wakeToleranceM: 0.002,
};

export type DebrisOptions = typeof DEBRIS_DEFAULTS;

/** Allowed range of each setting: [min, max, integer]. */
const RANGES: { [K in keyof DebrisOptions]: [number, number, boolean] } = {
  amount: [0, 10, false],
  maxParticles: [0, 1_000_000, true],
  capacity: [0, 1_000_000, true],
  particlesPerRootJ: [0, 1000, false],
  minBurst: [0, 10_000, false],
  crackOpeningM: [0, 1, false],
  minSizeM: [1e-4, 1, false],
  maxSizeM: [1e-4, 2, false],
  sizeExponent: [0, 6, false],
  ejectSpeedMps: [0, 100, false],
  maxSpeedMps: [0, 200, false],
  coneDeg: [0, 180, false],
  gravelShare: [0, 1, false],
  spreadM: [0, 10, false],
  substeps: [1, 64, true],
  restitution: [0, 1, false],
  friction: [0, 10, false],
  dragCoefficient: [0, 10, false],
  airDensityKgM3: [0, 10, false],
  sleepSpeedMps: [0, 10, false],
  wakeToleranceM: [0, 1, false],
};

function rangeError(field: string, allowed: string, received: unknown): InputError {
  const code = 'debris.out_of_range';
  return new InputError(`debris.${field} must be ${allowed}, got ${String(received)}`, code, [{ code, path: `debris.${field}`, allowed, received }]);
}

/** Defaults filled in and every field checked; throws InputError naming the field and its range. */
export function normaliseDebrisOptions(options: Partial<DebrisOptions> = {}): DebrisOptions {
  const out = { ...DEBRIS_DEFAULTS };
  for (const key of Object.keys(options) as (keyof DebrisOptions)[]) {
    const v = options[key];
    if (v === undefined) continue;
    const range = RANGES[key];
    if (!range) throw new InputError(`unknown debris option '${key}'`, 'debris.unknown_option', [{ code: 'debris.unknown_option', path: `debris.${key}`, allowed: Object.keys(RANGES).join(', ') }]);
    const [lo, hi, integer] = range;
    const allowed = `${integer ? 'an integer' : 'a number'} in ${lo}..${hi}`;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) throw rangeError(key, allowed, v);
    out[key] = v;
  }
  if (out.maxSizeM < out.minSizeM) throw rangeError('maxSizeM', `at least minSizeM (${out.minSizeM})`, out.maxSizeM);
  return out;
}
