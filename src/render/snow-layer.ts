import * as THREE from 'three/webgpu';
import { uniform } from 'three/tsl';
import type { SnowFrame } from '../weather/snow-frame.js';
import type { AtmosphereDoc } from '../weather/atmosphere.js';
import { fogTransmittanceRise } from '../weather/atmosphere.js';

/** Thin-lens parameters for the flakes' bokeh (the camera's, when it sets an f-stop). */
export interface SnowLens {
  focalMm: number;
  sensorWidthMm: number;
  fStop: number;
  focusDistanceM: number;
}

/** Opacity of one flake's core (flakes are lacy). */
const FLAKE_OPACITY = 0.8;
/** Drawn radius never goes below this many pixels; the alpha carries the true coverage. */
const MIN_RADIUS_PX = 0.75;
/** Bokeh discs grow to at most this radius in pixels. */
const MAX_BOKEH_RADIUS_PX = 40;
/** Far flakes (standing for many) grow to at most this radius in pixels. */
const FAR_RADIUS_PX = 1;
/** ... and are at most this opaque: seen from afar, snow is mostly haze, not specks. */
const MAX_FAR_ALPHA = 0.35;
/** A drawn flake is never more opaque than this (far flakes grow instead). */
const MAX_ALPHA = 0.85;

/**
 * The flakes as camera-facing quads built on the CPU each frame: a capsule from the streak's
 * start to its end (the motion blur of the open shutter), radius the flake's (at least
 * MIN_RADIUS_PX), grown by the thin-lens circle of confusion when the camera has an aperture
 * (bokeh discs that fade as they grow: coverage is conserved, alpha ∝ (r/R)²), the light
 * spread along the streak (alpha × 2R / (2R + length)), and faded by the fog between the
 * camera and the flake. Every flake has the same colour (`color`), so the premultiplied pass
 * is that colour times the flakes' coverage; the meshes that draw the quads are in
 * snow-draws.ts.
 */
export class SnowLayer {
  readonly geometry = new THREE.BufferGeometry();
  private capacity = 0;
  private positions = new Float32Array(0);
  private shape = new Float32Array(0);
  /** The flakes' colour, scene-linear (luminous snow's glow included). */
  readonly color = uniform(new THREE.Color(1, 1, 1));

  constructor(
    private readonly atmosphere: AtmosphereDoc,
    private readonly lens: SnowLens | null,
    private readonly width: number,
  ) {}

  private ensure(count: number): void {
    if (count <= this.capacity) return;
    this.capacity = Math.ceil(count * 1.25);
    this.positions = new Float32Array(this.capacity * 12);
    this.shape = new Float32Array(this.capacity * 16);
    const index = new Uint32Array(this.capacity * 6);
    for (let i = 0; i < this.capacity; i++) index.set([i * 4, i * 4 + 1, i * 4 + 2, i * 4 + 2, i * 4 + 1, i * 4 + 3], i * 6);
    this.geometry.setIndex(new THREE.BufferAttribute(index, 1));
    this.geometry.setAttribute('position', new THREE.BufferAttribute(this.positions, 3).setUsage(THREE.DynamicDrawUsage));
    this.geometry.setAttribute('flake', new THREE.BufferAttribute(this.shape, 4).setUsage(THREE.DynamicDrawUsage));
  }

