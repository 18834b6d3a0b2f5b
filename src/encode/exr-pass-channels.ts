import type { ExrChannelInput } from '../exr/exr-types.js';
import type { FramePasses } from '../render/frame-passes.js';

/**
 * The data passes as EXR layers (Nuke-style names): `id.R` (uint), `alpha.A`, `depth.Z`
 * (float, metres), `normal.X/Y/Z` (camera space), `motion.U/V` (pixels, v up), `shadow.Y`,
 * `snow.R/G/B/A` (premultiplied flakes, held out by the CG), `snow.Z` (nearest flake, metres) and
 * `dust.R/G/B/A` (the dust cloud alone, premultiplied, held out by the CG) and `emission.R/G/B`
 * (the light the scene emits: luminous snow, emissive materials).
 */
export function passChannels(p: FramePasses): ExrChannelInput[] {
  const out: ExrChannelInput[] = [];
  // Interleaved passes are read in place by the writer (stride, offset), not copied into planes.
  const plane = (data: Float32Array, stride: number, offset: number) => ({ data, stride, offset });
  if (p.id) out.push({ name: 'id.R', type: 'UINT', data: p.id });
  if (p.alpha) out.push({ name: 'alpha.A', type: 'HALF', data: p.alpha });
  if (p.depth) out.push({ name: 'depth.Z', type: 'FLOAT', data: p.depth });
  if (p.normal) ['X', 'Y', 'Z'].forEach((c, k) => out.push({ name: `normal.${c}`, type: 'HALF', ...plane(p.normal as Float32Array, 3, k) }));
  if (p.motion) ['U', 'V'].forEach((c, k) => out.push({ name: `motion.${c}`, type: 'FLOAT', ...plane(p.motion as Float32Array, 2, k) }));
  if (p.shadow) out.push({ name: 'shadow.Y', type: 'HALF', data: p.shadow });
  if (p.snow) ['R', 'G', 'B', 'A'].forEach((c, k) => out.push({ name: `snow.${c}`, type: 'HALF', ...plane(p.snow as Float32Array, 4, k) }));
  if (p.snowDepth) out.push({ name: 'snow.Z', type: 'FLOAT', data: p.snowDepth });
  if (p.dust) ['R', 'G', 'B', 'A'].forEach((c, k) => out.push({ name: `dust.${c}`, type: 'HALF', ...plane(p.dust as Float32Array, 4, k) }));
  if (p.emission) ['R', 'G', 'B'].forEach((c, k) => out.push({ name: `emission.${c}`, type: 'HALF', ...plane(p.emission as Float32Array, 3, k) }));
  return out;
}
