import { promises as fs } from 'node:fs';
import path from 'node:path';
import { throwIfAborted } from '../core/abort.js';
import { InputError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs-atomic.js';
import type { FracturedDoc, Piece } from '../fracture/fractured-doc.js';
import { pieceMesh } from '../fracture/piece-mesh.js';
import { EXPORT_STAGE, type ExportOptions, type ExportResult } from './export-options.js';
import { cutLook, surfaceLook } from './kind-palette.js';
import { lookAtFrame } from './look-at.js';
import { readPieceTracks, type PieceTracks } from './piece-tracks.js';
import { floatTuple, floatTupleArray, formatDouble, formatFloat, formatInt, intArray, usdaString } from './usda-format.js';

export const USD_GENERATOR = 'Aftermath USD exporter 1';
export const USD_METERS_PER_UNIT = 1;
/**
 * UsdGeomCamera measures lens and filmback in tenths of a scene unit (millimetres only on a
 * centimetre stage). On our metre stage 1 mm is 0.01 of those units.
 */
export const USD_LENS_UNITS_PER_MM = 1 / (100 * USD_METERS_PER_UNIT);

/** USD path of piece `index`'s transform prim. */
export function usdPiecePath(index: number): string {
  return `/Aftermath/Pieces/${pieceName(index)}`;
}

const pieceName = (index: number): string => `piece_${String(index).padStart(4, '0')}`;

/**
 * Writes the fractured shot as ASCII USD (.usda): Y-up, metres, time codes = shot frame
 * numbers at `timeCodesPerSecond = fps`. Under `/Aftermath/Pieces` each piece is an Xform
 * with time-sampled `xformOp:translate` and `xformOp:orient` (quatf, written w x y z)
 * holding a Mesh built by `pieceMesh`; `/Aftermath/Camera` is the shot camera. The text is a
 * pure function of the inputs (see `usda-format.ts` for the number rules).
 */
export async function exportUsda(opts: ExportOptions): Promise<ExportResult> {
  if (path.extname(opts.outPath).toLowerCase() !== '.usda') {
    throw new InputError('exportUsda: outPath must end in .usda', 'export.bad_option', [
      { code: 'export.bad_option', path: 'outPath', allowed: 'a path ending in .usda', received: opts.outPath },
    ]);
  }
  const signal = opts.signal ?? new AbortController().signal;
  throwIfAborted(signal, EXPORT_STAGE);
  const tracks = await readPieceTracks(opts);
  const text = buildUsda(opts.doc, tracks);
  throwIfAborted(signal, EXPORT_STAGE);
  await writeFileAtomic(opts.outPath, text);
  const size = (await fs.stat(opts.outPath)).size;
  opts.log?.(`export: wrote ${opts.outPath} (${tracks.pieceCount} pieces, frames ${tracks.frames.start}-${tracks.frames.end}, ${size} bytes)`);
  return { outPath: opts.outPath, bytes: size, pieceCount: tracks.pieceCount, frames: tracks.frames };
}

/** The .usda text for `doc` animated by `tracks`. */
export function buildUsda(doc: FracturedDoc, tracks: PieceTracks): string {
  const { start, end } = tracks.frames;
  const fps = formatDouble(tracks.fps);
  const out: string[] = [
    '#usda 1.0',
    '(',
    '    customLayerData = {',
    `        int endFrame = ${formatInt(end)}`,
    `        double fps = ${fps}`,
    `        string generator = ${usdaString(USD_GENERATOR)}`,
    `        int pieceCount = ${formatInt(doc.pieces.length)}`,
    `        int startFrame = ${formatInt(start)}`,
    '    }',
    '    defaultPrim = "Aftermath"',
    `    endTimeCode = ${formatInt(end)}`,
    `    framesPerSecond = ${fps}`,
    `    metersPerUnit = ${formatDouble(USD_METERS_PER_UNIT)}`,
    `    startTimeCode = ${formatInt(start)}`,
    `    timeCodesPerSecond = ${fps}`,
    '    upAxis = "Y"',
    ')',
    '',
    'def Xform "Aftermath" (',
    '    kind = "assembly"',
    ')',
    '{',
    '    def Xform "Pieces"',
    '    {',
  ];
  doc.pieces.forEach((piece, i) => {
    if (i > 0) out.push('');
    writePiece(out, piece, tracks, i);
  });
  out.push('    }', '');
  writeCamera(out, doc);
  out.push('}', '');
  return out.join('\n');
}

function writePiece(out: string[], piece: Piece, tracks: PieceTracks, p: number): void {
  const { frameCount, frameNumbers, translations, rotations } = tracks;
  const ind = '        ';
  const translate: string[] = [];
  const orient: string[] = [];
  for (let k = 0; k < frameCount; k++) {
    const t = (p * frameCount + k) * 3;
    const r = (p * frameCount + k) * 4;
    translate.push(`${ind}        ${frameNumbers[k]}: ${floatTuple(translations, t, 3)},`);
    orient.push(`${ind}        ${frameNumbers[k]}: ${wxyz(rotations[r], rotations[r + 1], rotations[r + 2], rotations[r + 3])},`);
  }
  const [qx, qy, qz, qw] = piece.rotation;
  out.push(
    `${ind}def Xform "${pieceName(piece.index)}"`,
    `${ind}{`,
    `${ind}    custom string aftermath:buildingId = ${usdaString(piece.buildingId)}`,
    `${ind}    custom string aftermath:kind = ${usdaString(piece.kind)}`,
    `${ind}    custom double aftermath:massKg = ${formatDouble(piece.massKg)}`,
    `${ind}    custom string aftermath:material = ${usdaString(piece.material)}`,
    `${ind}    custom string aftermath:memberId = ${usdaString(piece.memberId)}`,
    `${ind}    custom int aftermath:pieceIndex = ${formatInt(piece.index)}`,
    `${ind}    custom int aftermath:storey = ${formatInt(piece.storey)}`,
    `${ind}    quatf xformOp:orient = ${wxyz(qx, qy, qz, qw)}`,
    `${ind}    quatf xformOp:orient.timeSamples = {`,
    ...orient,
    `${ind}    }`,
    `${ind}    float3 xformOp:translate = ${floatTuple(piece.centerM)}`,
    `${ind}    float3 xformOp:translate.timeSamples = {`,
    ...translate,
    `${ind}    }`,
    `${ind}    uniform token[] xformOpOrder = ["xformOp:translate", "xformOp:orient"]`,
    '',
  );
  writeMesh(out, piece, `${ind}    `);
  out.push(`${ind}}`);
}

/** USD writes quaternions real part first: (w, x, y, z). */
function wxyz(x: number, y: number, z: number, w: number): string {
  return `(${formatFloat(w)}, ${formatFloat(x)}, ${formatFloat(y)}, ${formatFloat(z)})`;
}

/**
 * The piece's mesh from `pieceMesh`, one USD face per triangle. Fracture faces are listed in
 * a `cut` GeomSubset (family `materialBind`) and get the lighter cut colour, so they can be
 * shaded separately downstream.
 */
function writeMesh(out: string[], piece: Piece, ind: string): void {
  const mesh = pieceMesh(piece);
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < mesh.positions.length; i++) {
    const c = i % 3;
    min[c] = Math.min(min[c], mesh.positions[i]);
    max[c] = Math.max(max[c], mesh.positions[i]);
  }
  const triangles = mesh.indices.length / 3;
  const cutFaces: number[] = [];
  for (let t = 0; t < triangles; t++) if (mesh.interior[mesh.indices[t * 3]]) cutFaces.push(t);
  const surface = surfaceLook(piece.material, piece.kind);
  const cut = cutLook(piece.material);
  let colors: string;
  let colorInterpolation: string;
  if (cutFaces.length === 0 || cutFaces.length === triangles) {
    colors = `[${floatTuple((cutFaces.length === 0 ? surface : cut).color)}]`;
    colorInterpolation = 'constant';
  } else {
    const isCut = new Set(cutFaces);
    const perFace = Array.from({ length: triangles }, (_, t) => floatTuple((isCut.has(t) ? cut : surface).color));
    colors = `[${perFace.join(', ')}]`;
    colorInterpolation = 'uniform';
  }
  out.push(
    `${ind}def Mesh "mesh"`,
    `${ind}{`,
    `${ind}    float3[] extent = [${floatTuple(min)}, ${floatTuple(max)}]`,
    `${ind}    int[] faceVertexCounts = ${intArray(new Array<number>(triangles).fill(3))}`,
    `${ind}    int[] faceVertexIndices = ${intArray(mesh.indices)}`,
    `${ind}    normal3f[] normals = ${floatTupleArray(mesh.normals, 3)} (`,
    `${ind}        interpolation = "vertex"`,
    `${ind}    )`,
    `${ind}    uniform token orientation = "rightHanded"`,
    `${ind}    point3f[] points = ${floatTupleArray(mesh.positions, 3)}`,
    `${ind}    color3f[] primvars:displayColor = ${colors} (`,
    `${ind}        interpolation = "${colorInterpolation}"`,
    `${ind}    )`,
  );
  if (surface.opacity < 1) {
    out.push(`${ind}    float[] primvars:displayOpacity = [${formatFloat(surface.opacity)}] (`, `${ind}        interpolation = "constant"`, `${ind}    )`);
  }
  out.push(`${ind}    uniform token subdivisionScheme = "none"`);
  if (cutFaces.length > 0) {
    out.push(
      '',
      `${ind}    def GeomSubset "cut"`,
      `${ind}    {`,
      `${ind}        uniform token elementType = "face"`,
      `${ind}        uniform token familyName = "materialBind"`,
      `${ind}        int[] indices = ${intArray(cutFaces)}`,
      `${ind}    }`,
    );
  }
  out.push(`${ind}}`);
}

