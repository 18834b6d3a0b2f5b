import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { validateShot } from '../src/spec/validate-spec.js';
import type { ShotSpec } from '../src/spec/schema.js';

export function tempDir(prefix = 'aftermath-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A small collapse shot for fast end-to-end tests (320x180, 12 frames at 12 fps). */
export function smallShot(overrides: Record<string, unknown> = {}): ShotSpec {
  return validateShot({
    schema: 'aftermath.shot/1',
    seed: 11,
    frames: { fps: 12, count: 12 },
    resolution: [320, 180],
    camera: { position: [-25, 3, 70], lookAt: [0, 10, 0] },
    elements: [
      { building: { id: 'tower', floors: 6, footprint: [16, 12], bays: [3, 2], fragments: 300 } },
      { collapse: { target: 'tower', startS: 0.1, initiationFloor: 2 } },
    ],
    output: { formats: ['png', 'mp4'], passes: ['beauty', 'id'], contactSheet: true },
    ...overrides,
  });
}
