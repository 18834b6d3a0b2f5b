import type { Logger, ProgressEvent } from '../core/stage.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { SimCacheReader } from '../simulate/sim-cache.js';

/** An inclusive span of shot frames, numbered from 1 (frame N shows time (N-1)/fps). */
export interface ExportFrames {
  start: number;
  end: number;
}

/** What every scene exporter (glTF, USD) takes. */
export interface ExportOptions {
  doc: FracturedDoc;
  /** An open simulation cache for `doc` (same piece count); the caller closes it. */
  reader: SimCacheReader;
  /** Frames to export; defaults to every frame in the cache. */
  frames?: ExportFrames;
  outPath: string;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  log?: Logger;
}

export interface ExportResult {
  outPath: string;
  /** Size of the written file. */
  bytes: number;
  pieceCount: number;
  frames: ExportFrames;
}

export const EXPORT_STAGE = 'export';
