import { promises as fs } from 'node:fs';
import path from 'node:path';
import { throwIfAborted } from '../core/abort.js';
import { InputError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs-atomic.js';
import { degToRad } from '../core/units.js';
import { packGlb } from './glb-container.js';
import { GL, GltfBinBuilder, floatMinMax } from './gltf-bin-builder.js';
import { buildPieceMeshes, pad } from './gltf-meshes.js';
import { EXPORT_STAGE, type ExportOptions, type ExportResult } from './export-options.js';
import { lookAtFrame } from './look-at.js';
import { readPieceTracks, type PieceTracks } from './piece-tracks.js';

export const GLTF_GENERATOR = 'Aftermath glTF exporter 1';

interface GltfNode {
  name: string;
  children?: number[];
  mesh?: number;
  camera?: number;
  translation?: number[];
  rotation?: number[];
  extras?: Record<string, unknown>;
}

/**
 * Writes the fractured shot as a binary glTF 2.0 (.glb), built by hand so the bytes are a
 * pure function of the inputs:
 * - a root node `Aftermath` holding one node per piece (rest transform, mesh from
 *   `pieceMesh`, material per member kind) and a perspective camera node;
 * - one animation `simulation` with LINEAR translation and rotation samplers per piece,
 *   keyed at every exported frame (frame N at (N-1)/fps seconds);
 * - scene extras with the piece count, fps and frame span.
 * World space (Y-up, metres, right-handed) is glTF's, so nothing is converted.
 */
export async function exportGlb(opts: ExportOptions): Promise<ExportResult> {
  if (path.extname(opts.outPath).toLowerCase() !== '.glb') {
    throw new InputError('exportGlb: outPath must end in .glb', 'export.bad_option', [
      { code: 'export.bad_option', path: 'outPath', allowed: 'a path ending in .glb', received: opts.outPath },
    ]);
  }
  const signal = opts.signal ?? new AbortController().signal;
  throwIfAborted(signal, EXPORT_STAGE);
  const tracks = await readPieceTracks(opts);
  const bytes = buildGlb(opts.doc, tracks);
  throwIfAborted(signal, EXPORT_STAGE);
  await writeFileAtomic(opts.outPath, bytes);
  const size = (await fs.stat(opts.outPath)).size;
  opts.log?.(`export: wrote ${opts.outPath} (${tracks.pieceCount} pieces, frames ${tracks.frames.start}-${tracks.frames.end}, ${size} bytes)`);
  return { outPath: opts.outPath, bytes: size, pieceCount: tracks.pieceCount, frames: tracks.frames };
}

/** The GLB bytes for `doc` animated by `tracks`. */
export function buildGlb(doc: ExportOptions['doc'], tracks: PieceTracks): Uint8Array {
  const bin = new GltfBinBuilder();
  const { materials, meshes, meshOfPiece } = buildPieceMeshes(doc.pieces, bin);

  const nodes: GltfNode[] = [{ name: 'Aftermath', children: [] }];
  for (const piece of doc.pieces) {
    nodes[0].children!.push(nodes.length);
    nodes.push({
      name: `piece_${pad(piece.index)}`,
      mesh: meshOfPiece[piece.index],
      translation: [...piece.centerM],
      rotation: [...piece.rotation],
      extras: {
        pieceIndex: piece.index, memberId: piece.memberId, buildingId: piece.buildingId,
        kind: piece.kind, material: piece.material, storey: piece.storey, massKg: piece.massKg,
      },
    });
  }

  const cam = doc.scene.camera;
  const view = lookAtFrame(cam.positionM, cam.lookAtM);
  const cameraNode = nodes.length;
  nodes[0].children!.push(cameraNode);
  nodes.push({
    name: 'Camera',
    camera: 0,
    translation: [...cam.positionM],
    rotation: [...view.rotation],
    extras: { focalMm: cam.focalMm, sensorWidthMm: cam.sensorWidthMm, lookAtM: [...cam.lookAtM] },
  });
  const cameras = [{
    name: 'Camera',
    type: 'perspective',
    perspective: { aspectRatio: cam.aspect, yfov: degToRad(cam.verticalFovDeg), zfar: cam.farM, znear: cam.nearM },
  }];

  const animation = buildAnimation(tracks, bin, (p) => 1 + p);

  const json = {
    asset: { version: '2.0', generator: GLTF_GENERATOR },
    scene: 0,
    scenes: [{
      name: 'Aftermath',
      nodes: [0],
      extras: {
        pieceCount: doc.pieces.length,
        fps: tracks.fps,
        frameCount: tracks.frameCount,
        startFrame: tracks.frames.start,
        endFrame: tracks.frames.end,
        startTimeS: tracks.timesS[0],
        cameraNode,
      },
    }],
    nodes,
    meshes,
    materials,
    cameras,
    animations: [animation],
    accessors: bin.accessors,
    bufferViews: bin.bufferViews,
    buffers: [{ byteLength: 0 }],
  };
  const payload = bin.bin();
  json.buffers[0].byteLength = payload.length;
  return packGlb(JSON.stringify(json), payload);
}

function buildAnimation(tracks: PieceTracks, bin: GltfBinBuilder, nodeOfPiece: (piece: number) => number) {
  const { pieceCount, frameCount } = tracks;
  const timeView = bin.addView(tracks.timesS);
  const input = bin.addAccessor({
    bufferView: timeView, componentType: GL.FLOAT, count: frameCount, type: 'SCALAR', ...floatMinMax(tracks.timesS, 'SCALAR'),
  });
  const translationView = bin.addView(tracks.translations);
  const rotationView = bin.addView(tracks.rotations);
  const samplers: { input: number; interpolation: 'LINEAR'; output: number }[] = [];
  const channels: { sampler: number; target: { node: number; path: 'translation' | 'rotation' } }[] = [];
  for (let p = 0; p < pieceCount; p++) {
    const t = bin.addAccessor({ bufferView: translationView, byteOffset: p * frameCount * 12, componentType: GL.FLOAT, count: frameCount, type: 'VEC3' });
    const r = bin.addAccessor({ bufferView: rotationView, byteOffset: p * frameCount * 16, componentType: GL.FLOAT, count: frameCount, type: 'VEC4' });
    channels.push({ sampler: samplers.length, target: { node: nodeOfPiece(p), path: 'translation' } });
    samplers.push({ input, interpolation: 'LINEAR', output: t });
    channels.push({ sampler: samplers.length, target: { node: nodeOfPiece(p), path: 'rotation' } });
    samplers.push({ input, interpolation: 'LINEAR', output: r });
  }
  return { name: 'simulation', channels, samplers };
}
