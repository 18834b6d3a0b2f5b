/**
 * Turns zod issues into ErrorDetails: one detail per problem, with the field path, a stable
 * code, the allowed range or values, the value actually received and a "did you mean" hint.
 * The `elements` union gets special care: an unknown element kind is `spec.unknown_element`,
 * and a known kind reports its inner field errors instead of a generic "invalid union".
 */
import type { z } from 'zod';
import type { ErrorDetail } from '../core/errors.js';
import { didYouMean } from './did-you-mean.js';
import { formatPath, isPlainObject, toSegments, valueAt, type PathSegment } from './field-path.js';
import {
  allowedValues,
  describeExpected,
  describeRange,
  objectKeys,
  schemaAt,
  schemaType,
  singleKeyUnionKinds,
} from './schema-introspect.js';

export type Issue = z.core.$ZodIssue;

/** A detail plus its path as segments (for sorting). */
export interface LocatedDetail {
  segments: PathSegment[];
  detail: ErrorDetail;
}

interface Context {
  root: z.ZodType;
  raw: unknown;
}

/** A detail at `segments`, with `received` set to the raw value there (left out when absent). */
export function located(
  raw: unknown,
  segments: PathSegment[],
  code: string,
  extra: Omit<ErrorDetail, 'code' | 'path' | 'received'> = {},
): LocatedDetail {
  const detail: ErrorDetail = { code, path: formatPath(segments) };
  if (extra.allowed !== undefined) detail.allowed = extra.allowed;
  const { found, value } = valueAt(raw, segments);
  // JSON has no Infinity / NaN (YAML's .inf / .nan): keep them readable.
  if (found) detail.received = typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
  if (extra.hint !== undefined) detail.hint = extra.hint;
  return { segments, detail };
}

/** Converts every issue (paths relative to `prefix`) into located details. */
export function issuesToDetails(
  issues: readonly Issue[],
  root: z.ZodType,
  raw: unknown,
  prefix: PathSegment[] = [],
): LocatedDetail[] {
  const ctx: Context = { root, raw };
  return issues.flatMap((issue) => issueToDetails(ctx, issue, [...prefix, ...toSegments(issue.path)]));
}

function issueToDetails(ctx: Context, issue: Issue, segments: PathSegment[]): LocatedDetail[] {
  const schema = schemaAt(ctx.root, segments);
  const expected = schema ? describeExpected(schema) : undefined;
  switch (issue.code) {
    case 'invalid_union':
      return unionDetails(ctx, issue, segments, schema);
    case 'invalid_type':
      return [typeDetail(ctx, issue, segments, expected)];
    case 'too_small':
    case 'too_big':
      return [sizeDetail(ctx, issue, segments, schema)];
    case 'invalid_value':
      return [valueDetail(ctx, issue, segments, schema)];
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const keys = schema ? objectKeys(schema) : [];
        return located(ctx.raw, [...segments, key], 'spec.unknown_key', {
          allowed: keys.length ? `one of ${keys.join(', ')}` : undefined,
          hint: didYouMean(key, keys),
        });
      });
    case 'invalid_format':
      return [located(ctx.raw, segments, 'spec.invalid_value', { allowed: expected ?? issue.format })];
    default:
      return [located(ctx.raw, segments, 'spec.invalid_value', { allowed: expected, hint: issue.message })];
  }
}

function typeDetail(ctx: Context, issue: Issue & { code: 'invalid_type' }, segments: PathSegment[], expected?: string): LocatedDetail {
  const { found, value } = valueAt(ctx.raw, segments);
  const allowed = expected ?? (issue.expected === 'int' ? 'integer' : `a ${issue.expected}`);
  if (!found) return located(ctx.raw, segments, 'spec.missing', { allowed });
  let hint: string | undefined;
  const last = segments[segments.length - 1];
  if (value === null && allowed.startsWith('an object') && typeof last === 'string') {
    hint = `write "${last}: {}" to use every default`;
  } else if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) && /number|integer/.test(allowed)) {
    hint = 'write the number without quotes';
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    hint = 'numbers must be finite';
  }
  return located(ctx.raw, segments, 'spec.wrong_type', { allowed, hint });
}

