import type { Rng } from '../core/rng.js';
import type { Vec3 } from '../core/units.js';

export type SitePattern = 'uniform' | 'clustered';

export interface SiteOptions {
  pattern: SitePattern;
  /** For `clustered`: the point pieces crowd around (member-local metres). */
  focusM?: Vec3;
  /** For `clustered`: distance over which the density falls by e, metres. */
  radiusM?: number;
}

/**
 * `count` seeded sites inside a box of `size` centred on the origin. `uniform` spreads them
 * evenly (in a thin slab, on its mid-plane: plate-like chunks cut square through the
 * thickness; in a column: stubs). `clustered` accepts a candidate with probability exp(-d/r), floored at
 * 0.1, so pieces get smaller near the focus (an impact or the initiation point).
 */
export function sampleSites(size: Vec3, count: number, rng: Rng, opts: SiteOptions): Vec3[] {
  const sites: Vec3[] = [];
  const focus = opts.focusM ?? [0, 0, 0];
  const r = Math.max(1e-3, opts.radiusM ?? 3);
  let guard = 0;
  // In a thin plate (a slab, a wall, a pane) sites lie on its mid-plane, so every crack
  // runs straight through the thickness: no wedge-shaped cut can hold a piece in place.
  const order = [0, 1, 2].sort((a, b) => size[a] - size[b]);
  const thin = size[order[0]] < 0.25 * size[order[1]] ? order[0] : -1;
  while (sites.length < count) {
    const p: Vec3 = [rng.range(-0.5, 0.5) * size[0], rng.range(-0.5, 0.5) * size[1], rng.range(-0.5, 0.5) * size[2]];
    if (thin >= 0) p[thin] = 0;
    if (opts.pattern === 'clustered' && guard++ < count * 200) {
      const d = Math.hypot(p[0] - focus[0], p[1] - focus[1], p[2] - focus[2]);
      if (rng.next() > Math.max(0.1, Math.exp(-d / r))) continue;
    }
    sites.push(p);
  }
  return sites;
}
