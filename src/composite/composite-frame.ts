import type { FramePasses } from '../render/frame-passes.js';
import { toDisplayRgb16, toDisplayRgb8 } from './display-transform.js';

export interface CompositedFrame {
  frame: number;
  width: number;
  height: number;
  /** Display-referred 8-bit RGB (sRGB / Rec.709 transfer) for PNG and MP4. */
  displayRgb8: Uint8Array;
  /** 16-bit display RGB, when asked for (`output.pngBitDepth: 16`). */
  displayRgb16?: Uint16Array;
  /** Object id as 16-bit grey (piece index + 1, 0 = none), when the id pass was rendered. */
  id16?: Uint16Array;
}

/**
 * Frame passes → display image. Today there is no plate: the CG frame is the whole image,
 * graded by the shot's exposure and the filmic display transform. (Plates, shadow
 * catchers, dust and snow layering arrive with the compositing issue.)
 */
export function compositeFrame(passes: FramePasses, exposureEv: number, bitDepth: 8 | 16 = 8): CompositedFrame {
  const { width, height } = passes;
  const out: CompositedFrame = {
    frame: passes.frame,
    width,
    height,
    displayRgb8: toDisplayRgb8(passes.beauty, width * height, exposureEv),
  };
  if (bitDepth === 16) out.displayRgb16 = toDisplayRgb16(passes.beauty, width * height, exposureEv);
  if (passes.id) {
    const id16 = new Uint16Array(width * height);
    for (let i = 0; i < id16.length; i++) id16[i] = Math.min(65535, passes.id[i]);
    out.id16 = id16;
  }
  return out;
}
