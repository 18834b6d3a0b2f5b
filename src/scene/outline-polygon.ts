/** Outline polygons in frame pixels (x right, y down): hull chains and their corners. */

export type P2 = [number, number];

/** Convex hull (Andrew's monotone chain) of image points; returns the image-bottom and image-top chains, left to right. */
export function hullChains(points: P2[]): { bottom: P2[]; top: P2[]; hull: P2[] } {
  // Work with v = -y (up) so "lower" means the image bottom.
  const pts = points.map(([x, y]): P2 => [x, -y]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const crossZ = (o: P2, a: P2, b: P2) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: P2[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && crossZ(lower[lower.length - 2], lower[lower.length - 1], p) <= 1e-9) lower.pop();
    lower.push(p);
  }
  const upper: P2[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && crossZ(upper[upper.length - 2], upper[upper.length - 1], p) <= 1e-9) upper.pop();
    upper.push(p);
  }
  const back = (c: P2[]): P2[] => c.map(([x, v]): P2 => [x, -v]);
  const hull = back([...lower.slice(0, -1), ...upper.slice(0, -1)]);
  return { bottom: trimSteep(back(lower)), top: trimSteep(back(upper).reverse()), hull };
}

/** Drops near-vertical segments at the ends of a chain (the building's sides, not its bottom or top). */
function trimSteep(chain: P2[]): P2[] {
  const steep = (a: P2, b: P2) => Math.abs(b[0] - a[0]) < 0.5 * Math.abs(b[1] - a[1]);
  const c = [...chain];
  while (c.length > 2 && steep(c[0], c[1])) c.shift();
  while (c.length > 2 && steep(c[c.length - 2], c[c.length - 1])) c.pop();
  return c;
}

/**
 * A chain's two ends, or its ends and the point farthest off the line between them on `side`
 * (+1 below it in the image: the near bottom corner of a corner view; −1 above it: the top of
 * that near vertical edge) when the chain clearly bends.
 */
export function chainCorners(chain: P2[], side: 1 | -1): P2[] {
  const a = chain[0];
  const b = chain[chain.length - 1];
  if (chain.length <= 2) return [a, b];
  let best = -1;
  let bestDist = 0;
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
  for (let i = 1; i < chain.length - 1; i++) {
    const p = chain[i];
    const d = (side * ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]))) / len;
    if (d > bestDist) {
      bestDist = d;
      best = i;
    }
  }
  return best >= 0 && bestDist > 0.01 * len + 1 ? [a, chain[best], b] : [a, b];
}

/** Distance from p to the polygon's edges, pixels. */
export function distanceToPolygon(p: P2, poly: P2[]): number {
  let best = Infinity;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i];
    const c = poly[(i + 1) % poly.length];
    const dx = c[0] - a[0];
    const dy = c[1] - a[1];
    const l2 = dx * dx + dy * dy || 1;
    const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
    best = Math.min(best, Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]));
  }
  return best;
}
