/** Field paths such as `elements[0].building.floors`, and looking values up by path. */

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['elements', 0, 'building', 'floors']` → `elements[0].building.floors`; `[]` → `''`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** Zod paths may hold symbols; keep strings and numbers only. */
export function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((key) => (typeof key === 'symbol' ? String(key) : key));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `segments` inside `root`; `found` is false when some step is absent. */
export function valueAt(root: unknown, segments: readonly PathSegment[]): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(current) && typeof segment === 'number') {
      if (segment < 0 || segment >= current.length) return { found: false, value: undefined };
      current = current[segment];
    } else if (isPlainObject(current) && Object.prototype.hasOwnProperty.call(current, String(segment))) {
      current = current[String(segment)];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: current !== undefined, value: current };
}

/** Orders paths segment by segment, numbers numerically, so `elements[2]` < `elements[10]`. */
export function comparePaths(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
