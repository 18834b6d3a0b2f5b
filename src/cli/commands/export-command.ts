import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { loadShotFile } from '../../spec/load-spec.js';
import { prepareOutputDir, shotSlug } from '../../pipeline/resolve-output.js';
import { runToSimulation } from '../../pipeline/run-stages.js';
import { loadSceneAssets } from '../../scene/import/load-assets.js';
import { writeSceneExports } from '../../pipeline/write-scene-exports.js';
import { createProgressReporter } from '../progress-reporter.js';
import { runAction } from '../run-action.js';

export const SCENE_FORMATS = ['gltf', 'usd'] as const;

export function parseSceneFormats(text: string): ('gltf' | 'usd')[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of list) {
    if (!(SCENE_FORMATS as readonly string[]).includes(f)) {
      throw new InputError(`unknown scene format "${f}"`, 'cli.bad_format', [
        { code: 'cli.bad_format', path: '--format', allowed: `one or more of ${SCENE_FORMATS.join(', ')}`, received: f },
      ]);
    }
  }
  return list as ('gltf' | 'usd')[];
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write only the scene export: the fractured building animated by the simulation, with the camera')
    .argument('<shot>', 'shot file')
    .requiredOption('--format <list>', 'gltf, usd or both (comma-separated)')
    .option('-o, --out <dir>', "output folder (default: the shot's output.dir)")
    .option('-q, --quiet', 'no progress output')
    .action((shotPath: string, opts: { format: string; out?: string; quiet?: boolean }) =>
      runAction(async (signal) => {
        const formats = parseSceneFormats(opts.format);
        const loaded = await loadShotFile(shotPath);
        const reporter = createProgressReporter(process.stderr, opts.quiet);
        const outDir = await prepareOutputDir(opts.out ?? path.resolve(path.dirname(loaded.path), loaded.spec.output.dir));
        const hooks = { signal, onProgress: reporter.onProgress, log: reporter.log };
        const shot = await runToSimulation(loaded.spec, outDir, hooks, await loadSceneAssets(loaded.spec, path.dirname(loaded.path)));
        const written = await writeSceneExports(shot, formats, outDir, shotSlug(loaded.spec.name, loaded.path), hooks);
        process.stdout.write(`${written.join('\n')}\n`);
      }),
    );
}
