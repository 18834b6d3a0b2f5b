import type { Piece } from './fractured-doc.js';

/**
 * A piece's render mesh in its local frame (origin at its centre of mass, metres),
 * triangle list with flat normals. Exporters (glTF, USD) and renderers build their
 * geometry from this, so the shape of a piece is defined in one place.
 */
export interface PieceMesh {
  /** xyz per vertex. */
  positions: Float32Array;
  /** Unit normal per vertex. */
  normals: Float32Array;
  /** Three vertex indices per triangle, counter-clockwise seen from outside. */
  indices: Uint32Array;
  /**
   * Texture coordinates in metres, projected along each face's dominant axis (a box
   * mapping, continuous across a member because it uses the piece's rest offset).
   */
  uvs: Float32Array;
  /** 1 for vertices of fracture (cut) faces, 0 for the member's original surface. */
  interior: Uint8Array;
}

/** Triangulates the convex hull of a piece: one fan per face, vertices not shared between faces. */
export function pieceMesh(piece: Pick<Piece, 'hull'> & Partial<Pick<Piece, 'centerM'>>): PieceMesh {
  const origin = piece.centerM ?? [0, 0, 0];
  const { vertices, faces } = piece.hull;
  let vertexCount = 0;
  let triCount = 0;
  for (const f of faces) {
    vertexCount += f.indices.length;
    triCount += f.indices.length - 2;
  }
  const positions = new Float32Array(vertexCount * 3);
  const normals = new Float32Array(vertexCount * 3);
  const interior = new Uint8Array(vertexCount);
  const uvs = new Float32Array(vertexCount * 2);
  const indices = new Uint32Array(triCount * 3);
  let vi = 0;
  let ti = 0;
  for (const f of faces) {
    // Newell's method: a robust normal for a planar polygon.
    let nx = 0;
    let ny = 0;
    let nz = 0;
    const m = f.indices.length;
    for (let k = 0; k < m; k++) {
      const a = f.indices[k] * 3;
      const b = f.indices[(k + 1) % m] * 3;
      nx += (vertices[a + 1] - vertices[b + 1]) * (vertices[a + 2] + vertices[b + 2]);
      ny += (vertices[a + 2] - vertices[b + 2]) * (vertices[a] + vertices[b]);
      nz += (vertices[a] - vertices[b]) * (vertices[a + 1] + vertices[b + 1]);
    }
    const l = Math.hypot(nx, ny, nz) || 1;
    const base = vi;
    const ax = Math.abs(nx) >= Math.abs(ny) && Math.abs(nx) >= Math.abs(nz) ? 0 : Math.abs(ny) >= Math.abs(nz) ? 1 : 2;
    const [ua, va] = ax === 0 ? [2, 1] : ax === 1 ? [0, 2] : [0, 1];
    for (const idx of f.indices) {
      positions.set([vertices[idx * 3], vertices[idx * 3 + 1], vertices[idx * 3 + 2]], vi * 3);
      uvs[vi * 2] = vertices[idx * 3 + ua] + origin[ua];
      uvs[vi * 2 + 1] = vertices[idx * 3 + va] + origin[va];
      normals.set([nx / l, ny / l, nz / l], vi * 3);
      interior[vi] = f.interior ? 1 : 0;
      vi++;
    }
    for (let k = 1; k + 1 < m; k++) {
      indices.set([base, base + k, base + k + 1], ti * 3);
      ti++;
    }
  }
  return { positions, normals, indices, uvs, interior };
}
