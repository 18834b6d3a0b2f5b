import * as THREE from 'three/webgpu';
import { attribute, float, max, positionView, smoothstep, vec2, vec3 } from 'three/tsl';
import type { ThreeSceneParts } from './three-scene.js';
import type { SnowLayer } from './snow-layer.js';

/**
 * The meshes that draw the snow layer's quads (SnowLayer.geometry), in one of two ways:
 * - **carried** (`CarriedSnow`, where the device blends 32-bit floats): in the object-id
 *   render itself, after the pieces, so the pieces' depth already holds the flakes out and the
 *   id pass's float read-back brings the snow back with it: no clear, occluders or read-back of
 *   its own. The id target's channels are R = id, G = coverage, B = 0, A = the nearest
 *   flake's Z;
 * - **separate** (`SeparateSnowScene`): a scene of its own with a depth-only copy of the
 *   pieces and the ground, drawn into an RGBA target (premultiplied colour, then a second draw
 *   for Z).
 * Both draw every quad once (`forceSinglePass`: three would draw a transparent double-sided
 * mesh twice, back faces then front faces).
 */

/** A flake's capsule mask from its per-corner (along, side, half length, alpha): 1 in the core, 0 from the rim out. */
function flakeShape() {
  const f = attribute('flake', 'vec4');
  const d = vec2(max(f.x.abs().sub(f.z), 0), f.y).length();
  return { alpha: f.w, mask: float(1).sub(smoothstep(0.55, 1.0, d)) };
}

function flakeMesh(geometry: THREE.BufferGeometry, material: THREE.MeshBasicNodeMaterial, renderOrder: number): THREE.Mesh {
  material.side = THREE.DoubleSide;
  material.forceSinglePass = true;
  material.fog = false;
  const m = new THREE.Mesh(geometry, material);
  m.frustumCulled = false;
  m.renderOrder = renderOrder;
  m.visible = false;
  return m;
}

/** The nearest flake's Z: drawn where the mask is over one half, depth written. */
function depthMaterial(mask: ReturnType<typeof flakeShape>['mask']): THREE.MeshBasicNodeMaterial {
  const m = new THREE.MeshBasicNodeMaterial();
  m.maskNode = mask.greaterThan(0.5);
  return m;
}

/** The ground as a depth-only mesh (it holds flakes out like the pieces do). */
function groundOccluder(parts: ThreeSceneParts): THREE.Mesh {
  const ground = new THREE.Mesh(parts.ground.geometry, new THREE.MeshBasicMaterial({ colorWrite: false }));
  ground.position.copy(parts.ground.position);
  return ground;
}

/**
 * The flakes drawn in the id scene (`parts.idScene`, whose pieces write alpha 0 over a clear of
 * transparent black). Coverage into G: colour (0, a, 0) blended with (One, OneMinusSrcColor),
 * so R and B keep the id and G = a + G·(1 − a), the very sum the premultiplied pass's alpha is;
 * alpha untouched. Then Z into A: alpha blended with (One, Zero) where the mask holds and the
 * depth test passes (the flake is the nearest so far), colour untouched.
 */
export class CarriedSnow {
  private readonly flakes: THREE.Mesh;
  private readonly depthFlakes: THREE.Mesh;

