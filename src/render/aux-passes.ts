import * as THREE from 'three/webgpu';
import { normalView, positionView, vec3 } from 'three/tsl';
import type { ThreeSceneParts } from './three-scene.js';

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
