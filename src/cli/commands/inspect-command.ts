import path from 'node:path';
import type { Command } from 'commander';
import { loadShotFile } from '../../spec/load-spec.js';
import { checkStageName, INSPECTABLE, inspectStage } from '../../pipeline/inspect-stage.js';
import { createProgressReporter } from '../progress-reporter.js';
import { runAction } from '../run-action.js';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description(`run the pipeline up to a stage (${INSPECTABLE.join(', ')}) and print its summary (see docs/INSPECT.md)`)
    .argument('<stage>', INSPECTABLE.join(' | '))
    .argument('<shot>', 'shot file')
    .option('--json', 'print JSON (the only format today; the flag keeps scripts explicit)')
    .option('-o, --out <dir>', "output folder holding the stage cache (default: the shot's output.dir)")
    .action((stageName: string, shotPath: string, opts: { json?: boolean; out?: string }) =>
      runAction(async (signal) => {
        const stage = checkStageName(stageName);
        const loaded = await loadShotFile(shotPath);
        const reporter = createProgressReporter(process.stderr, true);
        const outDir = opts.out ?? path.resolve(path.dirname(loaded.path), loaded.spec.output.dir);
        const summary = await inspectStage(stage, loaded.spec, outDir, { signal, onProgress: reporter.onProgress, log: reporter.log }, path.dirname(loaded.path));
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      }),
    );
}
