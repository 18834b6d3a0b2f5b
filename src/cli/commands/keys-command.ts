import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { initSigningKeys } from '../../provenance/keys-init.js';
import { defaultKeysDir } from '../../provenance/signer.js';
import { runAction } from '../run-action.js';

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('signing keys for content credentials (C2PA)');
  keys
    .command('init')
    .description('create a local development root CA and a signing certificate (needs the openssl CLI)')
    .argument('[dir]', `where to write ca.pem, ca.key, signer.pem, signer.key (default: $AFTERMATH_KEYS_DIR or ${path.join('~', '.aftermath', 'keys')})`)
    .option('--force', 'replace existing keys')
    .option('--if-missing', 'succeed without changes when the folder already holds a signer')
    .option('--alg <alg>', 'key type: es256 (EC P-256) or ed25519', 'es256')
    .option('--org <name>', 'organisation (O=) in the certificates')
    .option('--days <n>', 'validity in days', '3650')
    .addHelpText(
      'after',
      '\nThe CA is for development: files signed with it verify as "Valid" everywhere and as "Trusted" only\nwhere ca.pem is given as a trust anchor (`aftermath verify FILE --trust DIR/ca.pem`). For delivery,\nuse a certificate from a CA on the C2PA trust list: --sign-cert/--sign-key or --sign-command.',
    )
    .action((dir: string | undefined, opts: { force?: boolean; ifMissing?: boolean; alg: string; org?: string; days: string }) =>
      runAction(async () => {
        if (opts.alg !== 'es256' && opts.alg !== 'ed25519') {
          throw new InputError(`unknown key type "${opts.alg}"`, 'cli.bad_alg', [{ code: 'cli.bad_alg', path: '--alg', allowed: 'es256 or ed25519', received: opts.alg }]);
        }
        const r = await initSigningKeys({ dir: dir ?? defaultKeysDir(), force: opts.force, ifMissing: opts.ifMissing, alg: opts.alg, organization: opts.org, days: Number(opts.days) });
        if (!r.created) {
          process.stdout.write(`keys: ${r.dir} already holds a signer (kept)\n`);
          return;
        }
        process.stdout.write(
          [
            `keys: wrote a development CA and signer in ${r.dir}`,
            `  signing certificate: ${r.files.cert}`,
            `  signing key:         ${r.files.key} (mode 0600)`,
            `  trust anchor:        ${r.files.caCert}  (aftermath verify FILE --trust ${r.files.caCert})`,
          ].join('\n') + '\n',
        );
      }),
    );
}
