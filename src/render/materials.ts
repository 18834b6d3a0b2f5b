import * as THREE from 'three/webgpu';
import { float, mx_fractal_noise_float, mx_noise_float, positionWorld, uv, vec3 } from 'three/tsl';

/**
 * Weathered concrete for the pieces: the per-piece albedo (batch colour) and the cut-face
 * tint (vertex colour) times procedural detail. The detail is looked up in each piece's
 * own texture space (box-projected UVs in metres, continuous across a member at rest), so
 * it stays on the surface as pieces fly: large blotches, fine speckle, and dirt streaks
 * that run down the facade.
 */
export function concreteMaterial(): THREE.MeshStandardNodeMaterial {
  const m = new THREE.MeshStandardNodeMaterial({ vertexColors: true });
  const p = vec3(uv().x, uv().y, float(0));
  const blotch = mx_fractal_noise_float(p.mul(0.7), 3, 2.0, 0.5).mul(0.5).add(0.5);
  const speckle = mx_noise_float(p.mul(9.0)).mul(0.5).add(0.5);
  const streaks = mx_noise_float(vec3(uv().x.mul(1.7), uv().y.mul(0.12), float(3.1))).mul(0.5).add(0.5);
  const detail = float(0.62).add(blotch.mul(0.34)).add(speckle.mul(0.14)).sub(streaks.mul(streaks).mul(0.22));
  m.colorNode = vec3(detail, detail, detail);
  m.roughnessNode = float(0.86).add(speckle.mul(0.1));
  m.metalness = 0;
  return m;
}

/** Asphalt with wear: dark, slightly blotchy and grainy, on the static ground (world space). */
export function asphaltMaterial(): THREE.MeshStandardNodeMaterial {
  const m = new THREE.MeshStandardNodeMaterial();
  const p = positionWorld.mul(vec3(1, 0, 1));
  const blotch = mx_fractal_noise_float(p.mul(0.15), 3, 2.0, 0.5).mul(0.5).add(0.5);
  const grain = mx_noise_float(p.mul(14.0)).mul(0.5).add(0.5);
  const v = float(0.075).add(blotch.mul(0.035)).add(grain.mul(0.012));
  m.colorNode = vec3(v, v, v.mul(1.04));
  m.roughnessNode = float(0.9).sub(blotch.mul(0.08));
  m.metalness = 0;
  return m;
}
