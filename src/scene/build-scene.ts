import type { ShotSpec, BuildingSpec, CollapseSpec, ImpactSpec } from '../spec/schema.js';
import type { StageContext } from '../core/stage.js';
import type { Vec3 } from '../core/units.js';
import { degToRad, verticalFovDeg } from '../core/units.js';
import { buildBuilding } from './build-building.js';
import { fitOutline } from './fit-outline.js';
import { NO_ASSETS } from './import/load-assets.js';
import { solveCameraFromRectangle } from '../plate/solve-camera.js';
import type { SolvedCamera } from '../plate/solve-camera.js';
import type { SceneAssets } from './import/load-assets.js';
import type { SceneDoc, SceneSun } from './scene-doc.js';

export const SCENE_STAGE_VERSION = 1;

/** ShotSpec → SceneDoc: procedural buildings, ground, camera and sun, in world space. */
export function buildScene(spec: ShotSpec, ctx: Pick<StageContext, 'rng'>, assets: SceneAssets = NO_ASSETS): SceneDoc {
  const [w, h] = spec.resolution;
  const aspect = w / h;
  const solved = solveShotCamera(spec, assets);
  const camera = {
    positionM: solved ? solved.positionM : ([...spec.camera.position] as Vec3),
    lookAtM: solved ? solved.lookAtM : ([...spec.camera.lookAt] as Vec3),
    focalMm: solved ? solved.focalMm : spec.camera.focalMm,
  };
  const buildings = spec.elements.flatMap((e, index) => {
    if (!('building' in e)) return [];
    // A building marked by its outline in the plate is fitted to it through the shot camera.
    const b = e.building.outline
      ? fitOutline(e.building, e.building.outline.map((p) => plateToFrame(spec, assets, p)), { ...camera, sensorWidthMm: spec.camera.sensorWidthMm, width: w, height: h }, `elements[${index}].building.outline`).building
      : e.building;
    return [buildBuilding(b, ctx.rng.derive(`building:${e.building.id}`), assets)];
  });
  const collapses = spec.elements
    .filter((e): e is { collapse: CollapseSpec } => 'collapse' in e)
    .map(({ collapse: c }) => {
      const [dx, , dz] = c.direction;
      const len = Math.hypot(dx, dz) || 1;
      return {
        targetId: c.target,
        startS: c.startS,
        mode: c.mode,
        initiationFloor: c.initiationFloor,
        direction: [dx / len, 0, dz / len] as Vec3,
        region: c.region ? { center: [...c.region.center] as Vec3, radiusM: c.region.radiusM } : null,
        propagationSpeedMps: c.propagationSpeedMps,
        strengthScale: c.strengthScale,
        weaken: [...c.weaken]
          .sort((a, b) => a.atS - b.atS)
          .map((k) => ({ atS: k.atS, region: { center: [...k.region.center] as Vec3, radiusM: k.region.radiusM }, strengthScale: k.strengthScale })),
      };
    });
  const impacts = spec.elements
    .filter((e): e is { impact: ImpactSpec } => 'impact' in e)
    .map(({ impact: i }) => ({ atS: i.atS, massKg: i.massKg, radiusM: i.radiusM, positionM: [...i.position] as Vec3, velocityMps: [...i.velocityMps] as Vec3 }));

  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const b of buildings) {
    for (const m of b.members) {
      const r = Math.hypot(m.sizeM[0], m.sizeM[2]) / 2;
      for (let a = 0; a < 3; a++) {
        const ext = a === 1 ? m.sizeM[1] / 2 : r;
        min[a] = Math.min(min[a], m.centerM[a] - ext);
        max[a] = Math.max(max[a], m.centerM[a] + ext);
      }
    }
  }
  if (buildings.length === 0) {
    min.splice(0, 3, 0, 0, 0);
    max.splice(0, 3, 0, 0, 0);
  }

  return {
    schema: 'aftermath.scene/1',
    resolution: [w, h],
    fps: spec.frames.fps,
    frameCount: spec.frames.count,
    dtS: spec.simulation.dtS,
    exposureEv: spec.look.exposureEv,
    camera: {
      ...camera,
      sensorWidthMm: spec.camera.sensorWidthMm,
      verticalFovDeg: verticalFovDeg(solved ? solved.focalMm : spec.camera.focalMm, spec.camera.sensorWidthMm, aspect),
      solveErrorPx: solved ? solved.reprojectionErrorPx : null,
      aspect,
      nearM: 0.1,
      farM: 5000,
    },
    sun: makeSun(spec.look.sunElevationDeg, spec.look.sunAzimuthDeg),
    ground: { sizeM: 2000, topY: 0 },
    buildings,
    collapses,
    impacts,
    plate: assets.plate ? { spec: assets.plate.spec, kind: assets.plate.kind, sha256: assets.plate.sha256 } : null,
    boundsM: { min, max },
  };
}

function makeSun(elevationDeg: number, azimuthDeg: number): SceneSun {
  const el = degToRad(elevationDeg);
  const az = degToRad(azimuthDeg);
  return {
    direction: [Math.cos(el) * Math.sin(az), Math.sin(el), Math.cos(el) * Math.cos(az)],
    elevationDeg,
    azimuthDeg,
    intensity: 3.0 * Math.max(0.05, Math.sin(Math.max(el, 0.02)) ** 0.3),
  };
}

/**
 * A point marked in the plate (plate pixels) in frame pixels: the plate is cover-fitted into
 * the frame (scaled to fill, centred); without a plate points are frame pixels already.
 */
function plateToFrame(spec: ShotSpec, assets: SceneAssets, [x, y]: [number, number]): [number, number] {
  const [w, h] = spec.resolution;
  const plate = assets.plate;
  if (!plate || !plate.width || !plate.height) return [x, y];
  const s = Math.max(w / plate.width, h / plate.height);
  return [(x - plate.width / 2) * s + w / 2, (y - plate.height / 2) * s + h / 2];
}

/** The camera from `camera.match` (four points of a known rectangle in the plate), or null. */
function solveShotCamera(spec: ShotSpec, assets: SceneAssets): SolvedCamera | null {
  const m = spec.camera.match;
  if (!m) return null;
  const [w, h] = spec.resolution;
  return solveCameraFromRectangle(
    { imagePoints: m.imagePoints.map((p) => plateToFrame(spec, assets, p)), widthM: m.widthM, heightM: m.heightM, plane: m.plane, originM: [...m.originM] },
    w,
    h,
    spec.camera.sensorWidthMm,
    m.maxReprojectionErrorPx,
    spec.camera.focalMm,
  );
}
