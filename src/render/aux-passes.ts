import * as THREE from 'three/webgpu';
import { normalView, positionView, vec3 } from 'three/tsl';
import type { ThreeSceneParts } from './three-scene.js';
import type { FramePasses } from './frame-passes.js';
import type { PassName } from '../spec/schema.js';

/** Which GPU renders a set of passes needs. */
export function plannedRenders(passes: readonly PassName[]) {
  const has = (p: PassName) => passes.includes(p);
  return {
    id: has('id') || has('alpha') || has('motion'),
    geometry: has('depth') || has('normal') || has('motion'),
    shadow: has('shadow'),
  };
}

/**
 * The scenes behind the data passes. Geometry: pieces and ground drawn with a material that
 * writes Z in metres, then one that writes the camera-space normal, into a float target. Shadow catcher: the ground
 * alone, drawn with a shadow-only material over white, the pieces casting but not drawn.
 */
export interface AuxScenes {
  /** Rendered twice: with `depthMaterial` (R = Z, metres) and `normalMaterial` (RGB = normal). */
  geometryScene: THREE.Scene | null;
  depthMaterial: THREE.Material;
  normalMaterial: THREE.Material;
  shadowScene: THREE.Scene | null;
}

export function buildAuxScenes(parts: ThreeSceneParts, wantGeometry: boolean, wantShadow: boolean): AuxScenes {
  // Two materials, not one: on Dawn's GLES backend a material that reads both positionView
  // and normalView gets its varyings mixed up (measured: Z came out 4.8 m instead of 19.8 m).
  const depthMaterial = new THREE.MeshBasicNodeMaterial();
  depthMaterial.colorNode = vec3(positionView.z.negate(), 0, 0);
  const normalMaterial = new THREE.MeshBasicNodeMaterial();
  normalMaterial.colorNode = normalView;
  let geometryScene: THREE.Scene | null = null;
  if (wantGeometry) {
    geometryScene = new THREE.Scene();
    geometryScene.background = new THREE.Color(0, 0, 0);
    const ground = new THREE.Mesh(parts.ground.geometry, depthMaterial);
    ground.position.copy(parts.ground.position);
    const pieces = parts.makeBatch(depthMaterial);
    parts.followers.push(pieces);
    geometryScene.add(ground, pieces);
  }
  let shadowScene: THREE.Scene | null = null;
  if (wantShadow) {
    shadowScene = new THREE.Scene();
    shadowScene.background = new THREE.Color(1, 1, 1);
    const sun = parts.sun.clone();
    sun.target = parts.sun.target.clone();
    shadowScene.add(sun, sun.target);
    const catcher = new THREE.Mesh(parts.ground.geometry, new THREE.ShadowNodeMaterial({ color: 0x000000 }));
    catcher.position.copy(parts.ground.position);
    catcher.receiveShadow = true;
    const casters = parts.makeBatch(new THREE.MeshBasicMaterial({ colorWrite: false, depthWrite: false }));
    casters.castShadow = true;
    parts.followers.push(casters);
    shadowScene.add(catcher, casters);
  }
  return { geometryScene, depthMaterial, normalMaterial, shadowScene };
}

/**
 * Renders and reads back the geometry passes (Z, normal; motion from Z through `motion`, when
 * asked) and the shadow catcher into `out`, as `plan` says. `renderFloat` draws a scene into
 * the float target and reads it back (RGBA, a fresh array).
 */
export async function readAuxPasses(
  aux: AuxScenes,
  plan: { geometry: boolean; shadow: boolean },
  want: (p: PassName) => boolean,
  renderFloat: (scene: THREE.Scene) => Promise<Float32Array>,
  out: FramePasses,
  motion: (depth: Float32Array) => Float32Array,
): Promise<void> {
  const n = out.width * out.height;
  if (plan.geometry && aux.geometryScene) {
    const scene = aux.geometryScene;
    scene.overrideMaterial = aux.depthMaterial;
    const raw = await renderFloat(scene);
    const depth = new Float32Array(n);
    for (let i = 0; i < n; i++) depth[i] = raw[i * 4];
    if (want('depth')) out.depth = depth;
    if (want('normal')) {
      scene.overrideMaterial = aux.normalMaterial;
      const rawN = await renderFloat(scene);
      const normal = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) normal.set([rawN[i * 4], rawN[i * 4 + 1], rawN[i * 4 + 2]], i * 3);
      out.normal = normal;
    }
    if (want('motion')) out.motion = motion(depth);
  }
  if (plan.shadow && aux.shadowScene) {
    const raw = await renderFloat(aux.shadowScene);
    const shadow = new Float32Array(n);
    for (let i = 0; i < n; i++) shadow[i] = raw[i * 4];
    out.shadow = shadow;
  }
}
