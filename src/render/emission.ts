import * as THREE from 'three/webgpu';
import type { Node } from 'three/webgpu';
import { blackFog } from './atmosphere-layer.js';

/**
 * The emission pass: the light the scene gives off by itself, scene-linear RGB, as it reaches
 * the camera in the final beauty (held out by whatever is in front, dimmed by the fog), black
 * where nothing emits. Two sources:
 *
 * - luminous snow: its flakes are drawn at (1 + 3·glow) times the light they reflect, so a
 *   share 3·glow / (1 + 3·glow) of the premultiplied snow pass is their own glow (no extra
 *   render);
 * - emissive materials (an emissive colour, map or node on a lit material of the beauty): only
 *   when the scene has one, the beauty is drawn again with every light at zero, the unlit
 *   backdrops (sky, overcast dome) hidden and the fog black, which leaves the emitted light.
 *
 * Emissive surfaces are held out by the dust (its alpha), the flakes' glow is not (the snow
 * goes over the dust). The sky is a backdrop, not an emitter here. Not included: camera shake
 * (the pipeline shifts the beauty after the render; the snow and this pass stay put).
 */
export class EmissionPass {
  private fog: Node | null | undefined;

  constructor(private readonly scene: THREE.Scene) {}

  /** Whether a lit material in the scene emits. */
  hasEmitters(): boolean {
    let found = false;
    this.scene.traverseVisible((o) => {
      if (found) return;
      const mat = (o as THREE.Mesh).material as THREE.Material | THREE.Material[] | undefined;
      for (const m of Array.isArray(mat) ? mat : mat ? [mat] : []) if (emits(m)) found = true;
    });
    return found;
  }

  /**
   * Runs `draw` (a render of the scene) with only the emitted light, then puts the scene back.
   * `newFrame` starts a new node frame (light uniforms update once per frame), before and after.
   */
  async emittedOnly(draw: () => Promise<Float32Array>, newFrame: () => void): Promise<Float32Array> {
    const lights: [THREE.Light, number][] = [];
    const hidden: THREE.Object3D[] = [];
    this.scene.traverseVisible((o) => {
      const light = o as THREE.Light;
      if (light.isLight) lights.push([light, light.intensity]);
      const mat = (o as THREE.Mesh).material as THREE.Material | undefined;
      if (mat && !Array.isArray(mat) && !(mat as THREE.NodeMaterial).lights) hidden.push(o);
    });
    if (this.fog === undefined) this.fog = blackFog(this.scene);
    const fog = this.scene.fogNode;
    for (const [l] of lights) l.intensity = 0;
    for (const o of hidden) o.visible = false;
    if (this.fog) this.scene.fogNode = this.fog;
    newFrame();
    try {
      return await draw();
    } finally {
      for (const [l, i] of lights) l.intensity = i;
      for (const o of hidden) o.visible = true;
      this.scene.fogNode = fog;
      newFrame();
    }
  }
}

function emits(m: THREE.Material): boolean {
  const s = m as THREE.MeshStandardNodeMaterial;
  if (!(s as unknown as THREE.NodeMaterial).lights) return false;
  if (s.emissiveNode) return true;
  const e = s.emissive as THREE.Color | undefined;
  return !!e && (s.emissiveIntensity ?? 1) > 0 && (e.r > 0 || e.g > 0 || e.b > 0);
}

/**
 * Emission RGB (3 floats per pixel) of `n` pixels, composited as the pipeline lays the layers
 * (dust over the beauty, snow over both): `surfaces` (RGBA, from `emittedOnly`; null when
 * nothing emits) behind `dust` (premultiplied RGBA, its alpha hides them), plus `snow`
 * (premultiplied RGBA) × `snowShare`.
 */
export function emissionRgb(
  n: number,
  surfaces: Float32Array | null,
  dust: Float32Array | null | undefined,
  snow: Float32Array | null | undefined,
  snowShare: number,
): Float32Array {
  const out = new Float32Array(n * 3);
  if (surfaces) {
    for (let i = 0, j = 0; i < n * 4; i += 4, j += 3) {
      const t = dust ? 1 - dust[i + 3] : 1;
      out[j] = Math.max(0, surfaces[i]) * t;
      out[j + 1] = Math.max(0, surfaces[i + 1]) * t;
      out[j + 2] = Math.max(0, surfaces[i + 2]) * t;
    }
  }
  if (snow && snowShare > 0) {
    for (let i = 0, j = 0; i < n * 4; i += 4, j += 3) {
      out[j] += snow[i] * snowShare;
      out[j + 1] += snow[i + 1] * snowShare;
      out[j + 2] += snow[i + 2] * snowShare;
    }
  }
  return out;
}
