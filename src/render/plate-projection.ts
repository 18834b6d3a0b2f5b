import * as THREE from 'three/webgpu';
import { attribute, float, mx_fractal_noise_float, mx_noise_float, texture, uv, vec3 } from 'three/tsl';
import type { Piece } from '../fracture/fractured-doc.js';
import { pieceWorldVertices } from '../fracture/piece-geometry.js';
import type { SceneCamera } from '../scene/scene-doc.js';
import { cameraBasis } from './motion-vectors.js';

/** The plate as the renderer gets it: scene-linear RGBA at the frame size, row 0 at the top. */
export interface PlateImage {
  rgba: Float32Array;
  width: number;
  height: number;
}

/**
 * Per-vertex plate coordinates of a piece: its rest position projected through the shot
 * camera into the frame (u right, v down, 0..1), and whether the face shows the plate
 * (outer faces of a plate-textured building that face the camera; cut and hidden faces get
 * the procedural concrete instead).
 */
export function plateProjection(p: Piece, faceVertexOrder: number[][], cam: SceneCamera, textured: boolean) {
  const b = cameraBasis(cam);
  const world = pieceWorldVertices(p);
  const uvs: number[] = [];
  const mix: number[] = [];
  p.hull.faces.forEach((f, fi) => {
    const pts = faceVertexOrder[fi].map((i) => world[i]);
    // Outward normal by Newell's method, and whether it faces the camera.
    const n = [0, 0, 0];
    for (let k = 0; k < pts.length; k++) {
      const a = pts[k];
      const c = pts[(k + 1) % pts.length];
      n[0] += (a[1] - c[1]) * (a[2] + c[2]);
      n[1] += (a[2] - c[2]) * (a[0] + c[0]);
      n[2] += (a[0] - c[0]) * (a[1] + c[1]);
    }
    const toCam = [b.e[0] - pts[0][0], b.e[1] - pts[0][1], b.e[2] - pts[0][2]];
    const facing = n[0] * toCam[0] + n[1] * toCam[1] + n[2] * toCam[2] > 0;
    const on = textured && !f.interior && facing ? 1 : 0;
    for (const q of pts) {
      const d = [q[0] - b.e[0], q[1] - b.e[1], q[2] - b.e[2]];
      const z = Math.max(1e-6, d[0] * b.f[0] + d[1] * b.f[1] + d[2] * b.f[2]);
      const x = (d[0] * b.r[0] + d[1] * b.r[1] + d[2] * b.r[2]) / (z * b.tanX);
      const y = (d[0] * b.u[0] + d[1] * b.u[1] + d[2] * b.u[2]) / (z * b.tanY);
      uvs.push((x + 1) / 2, (1 - y) / 2);
      mix.push(on);
    }
  });
  return { uvs: Float32Array.from(uvs), mix: Float32Array.from(mix) };
}

/** The plate as a float texture (no mipmaps; nearest-linear sampling in the frame's pixel grid). */
export function plateTexture(plate: PlateImage): THREE.DataTexture {
  const tex = new THREE.DataTexture(plate.rgba, plate.width, plate.height, THREE.RGBAFormat, THREE.FloatType);
  tex.magFilter = THREE.NearestFilter;
  tex.minFilter = THREE.NearestFilter;
  tex.generateMipmaps = false;
  tex.needsUpdate = true;
  return tex;
}

/**
 * Concrete that shows the plate where `plateMix` is 1: the plate's pixels are already lit,
 * so they go out as emission (the pieces carry the real building's look as they fall); the
 * procedural concrete covers cut faces and faces the camera never saw.
 */
export function plateConcreteMaterial(tex: THREE.DataTexture): THREE.MeshStandardNodeMaterial {
  const m = new THREE.MeshStandardNodeMaterial({ vertexColors: true });
  const p = vec3(uv().x, uv().y, float(0));
  const blotch = mx_fractal_noise_float(p.mul(0.7), 3, 2.0, 0.5).mul(0.5).add(0.5);
  const speckle = mx_noise_float(p.mul(9.0)).mul(0.5).add(0.5);
  const detail = float(0.62).add(blotch.mul(0.34)).add(speckle.mul(0.14));
  const on = attribute('plateMix', 'float');
  const off = float(1).sub(on);
  m.colorNode = vec3(detail, detail, detail).mul(off);
  m.emissiveNode = texture(tex, attribute('plateUv', 'vec2')).rgb.mul(on);
  m.roughnessNode = float(0.9);
  m.metalness = 0;
  return m;
}
