import * as THREE from 'three/webgpu';
import type { Node } from 'three/webgpu';
import {
  Fn, If, Loop, PI, abs, acos, array, asin, clamp, cos, cross, dot, exp2, float, fract, int, ivec2, max, min, mix, normalize, screenCoordinate, select, sin, texture, uniform, vec2,
  vec3, vec4,
} from 'three/tsl';

/** Slices through the hemisphere per sample, and steps along each half-slice. */
export const DIRECTIONS = 3;
export const STEPS = 4;
/** World radius of the occlusion search, metres. */
export const RADIUS_M = 2;
/** 4×4 Bayer order: the slice rotation and step jitter of each sample in a 4×4 block. */
const BAYER = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];
/** Off-plane distance (in pixel footprints) at which a neighbour's weight halves in the filters. */
const PLANE_TOLERANCE_PX = 1.5;

/**
 * Where everything lies, in frame pixels: the geometry pass covers the tile grown by a margin;
 * the occlusion is sampled at every other frame pixel (sample k at frame pixel 2k) over the
 * tile plus a border; the filtered half-resolution result and the full-resolution one follow.
 */
export function aoUniforms() {
  return {
    /** Projection of the geometry pass: P[0][0], P[1][1], P[2][0], P[2][1]. */
    proj: uniform(new THREE.Vector4(1, 1, 0, 0)),
    /** Size of the geometry pass, pixels, and the frame pixel of its (0, 0) (may be negative). */
    size: uniform(new THREE.Vector2(1, 1)),
    geometryOrigin: uniform(new THREE.Vector2()),
    /** Sample index (frame pixel / 2) of pixel (0, 0) of the raw and the filtered half-resolution targets. */
    rawOrigin: uniform(new THREE.Vector2()),
    filteredOrigin: uniform(new THREE.Vector2()),
    /** Frame pixel of the tile's (0, 0). */
    tileOrigin: uniform(new THREE.Vector2()),
    maxRadiusPx: uniform(8),
  };
}
export type AoUniforms = ReturnType<typeof aoUniforms>;

/** Z and view-space normal at frame pixels, and the view position of a frame pixel at a Z. */
class Geometry {
  constructor(private readonly tex: THREE.Texture, private readonly u: AoUniforms) {}

  at(f: Node<'vec2'>) {
    return vec4(texture(this.tex).load(ivec2(f.sub(this.u.geometryOrigin))));
  }

  viewPos(f: Node<'vec2'>, z: Node<'float'>) {
    const { proj, size } = this.u;
    const g = f.sub(this.u.geometryOrigin).add(0.5);
    const ndc = vec2(g.x.div(size.x).mul(2).sub(1), float(1).sub(g.y.div(size.y).mul(2)));
    return vec3(ndc.x.sub(proj.z).div(proj.x).mul(z), ndc.y.sub(proj.w).div(proj.y).mul(z), z.negate());
  }

  /** Pixels per metre across the view at Z = 1. */
  focalPx() {
    return this.u.proj.x.mul(this.u.size.x).mul(0.5);
  }

  /** Weight of a neighbour at view position `s` for a pixel at `p` with normal `n` (1 on its plane). */
  planeWeight(n: Node<'vec3'>, p: Node<'vec3'>, s: Node<'vec3'>, pxPerM: Node<'float'>) {
    const d = abs(dot(n, s.sub(p))).mul(pxPerM).div(PLANE_TOLERANCE_PX);
    return exp2(d.mul(d).negate());
  }
}

/**
 * Pass 2 (half resolution): GTAO (Jimenez et al. 2016) at sample k (frame pixel 2k): the highest
 * rise above the tangent plane along both halves of DIRECTIONS screen slices, STEPS samples each
 * within RADIUS_M (at most maxRadiusPx), integrated cosine-weighted in closed form, over what
 * the same slices give for an open hemisphere. Out: (visibility, Z).
 */
