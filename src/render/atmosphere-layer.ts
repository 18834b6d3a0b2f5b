import * as THREE from 'three/webgpu';
import type { Node } from 'three/webgpu';
import { abs, cameraPosition, exp, float, fog, normalWorld, positionWorld, select, smoothstep, uniform, vec3 } from 'three/tsl';
import type { AtmosphereDoc } from '../weather/atmosphere.js';
import type { ThreeSceneParts } from './three-scene.js';

/**
 * The look's atmosphere on the beauty scene: exponential height fog (the exact integral of
 * σ0·e^(−y/H) from the camera to each pixel's surface, the same formula as
 * `fogTransmittance`), an overcast that greys the sky (a dome blended over it), dims the sun
 * and raises the sky light.
 */
export function applyAtmosphere(parts: ThreeSceneParts, a: AtmosphereDoc): void {
  const scene = parts.beautyScene;
  parts.sun.intensity *= a.sunScale;
  scene.traverse((o) => {
    if ((o as THREE.HemisphereLight).isHemisphereLight) (o as THREE.HemisphereLight).intensity *= a.skyLightScale;
  });
  const color = new THREE.Color(a.fogColor[0], a.fogColor[1], a.fogColor[2]);
  if (a.overcast > 0) {
    const domeMat = new THREE.MeshBasicNodeMaterial({ side: THREE.BackSide, transparent: true, depthWrite: false });
    domeMat.colorNode = vec3(color.r * 1.1, color.g * 1.1, color.b * 1.1);
    domeMat.opacityNode = float(Math.min(1, a.overcast));
    // Fogged like everything else: at the horizon the dome is the haze's colour, no seam.
    const dome = new THREE.Mesh(new THREE.SphereGeometry(3000, 32, 16), domeMat);
    dome.renderOrder = -1;
    dome.frustumCulled = false;
    scene.add(dome);
  }
  if (a.fogDensityPerM > 0) {
    const sigma = uniform(a.fogDensityPerM);
    const H = uniform(a.fogHeightM);
    const d = positionWorld.sub(cameraPosition);
    const dist = d.length();
    const e0 = exp(cameraPosition.y.negate().div(H));
    const e1 = exp(positionWorld.y.negate().div(H));
    const od = select(abs(d.y).greaterThan(0.01), sigma.mul(dist).mul(H).mul(e0.sub(e1)).div(d.y), sigma.mul(dist).mul(e0));
    const factor = float(1).sub(exp(od.max(0).negate()));
    scene.fogNode = fog(vec3(color.r, color.g, color.b), factor);
    FOG_FACTOR.set(scene, factor);
  }
}

const FOG_FACTOR = new WeakMap<THREE.Scene, Node>();

/** The scene's height fog with a black colour (it only dims: for light emitted inside it), or null without fog. */
export function blackFog(scene: THREE.Scene): Node | null {
  const factor = FOG_FACTOR.get(scene);
  return factor ? fog(vec3(0, 0, 0), factor) : null;
}

/**
 * Accumulated snow: upward faces of the pieces whiten with `cover` (a copy of the pieces drawn
 * over them in white where the world normal points up), and so does the ground.
 */
export class SnowCover {
  private readonly cover = uniform(0);

  constructor(parts: ThreeSceneParts) {
    const mat = new THREE.MeshStandardNodeMaterial({ color: new THREE.Color(0.82, 0.84, 0.88), roughness: 0.85, transparent: true, depthWrite: false });
    mat.opacityNode = this.cover.mul(smoothstep(0.35, 0.8, normalWorld.y));
    mat.depthFunc = THREE.LessEqualDepth;
    mat.polygonOffset = true;
    mat.polygonOffsetFactor = -1;
    mat.polygonOffsetUnits = -1;
    const overlay = parts.makeBatch(mat);
    overlay.receiveShadow = true;
    parts.followers.push(overlay);
    parts.beautyScene.add(overlay);
    if (parts.ground.parent === parts.beautyScene) {
      const ground = new THREE.Mesh(parts.ground.geometry, mat);
      ground.position.copy(parts.ground.position);
      ground.receiveShadow = true;
      parts.beautyScene.add(ground);
    }
  }

  update(cover: number): void {
    this.cover.value = cover;
  }
}
