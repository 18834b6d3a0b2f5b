import { sha256 } from '../core/hash.js';
import type { Piece } from '../fracture/fractured-doc.js';
import { pieceMesh, type PieceMesh } from '../fracture/piece-mesh.js';
import { GL, GltfBinBuilder, floatMinMax } from './gltf-bin-builder.js';
import { cutLook, surfaceLook, type ExportLook } from './kind-palette.js';

export interface GltfMaterial {
  name: string;
  pbrMetallicRoughness: { baseColorFactor: number[]; metallicFactor: number; roughnessFactor: number };
  alphaMode?: 'BLEND';
}

interface GltfPrimitive {
  attributes: { POSITION: number; NORMAL: number };
  indices: number;
  material: number;
  mode: 4;
}

export interface GltfMesh {
  name: string;
  primitives: GltfPrimitive[];
}

export interface GltfPieceMeshes {
  materials: GltfMaterial[];
  meshes: GltfMesh[];
  /** Mesh index of each piece, by piece index. */
  meshOfPiece: number[];
}

interface Geometry {
  mesh: PieceMesh;
  firstPiece: number;
  /** Triangle vertex indices of the original surface and of the fracture faces. */
  surface: number[];
  cut: number[];
}

interface GeometryAccessors {
  position: number;
  normal: number;
  surface?: number;
  cut?: number;
}

/**
 * Meshes for all pieces, built through `pieceMesh` (the one definition of a piece's shape).
 * Each mesh has up to two primitives: the member's original surface (material per material
 * and kind) and the fracture faces (a `<material>_cut` material), so the inside of the
 * debris can be shaded separately downstream. Byte-identical geometries share accessors;
 * vertex data lives in two strided views and all indices in one. Materials are numbered in
 * order of first use, so the document is a pure function of the pieces.
 */
export function buildPieceMeshes(pieces: readonly Piece[], bin: GltfBinBuilder): GltfPieceMeshes {
  const geometries: Geometry[] = [];
  const geometryByKey = new Map<string, number>();
  const geometryOfPiece = pieces.map((piece) => {
    const mesh = pieceMesh(piece);
    const key = sha256(Buffer.concat([bytesOf(mesh.positions), bytesOf(mesh.normals), bytesOf(mesh.indices), bytesOf(mesh.interior)]));
    let g = geometryByKey.get(key);
    if (g === undefined) {
      g = geometries.length;
      geometries.push({ mesh, firstPiece: piece.index, ...splitTriangles(mesh) });
      geometryByKey.set(key, g);
    }
    return g;
  });
  const accessors = addGeometryAccessors(geometries, bin);

  const materials: GltfMaterial[] = [];
  const materialByName = new Map<string, number>();
  const materialFor = (look: ExportLook): number => {
    let m = materialByName.get(look.name);
    if (m === undefined) {
      m = materials.length;
      materials.push(gltfMaterial(look));
      materialByName.set(look.name, m);
    }
    return m;
  };

  const meshes: GltfMesh[] = [];
  const meshByKey = new Map<string, number>();
  const meshOfPiece = pieces.map((piece, i) => {
    const g = geometryOfPiece[i];
    const acc = accessors[g];
    const surface = acc.surface === undefined ? -1 : materialFor(surfaceLook(piece.material, piece.kind));
    const cut = acc.cut === undefined ? -1 : materialFor(cutLook(piece.material));
    const key = `${g}/${surface}/${cut}`;
    let m = meshByKey.get(key);
    if (m === undefined) {
      m = meshes.length;
      const attributes = { POSITION: acc.position, NORMAL: acc.normal };
      const primitives: GltfPrimitive[] = [];
      if (acc.surface !== undefined) primitives.push({ attributes, indices: acc.surface, material: surface, mode: 4 });
      if (acc.cut !== undefined) primitives.push({ attributes, indices: acc.cut, material: cut, mode: 4 });
      meshes.push({ name: `piece_mesh_${pad(geometries[g].firstPiece)}`, primitives });
      meshByKey.set(key, m);
    }
    return m;
  });
  return { materials, meshes, meshOfPiece };
}

