import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { FORMAT_NAMES } from '../../spec/schema.js';
import type { FormatName } from '../../spec/schema.js';
import { loadShotFile } from '../../spec/load-spec.js';
import { renderShot } from '../../pipeline/render-shot.js';
import { createProgressReporter } from '../progress-reporter.js';
import { runAction } from '../run-action.js';
import { UNSIGNED_WARNING, addSigningOptions, signingConfigFrom } from '../signing-options.js';
import type { SigningFlags } from '../signing-options.js';

export function parseResolution(text: string): [number, number] {
  const m = /^\s*(\d+)\s*[xX]\s*(\d+)\s*$/.exec(text);
  if (!m) {
    throw new InputError('--resolution must look like 1280x720', 'cli.bad_resolution', [
      { code: 'cli.bad_resolution', path: '--resolution', allowed: 'WIDTHxHEIGHT, each 16..16384', received: text },
    ]);
  }
  return [Number(m[1]), Number(m[2])];
}

export function parseFormats(text: string): FormatName[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const f of list) {
    if (!(FORMAT_NAMES as readonly string[]).includes(f)) {
      throw new InputError(`unknown output format "${f}"`, 'cli.bad_format', [
        { code: 'cli.bad_format', path: '--format', allowed: `one or more of ${FORMAT_NAMES.join(', ')}`, received: f },
      ]);
    }
  }
  if (list.length === 0) {
    throw new InputError('--format needs at least one format', 'cli.bad_format', [{ code: 'cli.bad_format', path: '--format', allowed: FORMAT_NAMES.join(', '), received: text }]);
  }
  return list as FormatName[];
}

export function registerRender(program: Command): void {
  const command = program
    .command('render')
    .description('render a shot: simulate (cached), render every frame, encode the MP4 and contact sheet')
    .argument('<shot>', 'shot file (.yaml, .yml or .json)')
    .option('-o, --out <dir>', "output folder (default: the shot's output.dir, relative to the shot file)")
    .option('--frames <range>', 'frames to render, e.g. 40-60 (1-based, inclusive)')
    .option('--resolution <WxH>', "override the shot's resolution, e.g. 1280x720")
    .option('--preview', 'half resolution')
    .option('--resume', 'skip frames already written and verified')
    .option('--format <list>', `override output.formats: comma-separated ${FORMAT_NAMES.join(', ')}`)
    .option('-q, --quiet', 'no progress output');
  addSigningOptions(command);
  command.action((shotPath: string, opts: { out?: string; frames?: string; resolution?: string; preview?: boolean; resume?: boolean; quiet?: boolean; format?: string } & SigningFlags) =>
      runAction(async (signal) => {
        const sign = signingConfigFrom(opts);
        if (sign.type === 'unsigned' && opts.quiet) process.stderr.write(`warning: ${UNSIGNED_WARNING}\n`);
        const loaded = await loadShotFile(shotPath);
        const reporter = createProgressReporter(process.stderr, opts.quiet);
        const result = await renderShot(loaded.spec, {
          shotPath: loaded.path,
          baseDir: path.dirname(loaded.path),
          outDir: opts.out,
          frames: opts.frames,
          resolution: opts.resolution ? parseResolution(opts.resolution) : undefined,
          preview: opts.preview,
          resume: opts.resume,
          formats: opts.format ? parseFormats(opts.format) : undefined,
          sign,
          signal,
          onProgress: reporter.onProgress,
          log: reporter.log,
        });
        const lines = [
          `frames: ${result.framesRendered.length} rendered, ${result.framesSkipped.length} skipped (resume) in ${path.join(result.outDir, 'frames')}`,
          result.contactSheetPath ? `contact sheet: ${result.contactSheetPath}` : null,
          result.mp4Path ? `MP4: ${result.mp4Path}` : null,
          result.movPath ? `ProRes: ${result.movPath}` : null,
          ...result.sceneExports.map((p) => `scene: ${p}`),
          `manifest: ${result.manifestPath}`,
          result.signedFiles.length
            ? `content credentials: ${result.signedFiles.length} file(s) signed; check with \`aftermath verify <file> --trust <ca.pem>\``
            : sign.type === 'unsigned'
              ? 'content credentials: none (--unsigned)'
              : null,
        ];
        process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
      }),
    );
}
