import * as THREE from 'three/webgpu';
import type { Node } from 'three/webgpu';
import { Fn, all, float, greaterThanEqual, lessThanEqual, positionWorld, select, vec2, texture3D, uniform, vec3 } from 'three/tsl';
import type { DustVolumeFrame } from '../dust/dust-frame.js';

/**
 * The dust cloud's shadow on the beauty: the sun's direct light on every lit node material
 * (pieces, ground, debris, snow cover) is multiplied — through `receivedShadowNode`, after the
 * sun's shadow map — by the sun's transmittance through the cloud at the fragment, the G channel
 * (T^¼) of the dust layer's 3D texture to the 4th power; 1 outside the grid and in frames without
 * dust. The sky light is untouched.
 *
 * The texture node is this pass's own (not a clone of the layer's march node) and is pointed at
 * the layer's current texture each frame (`update`), so a texture replaced when the grid's dims
 * change is the one bound.
 */
export class DustShadow {
  private readonly u = {
    originM: uniform(new THREE.Vector3()),
    extentM: uniform(new THREE.Vector3(1, 1, 1)),
    /** 1 while the current frame has dust, else 0 (the factor is then exactly 1). */
    on: uniform(0),
  };
  private readonly volumeNode: ReturnType<typeof texture3D>;
  /** The factor multiplying the sun's shadow (float node, per fragment). */
  readonly factor: Node<'float'>;
  private readonly received: NonNullable<THREE.NodeMaterial['receivedShadowNode']>;

  constructor(initial: THREE.Data3DTexture) {
    const u = this.u;
    this.volumeNode = texture3D(initial, vec3(0), float(0));
    this.factor = Fn(() => {
      const uvw = positionWorld.sub(u.originM).div(u.extentM).toVar();
      // Below the grid (the ground is its floor: y = 0 up to rounding) the bottom cells' light
      // reaches the surface; beside or above it no dust is modelled: transmittance 1.
      const inside = all(greaterThanEqual(uvw.xz, vec2(0))).and(all(lessThanEqual(uvw, vec3(1)))).and(u.on.greaterThan(0.5));
      const g = this.volumeNode.sample(uvw.clamp(0, 1)).level(float(0)).g;
      const g2 = g.mul(g);
      return select(inside, g2.mul(g2), float(1));
    })() as Node<'float'>;
    const factor = this.factor;
    this.received = Fn(([shadow]: [Node<'float'>]) => shadow.mul(factor)) as unknown as typeof this.received;
  }

  /** Sets `receivedShadowNode` on every lit node material of `scene` (call again after adding materials). */
  applyTo(scene: THREE.Object3D): number {
    let n = 0;
    scene.traverse((o) => {
      const mat = (o as THREE.Mesh).material as THREE.NodeMaterial | THREE.NodeMaterial[] | undefined;
      for (const m of Array.isArray(mat) ? mat : mat ? [mat] : []) {
        if (!m.isNodeMaterial || !m.lights || m.receivedShadowNode === this.received) continue;
        m.receivedShadowNode = this.received;
        m.needsUpdate = true;
        n++;
      }
    });
    return n;
  }

  /** This frame's grid: `volume` is the layer's texture, already holding the frame (null: no dust, no shadow). */
  update(frame: DustVolumeFrame | null, volume: THREE.Data3DTexture): void {
    const u = this.u;
    if (!frame) {
      u.on.value = 0;
      return;
    }
    const [nx, ny, nz] = frame.dims;
    const c = frame.cellM;
    u.originM.value.set(...frame.originM);
    u.extentM.value.set(nx * c, ny * c, nz * c);
    this.volumeNode.value = volume;
    u.on.value = 1;
  }
}
