/**
 * Reads zod 4 schemas (through `_zod.def`) to find the schema at a field path and to describe
 * what it allows in words: `1..200`, `integer 1..200`, `one of pancake`, `a list of 3 numbers`.
 */
import type { z } from 'zod';
import type { PathSegment } from './field-path.js';

interface LooseCheckDef {
  check: string;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: RegExp;
}

interface LooseDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  element?: z.ZodType;
  options?: z.ZodType[];
  values?: unknown[];
  entries?: Record<string, unknown>;
  checks?: Array<{ _zod: { def: LooseCheckDef } }>;
}

function defOf(schema: z.ZodType): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

function checksOf(schema: z.ZodType): LooseCheckDef[] {
  return (defOf(schema).checks ?? []).map((check) => check._zod.def);
}

/** Strips default / optional / nullable / readonly / pipe wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 32; i++) {
    const def = defOf(current);
    if (def.innerType && ['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else {
      break;
    }
  }
  return current;
}

export function schemaType(schema: z.ZodType): string {
  return defOf(unwrap(schema)).type;
}

/** Keys a (strict) object schema allows; [] for anything else. */
export function objectKeys(schema: z.ZodType): string[] {
  const shape = defOf(unwrap(schema)).shape;
  return shape ? Object.keys(shape) : [];
}

/** For a union of single-key objects (`{ building } | { collapse }`): key → inner schema. */
export function singleKeyUnionKinds(schema: z.ZodType): Map<string, z.ZodType> {
  const kinds = new Map<string, z.ZodType>();
  for (const option of defOf(unwrap(schema)).options ?? []) {
    const shape = defOf(unwrap(option)).shape;
    if (!shape) continue;
    const keys = Object.keys(shape);
    if (keys.length === 1) kinds.set(keys[0], shape[keys[0]]);
  }
  return kinds;
}

/** The schema found by following `path` from `root`, or undefined when the path leaves it. */
export function schemaAt(root: z.ZodType, path: readonly PathSegment[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const segment of path) {
    if (!current) return undefined;
    const def = defOf(unwrap(current));
    if (def.type === 'object' && def.shape) {
      current = def.shape[String(segment)];
    } else if (def.type === 'tuple' && def.items) {
      current = typeof segment === 'number' ? (def.items[segment] ?? def.rest ?? undefined) : undefined;
    } else if (def.type === 'array') {
      current = typeof segment === 'number' ? def.element : undefined;
    } else if (def.type === 'union' && def.options) {
      current = def.options
        .map((option) => defOf(unwrap(option)).shape?.[String(segment)])
        .find((found): found is z.ZodType => found !== undefined);
    } else {
      return undefined;
    }
  }
  return current;
}

/** Short plain text: integers exactly, fractions to 6 significant digits (1/30 → `0.0333333`). */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

function bounds(schema: z.ZodType, minKind: string, maxKind: string): { min?: string; max?: string } {
  const out: { min?: string; max?: string } = {};
  for (const check of checksOf(unwrap(schema))) {
    if (check.check === minKind) {
      const v = (check.value ?? check.minimum) as number;
      out.min = check.check === 'greater_than' && check.inclusive === false ? `> ${formatNumber(v)}` : formatNumber(v);
    } else if (check.check === maxKind) {
      const v = (check.value ?? check.maximum) as number;
      out.max = check.check === 'less_than' && check.inclusive === false ? `< ${formatNumber(v)}` : formatNumber(v);
    }
  }
  return out;
}

function rangeText(range: { min?: string; max?: string }, unit = ''): string | undefined {
  const suffix = unit ? ` ${unit}` : '';
  const exclusive = (s: string | undefined) => s !== undefined && /^[<>]/.test(s);
  if (range.min !== undefined && range.max !== undefined && !exclusive(range.min) && !exclusive(range.max)) {
    return `${range.min}..${range.max}${suffix}`;
  }
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(exclusive(range.min) ? range.min : `>= ${range.min}`);
  if (range.max !== undefined) parts.push(exclusive(range.max) ? range.max : `<= ${range.max}`);
  return parts.length ? `${parts.join(' and ')}${suffix}` : undefined;
}

export function isInteger(schema: z.ZodType): boolean {
  return checksOf(unwrap(schema)).some((c) => c.check === 'number_format' && /int/.test(c.format ?? ''));
}

/** The allowed range of a number, list or text: `1..200`, `at least 1 item`, `1..1024 characters`. */
export function describeRange(schema: z.ZodType): string | undefined {
  const inner = unwrap(schema);
  const type = defOf(inner).type;
  if (type === 'number') return rangeText(bounds(inner, 'greater_than', 'less_than'));
  const lengths = bounds(inner, 'min_length', 'max_length');
  const unit = type === 'string' ? 'characters' : 'items';
  if (lengths.min !== undefined && lengths.max === undefined) return `at least ${lengths.min} ${lengths.min === '1' ? unit.replace(/s$/, '') : unit}`;
  if (lengths.max !== undefined && lengths.min === undefined) return `at most ${lengths.max} ${unit}`;
  return rangeText(lengths, unit);
}

/** Allowed literal or enum values, or undefined. */
export function allowedValues(schema: z.ZodType): string[] | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === 'literal' && def.values) return def.values.map(String);
  if (def.type === 'enum' && def.entries) return Object.values(def.entries).map(String);
  return undefined;
}

function plural(word: string, n: number): string {
  return n === 1 ? word : `${word}s`;
}

/** What a value of this schema looks like, in words: `integer 1..200`, `a list of 2 integers`. */
export function describeExpected(schema: z.ZodType): string {
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case 'number': {
      const range = describeRange(inner);
      const word = isInteger(inner) ? 'integer' : 'a number';
      return range ? `${word} ${range}` : word;
    }
    case 'string': {
      const pattern = checksOf(inner).find((c) => c.check === 'string_format' && c.pattern)?.pattern;
      if (pattern) return `text matching ${String(pattern)}`;
      const range = describeRange(inner);
      return range ? `text (${range})` : 'text';
    }
    case 'boolean':
      return 'true or false';
    case 'literal':
    case 'enum':
      return `one of ${(allowedValues(inner) ?? []).join(', ')}`;
    case 'object':
      return 'an object (mapping)';
    case 'tuple': {
      const items = def.items ?? [];
      const types = new Set(items.map((item) => (isInteger(item) ? 'integer' : schemaType(item))));
      if (types.size === 1) {
        const only = [...types][0];
        const word = only === 'integer' ? plural('integer', items.length) : only === 'number' ? plural('number', items.length) : plural('value', items.length);
        return `a list of ${items.length} ${word}`;
      }
      return `a list of ${items.length} values`;
    }
    case 'array': {
      const values = def.element ? allowedValues(def.element) : undefined;
      return values ? `a list of: ${values.join(', ')}` : 'a list';
    }
    case 'union': {
      const kinds = [...singleKeyUnionKinds(inner).keys()];
      return kinds.length ? `an object with one key: ${kinds.join(' or ')}` : 'one of several forms';
    }
    default:
      return def.type;
  }
}
