import { FLOATS_PER_PIECE } from '../simulate/sim-cache.js';

/**
 * Piece poses `dtS` seconds away from a cached frame, from its linear and angular velocity
 * (rigid motion: p + v·dt, and the rotation advanced by ω·dt). Accurate within a shutter
 * interval, which is all motion blur needs.
 */
export function advancePoses(state: Float32Array, dtS: number): Float32Array {
  const out = new Float32Array(state);
  for (let o = 0; o < state.length; o += FLOATS_PER_PIECE) {
    out[o] = state[o] + state[o + 7] * dtS;
    out[o + 1] = state[o + 1] + state[o + 8] * dtS;
    out[o + 2] = state[o + 2] + state[o + 9] * dtS;
    const wx = state[o + 10];
    const wy = state[o + 11];
    const wz = state[o + 12];
    const w = Math.hypot(wx, wy, wz);
    if (w < 1e-9) continue;
    const half = (w * dtS) / 2;
    const s = Math.sin(half) / w;
    const [dx, dy, dz, dw] = [wx * s, wy * s, wz * s, Math.cos(half)];
    const [qx, qy, qz, qw] = [state[o + 3], state[o + 4], state[o + 5], state[o + 6]];
    // q' = dq ⊗ q (world-frame angular velocity).
    out[o + 3] = dw * qx + dx * qw + dy * qz - dz * qy;
    out[o + 4] = dw * qy - dx * qz + dy * qw + dz * qx;
    out[o + 5] = dw * qz + dx * qy - dy * qx + dz * qw;
    out[o + 6] = dw * qw - dx * qx - dy * qy - dz * qz;
  }
  return out;
}

/** Sub-frame offsets (seconds) of `samples` shutter samples centred on the frame. */
export function shutterOffsets(samples: number, shutterAngleDeg: number, fps: number): number[] {
  const open = shutterAngleDeg / 360 / fps;
  if (samples <= 1 || open <= 0) return [0];
  return Array.from({ length: samples }, (_, i) => ((i + 0.5) / samples - 0.5) * open);
}
