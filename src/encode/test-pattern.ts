/**
 * Synthetic frames for encoder tests and smoke checks: a horizontal/vertical colour gradient
 * with a white square that moves a few pixels per frame. Pure function of its arguments.
 */
export interface PatternFrame {
  frame: number;
  width: number;
  height: number;
  rgb: Uint8Array;
}

export const SQUARE_SIZE = 8;

/** Top-left corner of the white square on `frame` (1-based), wrapping inside the image. */
export function squarePosition(frame: number, width: number, height: number): { x: number; y: number } {
  const spanX = Math.max(1, width - SQUARE_SIZE);
  const spanY = Math.max(1, height - SQUARE_SIZE);
  return { x: ((frame - 1) * 4) % spanX, y: ((frame - 1) * 2) % spanY };
}

/** Gradient colour at (x, y) without the square. */
export function gradientAt(x: number, y: number, width: number, height: number): [number, number, number] {
  const r = Math.round((x / Math.max(1, width - 1)) * 200) + 20;
  const g = Math.round((y / Math.max(1, height - 1)) * 160) + 40;
  const b = 180 - Math.round((x / Math.max(1, width - 1)) * 120);
  return [r, g, b];
}

export function makePatternFrame(frame: number, width: number, height: number): PatternFrame {
  const rgb = new Uint8Array(width * height * 3);
  const sq = squarePosition(frame, width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inSquare = x >= sq.x && x < sq.x + SQUARE_SIZE && y >= sq.y && y < sq.y + SQUARE_SIZE;
      const c = inSquare ? [255, 255, 255] : gradientAt(x, y, width, height);
      const o = (y * width + x) * 3;
      rgb[o] = c[0];
      rgb[o + 1] = c[1];
      rgb[o + 2] = c[2];
    }
  }
  return { frame, width, height, rgb };
}
