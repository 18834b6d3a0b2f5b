/**
 * CG over the plate, in scene-linear light: the CG beauty is premultiplied (rendered alone
 * on transparent black), the shadow catcher darkens the plate where CG shadows fall:
 *   out = cg + plate × shadow × (1 − α)
 * The output is opaque. Returns the per-pixel share of the plate that shows (1 − α), the
 * "capture" part of the provenance matte.
 */
export function compositeOverPlate(
  beauty: Float32Array,
  plate: Float32Array,
  shadow: Float32Array | undefined,
  pixelCount: number,
): { rgba: Float32Array; captureShare: Float32Array } {
  const rgba = new Float32Array(pixelCount * 4);
  const captureShare = new Float32Array(pixelCount);
  for (let i = 0; i < pixelCount; i++) {
    const a = Math.min(1, Math.max(0, beauty[i * 4 + 3]));
    const s = shadow ? shadow[i] : 1;
    const k = (1 - a) * s;
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = beauty[i * 4 + c] + plate[i * 4 + c] * k;
    rgba[i * 4 + 3] = 1;
    captureShare[i] = 1 - a;
  }
  return { rgba, captureShare };
}
