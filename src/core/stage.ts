import type { Rng } from './rng.js';

/** A progress event from a stage: `done` of `total` units (frames, steps, pieces). */
export interface ProgressEvent {
  stage: string;
  done: number;
  total: number;
  unit: string;
}

export type Logger = (message: string) => void;

/** What every stage receives besides its input document. */
export interface StageContext {
  rng: Rng;
  signal: AbortSignal;
  onProgress: (event: ProgressEvent) => void;
  log: Logger;
}
