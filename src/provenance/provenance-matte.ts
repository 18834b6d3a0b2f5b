/**
 * Where each pixel came from. Four shares per pixel that sum to 1:
 * - `capture`: the camera plate (real footage);
 * - `simulated`: Aftermath's own simulation and rendering (CG, and today also the sky and ground);
 * - `synthesized`: algorithmic fill without a trained model (e.g. a clean-plate synthesis);
 * - `trained`: output of a trained model (neural plugins; none today).
 */
export const PROVENANCE_KINDS = ['capture', 'simulated', 'synthesized', 'trained'] as const;
export type ProvenanceKind = (typeof PROVENANCE_KINDS)[number];

/** Shares of a pixel, a frame or a shot; each in 0..1, summing to 1. */
export type ProvenanceShares = Record<ProvenanceKind, number>;

/** Per-pixel shares of one frame, row 0 at the top. */
export interface ProvenanceMatte {
  width: number;
  height: number;
  capture: Float32Array;
  simulated: Float32Array;
  synthesized: Float32Array;
  trained: Float32Array;
}

/** A per-pixel quantity in 0..1: one value for every pixel, or one per pixel. */
export type Coverage = number | Float32Array;

/**
 * What the compositing stages know about a frame. Every field is optional; the defaults
 * describe today's renders (no plate, no fill, no model: Aftermath rendered every pixel).
 */
export interface ProvenanceInputs {
  width: number;
  height: number;
  /** Coverage of Aftermath's CG elements over the background (the beauty alpha); default 1. */
  cgCoverage?: Coverage;
  /** Is the background a camera plate (capture) or rendered by Aftermath (simulated)? Default rendered. */
  background?: 'plate' | 'rendered';
  /** Share of the background replaced by algorithmic fill (revealed clean plate); default 0. */
  synthesizedBackground?: Coverage;
  /** Share of the final pixel produced by a trained model (applied last, over everything); default 0. */
  trained?: Coverage;
}

function at(c: Coverage | undefined, fallback: number, i: number): number {
  const v = c === undefined ? fallback : typeof c === 'number' ? c : c[i];
  return v > 1 ? 1 : v > 0 ? v : 0; // NaN and negatives → 0
}

function checkSize(name: string, c: Coverage | undefined, n: number): void {
  if (c instanceof Float32Array && c.length !== n) {
    throw new RangeError(`provenance input ${name} has ${c.length} values for ${n} pixels`);
  }
}

/**
 * Shares of one pixel: a trained model replaces `t` of the pixel; of the rest, the CG covers
 * `a`; of the background `(1-a)`, a fraction `f` is synthesized and the remainder is the plate
 * (capture) or Aftermath's rendered backdrop (simulated).
 */
export function pixelShares(a: number, plate: boolean, f: number, t: number): ProvenanceShares {
  const rest = 1 - t;
  const bg = rest * (1 - a);
  const synthesized = bg * f;
  const untouched = bg - synthesized;
  const capture = plate ? untouched : 0;
  // simulated takes what is left so the four sum to exactly 1 in float64.
  const simulated = 1 - t - synthesized - capture;
  return { capture, simulated, synthesized, trained: t };
}

/** The per-pixel matte of one frame. */
export function buildProvenanceMatte(inputs: ProvenanceInputs): ProvenanceMatte {
  const { width, height } = inputs;
  const n = width * height;
  checkSize('cgCoverage', inputs.cgCoverage, n);
  checkSize('synthesizedBackground', inputs.synthesizedBackground, n);
  checkSize('trained', inputs.trained, n);
  const plate = inputs.background === 'plate';
  const m: ProvenanceMatte = {
    width,
    height,
    capture: new Float32Array(n),
    simulated: new Float32Array(n),
    synthesized: new Float32Array(n),
    trained: new Float32Array(n),
  };
  const uniform = uniformShares(inputs);
  if (uniform) {
    // One pixel's shares everywhere (today's renders without a plate): fill, no per-pixel work.
    for (const k of PROVENANCE_KINDS) m[k].fill(uniform[k]);
    return m;
  }
  for (let i = 0; i < n; i++) {
    const s = pixelShares(at(inputs.cgCoverage, 1, i), plate, at(inputs.synthesizedBackground, 0, i), at(inputs.trained, 0, i));
    m.capture[i] = s.capture;
    m.simulated[i] = s.simulated;
    m.synthesized[i] = s.synthesized;
    m.trained[i] = s.trained;
  }
  return m;
}

