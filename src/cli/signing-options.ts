import path from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import { defaultKeysDir } from '../provenance/signer.js';
import type { SigningConfig } from '../provenance/signer.js';

export const UNSIGNED_WARNING = 'unsigned render: the outputs carry no content credentials (C2PA); manifest.json still records every hash';

/** The signing flags, as commander hands them over. */
export interface SigningFlags {
  unsigned?: boolean;
  keys?: string;
  signCert?: string;
  signKey?: string;
  signCommand?: string;
}

/** Declares the signing flags once, for every command that writes outputs. */
export function addSigningOptions(command: Command): Command {
  return command
    .option('--keys <dir>', `folder made by \`aftermath keys init\` (default: $AFTERMATH_KEYS_DIR or ${path.join('~', '.aftermath', 'keys')})`)
    .option('--sign-cert <pem>', 'your signing certificate chain (PEM, leaf first); with --sign-key or --sign-command')
    .option('--sign-key <pem>', 'the private key of --sign-cert (PEM; EC P-256/P-384 or Ed25519)')
    .option('--sign-command <cmd>', 'external signer (KMS/HSM): reads the bytes to sign on stdin, writes the signature to stdout; $AFTERMATH_SIGN_ALG says es256/es384/ed25519')
    .option('--unsigned', 'write outputs without content credentials (a warning is printed; manifest.json is still written)');
}

function conflict(message: string, received: unknown): never {
  throw new InputError(message, 'cli.bad_signing', [
    { code: 'cli.bad_signing', path: '--unsigned/--keys/--sign-cert/--sign-key/--sign-command', allowed: 'one of: --unsigned, --keys DIR, --sign-cert PEM with --sign-key PEM, --sign-cert PEM with --sign-command CMD', received },
  ]);
}

/** Resolves the flags into one signing config; the default is the keys folder. */
export function signingConfigFrom(f: SigningFlags, env: NodeJS.ProcessEnv = process.env): SigningConfig {
  const given = (['unsigned', 'keys', 'signCert', 'signKey', 'signCommand'] as const).filter((k) => f[k] !== undefined && f[k] !== false);
  if (f.unsigned) {
    if (given.length > 1) conflict('--unsigned cannot be combined with a key', given);
    return { type: 'unsigned' };
  }
  if (f.keys !== undefined) {
    if (given.length > 1) conflict('--keys cannot be combined with --sign-cert/--sign-key/--sign-command', given);
    return { type: 'keys-dir', dir: path.resolve(f.keys) };
  }
  if (f.signCert !== undefined || f.signKey !== undefined || f.signCommand !== undefined) {
    if (f.signCert === undefined) conflict('--sign-key and --sign-command need --sign-cert', given);
    if ((f.signKey === undefined) === (f.signCommand === undefined)) conflict('--sign-cert needs exactly one of --sign-key or --sign-command', given);
    if (f.signCommand !== undefined) return { type: 'command', certPath: path.resolve(f.signCert), command: f.signCommand };
    return { type: 'pem', certPath: path.resolve(f.signCert), keyPath: path.resolve(f.signKey as string) };
  }
  return { type: 'keys-dir', dir: defaultKeysDir(env) };
}
