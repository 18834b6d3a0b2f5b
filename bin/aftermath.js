#!/usr/bin/env node
// The `aftermath` command. Runs the compiled CLI (npm ci / npm run build compile src/ to dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('aftermath: dist/ is missing; run `npm run build` (npm ci does it for you)\n');
  process.exit(1);
}
if (!process.env.EGL_PLATFORM) process.env.EGL_PLATFORM = 'surfaceless';
const { main } = await import(compiled);
await main(process.argv);
// Dawn keeps the event loop alive; leave once the command has finished.
process.exit(process.exitCode ?? 0);
