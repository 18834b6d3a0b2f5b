import type { Command } from 'commander';
import { writeDisclosure } from '../../pipeline/write-disclosure.js';
import { runAction } from '../run-action.js';

export function registerDisclose(program: Command): void {
  program
    .command('disclose')
    .description('write disclosure.md and disclosure.json for a render: what is captured, simulated, synthesised or model-generated, models and licences, data flow, and a checklist against studio generative-AI guidance')
    .argument('<renderDir>', 'a folder written by `aftermath render` (holds manifest.json)')
    .option('--json', 'also print the disclosure JSON to stdout')
    .addHelpText('after', '\nAlso writes disclosure-matte.png, a thumbnail of the provenance matte of the middle frame\n(blue captured, green simulated, orange synthesised, magenta trained model).')
    .action((renderDir: string, opts: { json?: boolean }) =>
      runAction(async () => {
        const r = await writeDisclosure(renderDir);
        if (opts.json) process.stdout.write(`${JSON.stringify(r.disclosure, null, 2)}\n`);
        else {
          const open = r.disclosure.checklist.filter((c) => c.status === 'review' || c.status === 'needs-approval').length;
          process.stdout.write(`${r.disclosure.summary}\n${r.markdownPath}\n${r.jsonPath}\n${r.thumbnailPath}\nchecklist: ${r.disclosure.checklist.length} items, ${open} for a person to confirm\n`);
        }
      }),
    );
}
