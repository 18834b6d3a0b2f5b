import * as THREE from 'three/webgpu';
import { SkyMesh } from 'three/addons/objects/SkyMesh.js';
import type { FracturedDoc, Piece } from '../fracture/fractured-doc.js';
import { pieceMesh } from '../fracture/piece-mesh.js';
import { asphaltMaterial, concreteMaterial } from './materials.js';
import { plateConcreteMaterial, plateProjection, plateTexture } from './plate-projection.js';
import type { PlateImage } from './plate-projection.js';
import type { MemberKind } from '../scene/scene-doc.js';
import type { MaterialName } from '../core/units.js';
import { FLOATS_PER_PIECE } from '../simulate/sim-cache.js';

/** Base albedo (linear) by material, and a shade per member kind on top of it. */
const MATERIAL_ALBEDO: Record<MaterialName, [number, number, number]> = {
  concrete: [0.42, 0.41, 0.385],
  brick: [0.36, 0.16, 0.1],
  glass: [0.05, 0.07, 0.09],
  steel: [0.18, 0.19, 0.2],
};
/** Interior partitions are plastered. */
const PLASTER_ALBEDO: [number, number, number] = [0.42, 0.4, 0.37];
const KIND_SHADE: Record<MemberKind, number> = {
  slab: 0.72,
  column: 0.84,
  spandrel: 1.1,
  pier: 1.0,
  panel: 1.2,
  partition: 1.3,
  glass: 1.0,
  mullion: 1.0,
  balcony: 1.05,
  parapet: 1.05,
  'roof-unit': 0.9,
  imported: 1.0,
};

export interface ThreeSceneParts {
  beautyScene: THREE.Scene;
  idScene: THREE.Scene;
  camera: THREE.PerspectiveCamera;
  pieces: THREE.BatchedMesh;
  idPieces: THREE.BatchedMesh;
  sun: THREE.DirectionalLight;
  ground: THREE.Mesh;
  /** A new batch of every piece (same geometry and order) with another material. */
  makeBatch(material: THREE.Material): THREE.BatchedMesh;
  /** Batches that follow the pieces' poses besides `pieces` and `idPieces`. */
  followers: THREE.BatchedMesh[];
}

/** Deterministic per-piece tint from its index (no RNG needed: it is a pure hash). */
function tint(index: number): number {
  let h = (index + 1) * 0x9e3779b1;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return 0.9 + 0.2 * ((h >>> 0) / 4294967296);
}

/** Builds the three.js scenes (beauty and object id) for a fractured document. */
export function buildThreeScene(doc: FracturedDoc, plate: PlateImage | null = null): ThreeSceneParts {
  const { scene } = doc;
  const beautyScene = new THREE.Scene();
  // The id render clears to transparent black and its pieces write alpha 0 (NoBlending, opacity
  // 0): G, B and A stay free for the snow it may carry (snow-draws.ts).
  const idScene = new THREE.Scene();

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
  // Over a plate the CG is rendered alone on transparent black: no sky, no ground.
  if (!scene.plate) beautyScene.add(sky);

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
    asphaltMaterial(),
  );
  ground.position.y = scene.ground.topY;
  ground.receiveShadow = true;
  if (!scene.plate) beautyScene.add(ground);

  const textured = new Set(doc.scene.buildings.filter((b) => b.textureFromPlate).map((b) => b.id));
  const geometries = doc.pieces.map((p) => {
    const g = pieceGeometry(p);
    if (plate) {
      const proj = plateProjection(p, p.hull.faces.map((f) => f.indices), doc.scene.camera, textured.has(p.buildingId));
      g.setAttribute('plateUv', new THREE.BufferAttribute(proj.uvs, 2));
      g.setAttribute('plateMix', new THREE.BufferAttribute(proj.mix, 1));
    }
    return g;
  });
  const vertexCount = geometries.reduce((n, g) => n + g.getAttribute('position').count, 0);
  const indexCount = geometries.reduce((n, g) => n + (g.getIndex()?.count ?? 0), 0);
  const count = Math.max(1, doc.pieces.length);
  const makeBatch = (material: THREE.Material): THREE.BatchedMesh => {
    const batch = new THREE.BatchedMesh(count, Math.max(3, vertexCount), Math.max(3, indexCount), material);
    batch.perObjectFrustumCulled = false;
    batch.sortObjects = false;
    batch.frustumCulled = false;
    for (const g of geometries) batch.addInstance(batch.addGeometry(g));
    return batch;
  };
  const pieces = makeBatch(plate && textured.size ? plateConcreteMaterial(plateTexture(plate)) : concreteMaterial());
  pieces.castShadow = true;
  pieces.receiveShadow = true;
  const idPieces = makeBatch(new THREE.MeshBasicMaterial({ color: 0xffffff, blending: THREE.NoBlending, opacity: 0 }));
  const c = new THREE.Color();
  doc.pieces.forEach((p: Piece) => {
    const k = tint(p.index);
    const a = p.kind === 'partition' ? PLASTER_ALBEDO : MATERIAL_ALBEDO[p.material];
    const shade = KIND_SHADE[p.kind] * (p.material === 'glass' ? 1 : k);
    pieces.setColorAt(p.index, c.setRGB(a[0] * shade, a[1] * shade, a[2] * shade));
    idPieces.setColorAt(p.index, c.setRGB(p.index + 1, 0, 0));
  });
  beautyScene.add(pieces);
  idScene.add(idPieces);

  return { beautyScene, idScene, camera, pieces, idPieces, sun, ground, makeBatch, followers: [] };
}

/** Raw concrete colour of fracture faces relative to the weathered surface. */
const INTERIOR_TINT: [number, number, number] = [1.18, 1.1, 0.98];

/** A piece's hull as a three.js geometry; cut faces get a lighter, warmer vertex colour. */
function pieceGeometry(p: Piece): THREE.BufferGeometry {
  const mesh = pieceMesh(p);
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(mesh.positions, 3));
  g.setAttribute('normal', new THREE.BufferAttribute(mesh.normals, 3));
  g.setAttribute('uv', new THREE.BufferAttribute(mesh.uvs, 2));
  const colors = new Float32Array(mesh.interior.length * 3);
  for (let i = 0; i < mesh.interior.length; i++) {
    const t = mesh.interior[i] ? INTERIOR_TINT : ([1, 1, 1] as const);
    colors.set(t, i * 3);
  }
  g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  g.setIndex(new THREE.BufferAttribute(mesh.indices, 1));
  return g;
}

const m = new THREE.Matrix4();
const q = new THREE.Quaternion();
const p = new THREE.Vector3();
const one = new THREE.Vector3(1, 1, 1);

/** Poses the pieces (beauty and id batches) from one simulation frame. */
export function applyPieceStates(parts: ThreeSceneParts, doc: FracturedDoc, state: Float32Array): void {
  for (const piece of doc.pieces) {
    const o = piece.index * FLOATS_PER_PIECE;
    p.set(state[o], state[o + 1], state[o + 2]);
    q.set(state[o + 3], state[o + 4], state[o + 5], state[o + 6]);
    m.compose(p, q, one);
    parts.pieces.setMatrixAt(piece.index, m);
    parts.idPieces.setMatrixAt(piece.index, m);
    for (const f of parts.followers) f.setMatrixAt(piece.index, m);
  }
}