function writeCamera(out: string[], doc: FracturedDoc): void {
  const cam = doc.scene.camera;
  const { right, up, back } = lookAtFrame(cam.positionM, cam.lookAtM);
  // Row-vector convention: rows are the images of local X, Y, Z, then the translation.
  const row = (v: number[], w: number): string => `(${[...v, w].map(formatDouble).join(', ')})`;
  const matrix = `( ${row(right, 0)}, ${row(up, 0)}, ${row(back, 0)}, ${row(cam.positionM, 1)} )`;
  const lens = (mm: number): string => formatFloat(mm * USD_LENS_UNITS_PER_MM);
  const ind = '    ';
  out.push(
    `${ind}def Camera "Camera"`,
    `${ind}{`,
    `${ind}    custom double aftermath:focalMm = ${formatDouble(cam.focalMm)}`,
    `${ind}    custom double aftermath:sensorWidthMm = ${formatDouble(cam.sensorWidthMm)}`,
    `${ind}    custom double aftermath:verticalFovDeg = ${formatDouble(cam.verticalFovDeg)}`,
    `${ind}    float2 clippingRange = (${formatFloat(cam.nearM)}, ${formatFloat(cam.farM)})`,
    `${ind}    float focalLength = ${lens(cam.focalMm)}`,
    `${ind}    float horizontalAperture = ${lens(cam.sensorWidthMm)}`,
    `${ind}    token projection = "perspective"`,
    `${ind}    float verticalAperture = ${lens(cam.sensorWidthMm / cam.aspect)}`,
    `${ind}    matrix4d xformOp:transform = ${matrix}`,
    `${ind}    uniform token[] xformOpOrder = ["xformOp:transform"]`,
    `${ind}}`,
  );
}
