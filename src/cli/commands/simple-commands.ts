import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { loadShotFile } from '../../spec/load-spec.js';
import { EXAMPLE_SHOT_YAML } from '../../spec/example-shot.js';
import { shotJsonSchemaText } from '../../spec/json-schema.js';
import { writeFileAtomic } from '../../core/fs-atomic.js';
import { runAction } from '../run-action.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check a shot file; prints every problem with its field path, allowed range and value')
    .argument('<shot>', 'shot file (.yaml, .yml or .json)')
    .option('--json', 'print the shot with every default filled in, as JSON')
    .action((shotPath: string, opts: { json?: boolean }) =>
      runAction(async () => {
        const { spec, path: abs } = await loadShotFile(shotPath);
        process.stdout.write(opts.json ? `${JSON.stringify(spec, null, 2)}\n` : `${abs}: valid (${spec.schema})\n`);
      }),
    );
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write the example shot (tower-collapse.shot.yaml) into a folder')
    .argument('[dir]', 'folder to write into', '.')
    .action((dir: string) =>
      runAction(async () => {
        const file = path.resolve(dir, 'tower-collapse.shot.yaml');
        const exists = await fs.stat(file).then(() => true, () => false);
        if (exists) {
          throw new InputError(`${file} already exists; not overwriting it`, 'init.exists', [
            { code: 'init.exists', path: 'dir', allowed: 'a folder without tower-collapse.shot.yaml', received: file },
          ]);
        }
        await writeFileAtomic(file, EXAMPLE_SHOT_YAML);
        process.stdout.write(`wrote ${file}\nrender it with: aftermath render ${path.relative(process.cwd(), file) || file}\n`);
      }),
    );
}

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of shot files (for editor autocompletion)')
    .option('-o, --out <file>', 'write it to a file instead of stdout')
    .action((opts: { out?: string }) =>
      runAction(async () => {
        const text = shotJsonSchemaText();
        if (opts.out) await writeFileAtomic(path.resolve(opts.out), text);
        else process.stdout.write(text);
      }),
    );
}
