import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { registerRender } from './commands/render-command.js';
import { registerInit, registerSchema, registerValidate } from './commands/simple-commands.js';
import { registerInspect } from './commands/inspect-command.js';
import { registerExport } from './commands/export-command.js';
import { registerKeys } from './commands/keys-command.js';
import { registerVerify } from './commands/verify-command.js';
import { registerDisclose } from './commands/disclose-command.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('aftermath')
    .description('Deterministic destruction VFX shots from a shot file: fracture, physics, render, encode.')
    .version(version)
    .showHelpAfterError()
    .exitOverride();
  registerRender(program);
  registerValidate(program);
  registerInit(program);
  registerSchema(program);
  registerInspect(program);
  registerExport(program);
  registerKeys(program);
  registerVerify(program);
  registerDisclose(program);
  return program;
}

/** Exit codes: 0 success, 2 invalid input (including bad flags), 1 runtime failure. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2;
      return;
    }
    throw err;
  }
}
