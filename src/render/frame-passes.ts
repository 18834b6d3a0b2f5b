/** What the render stage hands the composite stage for one frame. */
export interface FramePasses {
  frame: number;
  width: number;
  height: number;
  /** Scene-linear RGBA, row 0 at the top, 4 floats per pixel. */
  beauty: Float32Array;
  /** Piece index + 1 per pixel (0 = no piece), row 0 at the top. */
  id?: Uint32Array;
}

/** The pose of every piece at one frame (FLOATS_PER_PIECE floats each, see sim-cache). */
export interface FrameState {
  frame: number;
  timeS: number;
  pieces: Float32Array;
}