export function horizonNode(geometryTex: THREE.Texture, u: AoUniforms) {
  const geo = new Geometry(geometryTex, u);
  return Fn(() => {
    const k = screenCoordinate.xy.floor().add(u.rawOrigin).toConst();
    const f = k.mul(2).toConst();
    const c = geo.at(f).toConst();
    const z = c.x;
    const out = vec4(1, z, 0, 1).toVar();
    If(z.greaterThan(0), () => {
      const P = geo.viewPos(f, z).toConst();
      const N = normalize(c.yzw).toConst();
      const V = normalize(P.negate()).toConst();
      const rPx = min(geo.focalPx().mul(RADIUS_M).div(z), u.maxRadiusPx).toConst();
      const invRadiusM = geo.focalPx().div(rPx.mul(z)).toConst();
      const cell = k.sub(k.div(4).floor().mul(4));
      const b = float(array(BAYER.map((x) => float(x))).element(int(cell.y.mul(4).add(cell.x))));
      const rotation = b.add(0.5).div(16);
      const jitter = fract(b.mul(5).add(3).div(16)).add(1 / 32);
      const ao = float(0).toVar();
      const openSum = float(0).toVar();
      Loop(DIRECTIONS, ({ i }) => {
        const phi = float(i).add(rotation).mul(PI).div(DIRECTIONS);
        const dir = vec2(cos(phi), sin(phi)).toConst(); // on screen, y down
        const sliceB = normalize(cross(vec3(dir.x, dir.y.negate(), 0), V)).toConst();
        const sliceT = cross(sliceB, V);
        const nRaw = N.sub(sliceB.mul(dot(N, sliceB))).toConst();
        const nLen = nRaw.length().toConst();
        const projN = nRaw.div(max(nLen, 1e-4)).toConst();
        const nSin = dot(projN, sliceT).toConst();
        const nCos = clamp(dot(projN, V), 0, 1).toConst();
        const angleN = select(nSin.greaterThanEqual(0), float(1), float(-1)).mul(acos(nCos)).toConst();
        // Per side, the sine of the highest rise above the tangent plane (x: +dir, on the slice's
        // −T side; y: −dir), measured from the plane: a sample on the surface a little off the
        // slice (pixel rounding) never occludes.
        const rise = vec2(0, 0).toVar();
        for (let j = 0; j < STEPS; j++) {
          const t = jitter.add(j).div(STEPS);
          const dist = max(t.mul(t).mul(rPx), 1.0);
          for (const side of [1, -1] as const) {
            const q = f.add(dir.mul(dist.mul(side))).add(0.5).floor().toConst();
            const g = q.sub(u.geometryOrigin);
            const inside = g.x.greaterThanEqual(0).and(g.y.greaterThanEqual(0)).and(g.x.lessThan(u.size.x)).and(g.y.lessThan(u.size.y));
            const s = geo.at(q).x.toConst();
            // Branch-free (the CPU rasteriser runs pixels in SIMD lanes): an invalid sample
            // (outside, or sky) counts as far away.
            const d = geo.viewPos(q, s).sub(P).toConst();
            const len = d.length().toConst();
            const fall = select(inside.and(s.greaterThan(0)), min(len.mul(invRadiusM), 1), float(1));
            const h = side === 1 ? rise.x : rise.y;
            h.assign(mix(max(h, dot(N, d).div(max(len, 1e-4))), h, fall.mul(fall)));
          }
        }
        // In the slice the rise's sine is the 3D one over |projN| (exact for samples in it).
        const elevation = asin(rise.div(max(nLen, 1e-4)).clamp(0, 1)).toConst();
        const hNeg = angleN.sub(PI.div(2)).add(elevation.x);
        const hPos = angleN.add(PI.div(2)).sub(elevation.y);
        // Cosine-weighted visible arc between the horizons (GTAO eq. 7).
        const arc = (h: Node<'float'>) => cos(h.mul(2).sub(angleN)).negate().add(nCos).add(h.mul(2).mul(nSin));
        ao.addAssign(nLen.mul(arc(hPos).add(arc(hNeg))));
        openSum.addAssign(nLen.mul(arc(angleN.sub(PI.div(2))).add(arc(angleN.add(PI.div(2))))));
      });
      // Over what the same slices see of an open hemisphere: a few slices of a tilted surface
      // do not integrate to 1 (they are even on screen, not around the view ray), so an open
      // surface reads exactly 1 and the pattern noise stays in the creases.
      out.x.assign(clamp(ao.div(max(openSum, 1e-6)), 0, 1));
    });
    return out;
  })();
}

