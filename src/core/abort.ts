import { AbortedError } from './errors.js';

/** Throws AbortedError when the signal has fired; stages call it between units of work. */
export function throwIfAborted(signal: AbortSignal, stage: string): void {
  if (signal.aborted) throw new AbortedError(stage);
}
