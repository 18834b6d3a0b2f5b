import * as THREE from 'three/webgpu';
import type { Node } from 'three/webgpu';
import { cross, dFdx, dFdy, diffuseColor, dot, float, ivec2, luminance, max, mix, normalize, positionView, screenCoordinate, select, texture, uniform, vec4 } from 'three/tsl';
import type { ThreeSceneParts } from './three-scene.js';
import { aoUniforms, filterNode, horizonNode, upsampleNode } from './ambient-occlusion-shaders.js';

/** The occlusion search reaches at most this share of the frame's width on screen (every resolution looks alike). */
const MAX_RADIUS_FRACTION = 0.04;

type Tile = { x: number; y: number; w: number; h: number };

/**
 * Screen-space ambient occlusion of the sky light (GTAO: Jimenez et al. 2016, "Practical
 * Real-Time Strategies for Accurate Indirect Occlusion"), per frame and per tile, from the
 * depth and normal of the same poses (see ambient-occlusion-shaders.ts for the passes):
 *
 * 1. The pieces, ground and debris are drawn into a float target as (Z, view-space normal),
 *    the normal from the derivatives of the view position (the hulls are flat-shaded), over
 *    the tile grown by a margin on every side (the camera's view offset): occluders just
 *    outside a tile or the frame still count, so tiles meet without seams.
 * 2. At every other pixel (half resolution), the horizons within 2 m (at most 4 % of the frame
 *    width on screen) along 3 slices give the cosine-weighted visible sky. Slice rotation and
 *    step jitter follow a 4×4 Bayer pattern of the frame's sample (no random numbers:
 *    deterministic, the same across tiles).
 * 3. A 5×5 filter that keeps to each sample's plane removes the pattern; 4. a 3×3 plane-aware
 *    upsample brings it to full resolution.
 *
 * The beauty's lit materials read the result at their own pixel as `aoNode`, which three.js
 * applies to indirect light only (the hemisphere sky light), never to the sun. A multi-bounce
 * fit (Jimenez et al.) on the surface's albedo gives back the light that bounces inside the
 * crease, so light concrete does not go dirty; `strength` blends towards 1.
 */
export class AmbientOcclusion {
  /** What occludes: the pieces, ground and debris, drawn with `geometryMaterial`. */
  readonly scene = new THREE.Scene();
  /** Writes (Z in metres, view-space normal); for anything else added to `scene` (the debris). */
  readonly geometryMaterial = new THREE.MeshBasicNodeMaterial();
  /** Visibility of the sky (0..1, 1 = open) for the beauty's materials, strength and multi-bounce applied. */
  readonly aoNode: Node<'float'>;
  /** Pixels around a tile the geometry is drawn over. */
  readonly margin: number;
  private readonly targets: THREE.RenderTarget[];
  private readonly quads: THREE.QuadMesh[];
  private readonly u = aoUniforms();
  private readonly strength = uniform(1);

  constructor(parts: ThreeSceneParts, strength: number, frameWidth: number, tileW: number, tileH: number) {
    const maxRadiusPx = Math.max(2, MAX_RADIUS_FRACTION * frameWidth);
    this.u.maxRadiusPx.value = maxRadiusPx;
    this.strength.value = strength;
    // Samples reach 7 pixels outside the tile (borders of the half-resolution passes), plus the radius.
    this.margin = Math.ceil(maxRadiusPx) + 9;
    const m = this.margin;
    const hw = Math.ceil(tileW / 2);
    const hh = Math.ceil(tileH / 2);
    const geometry = new THREE.RenderTarget(tileW + 2 * m, tileH + 2 * m, { type: THREE.FloatType, depthBuffer: true });
    const raw = new THREE.RenderTarget(hw + 8, hh + 8, { type: THREE.FloatType, format: THREE.RGFormat, depthBuffer: false });
    const filtered = new THREE.RenderTarget(hw + 4, hh + 4, { type: THREE.FloatType, format: THREE.RGFormat, depthBuffer: false });
    const ao = new THREE.RenderTarget(tileW, tileH, { type: THREE.HalfFloatType, format: THREE.RedFormat, depthBuffer: false });
    this.targets = [geometry, raw, filtered, ao];
    this.quads = [
      quad(horizonNode(geometry.texture, this.u)),
      quad(filterNode(geometry.texture, raw.texture, this.u)),
      quad(upsampleNode(geometry.texture, filtered.texture, this.u)),
    ];

    this.scene.background = new THREE.Color(0, 0, 0);
    const p = positionView;
    const n0 = normalize(cross(dFdx(p), dFdy(p)));
    this.geometryMaterial.fragmentNode = vec4(p.z.negate(), select(dot(n0, p).greaterThan(0), n0.negate(), n0));
    this.geometryMaterial.fog = false;
    const ground = new THREE.Mesh(parts.ground.geometry, this.geometryMaterial);
    ground.position.copy(parts.ground.position);
    const pieces = parts.makeBatch(this.geometryMaterial);
    parts.followers.push(pieces);
    this.scene.add(ground, pieces);

    const v = vec4(texture(ao.texture).load(ivec2(screenCoordinate.xy))).x;
    // Multi-bounce (Jimenez et al. 2016, eq. 10): light inter-reflected inside the crease.
    const albedo = luminance(diffuseColor.rgb);
    const a = albedo.mul(2.0404).sub(0.3324);
    const b = albedo.mul(-4.7951).add(0.6417);
    const c = albedo.mul(2.7552).add(0.6903);
    const bounced = max(v, v.mul(a).add(b).mul(v).add(c).mul(v));
    this.aoNode = mix(float(1), bounced.min(1), this.strength);
  }

