import type { SceneDoc } from './scene-doc.js';

/** `aftermath inspect scene`: documented in docs/INSPECT.md; field names are stable. */
export function summarizeScene(scene: SceneDoc) {
  return {
    schema: 'aftermath.inspect.scene/1',
    resolution: scene.resolution,
    fps: scene.fps,
    frameCount: scene.frameCount,
    durationS: scene.frameCount / scene.fps,
    boundsM: scene.boundsM,
    memberCount: scene.buildings.reduce((n, b) => n + b.members.length, 0),
    buildings: scene.buildings.map((b) => ({
      id: b.id,
      floors: b.floors,
      heightM: b.heightM,
      footprintM: b.footprintM,
      memberCount: b.members.length,
      source: b.source,
      membersByKind: countBy(b.members.map((m) => m.kind)),
    })),
    collapses: scene.collapses,
    camera: scene.camera,
    sun: scene.sun,
  };
}

export function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of [...values].sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
}
