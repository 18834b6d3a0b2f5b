/**
 * Brown–Conrady radial lens distortion (`camera.distortion: { k1, k2 }`), so that the CG's
 * straight edges bend like the plate's:
 *   p_d = c + (p_u − c) · (1 + k1 r² + k2 r⁴),   r = |p_u − c| / (half the frame diagonal)
 * with c the frame centre and p in pixels (pixel centres at +0.5). r is 1 at the frame's
 * corner, so the coefficients do not depend on the resolution or the focal length
 * (negative k1: barrel, positive: pincushion).
 *
 * The CG is rendered through an ideal pinhole and then distorted (`distortImage`: each output
 * pixel samples the render at its undistorted position); a plate projected on to geometry is
 * first undistorted (`undistortImage`) so that projection and distortion cancel. A map is
 * computed once per frame size and reused (`createRemap` + `remap`).
 */
export interface RadialDistortion {
  k1: number;
  k2: number;
}

export function isIdentityDistortion(k: RadialDistortion | undefined | null): boolean {
  return !k || (k.k1 === 0 && k.k2 === 0);
}

/** Undistorted → distorted pixel position. */
export function distortPoint(x: number, y: number, width: number, height: number, k: RadialDistortion): [number, number] {
  const cx = width / 2;
  const cy = height / 2;
  const d = Math.hypot(width, height) / 2;
  const u = (x - cx) / d;
  const v = (y - cy) / d;
  const r2 = u * u + v * v;
  const s = 1 + k.k1 * r2 + k.k2 * r2 * r2;
  return [cx + u * s * d, cy + v * s * d];
}

/** Distorted → undistorted pixel position (Newton on the radius; exact to ~1e-9 px inside the valid range). */
export function undistortPoint(x: number, y: number, width: number, height: number, k: RadialDistortion): [number, number] {
  const cx = width / 2;
  const cy = height / 2;
  const d = Math.hypot(width, height) / 2;
  const ud = (x - cx) / d;
  const vd = (y - cy) / d;
  const rd = Math.hypot(ud, vd);
  if (rd < 1e-12) return [x, y];
  // Solve r (1 + k1 r² + k2 r⁴) = rd for r.
  let r = rd;
  for (let i = 0; i < 20; i++) {
    const r2 = r * r;
    const f = r * (1 + k.k1 * r2 + k.k2 * r2 * r2) - rd;
    const df = 1 + 3 * k.k1 * r2 + 5 * k.k2 * r2 * r2;
    if (Math.abs(df) < 1e-9) break;
    const step = f / df;
    r -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  const s = r / rd;
  return [cx + ud * s * d, cy + vd * s * d];
}

/** For each output pixel, where to sample the source (pixel coordinates, pixel centres at +0.5). */
export interface Remap {
  width: number;
  height: number;
  sx: Float32Array;
  sy: Float32Array;
}

/**
 * 'distort': output = the distorted view of an undistorted source (samples at undistortPoint);
 * 'undistort': output = the undistorted view of a distorted source (samples at distortPoint).
 */
export function createRemap(width: number, height: number, k: RadialDistortion, direction: 'distort' | 'undistort'): Remap {
  const sx = new Float32Array(width * height);
  const sy = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [u, v] = direction === 'distort' ? undistortPoint(x + 0.5, y + 0.5, width, height, k) : distortPoint(x + 0.5, y + 0.5, width, height, k);
      sx[y * width + x] = u;
      sy[y * width + x] = v;
    }
  }
  return { width, height, sx, sy };
}

/**
 * Resamples a `channels`-channel image through a map (bilinear); samples outside the source
 * get `outside`, or with `outside = 'clamp'` the nearest edge pixel (a render without overscan:
 * barrel distortion pulls in what lies beyond the frame's edge).
 */
export function remap(src: Float32Array, channels: number, map: Remap, outside: number | 'clamp' = 0): Float32Array {
  const { width: w, height: h, sx, sy } = map;
  const C = channels;
  const out = new Float32Array(w * h * C);
  const clamp = outside === 'clamp';
  const fill = clamp ? 0 : outside;
  for (let i = 0; i < w * h; i++) {
    let fx = sx[i] - 0.5;
    let fy = sy[i] - 0.5;
    if (clamp) {
      fx = fx > 0 ? (fx < w - 1 ? fx : w - 1) : 0;
      fy = fy > 0 ? (fy < h - 1 ? fy : h - 1) : 0;
    } else if (!(fx > -1 && fy > -1 && fx < w && fy < h)) {
      for (let c = 0; c < C; c++) out[i * C + c] = fill;
      continue;
    }
    const x0 = Math.floor(fx);
    const y0 = Math.floor(fy);
    const tx = fx - x0;
    const ty = fy - y0;
    const x1 = x0 + 1;
    const y1 = y0 + 1;
    // Corner weights; a corner outside the source reads `fill` (or, clamped, its edge pixel).
    const inX0 = x0 >= 0;
    const inX1 = x1 < w;
    const inY0 = y0 >= 0;
    const inY1 = y1 < h;
    const cx0 = inX0 ? x0 : 0;
    const cx1 = inX1 ? x1 : w - 1;
    const cy0 = inY0 ? y0 : 0;
    const cy1 = inY1 ? y1 : h - 1;
    const i00 = (cy0 * w + cx0) * C;
    const i10 = (cy0 * w + cx1) * C;
    const i01 = (cy1 * w + cx0) * C;
    const i11 = (cy1 * w + cx1) * C;
    const ok00 = clamp || (inX0 && inY0);
    const ok10 = clamp || (inX1 && inY0);
    const ok01 = clamp || (inX0 && inY1);
    const ok11 = clamp || (inX1 && inY1);
    const w00 = (1 - tx) * (1 - ty);
    const w10 = tx * (1 - ty);
    const w01 = (1 - tx) * ty;
    const w11 = tx * ty;
    for (let c = 0; c < C; c++) {
      out[i * C + c] =
        w00 * (ok00 ? src[i00 + c] : fill) + w10 * (ok10 ? src[i10 + c] : fill) + w01 * (ok01 ? src[i01 + c] : fill) + w11 * (ok11 ? src[i11 + c] : fill);
    }
  }
  return out;
}

/** Nearest-neighbour resampling of a mask through a map (0 outside the source). */
export function remapMask(mask: Uint8Array, map: Remap): Uint8Array {
  const { width: w, height: h, sx, sy } = map;
  const out = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const x = Math.floor(sx[i]);
    const y = Math.floor(sy[i]);
    if (x >= 0 && y >= 0 && x < w && y < h) out[i] = mask[y * w + x];
  }
  return out;
}

/** The CG (undistorted render) seen through the plate's lens. */
export function distortImage(src: Float32Array, channels: number, width: number, height: number, k: RadialDistortion, outside: number | 'clamp' = 'clamp'): Float32Array {
  if (isIdentityDistortion(k)) return src;
  return remap(src, channels, createRemap(width, height, k, 'distort'), outside);
}

/** The plate with its lens taken out (for projection on to geometry through a pinhole). */
export function undistortImage(src: Float32Array, channels: number, width: number, height: number, k: RadialDistortion): Float32Array {
  if (isIdentityDistortion(k)) return src;
  return remap(src, channels, createRemap(width, height, k, 'undistort'), 0);
}
