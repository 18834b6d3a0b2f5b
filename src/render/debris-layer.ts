import * as THREE from 'three/webgpu';
import type { DebrisFrame } from '../dust/dust-frame.js';
import { concreteMaterial } from './materials.js';

/** Concrete rubble albedo (linear), as the pieces' concrete. */
const RUBBLE_ALBEDO: [number, number, number] = [0.42, 0.41, 0.385];
/** Capacity grows by this factor when a frame has more particles than it holds. */
const GROWTH = 1.5;
/** Tumble rates, rad/s: from MIN to MIN + SPAN, seeded per particle. */
const TUMBLE_MIN_RADPS = 2;
const TUMBLE_SPAN_RADPS = 8;
const tint = new THREE.Color();

/** A mesh the debris is also drawn into (e.g. the dust's Z pre-pass), with its own material. */
interface DebrisCopy {
  scene: THREE.Scene;
  material: THREE.Material;
  mesh: THREE.InstancedMesh | null;
}

/**
 * Debris particles as instanced low-poly rocks in the beauty scene (so they are lit, cast and
 * receive the sun's shadow and are fogged like the pieces): one slightly irregular icosahedron,
 * flat-shaded, in the pieces' concrete material; per particle a seeded stretch, shade, initial
 * orientation and tumble (axis and rate) from its stable id, scaled to its diameter. In motion-blur
 * sub-frames each particle is drawn at position + velocity × dt, turned by its tumble over dt.
 * Sub-pixel particles stay tiny rocks (no point sprites): they may alias or drop out.
 * Capacity grows by half again when exceeded (instance buffers are not reallocated every frame).
 */
export class DebrisLayer {
  private readonly geometry = rockGeometry();
  private readonly material: THREE.Material = concreteMaterial();
  private mesh: THREE.InstancedMesh | null = null;
  private readonly copies: DebrisCopy[] = [];
  private capacity = 0;

  constructor(private readonly scene: THREE.Scene) {}

  /** Draws the same instances into `scene` with `material` too (kept in step as capacity grows). */
  addCopy(scene: THREE.Scene, material: THREE.Material): void {
    const copy: DebrisCopy = { scene, material, mesh: null };
    this.copies.push(copy);
    if (this.mesh) this.attachCopy(copy);
  }

  /** Number of rocks drawn by the last update. */
  get drawn(): number {
    return this.mesh?.count ?? 0;
  }

  /** Poses the rocks for `frame` at time `timeS` + `subframeS` (positions advanced by v × subframeS). */
  update(frame: DebrisFrame | null, timeS: number, subframeS = 0): void {
    const count = frame?.count ?? 0;
    if (count > this.capacity) this.grow(count);
    const mesh = this.mesh;
    if (!mesh) return;
    mesh.count = count;
    for (const c of this.copies) if (c.mesh) c.mesh.count = count;
    if (!frame || count === 0) return;
    const m = mesh.instanceMatrix.array as Float32Array;
    const t = timeS + subframeS;
    for (let i = 0; i < count; i++) {
      const o = i * 3;
      const id = frame.ids[i];
      const size = frame.sizesM[i];
      // Seeded orientation (uniform random quaternion, Shoemake), tumble axis and rate.
      const u1 = hash01(id, 1), u2 = hash01(id, 2) * 2 * Math.PI, u3 = hash01(id, 3) * 2 * Math.PI;
      const r1 = Math.sqrt(1 - u1), r2 = Math.sqrt(u1);
      const q0 = [r1 * Math.sin(u2), r1 * Math.cos(u2), r2 * Math.sin(u3), r2 * Math.cos(u3)];
      const az = hash01(id, 4) * 2 * Math.PI, cz = hash01(id, 5) * 2 - 1, sz = Math.sqrt(1 - cz * cz);
      const half = 0.5 * (TUMBLE_MIN_RADPS + TUMBLE_SPAN_RADPS * hash01(id, 6)) * t;
      const s = Math.sin(half);
      const [ax, ay, az2, aw] = [sz * Math.cos(az) * s, sz * Math.sin(az) * s, cz * s, Math.cos(half)];
      // q = tumble ⊗ q0
      const x = aw * q0[0] + ax * q0[3] + ay * q0[2] - az2 * q0[1];
      const y = aw * q0[1] - ax * q0[2] + ay * q0[3] + az2 * q0[0];
      const z = aw * q0[2] + ax * q0[1] - ay * q0[0] + az2 * q0[3];
      const w = aw * q0[3] - ax * q0[0] - ay * q0[1] - az2 * q0[2];
      // A seeded stretch (0.75..1.25 per axis) keeps the rocks from looking cloned.
      const sx = size * (0.75 + 0.5 * hash01(id, 7));
      const sy = size * (0.75 + 0.5 * hash01(id, 8));
      const sz2 = size * (0.75 + 0.5 * hash01(id, 9));
      const e = i * 16;
      m[e] = (1 - 2 * (y * y + z * z)) * sx;
      m[e + 1] = 2 * (x * y + z * w) * sx;
      m[e + 2] = 2 * (x * z - y * w) * sx;
      m[e + 3] = 0;
      m[e + 4] = 2 * (x * y - z * w) * sy;
      m[e + 5] = (1 - 2 * (x * x + z * z)) * sy;
      m[e + 6] = 2 * (y * z + x * w) * sy;
      m[e + 7] = 0;
      m[e + 8] = 2 * (x * z + y * w) * sz2;
      m[e + 9] = 2 * (y * z - x * w) * sz2;
      m[e + 10] = (1 - 2 * (x * x + y * y)) * sz2;
      m[e + 11] = 0;
      m[e + 12] = frame.positionsM[o] + frame.velocitiesMps[o] * subframeS;
      m[e + 13] = frame.positionsM[o + 1] + frame.velocitiesMps[o + 1] * subframeS;
      m[e + 14] = frame.positionsM[o + 2] + frame.velocitiesMps[o + 2] * subframeS;
      m[e + 15] = 1;
      const shade = 0.75 + 0.45 * hash01(id, 10);
      mesh.setColorAt(i, tint.setRGB(RUBBLE_ALBEDO[0] * shade, RUBBLE_ALBEDO[1] * shade, RUBBLE_ALBEDO[2] * shade));
    }
    mesh.instanceMatrix.clearUpdateRanges();
    mesh.instanceMatrix.addUpdateRange(0, count * 16);
    mesh.instanceMatrix.needsUpdate = true;
    const colors = mesh.instanceColor as THREE.InstancedBufferAttribute;
    colors.clearUpdateRanges();
    colors.addUpdateRange(0, count * 3);
    colors.needsUpdate = true;
  }