function gltfMaterial(look: ExportLook): GltfMaterial {
  const m: GltfMaterial = {
    name: look.name,
    pbrMetallicRoughness: { baseColorFactor: [...look.color, look.opacity], metallicFactor: look.metallic, roughnessFactor: look.roughness },
  };
  if (look.opacity < 1) m.alphaMode = 'BLEND';
  return m;
}

/** A triangle belongs to the fracture faces when its vertices are interior (a face's vertices agree). */
function splitTriangles(mesh: PieceMesh): { surface: number[]; cut: number[] } {
  const surface: number[] = [];
  const cut: number[] = [];
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const target = mesh.interior[mesh.indices[t]] ? cut : surface;
    target.push(mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]);
  }
  return { surface, cut };
}

function addGeometryAccessors(geometries: Geometry[], bin: GltfBinBuilder): GeometryAccessors[] {
  const vertexTotal = geometries.reduce((s, g) => s + g.mesh.positions.length / 3, 0);
  const indexTotal = geometries.reduce((s, g) => s + g.surface.length + g.cut.length, 0);
  // 65535 is the primitive-restart value, so 16-bit indices need every index below it.
  const wide = geometries.some((g) => g.mesh.positions.length / 3 > 65535);
  const positions = new Float32Array(vertexTotal * 3);
  const normals = new Float32Array(vertexTotal * 3);
  const indices = wide ? new Uint32Array(indexTotal) : new Uint16Array(indexTotal);
  let v = 0;
  let ix = 0;
  const ranges = geometries.map((g) => {
    const vertexCount = g.mesh.positions.length / 3;
    const range = { vertex: v, vertexCount, surface: ix, cut: ix + g.surface.length, surfaceCount: g.surface.length, cutCount: g.cut.length };
    positions.set(g.mesh.positions, v * 3);
    normals.set(g.mesh.normals, v * 3);
    indices.set(g.surface, ix);
    indices.set(g.cut, ix + g.surface.length);
    v += vertexCount;
    ix += g.surface.length + g.cut.length;
    return range;
  });
  const positionView = bin.addView(positions, { target: GL.ARRAY_BUFFER, byteStride: 12 });
  const normalView = bin.addView(normals, { target: GL.ARRAY_BUFFER, byteStride: 12 });
  const indexView = bin.addView(indices, { target: GL.ELEMENT_ARRAY_BUFFER });
  const indexAccessor = (start: number, count: number): number | undefined =>
    count === 0
      ? undefined
      : bin.addAccessor({
          bufferView: indexView, byteOffset: start * indices.BYTES_PER_ELEMENT,
          componentType: wide ? GL.UNSIGNED_INT : GL.UNSIGNED_SHORT, count, type: 'SCALAR',
        });
  return ranges.map((r) => {
    const acc: GeometryAccessors = {
      position: bin.addAccessor({
        bufferView: positionView, byteOffset: r.vertex * 12, componentType: GL.FLOAT, count: r.vertexCount, type: 'VEC3',
        ...floatMinMax(positions, 'VEC3', r.vertex, r.vertexCount),
      }),
      normal: bin.addAccessor({ bufferView: normalView, byteOffset: r.vertex * 12, componentType: GL.FLOAT, count: r.vertexCount, type: 'VEC3' }),
    };
    const surface = indexAccessor(r.surface, r.surfaceCount);
    const cut = indexAccessor(r.cut, r.cutCount);
    if (surface !== undefined) acc.surface = surface;
    if (cut !== undefined) acc.cut = cut;
    return acc;
  });
}

function bytesOf(a: Float32Array | Uint32Array | Uint8Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

export function pad(index: number): string {
  return String(index).padStart(4, '0');
}
