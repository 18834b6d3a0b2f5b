#!/usr/bin/env node
// `npm run demo`: renders the example shot with content credentials signed by a project-local
// development key (.aftermath/keys, git-ignored), created on first use. Without the openssl
// CLI no key can be made: the demo then renders with --unsigned and says so.
import { spawnSync } from 'node:child_process';

const keys = '.aftermath/keys';
const run = (...args) => spawnSync(process.execPath, ['bin/aftermath.js', ...args], { stdio: 'inherit' }).status ?? 1;

let sign = ['--keys', keys];
if (run('keys', 'init', keys, '--if-missing') !== 0) {
  process.stderr.write('demo: could not create a development signing key (see above); rendering without content credentials\n');
  sign = ['--unsigned'];
}
const status = run('render', 'examples/tower-collapse.shot.yaml', '--out', 'out/tower-collapse', ...sign);
if (status === 0 && sign[0] === '--keys') {
  process.stdout.write(`verify: node bin/aftermath.js verify out/tower-collapse/tower-collapse.mp4 --trust ${keys}/ca.pem\n`);
}
process.exit(status);