  dispose(): void {
    this.mesh?.dispose();
    for (const c of this.copies) c.mesh?.dispose();
    this.geometry.dispose();
    this.material.dispose();
  }

  private grow(count: number): void {
    this.capacity = Math.max(64, Math.ceil(count * GROWTH));
    if (this.mesh) {
      this.scene.remove(this.mesh);
      this.mesh.dispose();
    }
    const mesh = new THREE.InstancedMesh(this.geometry, this.material, this.capacity);
    mesh.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
    mesh.setColorAt(0, new THREE.Color(1, 1, 1));
    (mesh.instanceColor as THREE.InstancedBufferAttribute).setUsage(THREE.DynamicDrawUsage);
    mesh.castShadow = true;
    mesh.receiveShadow = true;
    mesh.frustumCulled = false;
    mesh.count = 0;
    this.mesh = mesh;
    this.scene.add(mesh);
    for (const c of this.copies) this.attachCopy(c);
  }

  /** A second instanced mesh sharing the rocks' geometry and instance matrices. */
  private attachCopy(copy: DebrisCopy): void {
    const src = this.mesh as THREE.InstancedMesh;
    if (copy.mesh) {
      copy.scene.remove(copy.mesh);
      copy.mesh.dispose();
    }
    const mesh = new THREE.InstancedMesh(this.geometry, copy.material, this.capacity);
    mesh.instanceMatrix = src.instanceMatrix;
    mesh.frustumCulled = false;
    mesh.count = src.count;
    copy.mesh = mesh;
    copy.scene.add(mesh);
  }
}

/**
 * One rock of diameter 1: an icosahedron (radius 0.5) with its vertices pushed in and out
 * by a fixed seed, flat-shaded; white vertex colour (the concrete material multiplies it) and
 * box-projected UVs in metres for the concrete's detail.
 */
function rockGeometry(): THREE.BufferGeometry {
  const ico = new THREE.IcosahedronGeometry(0.5, 0);
  const pos = ico.getAttribute('position') as THREE.BufferAttribute;
  // Same corner, same push: vertices are duplicated per face in three's polyhedra.
  for (let i = 0; i < pos.count; i++) {
    const key = `${pos.getX(i).toFixed(4)},${pos.getY(i).toFixed(4)},${pos.getZ(i).toFixed(4)}`;
    let h = 0;
    for (let k = 0; k < key.length; k++) h = Math.imul(h ^ key.charCodeAt(k), 0x01000193);
    const k = 0.78 + 0.4 * hash01(h >>> 0, 11);
    pos.setXYZ(i, pos.getX(i) * k, pos.getY(i) * k, pos.getZ(i) * k);
  }
  const g = ico.index ? ico.toNonIndexed() : ico;
  g.deleteAttribute('normal');
  g.computeVertexNormals();
  const n = g.getAttribute('position').count;
  const p = g.getAttribute('position') as THREE.BufferAttribute;
  const uvs = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    uvs[i * 2] = p.getX(i) + p.getZ(i);
    uvs[i * 2 + 1] = p.getY(i);
  }
  g.setAttribute('uv', new THREE.BufferAttribute(uvs, 2));
  g.setAttribute('color', new THREE.BufferAttribute(new Float32Array(n * 3).fill(1), 3));
  return g;
}

/** Deterministic 0..1 from a particle id and a salt (32-bit integer hash). */
function hash01(id: number, salt: number): number {
  let h = Math.imul((id ^ Math.imul(salt, 0x9e3779b9)) >>> 0, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}
