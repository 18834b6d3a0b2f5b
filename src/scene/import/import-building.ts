import { InputError } from '../../core/errors.js';
import type { BuildingSpec } from '../../spec/schema.js';
import type { MemberSink } from '../member-sink.js';
import type { ImportedModel } from './load-assets.js';
import { voxelBoxes } from './voxel-boxes.js';

export interface ImportResult {
  heightM: number;
  floors: number;
  /** Human-readable notes (an open mesh voxelised as a shell, clamped sizes). */
  warnings: string[];
}

/**
 * A building from a glTF model: each mesh node is scaled by `source.scale`, stood on the
 * ground (lowest point at y = 0) and centred on the footprint origin, then decomposed into
 * convex parts (voxel boxes, `source.voxelM` on a side) that are cut at every storey line
 * so each part belongs to one storey. Parts become members of kind `imported`.
 */
export function importBuilding(sink: MemberSink, spec: BuildingSpec, model: ImportedModel): ImportResult {
  const source = spec.source as NonNullable<BuildingSpec['source']>;
  const s = source.scale;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const m of model.meshes) {
    for (let i = 0; i < m.positions.length; i += 3) {
      for (let a = 0; a < 3; a++) {
        lo[a] = Math.min(lo[a], m.positions[i + a] * s);
        hi[a] = Math.max(hi[a], m.positions[i + a] * s);
      }
    }
  }
  const heightM = hi[1] - lo[1];
  if (!(heightM > 0.1) || hi[0] - lo[0] > 1000 || hi[2] - lo[2] > 1000 || heightM > 1000) {
    throw new InputError(`${source.gltf}: the scaled model is ${(hi[0] - lo[0]).toFixed(2)} x ${heightM.toFixed(2)} x ${(hi[2] - lo[2]).toFixed(2)} m`, 'import.bad_size', [
      { code: 'import.bad_size', path: 'building.source.scale', allowed: 'a scale giving 0.1..1000 m', received: s },
    ]);
  }
  const shift = [-(lo[0] + hi[0]) / 2, -lo[1], -(lo[2] + hi[2]) / 2];
  const fh = spec.floorHeightM;
  const floors = Math.max(1, Math.ceil(heightM / fh - 1e-9));
  const warnings: string[] = [];
  for (const mesh of model.meshes) {
    const pos = mesh.positions.map((v, i) => v * s + shift[i % 3]);
    const vox = voxelBoxes(pos, mesh.indices, source.voxelM);
    if (vox.openEdges > 0) {
      warnings.push(`${mesh.name}: mesh is not closed (${vox.openEdges} open or non-manifold edges); holes wider than ${source.voxelM} m leave a shell of its surface`);
    }
    for (const box of vox.boxes) {
      // Cut at storey lines so every part belongs to one storey.
      let y0 = Math.max(0, box.min[1]);
      const yEnd = box.min[1] + box.size[1];
      while (y0 < yEnd - 1e-9) {
        const storey = Math.min(floors, Math.floor(y0 / fh + 1e-9) + 1);
        const y1 = Math.min(yEnd, storey * fh);
        sink.add(
          'imported',
          'concrete',
          storey,
          [box.min[0] + box.size[0] / 2, (y0 + y1) / 2, box.min[2] + box.size[2] / 2],
          [box.size[0], y1 - y0, box.size[2]],
        );
        y0 = y1;
      }
    }
  }
  return { heightM, floors, warnings };
}
