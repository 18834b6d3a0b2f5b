import * as THREE from 'three/webgpu';
import { SkyMesh } from 'three/addons/objects/SkyMesh.js';
import type { FracturedDoc, Piece } from '../fracture/fractured-doc.js';
import type { MemberKind } from '../scene/scene-doc.js';
import { FLOATS_PER_PIECE } from '../simulate/sim-cache.js';

/** Base albedo (linear) of concrete by member kind; each piece varies a little around it. */
const KIND_ALBEDO: Record<MemberKind, [number, number, number]> = {
  slab: [0.36, 0.35, 0.33],
  column: [0.42, 0.41, 0.39],
  spandrel: [0.55, 0.53, 0.5],
  pier: [0.5, 0.49, 0.46],
};

export interface ThreeSceneParts {
  beautyScene: THREE.Scene;
  idScene: THREE.Scene;
  camera: THREE.PerspectiveCamera;
  pieces: THREE.InstancedMesh;
  idPieces: THREE.InstancedMesh;
  sun: THREE.DirectionalLight;
}

/** Deterministic per-piece tint from its index (no RNG needed: it is a pure hash). */
function tint(index: number): number {
  let h = (index + 1) * 0x9e3779b1;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return 0.9 + 0.2 * ((h >>> 0) / 4294967296);
}

/** Builds the three.js scenes (beauty and object id) for a fractured document. */
export function buildThreeScene(doc: FracturedDoc): ThreeSceneParts {
  const { scene } = doc;
  const beautyScene = new THREE.Scene();
  const idScene = new THREE.Scene();
  idScene.background = new THREE.Color(0, 0, 0);

  const cam = scene.camera;
  const camera = new THREE.PerspectiveCamera(cam.verticalFovDeg, cam.aspect, cam.nearM, cam.farM);
  camera.position.set(...cam.positionM);
  camera.lookAt(new THREE.Vector3(...cam.lookAtM));
  camera.updateMatrixWorld(true);

  // Sky (Preetham model, clouds frozen so frames do not depend on a clock) and sun.
  const sky = new SkyMesh();
  sky.scale.setScalar(4000);
  sky.turbidity.value = 4;
  sky.rayleigh.value = 1.2;
  sky.cloudSpeed.value = 0;
  sky.cloudCoverage.value = 0.25;
  const sunDir = new THREE.Vector3(...scene.sun.direction).normalize();
  sky.sunPosition.value.copy(sunDir);
  beautyScene.add(sky);

  const { min, max } = scene.boundsM;
  const center = new THREE.Vector3((min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2);
  const radius = Math.max(20, new THREE.Vector3(max[0] - min[0], max[1] - min[1], max[2] - min[2]).length() / 2 + 25);
  const sun = new THREE.DirectionalLight(new THREE.Color(1.0, 0.95, 0.86), scene.sun.intensity);
  sun.position.copy(center).addScaledVector(sunDir, radius * 2);
  sun.target.position.copy(center);
  sun.castShadow = true;
  sun.shadow.mapSize.set(2048, 2048);
  sun.shadow.bias = -0.0005;
  sun.shadow.normalBias = 0.02;
  Object.assign(sun.shadow.camera, { left: -radius, right: radius, top: radius, bottom: -radius, near: 1, far: radius * 4 });
  beautyScene.add(sun, sun.target);
  beautyScene.add(new THREE.HemisphereLight(new THREE.Color(0.55, 0.65, 0.85), new THREE.Color(0.25, 0.22, 0.2), 0.9));

  const ground = new THREE.Mesh(
    new THREE.PlaneGeometry(scene.ground.sizeM, scene.ground.sizeM).rotateX(-Math.PI / 2),
    new THREE.MeshStandardMaterial({ color: new THREE.Color(0.09, 0.09, 0.095), roughness: 0.95 }),
  );
  ground.position.y = scene.ground.topY;
  ground.receiveShadow = true;
  beautyScene.add(ground);

  const box = new THREE.BoxGeometry(1, 1, 1);
  const count = Math.max(1, doc.pieces.length);
  const pieces = new THREE.InstancedMesh(box, new THREE.MeshStandardMaterial({ color: 0xffffff, roughness: 0.92 }), count);
  pieces.castShadow = true;
  pieces.receiveShadow = true;
  pieces.frustumCulled = false;
  const colors = new Float32Array(count * 3);
  const ids = new Float32Array(count * 3);
  doc.pieces.forEach((p: Piece) => {
    const k = tint(p.index);
    const a = KIND_ALBEDO[p.kind];
    colors.set([a[0] * k, a[1] * k, a[2] * k], p.index * 3);
    ids[p.index * 3] = p.index + 1;
  });
  pieces.instanceColor = new THREE.InstancedBufferAttribute(colors, 3);
  pieces.count = doc.pieces.length;
  beautyScene.add(pieces);

  const idPieces = new THREE.InstancedMesh(box, new THREE.MeshBasicMaterial({ color: 0xffffff }), count);
  idPieces.instanceMatrix = pieces.instanceMatrix;
  idPieces.instanceColor = new THREE.InstancedBufferAttribute(ids, 3);
  idPieces.count = doc.pieces.length;
  idPieces.frustumCulled = false;
  idScene.add(idPieces);

  return { beautyScene, idScene, camera, pieces, idPieces, sun };
}

const m = new THREE.Matrix4();
const q = new THREE.Quaternion();
const p = new THREE.Vector3();
const s = new THREE.Vector3();

/** Poses the instanced pieces from one simulation frame. */
export function applyPieceStates(parts: ThreeSceneParts, doc: FracturedDoc, state: Float32Array): void {
  for (const piece of doc.pieces) {
    const o = piece.index * FLOATS_PER_PIECE;
    p.set(state[o], state[o + 1], state[o + 2]);
    q.set(state[o + 3], state[o + 4], state[o + 5], state[o + 6]);
    s.set(piece.sizeM[0], piece.sizeM[1], piece.sizeM[2]);
    m.compose(p, q, s);
    parts.pieces.setMatrixAt(piece.index, m);
  }
  parts.pieces.instanceMatrix.needsUpdate = true;
}
