/**
 * Validates a parsed shot document: every schema problem and every cross-field problem is
 * collected into one InputError (`spec.invalid`) whose details are sorted by field path.
 */
import { InputError, type ErrorDetail } from '../core/errors.js';
import { comparePaths, isPlainObject } from './field-path.js';
import { issuesToDetails, located, type LocatedDetail } from './issue-details.js';
import { SHOT_SCHEMA_ID, ShotSchema, type ShotSpec } from './schema.js';
import { semanticProblems } from './semantic-checks.js';

export type CheckResult = { ok: true; spec: ShotSpec } | { ok: false; error: InputError };

const SCHEMA_FAMILY = SHOT_SCHEMA_ID.replace(/\/.*$/, '/');

function problems(raw: unknown): { spec?: ShotSpec; found: LocatedDetail[] } {
  if (raw === null || raw === undefined) {
    return {
      found: [{
        segments: [],
        detail: { code: 'spec.empty', path: '', allowed: 'a shot document', hint: `the file is empty; start it with "schema: ${SHOT_SCHEMA_ID}"` },
      }],
    };
  }
  if (!isPlainObject(raw)) {
    return {
      found: [{
        segments: [],
        detail: { code: 'spec.wrong_type', path: '', allowed: 'an object (mapping) of shot fields', received: raw },
      }],
    };
  }
  // Another version of the format: its other fields would only produce noise.
  if (typeof raw.schema === 'string' && raw.schema !== SHOT_SCHEMA_ID && raw.schema.startsWith(SCHEMA_FAMILY)) {
    return {
      found: [located(raw, ['schema'], 'spec.unsupported_schema', {
        allowed: SHOT_SCHEMA_ID,
        hint: `this version of aftermath reads ${SHOT_SCHEMA_ID} only`,
      })],
    };
  }
  const parsed = ShotSchema.safeParse(raw);
  const found = parsed.success ? [] : issuesToDetails(parsed.error.issues, ShotSchema, raw);
  found.push(...semanticProblems(raw));
  return { spec: parsed.success ? parsed.data : undefined, found };
}

function sortDetails(found: LocatedDetail[]): ErrorDetail[] {
  return found
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => comparePaths(a.entry.segments, b.entry.segments) || a.order - b.order)
    .map(({ entry }) => entry.detail);
}

/** Validates without throwing. */
export function checkShot(raw: unknown): CheckResult {
  const { spec, found } = problems(raw);
  if (found.length === 0 && spec) return { ok: true, spec };
  const details = sortDetails(found);
  if (details.length === 0) details.push({ code: 'spec.invalid_value', path: '', hint: 'the shot did not validate' });
  const count = details.length;
  const error = new InputError(`shot is invalid: ${count} problem${count === 1 ? '' : 's'}`, 'spec.invalid', details);
  return { ok: false, error };
}

/** The shot with every default filled in; throws InputError `spec.invalid` listing every problem. */
export function validateShot(raw: unknown): ShotSpec {
  const result = checkShot(raw);
  if (!result.ok) throw result.error;
  return result.spec;
}
