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
}

/** Faces of a unit cube: normal axis, sign, and the two in-plane axes in CCW order. */
const FACES: { axis: 0 | 1 | 2; sign: 1 | -1; u: 0 | 1 | 2; v: 0 | 1 | 2 }[] = [
  { axis: 0, sign: 1, u: 1, v: 2 },
  { axis: 0, sign: -1, u: 2, v: 1 },
  { axis: 1, sign: 1, u: 2, v: 0 },
  { axis: 1, sign: -1, u: 0, v: 2 },
  { axis: 2, sign: 1, u: 0, v: 1 },
  { axis: 2, sign: -1, u: 1, v: 0 },
];

/** The mesh of a (box) piece: 24 vertices, 12 triangles. */
export function pieceMesh(piece: Pick<Piece, 'sizeM'>): PieceMesh {
  const positions = new Float32Array(24 * 3);
  const normals = new Float32Array(24 * 3);
  const indices = new Uint32Array(36);
  const half = piece.sizeM.map((s) => s / 2);
  FACES.forEach((f, fi) => {
    const corners = [
      [-1, -1],
      [1, -1],
      [1, 1],
      [-1, 1],
    ];
    corners.forEach(([cu, cv], ci) => {
      const p = [0, 0, 0];
      p[f.axis] = f.sign * half[f.axis];
      p[f.u] = cu * half[f.u];
      p[f.v] = cv * half[f.v];
      const n = [0, 0, 0];
      n[f.axis] = f.sign;
      positions.set(p, (fi * 4 + ci) * 3);
      normals.set(n, (fi * 4 + ci) * 3);
    });
    indices.set([fi * 4, fi * 4 + 1, fi * 4 + 2, fi * 4, fi * 4 + 2, fi * 4 + 3], fi * 6);
  });
  return { positions, normals, indices };
}
