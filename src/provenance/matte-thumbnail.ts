import { PROVENANCE_KINDS } from './provenance-matte.js';
import type { ProvenanceKind, ProvenanceMatte } from './provenance-matte.js';

/** The colour each share is drawn in (8-bit sRGB); a pixel is the share-weighted mix. */
export const MATTE_COLORS: Record<ProvenanceKind, [number, number, number]> = {
  capture: [70, 130, 220], // blue: camera plate
  simulated: [60, 180, 90], // green: Aftermath's simulation and rendering
  synthesized: [240, 150, 40], // orange: algorithmic fill
  trained: [220, 50, 200], // magenta: a trained model
};

export interface MatteThumbnail {
  width: number;
  height: number;
  /** 8-bit RGB, row 0 at the top. */
  rgb: Uint8Array;
}

/** A small colour picture of a matte (box-filtered to `maxWidth`), for reports. */
export function matteThumbnail(m: ProvenanceMatte, maxWidth = 320): MatteThumbnail {
  const width = Math.max(1, Math.min(m.width, maxWidth));
  const height = Math.max(1, Math.round((m.height * width) / m.width));
  const rgb = new Uint8Array(width * height * 3);
  for (let ty = 0; ty < height; ty++) {
    const y0 = Math.floor((ty * m.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * m.height) / height));
    for (let tx = 0; tx < width; tx++) {
      const x0 = Math.floor((tx * m.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * m.width) / width));
      const c = [0, 0, 0];
      let n = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = y * m.width + x;
          for (const k of PROVENANCE_KINDS) {
            const s = m[k][i];
            if (s === 0) continue;
            const col = MATTE_COLORS[k];
            c[0] += s * col[0];
            c[1] += s * col[1];
            c[2] += s * col[2];
          }
          n++;
        }
      }
      const o = (ty * width + tx) * 3;
      for (let j = 0; j < 3; j++) rgb[o + j] = Math.max(0, Math.min(255, Math.round(c[j] / n)));
    }
  }
  return { width, height, rgb };
}
