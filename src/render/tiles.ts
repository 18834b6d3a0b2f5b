/** Tiling: frames larger than a render target are rendered tile by tile (camera view offset). */
import { AftermathError } from '../core/errors.js';

/** Fake canvas: we only ever render into render targets. */
export function offscreenCanvas(width: number, height: number): unknown {
  return {
    width,
    height,
    style: {},
    addEventListener() {},
    removeEventListener() {},
    getContext() {
      throw new AftermathError('Aftermath renders offscreen only', 'render.no_canvas');
    },
  };
}

/** Largest render target side; frames wider or taller are rendered in tiles. */
export const MAX_TILE_PX = 2048;

/** Splits a frame into at most MAX_TILE_PX-square tiles, row by row. */
export function planTiles(width: number, height: number, maxTile: number): { x: number; y: number; w: number; h: number }[] {
  const nx = Math.ceil(width / maxTile);
  const ny = Math.ceil(height / maxTile);
  const tiles = [];
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const x = Math.round((i * width) / nx);
      const y = Math.round((j * height) / ny);
      tiles.push({ x, y, w: Math.round(((i + 1) * width) / nx) - x, h: Math.round(((j + 1) * height) / ny) - y });
    }
  }
  return tiles;
}