/**
 * Pass 3 (half resolution): each sample averaged with its neighbours over 5×5 samples (the
 * outer ring at half weight, so each of the 16 rotations counts once), weighted by how close
 * they lie to its plane. Out: (visibility, Z).
 */
export function filterNode(geometryTex: THREE.Texture, rawTex: THREE.Texture, u: AoUniforms) {
  const geo = new Geometry(geometryTex, u);
  return Fn(() => {
    const k = screenCoordinate.xy.floor().add(u.filteredOrigin).toConst();
    const raw = (kk: Node<'vec2'>) => vec4(texture(rawTex).load(ivec2(kk.sub(u.rawOrigin))));
    const z = raw(k).y.toConst();
    const out = vec4(1, z, 0, 1).toVar();
    If(z.greaterThan(0), () => {
      const f = k.mul(2);
      const N = normalize(geo.at(f).yzw).toConst();
      const P = geo.viewPos(f, z).toConst();
      const pxPerM = geo.focalPx().div(z).toConst();
      const sum = float(0).toVar();
      const weight = float(0).toVar();
      Loop(25, ({ i }) => {
        const row = float(i).add(0.5).div(5).floor();
        const o = vec2(float(i).sub(row.mul(5)), row).sub(2).toConst();
        const r = raw(k.add(o)).toConst();
        const ring = select(abs(o.x).equal(2), float(0.5), float(1)).mul(select(abs(o.y).equal(2), float(0.5), float(1)));
        const w = select(r.y.greaterThan(0), ring.mul(geo.planeWeight(N, P, geo.viewPos(k.add(o).mul(2), r.y), pxPerM)), float(0)).toConst();
        sum.addAssign(w.mul(r.x));
        weight.addAssign(w);
      });
      out.x.assign(sum.div(max(weight, 1e-6)));
    });
    return out;
  })();
}

/**
 * Pass 4 (full resolution): each pixel from the 2×2 filtered samples around it, a tent over
 * their distance (3 pixels wide each way) times how close they lie to the pixel's own plane.
 * Out: visibility.
 */
export function upsampleNode(geometryTex: THREE.Texture, filteredTex: THREE.Texture, u: AoUniforms) {
  const geo = new Geometry(geometryTex, u);
  return Fn(() => {
    const f = screenCoordinate.xy.floor().add(u.tileOrigin).toConst();
    const c = geo.at(f).toConst();
    const out = vec4(1, 0, 0, 1).toVar();
    If(c.x.greaterThan(0), () => {
      const N = normalize(c.yzw).toConst();
      const P = geo.viewPos(f, c.x).toConst();
      const pxPerM = geo.focalPx().div(c.x).toConst();
      const k0 = f.sub(1).div(2).floor().toConst();
      const sum = float(0).toVar();
      const weight = float(0).toVar();
      Loop(4, ({ i }) => {
        const row = float(i).add(0.5).div(2).floor();
        const kk = k0.add(vec2(float(i).sub(row.mul(2)), row)).toConst();
        const s = vec4(texture(filteredTex).load(ivec2(kk.sub(u.filteredOrigin)))).toConst();
        const dist = abs(kk.mul(2).sub(f));
        const tent = max(float(1).sub(dist.x.div(3)), 0).mul(max(float(1).sub(dist.y.div(3)), 0));
        // A little weight without the plane test, so a pixel whose plane no sample shares
        // (a sliver) still takes its neighbours' occlusion.
        const w = select(s.y.greaterThan(0), tent.mul(geo.planeWeight(N, P, geo.viewPos(kk.mul(2), s.y), pxPerM).add(1e-3)), float(0)).toConst();
        sum.addAssign(w.mul(s.x));
        weight.addAssign(w);
      });
      If(weight.greaterThan(0), () => {
        out.x.assign(clamp(sum.div(weight), 0, 1));
      });
    });
    return out;
  })();
}
