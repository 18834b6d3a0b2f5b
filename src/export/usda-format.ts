/**
 * Fixed rules for the numbers and literals in our .usda text, so the same values always give
 * the same bytes:
 * - `float` values (float32 data: points, normals, sim samples) print as the shortest decimal
 *   (at most 9 significant digits) that reads back as the same float32;
 * - `double` values print with at most 12 significant digits, and anything below 1e-12 in
 *   magnitude (trigonometric noise) as 0;
 * - never `-0`; plain notation except where JavaScript's `String` picks an exponent
 *   (|x| < 1e-6 or >= 1e21), which USD reads as well;
 * - non-finite numbers are a bug upstream and throw.
 */
export function formatFloat(x: number): string {
  checkFinite(x);
  const target = Math.fround(x);
  if (target === 0) return '0';
  for (let p = 1; p < 9; p++) {
    const s = target.toPrecision(p);
    if (Math.fround(Number(s)) === target) return String(Number(s));
  }
  return String(Number(target.toPrecision(9)));
}

export function formatDouble(x: number): string {
  checkFinite(x);
  if (Math.abs(x) < 1e-12) return '0';
  return String(Number(x.toPrecision(12)));
}

function checkFinite(x: number): void {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write non-finite number ${x} to USD`);
}

export function formatInt(x: number): string {
  if (!Number.isInteger(x)) throw new RangeError(`not an integer: ${x}`);
  return String(x + 0);
}

/** `(a, b, c)` from float32 values. */
export function floatTuple(values: ArrayLike<number>, start = 0, count = values.length): string {
  const parts: string[] = [];
  for (let i = start; i < start + count; i++) parts.push(formatFloat(values[i]));
  return `(${parts.join(', ')})`;
}

/** `[(x, y, z), ...]` from packed float32 data with `width` components per element. */
export function floatTupleArray(values: ArrayLike<number>, width: number): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i += width) parts.push(floatTuple(values, i, width));
  return `[${parts.join(', ')}]`;
}

export function intArray(values: ArrayLike<number>): string {
  return `[${Array.from(values, formatInt).join(', ')}]`;
}

/** A double-quoted USD string with `\\`, `"` and control characters escaped. */
export function usdaString(s: string): string {
  const body = s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    if (c === '\\' || c === '"') return `\\${c}`;
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${body}"`;
}

/** A valid prim name from arbitrary text: letters, digits and `_`, not starting with a digit. */
export function primName(s: string): string {
  const clean = s.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(clean) ? clean : `_${clean}`;
}
