import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AftermathError, InputError } from '../core/errors.js';
import { KEY_FILES } from './signer.js';

export interface KeysInitOptions {
  /** Folder to write; created if missing. */
  dir: string;
  /** Replace existing keys. */
  force?: boolean;
  /** Do nothing (and succeed) when the folder already holds a signer. */
  ifMissing?: boolean;
  /** Key type: EC P-256 (default, read everywhere) or Ed25519. */
  alg?: 'es256' | 'ed25519';
  /** Subject organisation (C2PA readers need an O=). */
  organization?: string;
  commonName?: string;
  days?: number;
}

export interface KeysInitResult {
  dir: string;
  created: boolean;
  files: { caCert: string; caKey: string; cert: string; key: string };
}

const OPENSSL_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[v3_signer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = emailProtection, 1.3.6.1.5.5.7.3.36
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
`;

function openssl(args: string[], cwd: string): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new AftermathError(
      '`aftermath keys init` needs the openssl command line tool, which was not found on PATH (install it, e.g. `apt-get install openssl`, or bring your own certificate with --sign-cert/--sign-key)',
      'keys.no_openssl',
    );
  }
  if (r.status !== 0) throw new AftermathError(`openssl ${args[0]} failed: ${(r.stderr || r.stdout || '').trim()}`, 'keys.openssl_failed');
}

function subjectPart(v: string): string {
  return v.replace(/[\\/=+,]/g, ' ').trim() || 'Aftermath';
}

/**
 * Creates a local development root CA and a signing certificate it issues, with the
 * extensions C2PA requires of a signer (CA:FALSE, digitalSignature, emailProtection and
 * documentSigning, authority key identifier, O= in the subject). Uses the `openssl` CLI:
 * node:crypto cannot issue certificates. Private keys are written with mode 0600.
 */
export async function initSigningKeys(opts: KeysInitOptions): Promise<KeysInitResult> {
  const dir = path.resolve(opts.dir);
  const files = {
    caCert: path.join(dir, KEY_FILES.caCert),
    caKey: path.join(dir, KEY_FILES.caKey),
    cert: path.join(dir, KEY_FILES.cert),
    key: path.join(dir, KEY_FILES.key),
  };
  const exists = async (p: string) => fs.stat(p).then(() => true, () => false);
  if ((await exists(files.cert)) || (await exists(files.key))) {
    if (opts.ifMissing) return { dir, created: false, files };
    if (!opts.force) {
      throw new InputError(`${dir} already holds a signing key`, 'keys.exists', [
        { code: 'keys.exists', path: dir, allowed: 'an empty folder', hint: 'pass --force to replace the keys (files signed with the old key still verify against the old CA)' },
      ]);
    }
  }
  const days = opts.days ?? 3650;
  if (!Number.isInteger(days) || days < 1 || days > 36500) {
    throw new InputError('--days out of range', 'keys.bad_days', [{ code: 'keys.bad_days', path: '--days', allowed: '1..36500', received: opts.days }]);
  }
  const org = subjectPart(opts.organization ?? `Aftermath development (${os.userInfo().username}@${os.hostname()})`);
  const cn = subjectPart(opts.commonName ?? 'Aftermath development signer');
  const keyArgs = (opts.alg ?? 'es256') === 'ed25519' ? ['-newkey', 'ed25519'] : ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'];

  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const work = await fs.mkdtemp(path.join(dir, '.keys-init-'));
  try {
    await fs.writeFile(path.join(work, 'openssl.cnf'), OPENSSL_CONFIG);
    openssl(['req', '-x509', ...keyArgs, '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', String(days), '-config', 'openssl.cnf', '-extensions', 'v3_ca', '-subj', `/CN=Aftermath development root CA/O=${org}`], work);
    openssl(['req', '-new', ...keyArgs, '-nodes', '-keyout', 'signer.key', '-out', 'signer.csr', '-config', 'openssl.cnf', '-subj', `/CN=${cn}/O=${org}`], work);
    openssl(['x509', '-req', '-in', 'signer.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'signer.pem', '-days', String(days), '-extfile', 'openssl.cnf', '-extensions', 'v3_signer'], work);
    for (const [name, target] of [['ca.key', files.caKey], ['signer.key', files.key], ['ca.pem', files.caCert], ['signer.pem', files.cert]] as const) {
      await fs.chmod(path.join(work, name), name.endsWith('.key') ? 0o600 : 0o644);
      await fs.rename(path.join(work, name), target);
    }
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
  return { dir, created: true, files };
}
