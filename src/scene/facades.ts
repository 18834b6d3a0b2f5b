import type { Rng } from '../core/rng.js';
import type { BuildingSpec } from '../spec/schema.js';
import type { FacadeSide, MemberSink } from './member-sink.js';
import { sidePoint, sideSize } from './member-sink.js';

export const FACADE_DIMENSIONS = {
  wallThicknessM: 0.25,
  pierWidthM: 0.8,
  sillHeightM: 0.9,
  headHeightM: 0.35,
  glassThicknessM: 0.03,
  mullionWidthM: 0.08,
  mullionDepthM: 0.15,
  mullionPitchM: 1.5,
} as const;

export interface StoreySpan {
  storey: number;
  baseY: number;
  /** Clear height from the slab below to the underside of the slab above, metres. */
  clearM: number;
}

/** Window width for a punched facade with the given window-to-wall ratio. */
export function windowWidthFor(ratio: number, clearM: number, windowHeightM: number, pierWidthM: number): number {
  const r = Math.min(0.95, (ratio * clearM) / windowHeightM);
  return Math.min(4, Math.max(0.6, (r * pierWidthM) / (1 - r)));
}

/** Builds one storey of facade on one side, by facade type. */
export function addFacade(sink: MemberSink, spec: BuildingSpec, side: FacadeSide, span: StoreySpan, rng: Rng): void {
  switch (spec.facade) {
    case 'punched-concrete':
    case 'punched-brick':
      return punched(sink, spec, side, span, rng, spec.facade === 'punched-brick' ? 'brick' : 'concrete');
    case 'precast-panels':
      return precast(sink, spec, side, span, rng);
    case 'curtain-glass':
      return curtain(sink, side, span);
  }
}

/** A spandrel band under a row of windows separated by piers. */
function punched(sink: MemberSink, spec: BuildingSpec, side: FacadeSide, span: StoreySpan, rng: Rng, material: 'concrete' | 'brick'): void {
  const d = FACADE_DIMENSIONS;
  const t = d.wallThicknessM;
  const sill = Math.min(d.sillHeightM, span.clearM * 0.4);
  const pierH = span.clearM - sill;
  sink.add('spandrel', material, span.storey, sidePoint(side, 0, span.baseY + sill / 2), sideSize(side, side.lengthM, sill, t));
  const windowW = windowWidthFor(spec.windowRatio, span.clearM, pierH, d.pierWidthM);
  const piers = Math.max(2, Math.round((side.lengthM - d.pierWidthM) / (windowW + d.pierWidthM)) + 1);
  const pitch = (side.lengthM - d.pierWidthM) / (piers - 1);
  for (let p = 0; p < piers; p++) {
    const u = -side.lengthM / 2 + d.pierWidthM / 2 + p * pitch;
    // End piers stay flush with the corner; the ones between vary a little.
    const widthM = p === 0 || p === piers - 1 ? d.pierWidthM : Math.min(pitch, d.pierWidthM * rng.range(0.94, 1.06));
    sink.add('pier', material, span.storey, sidePoint(side, u, span.baseY + sill + pierH / 2), sideSize(side, widthM, pierH, t));
  }
}

/** Storey-high precast panels per bay: sill, head and two jambs around a window, 20 mm joints. */
function precast(sink: MemberSink, spec: BuildingSpec, side: FacadeSide, span: StoreySpan, rng: Rng): void {
  const d = FACADE_DIMENSIONS;
  const t = 0.2;
  const joint = 0.02;
  const bays = Math.max(1, Math.round(side.lengthM / 3));
  const bayW = side.lengthM / bays;
  const sill = Math.min(0.8, span.clearM * 0.3);
  const head = Math.min(d.headHeightM, span.clearM * 0.15);
  const winH = span.clearM - sill - head;
  const winW = Math.min(bayW - 0.5, windowWidthFor(spec.windowRatio, span.clearM, winH, bayW * 0.3) * rng.range(0.98, 1.02));
  const jamb = (bayW - joint - winW) / 2;
  for (let b = 0; b < bays; b++) {
    const u0 = -side.lengthM / 2 + b * bayW + joint / 2;
    const w = bayW - joint;
    sink.add('panel', 'concrete', span.storey, sidePoint(side, u0 + w / 2, span.baseY + sill / 2), sideSize(side, w, sill, t));
    sink.add('panel', 'concrete', span.storey, sidePoint(side, u0 + w / 2, span.baseY + span.clearM - head / 2), sideSize(side, w, head, t));
    sink.add('panel', 'concrete', span.storey, sidePoint(side, u0 + jamb / 2, span.baseY + sill + winH / 2), sideSize(side, jamb, winH, t));
    sink.add('panel', 'concrete', span.storey, sidePoint(side, u0 + w - jamb / 2, span.baseY + sill + winH / 2), sideSize(side, jamb, winH, t));
  }
}

/** Floor-to-ceiling glass between steel mullions, set just outside the slab edge. */
function curtain(sink: MemberSink, side: FacadeSide, span: StoreySpan): void {
  const d = FACADE_DIMENSIONS;
  const n = Math.max(1, Math.round(side.lengthM / d.mullionPitchM));
  const pitch = side.lengthM / n;
  const y = span.baseY + span.clearM / 2;
  for (let i = 0; i <= n; i++) {
    const u = -side.lengthM / 2 + i * pitch;
    const w = i === 0 || i === n ? d.mullionWidthM / 2 : d.mullionWidthM;
    const uc = i === 0 ? u + w / 2 : i === n ? u - w / 2 : u;
    sink.add('mullion', 'steel', span.storey, sidePoint(side, uc, y), sideSize(side, w, span.clearM, d.mullionDepthM));
  }
  for (let i = 0; i < n; i++) {
    const u = -side.lengthM / 2 + (i + 0.5) * pitch;
    const w = pitch - d.mullionWidthM;
    sink.add('glass', 'glass', span.storey, sidePoint(side, u, y), sideSize(side, w, span.clearM, d.glassThicknessM));
  }
}
