import { InputError } from '../core/errors.js';

export interface FrameRange {
  /** First frame, 1-based, inclusive. */
  start: number;
  /** Last frame, inclusive. */
  end: number;
}

/** Parses `40-60`, `7` or `40-` (to the end) against a shot of `count` frames. */
export function parseFrameRange(text: string, count: number): FrameRange {
  const m = /^\s*(\d+)\s*(?:-\s*(\d*)\s*)?$/.exec(text);
  const fail = (): never => {
    throw new InputError(`--frames must look like 40-60 within 1..${count}`, 'cli.bad_frames', [
      { code: 'cli.bad_frames', path: '--frames', allowed: `N or N-M with 1 <= N <= M <= ${count}`, received: text },
    ]);
  };
  if (!m) return fail();
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : m[2] === '' ? count : Number(m[2]);
  if (start < 1 || end > count || start > end) return fail();
  return { start, end };
}

export function framesIn(range: FrameRange): number[] {
  const out: number[] = [];
  for (let f = range.start; f <= range.end; f++) out.push(f);
  return out;
}