  /** Builds the flakes' quads for one frame, seen from `camera`. */
  update(frame: SnowFrame, camera: THREE.PerspectiveCamera): void {
    const a = this.atmosphere;
    const glow = frame.luminous ? 1 + 3 * frame.glow : 1;
    this.emissionShare = (glow - 1) / glow;
    const tint = frame.luminous ? [0.86, 0.93, 1.0] : [1, 1, 1];
    this.color.value.setRGB(a.flakeColor[0] * glow * tint[0], a.flakeColor[1] * glow * tint[1], a.flakeColor[2] * glow * tint[2]);
    this.ensure(Math.max(1, frame.count));
    const e = camera.matrixWorld.elements;
    const right = [e[0], e[1], e[2]];
    const up = [e[4], e[5], e[6]];
    const fwd = [-e[8], -e[9], -e[10]];
    const C = [e[12], e[13], e[14]] as [number, number, number];
    const tanX = Math.tan(((camera.fov / 2) * Math.PI) / 180) * camera.aspect;
    const pxPerM = this.width / (2 * tanX);
    const lens = this.lens;
    const P = this.positions;
    const S = this.shape;
    const e0 = Math.exp(-C[1] / a.fogHeightM);
    let k = 0;
    for (let i = 0; i < frame.count; i++) {
      const o = i * 3;
      const ax = frame.start[o], ay = frame.start[o + 1], az = frame.start[o + 2];
      const bx = frame.end[o], by = frame.end[o + 1], bz = frame.end[o + 2];
      const vx = (ax + bx) / 2 - C[0], vy = (ay + by) / 2 - C[1], vz = (az + bz) / 2 - C[2];
      const z = vx * fwd[0] + vy * fwd[1] + vz * fwd[2];
      if (z < camera.near) continue;
      const pm = z / pxPerM; // metres per pixel at this depth
      const r = frame.diameterM[i] / 2;
      let R = Math.max(r, MIN_RADIUS_PX * pm);
      if (lens) {
        const cocM = (cocPixels(z, lens, this.width) / 2) * pm;
        R = Math.min(Math.sqrt(R * R + cocM * cocM), Math.max(R, MAX_BOKEH_RADIUS_PX * pm));
      }
      let alpha = FLAKE_OPACITY * frame.weight[i] * (r / R) ** 2;
      if (alpha > MAX_ALPHA) {
        // A far flake standing for many: it grows to at most FAR_RADIUS_PX; the coverage it
        // cannot carry is the haze's (the fog is the unresolved snow).
        const grown = Math.min(R * Math.sqrt(alpha / MAX_ALPHA), Math.max(R, FAR_RADIUS_PX * pm));
        alpha = Math.min(frame.weight[i] > 1 ? MAX_FAR_ALPHA : MAX_ALPHA, alpha * (R / grown) ** 2);
        R = grown;
      }
      // Along: the streak projected on the plane facing the camera; side: across it.
      const vl = Math.sqrt(vx * vx + vy * vy + vz * vz);
      const nx = vx / vl, ny = vy / vl, nz = vz / vl;
      let sx = bx - ax, sy = by - ay, sz = bz - az;
      const dot = sx * nx + sy * ny + sz * nz;
      sx -= dot * nx;
      sy -= dot * ny;
      sz -= dot * nz;
      const L = Math.sqrt(sx * sx + sy * sy + sz * sz);
      let cx: number, cy: number, cz: number;
      if (L > 1e-4 * R) {
        sx /= L;
        sy /= L;
        sz /= L;
        cx = sy * nz - sz * ny;
        cy = sz * nx - sx * nz;
        cz = sx * ny - sy * nx;
      } else {
        sx = right[0];
        sy = right[1];
        sz = right[2];
        cx = up[0];
        cy = up[1];
        cz = up[2];
      }
      alpha *= (2 * R) / (2 * R + L);
      // Faded by the fog between the camera and the flake's middle.
      alpha *= fogTransmittanceRise(a, e0, C[1] + vy, vy, vl);
      if (alpha < 1e-4) continue;
      const hl = L / (2 * R);
      const p = k * 12;
      const ex = sx * R, ey = sy * R, ez = sz * R;
      const qx = cx * R, qy = cy * R, qz = cz * R;
      // Corners: start − along ± side, end + along ± side (the projected streak ends).
      const a0x = ax - ex, a0y = ay - ey, a0z = az - ez;
      const b0x = bx + ex, b0y = by + ey, b0z = bz + ez;
      P[p] = a0x - qx; P[p + 1] = a0y - qy; P[p + 2] = a0z - qz;
      P[p + 3] = a0x + qx; P[p + 4] = a0y + qy; P[p + 5] = a0z + qz;
      P[p + 6] = b0x - qx; P[p + 7] = b0y - qy; P[p + 8] = b0z - qz;
      P[p + 9] = b0x + qx; P[p + 10] = b0y + qy; P[p + 11] = b0z + qz;
      // Per corner: (along, side, half length, alpha), along ±(hl + 1), side ±1.
      const s = k * 16;
      const u = hl + 1;
      S[s] = -u; S[s + 1] = -1; S[s + 2] = hl; S[s + 3] = alpha;
      S[s + 4] = -u; S[s + 5] = 1; S[s + 6] = hl; S[s + 7] = alpha;
      S[s + 8] = u; S[s + 9] = -1; S[s + 10] = hl; S[s + 11] = alpha;
      S[s + 12] = u; S[s + 13] = 1; S[s + 14] = hl; S[s + 15] = alpha;
      k++;
    }
    const pos = this.geometry.getAttribute('position') as THREE.BufferAttribute;
    const shp = this.geometry.getAttribute('flake') as THREE.BufferAttribute;
    for (const attr of [pos, shp]) {
      attr.clearUpdateRanges();
      attr.addUpdateRange(0, Math.max(1, k * 4) * attr.itemSize);
      attr.needsUpdate = true;
    }
    this.geometry.setDrawRange(0, k * 6);
    this.drawn = k;
  }

  /** Quads drawn by the last update. */
  drawn = 0;
  /** Of the last update's flake colour, the share the flakes emit (luminous snow's glow; 0 otherwise). */
  emissionShare = 0;
}

/** Circle-of-confusion diameter in pixels of a point at distance z (thin lens). */
export function cocPixels(z: number, lens: SnowLens, imageWidth: number): number {
  if (!(z > 0)) return 0;
  const f = lens.focalMm / 1000;
  const zf = Math.max(lens.focusDistanceM, f * 1.001);
  const cocM = ((f / lens.fStop) * f * Math.abs(z - zf)) / (z * (zf - f));
  return (cocM * 1000 * imageWidth) / lens.sensorWidthMm;
}
