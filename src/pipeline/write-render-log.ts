import path from 'node:path';
import os from 'node:os';
import { writeFileAtomic } from '../core/fs-atomic.js';

/** What differs run to run and therefore stays out of manifest.json. */
export interface RenderLog {
  startedAt: Date;
  finishedAt: Date;
  deviceDescription: string | null;
  framesRendered: number[];
  framesSkipped: number[];
  /** sha256 of each signed file as written (relative path → hash). */
  signedFiles: Record<string, string>;
  /** False when the render was asked to be unsigned. */
  signed: boolean;
  warnings: string[];
}

/** `render-log.json`: the time of the render, the machine and the signed files' hashes (not hashed anywhere). */
export async function writeRenderLog(outDir: string, log: RenderLog): Promise<string> {
  const doc = {
    schema: 'aftermath.render-log/1',
    startedAt: log.startedAt.toISOString(),
    finishedAt: log.finishedAt.toISOString(),
    durationS: Math.round((log.finishedAt.getTime() - log.startedAt.getTime()) / 10) / 100,
    host: { platform: `${os.platform()} ${os.arch()}`, node: process.version, cpus: os.cpus().length },
    device: log.deviceDescription,
    framesRendered: log.framesRendered,
    framesSkipped: log.framesSkipped,
    signed: log.signed,
    signedFiles: log.signedFiles,
    warnings: log.warnings,
  };
  const out = path.join(outDir, 'render-log.json');
  await writeFileAtomic(out, `${JSON.stringify(doc, null, 2)}\n`);
  return out;
}