  constructor(parts: ThreeSceneParts, geometry: THREE.BufferGeometry) {
    const { alpha, mask } = flakeShape();
    const a = mask.mul(alpha);
    const cover = new THREE.MeshBasicNodeMaterial({ transparent: true, depthWrite: false, depthTest: true });
    cover.colorNode = vec3(0, a, 0);
    cover.toneMapped = false;
    Object.assign(cover, {
      blending: THREE.CustomBlending,
      blendEquation: THREE.AddEquation,
      blendSrc: THREE.OneFactor,
      blendDst: THREE.OneMinusSrcColorFactor,
      blendEquationAlpha: THREE.AddEquation,
      blendSrcAlpha: THREE.ZeroFactor,
      blendDstAlpha: THREE.OneFactor,
    });
    const depth = depthMaterial(mask);
    depth.colorNode = vec3(0, 0, 0);
    depth.opacityNode = positionView.z.negate();
    // Transparent (drawn after the coverage, in renderOrder) but writing depth.
    Object.assign(depth, {
      transparent: true,
      depthWrite: true,
      blending: THREE.CustomBlending,
      blendEquation: THREE.AddEquation,
      blendSrc: THREE.ZeroFactor,
      blendDst: THREE.OneFactor,
      blendEquationAlpha: THREE.AddEquation,
      blendSrcAlpha: THREE.OneFactor,
      blendDstAlpha: THREE.ZeroFactor,
    });
    this.flakes = flakeMesh(geometry, cover, 10);
    this.depthFlakes = flakeMesh(geometry, depth, 11);
    parts.idScene.add(groundOccluder(parts), this.flakes, this.depthFlakes);
  }

  /** Which draws the next id render makes: the coverage (with or without Z), or none (a frame without snow). */
  show(cover: boolean, z: boolean): void {
    this.flakes.visible = cover;
    this.depthFlakes.visible = cover && z;
  }
}

/**
 * From an id render that carried the snow (n pixels, RGBA float): the premultiplied snow
 * (colour × coverage, coverage) and, when `z`, the nearest flake's Z (0 = none).
 */
export function unpackCarriedSnow(raw: Float32Array, n: number, color: THREE.Color, z: boolean): { snow: Float32Array; depth: Float32Array | null } {
  const snow = new Float32Array(n * 4);
  const { r, g, b } = color;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const a = raw[o + 1];
    snow[o] = r * a;
    snow[o + 1] = g * a;
    snow[o + 2] = b * a;
    snow[o + 3] = a;
  }
  if (!z) return { snow, depth: null };
  const depth = new Float32Array(n);
  for (let i = 0; i < n; i++) depth[i] = raw[i * 4 + 3];
  return { snow, depth };
}

/**
 * The flakes in a scene of their own: NormalBlending on transparent black (premultiplied RGBA)
 * behind a depth-only copy of the pieces and the ground, then the nearest flake's Z (into R).
 */
export class SeparateSnowScene {
  readonly scene = new THREE.Scene();
  private readonly flakes: THREE.Mesh;
  private readonly depthFlakes: THREE.Mesh;

  constructor(parts: ThreeSceneParts, geometry: THREE.BufferGeometry, color: SnowLayer['color']) {
    this.scene.background = null;
    const occluders = parts.makeBatch(new THREE.MeshBasicMaterial({ colorWrite: false }));
    parts.followers.push(occluders);
    this.scene.add(groundOccluder(parts), occluders);
    const { alpha, mask } = flakeShape();
    const mat = new THREE.MeshBasicNodeMaterial({ transparent: true, depthWrite: false, depthTest: true });
    mat.colorNode = color;
    mat.opacityNode = mask.mul(alpha);
    mat.toneMapped = false;
    const depth = depthMaterial(mask);
    depth.colorNode = vec3(positionView.z.negate(), 0, 0);
    this.flakes = flakeMesh(geometry, mat, 10);
    this.depthFlakes = flakeMesh(geometry, depth, 10);
    this.scene.add(this.flakes, this.depthFlakes);
  }

  /**
   * The premultiplied flakes and, when `z`, the nearest flake's Z (0 = none). `draw` renders
   * the scene on transparent black and reads it back (RGBA; in full float when `z`).
   */
  async render(draw: (scene: THREE.Scene, z: boolean) => Promise<Float32Array>, z: boolean): Promise<{ snow: Float32Array; snowDepth?: Float32Array }> {
    this.flakes.visible = true;
    this.depthFlakes.visible = false;
    const snow = await draw(this.scene, false);
    if (!z) return { snow };
    this.flakes.visible = false;
    this.depthFlakes.visible = true;
    const raw = await draw(this.scene, true);
    const snowDepth = new Float32Array(raw.length / 4);
    for (let i = 0; i < snowDepth.length; i++) snowDepth[i] = raw[i * 4];
    return { snow, snowDepth };
  }
}
