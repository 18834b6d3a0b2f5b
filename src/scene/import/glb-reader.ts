import { InputError } from '../../core/errors.js';

/** Triangles of one mesh node in model space (node transforms applied), metres before scaling. */
export interface ImportedMesh {
  name: string;
  /** xyz per vertex. */
  positions: Float64Array;
  /** Three indices per triangle. */
  indices: Uint32Array;
}

const MAX_GLB_BYTES = 256 * 1024 * 1024;
const COMPONENTS: Record<string, number> = { SCALAR: 1, VEC2: 2, VEC3: 3, VEC4: 4, MAT4: 16 };

interface Gltf {
  nodes?: { mesh?: number; children?: number[]; matrix?: number[]; translation?: number[]; rotation?: number[]; scale?: number[]; name?: string }[];
  scenes?: { nodes?: number[] }[];
  scene?: number;
  meshes?: { name?: string; primitives: { attributes: Record<string, number>; indices?: number; mode?: number }[] }[];
  accessors?: { bufferView?: number; byteOffset?: number; componentType: number; count: number; type: string }[];
  bufferViews?: { buffer: number; byteOffset?: number; byteLength: number; byteStride?: number }[];
}

function bad(message: string, received?: unknown): never {
  throw new InputError(`not a usable glTF binary: ${message}`, 'import.bad_gltf', [{ code: 'import.bad_gltf', path: 'building.source.gltf', allowed: 'a glTF 2.0 binary (.glb) with triangle meshes', received }]);
}

/** Parses a .glb: every mesh node's triangles with its world transform, in a stable node order. */
export function readGlb(bytes: Uint8Array): ImportedMesh[] {
  if (bytes.length > MAX_GLB_BYTES) bad('file is larger than 256 MiB', bytes.length);
  if (bytes.length < 20) bad('file is too short', bytes.length);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== 0x46546c67) bad('wrong magic (expected "glTF")');
  if (dv.getUint32(4, true) !== 2) bad('only glTF 2.0 is supported', dv.getUint32(4, true));
  const jsonLen = dv.getUint32(12, true);
  if (dv.getUint32(16, true) !== 0x4e4f534a || 20 + jsonLen > bytes.length) bad('missing or truncated JSON chunk');
  let gltf: Gltf;
  try {
    gltf = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLen))) as Gltf;
  } catch {
    return bad('JSON chunk does not parse');
  }
  let bin: Uint8Array = new Uint8Array(0);
  const binAt = 20 + jsonLen;
  if (binAt + 8 <= bytes.length && dv.getUint32(binAt + 4, true) === 0x004e4942) {
    const binLen = dv.getUint32(binAt, true);
    if (binAt + 8 + binLen > bytes.length) bad('truncated BIN chunk');
    bin = bytes.subarray(binAt + 8, binAt + 8 + binLen);
  }
  const read = (accessorIndex: number): Float64Array => {
    const a = gltf.accessors?.[accessorIndex];
    if (!a || a.bufferView === undefined) return bad(`accessor ${accessorIndex} is missing or sparse`);
    const view = gltf.bufferViews?.[a.bufferView];
    const comps = COMPONENTS[a.type];
    if (!view || !comps || view.buffer !== 0) return bad(`accessor ${accessorIndex} has no usable buffer view`);
    const size = { 5126: 4, 5125: 4, 5123: 2, 5121: 1 }[a.componentType];
    if (!size) return bad(`accessor ${accessorIndex} has component type ${a.componentType}`);
    const stride = view.byteStride ?? size * comps;
    const base = (view.byteOffset ?? 0) + (a.byteOffset ?? 0);
    if (a.count < 0 || base + stride * Math.max(0, a.count - 1) + size * comps > bin.length) bad(`accessor ${accessorIndex} runs past the buffer`);
    const out = new Float64Array(a.count * comps);
    const bdv = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
    for (let i = 0; i < a.count; i++) {
      for (let c = 0; c < comps; c++) {
        const at = base + i * stride + c * size;
        out[i * comps + c] =
          a.componentType === 5126 ? bdv.getFloat32(at, true) : a.componentType === 5125 ? bdv.getUint32(at, true) : a.componentType === 5123 ? bdv.getUint16(at, true) : bdv.getUint8(at);
      }
    }
    return out;
  };
  const meshes: ImportedMesh[] = [];
  const visit = (nodeIndex: number, parent: number[], depth: number): void => {
    const node = gltf.nodes?.[nodeIndex];
    if (!node || depth > 64) return bad(`node ${nodeIndex} is missing or nested too deep`);
    const world = multiply(parent, localMatrix(node));
    if (node.mesh !== undefined) {
      const mesh = gltf.meshes?.[node.mesh];
      if (!mesh) return bad(`node ${nodeIndex} names a missing mesh`);
      const pos: number[] = [];
      const idx: number[] = [];
      for (const prim of mesh.primitives) {
        if ((prim.mode ?? 4) !== 4) continue;
        const p = read(prim.attributes.POSITION);
        const first = pos.length / 3;
        for (let i = 0; i < p.length; i += 3) pos.push(...transform(world, p[i], p[i + 1], p[i + 2]));
        const ind = prim.indices !== undefined ? read(prim.indices) : Float64Array.from({ length: p.length / 3 }, (_, i) => i);
        for (const v of ind) {
          if (v >= p.length / 3) bad(`mesh ${node.mesh} has an index out of range`, v);
          idx.push(first + v);
        }
      }
      if (idx.length >= 3) meshes.push({ name: node.name ?? mesh.name ?? `node${nodeIndex}`, positions: Float64Array.from(pos), indices: Uint32Array.from(idx) });
    }
    for (const c of node.children ?? []) visit(c, world, depth + 1);
  };
  const roots = gltf.scenes?.[gltf.scene ?? 0]?.nodes ?? (gltf.nodes ?? []).map((_, i) => i);
  for (const r of roots) visit(r, IDENTITY, 0);
  if (meshes.length === 0) bad('no triangle meshes in the default scene');
  return meshes;
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** Column-major 4x4 from a node's matrix or TRS. */
function localMatrix(n: { matrix?: number[]; translation?: number[]; rotation?: number[]; scale?: number[] }): number[] {
  if (n.matrix?.length === 16) return n.matrix;
  const [tx, ty, tz] = n.translation ?? [0, 0, 0];
  const [x, y, z, w] = n.rotation ?? [0, 0, 0, 1];
  const [sx, sy, sz] = n.scale ?? [1, 1, 1];
  return [
    (1 - 2 * (y * y + z * z)) * sx, 2 * (x * y + z * w) * sx, 2 * (x * z - y * w) * sx, 0,
    2 * (x * y - z * w) * sy, (1 - 2 * (x * x + z * z)) * sy, 2 * (y * z + x * w) * sy, 0,
    2 * (x * z + y * w) * sz, 2 * (y * z - x * w) * sz, (1 - 2 * (x * x + y * y)) * sz, 0,
    tx, ty, tz, 1,
  ];
}

function multiply(a: number[], b: number[]): number[] {
  const out = new Array<number>(16).fill(0);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r] += a[k * 4 + r] * b[c * 4 + k];
  return out;
}

function transform(m: number[], x: number, y: number, z: number): [number, number, number] {
  return [m[0] * x + m[4] * y + m[8] * z + m[12], m[1] * x + m[5] * y + m[9] * z + m[13], m[2] * x + m[6] * y + m[10] * z + m[14]];
}
