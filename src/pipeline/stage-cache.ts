import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Stage results cached under `<out>/.cache/`, keyed by a hash of exactly the inputs that
 * shape them (see the pipeline for what goes into each key). A file that fails to load is
 * treated as a miss and recomputed.
 */
export class StageCache {
  constructor(readonly dir: string) {}

  pathFor(stage: string, key: string, ext: string): string {
    return path.join(this.dir, `${stage}-${key}.${ext}`);
  }

  async has(file: string): Promise<boolean> {
    try {
      return (await fs.stat(file)).isFile();
    } catch {
      return false;
    }
  }

  /** Removes older entries of a stage so the cache does not grow without bound. */
  async prune(stage: string, keep: string): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    for (const n of names) {
      if (n.startsWith(`${stage}-`) && !n.startsWith(`${stage}-${keep}.`)) {
        await fs.rm(path.join(this.dir, n), { force: true });
      }
    }
  }
}
