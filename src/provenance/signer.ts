import { spawn } from 'node:child_process';
import { createPrivateKey, sign as cryptoSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { assembleCoseSign1, coseProtectedHeader, coseToBeSigned, reserveSizeFor } from './cose-sign1.js';
import type { SigningAlg } from './cose-sign1.js';
import { parsePemChain, signingChainFromPem } from './signing-certificate.js';
import type { SigningChain } from './signing-certificate.js';

/**
 * Where the signing key comes from. Tagged on `type`:
 * - `keys-dir`: a folder made by `aftermath keys init` (`signer.pem` + `signer.key`);
 * - `pem`: a certificate chain (leaf first) and its private key, both PEM;
 * - `command`: a certificate chain plus an external command that signs (KMS, HSM): it reads
 *   the bytes to sign on stdin and writes the signature (raw or DER ECDSA, or Ed25519) on stdout;
 * - `unsigned`: no credentials (only on explicit request).
 */
export type SigningConfig =
  | { type: 'keys-dir'; dir: string }
  | { type: 'pem'; certPath: string; keyPath: string }
  | { type: 'command'; certPath: string; command: string }
  | { type: 'unsigned' };

/** A ready signer: produces the complete COSE_Sign1 the C2PA engine embeds. */
export interface ContentSigner {
  alg: SigningAlg;
  chain: SigningChain;
  reserveSize: number;
  /** Human description of where the key lives (for logs and the manifest). */
  source: string;
  /** Signs the claim bytes and returns a COSE_Sign1 of exactly `reserveSize` bytes. */
  signClaim(claim: Uint8Array): Promise<Uint8Array>;
}

/** File names inside a keys folder. */
export const KEY_FILES = { caCert: 'ca.pem', caKey: 'ca.key', cert: 'signer.pem', key: 'signer.key' } as const;

/** `$AFTERMATH_KEYS_DIR`, else `~/.aftermath/keys`. */
export function defaultKeysDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.AFTERMATH_KEYS_DIR ? path.resolve(env.AFTERMATH_KEYS_DIR) : path.join(os.homedir(), '.aftermath', 'keys');
}

async function readText(file: string, what: string, hint: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    throw new InputError(`no ${what} at ${file}`, 'sign.no_key', [{ code: 'sign.no_key', path: file, allowed: `an existing ${what}`, hint }]);
  }
}

const KEYS_HINT = 'run `aftermath keys init` to create a development key, point --keys/--sign-cert/--sign-key at yours, or pass --unsigned (from code: renderShot(shot, { sign: { type: \'unsigned\' } }))';

/** DER `SEQUENCE { INTEGER r, INTEGER s }` → raw r||s of `n` bytes each. */
export function ecdsaDerToRaw(der: Uint8Array, n: number): Uint8Array {
  if (der.length === 2 * n) return der;
  let at = 2;
  if (der[0] !== 0x30) throw new Error('signature is neither raw nor a DER ECDSA signature');
  if (der[1] & 0x80) at += der[1] & 0x7f;
  const out = new Uint8Array(2 * n);
  for (let k = 0; k < 2; k++) {
    if (der[at] !== 0x02) throw new Error('malformed DER ECDSA signature');
    const len = der[at + 1];
    let v = der.subarray(at + 2, at + 2 + len);
    while (v.length > n && v[0] === 0) v = v.subarray(1);
    if (v.length > n) throw new Error('DER ECDSA integer too long');
    out.set(v, k * n + (n - v.length));
    at += 2 + len;
  }
  return out;
}

const RAW_SIZE: Record<SigningAlg, number> = { es256: 32, es384: 48, ed25519: 64 };

function signWithKey(alg: SigningAlg, key: KeyObject, tbs: Uint8Array): Uint8Array {
  if (alg === 'ed25519') return new Uint8Array(cryptoSign(null, tbs, key));
  return new Uint8Array(cryptoSign(alg === 'es256' ? 'sha256' : 'sha384', tbs, { key, dsaEncoding: 'ieee-p1363' }));
}

function runSignCommand(command: string, alg: SigningAlg, tbs: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, AFTERMATH_SIGN_ALG: alg } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`signing command failed (exit ${code}): ${Buffer.concat(err).toString().trim() || command}`));
      else resolve(new Uint8Array(Buffer.concat(out)));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(tbs);
  });
}

function makeSigner(chain: SigningChain, source: string, signTbs: (tbs: Uint8Array) => Promise<Uint8Array>): ContentSigner {
  const protectedHeader = coseProtectedHeader(chain.alg, chain.chainDer);
  const reserveSize = reserveSizeFor(chain.chainDer);
  return {
    alg: chain.alg,
    chain,
    reserveSize,
    source,
    async signClaim(claim) {
      let sig = await signTbs(coseToBeSigned(protectedHeader, claim));
      if (chain.alg !== 'ed25519') sig = ecdsaDerToRaw(sig, RAW_SIZE[chain.alg]);
      if (sig.length !== 2 * RAW_SIZE[chain.alg] && chain.alg !== 'ed25519') throw new Error(`signature has ${sig.length} bytes`);
      return assembleCoseSign1(protectedHeader, sig, reserveSize);
    },
  };
}

/** Loads the key and certificate a config names and checks them; `null` for `unsigned`. */
export async function loadSigner(config: SigningConfig): Promise<ContentSigner | null> {
  if (config.type === 'unsigned') return null;
  if (config.type === 'command') {
    const pem = await readText(config.certPath, 'signing certificate', KEYS_HINT);
    const chain = signingChainFromPem(pem, config.certPath, parsePemChain(pem, config.certPath)[0].publicKey);
    return makeSigner(chain, `command: ${config.command}`, async (tbs) => runSignCommand(config.command, chain.alg, tbs));
  }
  if (config.type === 'keys-dir') {
    const have = await Promise.all([KEY_FILES.cert, KEY_FILES.key].map((n) => fs.stat(path.join(config.dir, n)).then(() => true, () => false)));
    if (!have.every(Boolean)) {
      const init = config.dir === defaultKeysDir() ? 'aftermath keys init' : `aftermath keys init ${config.dir}`;
      throw new InputError(`no signing key in ${config.dir}: run \`${init}\` to create a development key, or pass --unsigned to render without content credentials`, 'sign.no_key', [
        { code: 'sign.no_key', path: config.dir, allowed: `a folder with ${KEY_FILES.cert} and ${KEY_FILES.key}`, hint: KEYS_HINT },
      ]);
    }
  }
  const certPath = config.type === 'keys-dir' ? path.join(config.dir, KEY_FILES.cert) : config.certPath;
  const keyPath = config.type === 'keys-dir' ? path.join(config.dir, KEY_FILES.key) : config.keyPath;
  const certPem = await readText(certPath, 'signing certificate', KEYS_HINT);
  const keyPem = await readText(keyPath, 'signing key', KEYS_HINT);
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (err) {
    throw new InputError(`${keyPath} is not a PEM private key: ${(err as Error).message}`, 'sign.bad_key', [
      { code: 'sign.bad_key', path: keyPath, allowed: 'an unencrypted PEM private key (EC P-256/P-384 or Ed25519)' },
    ]);
  }
  const chain = signingChainFromPem(certPem, certPath, key);
  return makeSigner(chain, keyPath, async (tbs) => signWithKey(chain.alg, key, tbs));
}
