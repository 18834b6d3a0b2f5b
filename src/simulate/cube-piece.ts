import type { Piece } from '../fracture/fractured-doc.js';
import { boxPolyhedron } from '../fracture/convex-polyhedron.js';
import type { Vec3 } from '../core/units.js';

const unit = boxPolyhedron([0, 0, 0], [1, 1, 1]);

/** A 1 m concrete cube as a piece (2400 kg), centred at `at`: the simulation tests' test body. */
export function cubePiece(index: number, at: Vec3): Piece {
  return {
    index,
    memberId: `m${index}`,
    buildingId: 'b',
    kind: 'column',
    material: 'concrete',
    storey: 1,
    centerM: at,
    sizeM: [1, 1, 1],
    rotation: [0, 0, 0, 1],
    hull: { vertices: unit.vertices.flat(), faces: unit.faces.map((f) => ({ indices: f.indices, interior: false })) },
    volumeM3: 1,
    massKg: 2400,
    inertiaKgM2: [400, 0, 0, 0, 400, 0, 0, 0, 400],
  };
}