  /**
   * Gives every lit node material in `scene` without one this `aoNode` (the pieces, ground,
   * snow cover and, once they appear, the debris). Returns how many it changed.
   */
  applyTo(scene: THREE.Scene): number {
    let n = 0;
    scene.traverse((o) => {
      const mat = (o as THREE.Mesh).material as THREE.NodeMaterial | THREE.NodeMaterial[] | undefined;
      for (const mm of Array.isArray(mat) ? mat : mat ? [mat] : []) {
        if (!mm.isNodeMaterial || !mm.lights || mm.aoNode === this.aoNode) continue;
        mm.aoNode = this.aoNode;
        mm.needsUpdate = true;
        n++;
      }
    });
    return n;
  }

  /**
   * Renders the occlusion of one tile (the frame pixels `tile`, `frameW`×`frameH` in all) into
   * the texture `aoNode` reads. Leaves `camera` as the beauty needs it: the tile's view
   * offset when `tiled`, none otherwise.
   */
  render(renderer: THREE.WebGPURenderer, camera: THREE.PerspectiveCamera, tile: Tile, frameW: number, frameH: number, tiled: boolean): void {
    const u = this.u;
    const m = this.margin;
    const gw = tile.w + 2 * m;
    const gh = tile.h + 2 * m;
    camera.setViewOffset(frameW, frameH, tile.x - m, tile.y - m, gw, gh);
    const e = camera.projectionMatrix.elements;
    u.proj.value.set(e[0], e[5], e[8], e[9]);
    u.size.value.set(gw, gh);
    u.geometryOrigin.value.set(tile.x - m, tile.y - m);
    u.tileOrigin.value.set(tile.x, tile.y);
    // Half-resolution samples k (at frame pixel 2k) the tile's upsample reads, and the filter's.
    const k0 = [Math.floor(tile.x / 2), Math.floor(tile.y / 2)];
    const k1 = [Math.floor((tile.x + tile.w - 1) / 2), Math.floor((tile.y + tile.h - 1) / 2)];
    u.filteredOrigin.value.set(k0[0] - 1, k0[1] - 1);
    u.rawOrigin.value.set(k0[0] - 3, k0[1] - 3);
    const [geometry, raw, filtered, ao] = this.targets;
    const draws: [THREE.RenderTarget, number, number, THREE.QuadMesh | null][] = [
      [geometry, gw, gh, null],
      [raw, k1[0] - k0[0] + 7, k1[1] - k0[1] + 7, this.quads[0]],
      [filtered, k1[0] - k0[0] + 3, k1[1] - k0[1] + 3, this.quads[1]],
      [ao, tile.w, tile.h, this.quads[2]],
    ];
    for (const [target, w, h, q] of draws) {
      renderer.setRenderTarget(target);
      renderer.setViewport(0, 0, w, h);
      if (q) q.render(renderer);
      else {
        renderer.render(this.scene, camera);
        if (tiled) camera.setViewOffset(frameW, frameH, tile.x, tile.y, tile.w, tile.h);
        else camera.clearViewOffset();
      }
    }
  }

  dispose(): void {
    for (const t of this.targets) t.dispose();
    for (const q of this.quads) (q.material as THREE.Material).dispose();
  }
}

function quad(fragment: Node<'vec4'>): THREE.QuadMesh {
  const mat = new THREE.NodeMaterial();
  mat.fragmentNode = fragment;
  mat.depthTest = false;
  mat.depthWrite = false;
  mat.blending = THREE.NoBlending;
  mat.toneMapped = false;
  mat.fog = false;
  return new THREE.QuadMesh(mat);
}