/** Today's frames: no plate, no fill, no model; Aftermath rendered every pixel (sky and ground included). */
export function aftermathOnlyInputs(width: number, height: number): ProvenanceInputs {
  return { width, height, background: 'rendered' };
}

/** Rounds shares to 6 decimals (stable JSON), keeping their sum at 1 by adjusting the largest. */
export function roundShares(s: ProvenanceShares): ProvenanceShares {
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  const out: ProvenanceShares = { capture: r(s.capture), simulated: r(s.simulated), synthesized: r(s.synthesized), trained: r(s.trained) };
  const largest = PROVENANCE_KINDS.reduce((a, b) => (out[b] > out[a] ? b : a));
  out[largest] = r(out[largest] + 1 - PROVENANCE_KINDS.reduce((sum, k) => sum + out[k], 0));
  return out;
}

/** No per-pixel input: every pixel has the same shares. */
function isUniform(inputs: ProvenanceInputs): boolean {
  return [inputs.cgCoverage, inputs.synthesizedBackground, inputs.trained].every((c) => !(c instanceof Float32Array));
}

/** The shares every pixel has, when no input varies per pixel (unrounded); null otherwise. */
export function uniformShares(inputs: ProvenanceInputs): ProvenanceShares | null {
  if (!isUniform(inputs)) return null;
  return pixelShares(at(inputs.cgCoverage, 1, 0), inputs.background === 'plate', at(inputs.synthesizedBackground, 0, 0), at(inputs.trained, 0, 0));
}

/** Mean of each share over the pixels, unrounded (float64 sums in pixel order). */
export function matteMeans(m: ProvenanceMatte): ProvenanceShares {
  const out: ProvenanceShares = { capture: 0, simulated: 0, synthesized: 0, trained: 0 };
  for (const k of PROVENANCE_KINDS) {
    const a = m[k];
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i];
    out[k] = a.length ? s / a.length : 0;
  }
  return out;
}

/** Mean shares of a matte over its pixels. */
export function summarizeMatte(m: ProvenanceMatte): ProvenanceShares {
  return roundShares(matteMeans(m));
}

/**
 * Mean shares of a frame straight from its inputs, without allocating the matte; exact
 * for uniform inputs (a single pixel's shares).
 */
export function summarizeInputs(inputs: ProvenanceInputs): ProvenanceShares {
  const uniform = uniformShares(inputs);
  return uniform ? roundShares(uniform) : summarizeMatte(buildProvenanceMatte(inputs));
}

/** Mean of per-frame shares (every frame has the same pixel count). */
export function meanShares(frames: ProvenanceShares[]): ProvenanceShares {
  const sum: ProvenanceShares = { capture: 0, simulated: 0, synthesized: 0, trained: 0 };
  for (const f of frames) for (const k of PROVENANCE_KINDS) sum[k] += f[k];
  if (frames.length) for (const k of PROVENANCE_KINDS) sum[k] /= frames.length;
  return roundShares(sum);
}

/** Percentages with one decimal, for reports. */
export function sharesAsPercent(s: ProvenanceShares): Record<ProvenanceKind, number> {
  const p = (v: number) => Math.round(v * 1000) / 10;
  return { capture: p(s.capture), simulated: p(s.simulated), synthesized: p(s.synthesized), trained: p(s.trained) };
}
