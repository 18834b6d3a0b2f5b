import type { SnowFrame } from '../weather/snow-frame.js';
import type { DebrisFrame, DustVolumeFrame } from '../dust/dust-frame.js';

/** What the render stage hands the composite stage for one frame. */
export interface FramePasses {
  frame: number;
  width: number;
  height: number;
  /** Scene-linear RGBA, row 0 at the top, 4 floats per pixel. */
  beauty: Float32Array;
  /** Piece index + 1 per pixel (0 = no piece), row 0 at the top. */
  id?: Uint32Array;
  /** Coverage of CG objects (the pieces), 0..1 (no antialiasing yet: 0 or 1). */
  alpha?: Float32Array;
  /** Z: distance along the camera's viewing axis, metres; 0 where nothing was hit. */
  depth?: Float32Array;
  /** Camera-space unit normal, 3 floats per pixel (x right, y up, z towards the camera). */
  normal?: Float32Array;
  /** Motion from the previous frame to this one in pixels, u right, v up (Nuke); 2 floats per pixel. */
  motion?: Float32Array;
  /** Shadow catcher: 1 where no CG shadow falls on the ground, darker in the shadows. */
  shadow?: Float32Array;
  /** Falling snow alone: premultiplied scene-linear RGBA (held out by the pieces and ground), 4 floats per pixel. */
  snow?: Float32Array;
  /** Z of the nearest flake, metres (0 = none). */
  snowDepth?: Float32Array;
  /**
   * The dust cloud alone: premultiplied scene-linear RGBA (held out by the pieces, ground and
   * debris; height-fogged), 4 floats per pixel. Over the beauty: beauty' = dust + beauty · (1 − dust.a).
   */
  dust?: Float32Array;
  /**
   * Light the scene emits by itself (luminous snow's glow, emissive materials), scene-linear
   * RGB as it reaches the camera (held out, fogged), 0 where nothing emits; 3 floats per pixel.
   * Part of the beauty already (an AOV, not a layer to add).
   */
  emission?: Float32Array;
  /** After compositing over a plate: per pixel, the share of the plate that shows (0..1). */
  captureShare?: Float32Array;
  /** Of that, the share that was filled in (synthesised) rather than captured. */
  synthesizedShare?: Float32Array;
}

/** The pose of every piece at one frame (FLOATS_PER_PIECE floats each, see sim-cache). */
export interface FrameState {
  frame: number;
  timeS: number;
  pieces: Float32Array;
  /** The previous frame's poses (for motion vectors); absent on the first frame. */
  previous?: Float32Array;
  /** The flakes of this frame (shots with snow). */
  snow?: SnowFrame;
  /** The dust cloud at this frame (shots with dust; see RenderBackend.setEffects). */
  dust?: DustVolumeFrame;
  /** The live debris particles at this frame (drawn in the beauty, at p + v·dt in motion-blur sub-frames). */
  debris?: DebrisFrame;
}