function sizeDetail(ctx: Context, issue: Issue & { code: 'too_small' | 'too_big' }, segments: PathSegment[], schema?: z.ZodType): LocatedDetail {
  if (issue.origin === 'array' && schema && schemaType(schema) === 'tuple') {
    return located(ctx.raw, segments, 'spec.wrong_type', { allowed: describeExpected(schema) });
  }
  let allowed = schema ? describeRange(schema) : undefined;
  if (allowed === undefined) {
    const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
    allowed = `${issue.code === 'too_small' ? '>=' : '<='} ${String(limit)}`;
  }
  return located(ctx.raw, segments, 'spec.out_of_range', { allowed });
}

function valueDetail(ctx: Context, issue: Issue & { code: 'invalid_value' }, segments: PathSegment[], schema?: z.ZodType): LocatedDetail {
  const values = (schema ? allowedValues(schema) : undefined) ?? issue.values.map(String);
  const { found, value } = valueAt(ctx.raw, segments);
  if (segments.length === 1 && segments[0] === 'schema') {
    const hint = !found
      ? `start the file with "schema: ${values[0]}"`
      : `this version of aftermath reads ${values.join(', ')} only`;
    return located(ctx.raw, segments, 'spec.unsupported_schema', { allowed: values.join(', '), hint });
  }
  const isLiteral = schema !== undefined && schemaType(schema) === 'literal' && values.length === 1;
  return located(ctx.raw, segments, found ? 'spec.invalid_value' : 'spec.missing', {
    allowed: isLiteral ? values[0] : `one of ${values.join(', ')}`,
    hint: typeof value === 'string' ? didYouMean(value, values) : undefined,
  });
}

/** `{ building: {...} }` / `{ collapse: {...} }` style unions: say which key is wrong, or what is wrong inside. */
function unionDetails(ctx: Context, issue: Issue, segments: PathSegment[], schema?: z.ZodType): LocatedDetail[] {
  const kinds = schema ? singleKeyUnionKinds(schema) : new Map<string, z.ZodType>();
  if (kinds.size === 0) {
    return [located(ctx.raw, segments, 'spec.invalid_value', { allowed: schema ? describeExpected(schema) : undefined, hint: issue.message })];
  }
  const names = [...kinds.keys()];
  const kindList = names.join(', ');
  const { value } = valueAt(ctx.raw, segments);
  if (!isPlainObject(value)) {
    return [located(ctx.raw, segments, 'spec.wrong_type', { allowed: `an object with one key: ${names.join(' or ')}` })];
  }
  const keys = Object.keys(value);
  if (keys.length === 0) {
    return [located(ctx.raw, segments, 'spec.missing', { allowed: `one key: ${names.join(' or ')}`, hint: `write e.g. "- ${names[0]}: {}"` })];
  }
  const out: LocatedDetail[] = [];
  for (const key of keys.filter((k) => !kinds.has(k))) {
    out.push(located(ctx.raw, [...segments, key], 'spec.unknown_element', { allowed: `one of ${kindList}`, hint: didYouMean(key, names) }));
  }
  const known = keys.filter((k) => kinds.has(k));
  if (known.length > 1) {
    out.push(located(ctx.raw, segments, 'spec.invalid_value', {
      allowed: `exactly one of ${kindList} per element`,
      hint: `put ${known.join(' and ')} in separate list items`,
    }));
  }
  for (const key of known) {
    const result = (kinds.get(key) as z.ZodType).safeParse(value[key]);
    if (!result.success) out.push(...issuesToDetails(result.error.issues, ctx.root, ctx.raw, [...segments, key]));
  }
  if (out.length === 0) out.push(located(ctx.raw, segments, 'spec.invalid_value', { allowed: `an object with one key: ${names.join(' or ')}` }));
  return out;
}
