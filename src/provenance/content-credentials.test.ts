import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore } from '@trustnxt/c2pa-ts/manifest';
import { resolveFfmpegPath } from '../encode/ffmpeg-path.js';
import { initSigningKeys } from './keys-init.js';
import { loadSigner } from './signer.js';
import type { ContentSigner } from './signer.js';
import { signFile } from './sign-file.js';
import { verifyFile } from './verify-file.js';
import { DIGITAL_SOURCE_TYPE } from './content-credentials.js';
import type { ProvenanceAssertion } from './content-credentials.js';
import { stripPngCredentials } from './content-hash.js';
import { assembleCoseSign1 } from './cose-sign1.js';

const dir = mkdtempSync(path.join(tmpdir(), 'aftermath-c2pa-'));
const keysDir = path.join(dir, 'keys');
let signer: ContentSigner;
let caPem: string;
const shared = fileURLToPath(new URL('../../../shared/data/c2pa/', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/aftermath.js', import.meta.url));

const provenance: ProvenanceAssertion = { schema: 'aftermath.provenance/1', shares: { capture: 0, simulated: 1, synthesized: 0, trained: 0 }, seed: 7, shotSha256: 'ab'.repeat(32), models: [] };
const software = { name: 'Aftermath', version: '0.0.0-test' };

function ffmpeg(...args: string[]): void {
  const r = spawnSync(resolveFfmpegPath(), ['-v', 'error', '-y', ...args]);
  assert.equal(r.status, 0, String(r.stderr));
}

function samplePng(file: string): void {
  const w = 64;
  const h = 36;
  const data = new Uint8Array(w * h * 3).map((_, i) => (i * 7) & 255);
  writeFileSync(file, encode({ width: w, height: h, data, channels: 3, depth: 8 }));
}

before(async () => {
  await initSigningKeys({ dir: keysDir });
  signer = (await loadSigner({ type: 'keys-dir', dir: keysDir }))!;
  caPem = readFileSync(path.join(keysDir, 'ca.pem'), 'utf8');
  samplePng(path.join(dir, 'still.png'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=96x54:rate=12', '-frames:v', '1', path.join(dir, 'still.jpg'));
  ffmpeg('-f', 'lavfi', '-i', 'testsrc=size=96x54:rate=12', '-frames:v', '6', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path.join(dir, 'clip.mp4'));
});

test('sign PNG, JPEG and MP4 in place: Trusted with the CA, Valid without it, our assertion read back', async () => {
  for (const name of ['still.png', 'still.jpg', 'clip.mp4']) {
    const file = path.join(dir, name);
    const before = readFileSync(file);
    const r = await signFile(file, signer, { software, provenance });
    assert.notEqual(r.unsignedSha256, r.signedSha256);
    const trusted = await verifyFile(file, { trustAnchorsPem: [caPem] });
    assert.equal(trusted.state, 'Trusted', `${name}: ${JSON.stringify(trusted.failures)}`);
    assert.ok(trusted.successes.includes('signingCredential.trusted'));
    assert.deepEqual(trusted.aftermath, provenance);
    const created = trusted.manifest!.actions.find((a) => a.action === 'c2pa.created');
    assert.equal(created?.digitalSourceType, DIGITAL_SOURCE_TYPE.compositeSynthetic);
    assert.equal(created?.softwareAgent, 'Aftermath 0.0.0-test');
    const untrusted = await verifyFile(file);
    assert.equal(untrusted.state, 'Valid');
    assert.deepEqual(untrusted.failures.map((f) => f.code), ['signingCredential.untrusted']);
    if (name.endsWith('.png')) assert.ok(Buffer.from(stripPngCredentials(readFileSync(file))).equals(before), 'removing caBX gives the rendered PNG back');
  }
});

test('one flipped byte is reported as a hash mismatch (PNG data hash, MP4 BMFF hash)', async () => {
  for (const [name, code] of [['still.png', 'assertion.dataHash.mismatch'], ['clip.mp4', 'assertion.bmffHash.mismatch']] as const) {
    const bytes = readFileSync(path.join(dir, name));
    bytes[bytes.length - 40] ^= 0x01;
    const bad = path.join(dir, `flipped-${name}`);
    writeFileSync(bad, bytes);
    const r = await verifyFile(bad, { trustAnchorsPem: [caPem] });
    assert.equal(r.state, 'Invalid');
    assert.ok(r.failures.some((f) => f.code === code), `${name}: ${r.failures.map((f) => f.code).join(', ')}`);
  }
});

test('a trained model switches the digital source type; plates become ingredients with their own credentials', async () => {
  const file = path.join(dir, 'model.png');
  samplePng(file);
  const ingredient = path.join(dir, 'still.jpg'); // signed by the first test
  const withModel: ProvenanceAssertion = { ...provenance, shares: { capture: 0.5, simulated: 0.3, synthesized: 0.1, trained: 0.1 }, models: [{ name: 'inpaint-x', licence: 'Apache-2.0', role: 'inpainting' }] };
  await signFile(file, signer, { software, provenance: withModel, ingredients: [{ path: ingredient, title: 'plate.jpg' }] });
  const r = await verifyFile(file, { trustAnchorsPem: [caPem] });
  assert.equal(r.state, 'Trusted', JSON.stringify(r.failures));
  assert.equal(r.manifest!.actions[0].digitalSourceType, DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia);
  assert.ok(r.manifest!.actions.some((a) => a.action === 'c2pa.placed'));
  assert.deepEqual(r.manifest!.ingredients, [{ title: 'plate.jpg', relationship: 'componentOf', hasCredentials: true }]);
});

test('a second reader (@trustnxt/c2pa-ts) accepts our PNG and JPEG', async () => {
  for (const name of ['still.png', 'still.jpg']) {
    const buf = new Uint8Array(readFileSync(path.join(dir, name)));
    const asset = name.endsWith('.png') ? new PNG(buf) : new JPEG(buf);
    const store = ManifestStore.read(SuperBox.fromBuffer(asset.getManifestJUMBF()!));
    const result = await store.validate(asset);
    assert.ok(result.isValid, `${name}: ${JSON.stringify(result.statusEntries.filter((e) => !e.success).map((e) => e.code))}`);
  }
});

test('an external signing command (KMS/HSM seam) produces Trusted credentials', async () => {
  const file = path.join(dir, 'external.png');
  samplePng(file);
  const key = path.join(keysDir, 'signer.key');
  const ext = await loadSigner({ type: 'command', certPath: path.join(keysDir, 'signer.pem'), command: `openssl dgst -sha256 -sign '${key}'` });
  await signFile(file, ext!, { software, provenance });
  assert.equal((await verifyFile(file, { trustAnchorsPem: [caPem] })).state, 'Trusted');
});

test('the c2pa-rs fixtures through `aftermath verify`: CA.jpg Valid (untrusted signer), XCA.jpg Invalid', { skip: !existsSync(shared) && 'skipped: ../shared/data/c2pa is absent' }, () => {
  const run = (f: string, ...flags: string[]) => spawnSync(process.execPath, [bin, 'verify', path.join(shared, f), ...flags], { encoding: 'utf8' });
  const ca = run('c2pa-rs_CA.jpg');
  assert.equal(ca.status, 0, ca.stderr);
  assert.match(ca.stdout, /c2pa-rs_CA\.jpg: Valid/);
  assert.match(ca.stdout, /signingCredential\.untrusted/);
  const xca = run('c2pa-rs_XCA.jpg');
  assert.equal(xca.status, 1);
  assert.match(xca.stdout, /c2pa-rs_XCA\.jpg: Invalid/);
  assert.match(xca.stdout, /FAIL assertion\.dataHash\.mismatch/);
  const json = JSON.parse(run('c2pa-rs_XCA.jpg', '--json').stdout);
  assert.equal(json[0].state, 'Invalid');
});

function openssl(cwd: string, ...args: string[]): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

test('a certificate missing a required extension is refused, naming the extension', async () => {
  const cases: [string, string, RegExp][] = [
    ['noeku', 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nauthorityKeyIdentifier=keyid,issuer', /extendedKeyUsage/],
    ['noku', 'basicConstraints=critical,CA:FALSE\nextendedKeyUsage=emailProtection\nauthorityKeyIdentifier=keyid,issuer', /keyUsage/],
    ['noaki', 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\nauthorityKeyIdentifier=none', /authorityKeyIdentifier/],
    ['isca', 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=emailProtection\nauthorityKeyIdentifier=keyid,issuer', /basicConstraints/],
  ];
  for (const [name, ext, re] of cases) {
    writeFileSync(path.join(dir, `${name}.ext`), `${ext}\nsubjectKeyIdentifier=hash\n`);
    openssl(dir, 'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=x/O=y');
    openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', path.join(keysDir, 'ca.pem'), '-CAkey', path.join(keysDir, 'ca.key'), '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
    await assert.rejects(loadSigner({ type: 'pem', certPath: path.join(dir, `${name}.pem`), keyPath: path.join(dir, `${name}.key`) }), (err: Error & { code?: string; details?: { path?: string }[] }) => {
      assert.equal(err.code, 'sign.certificate_extension', `${name}: ${err.message}`);
      assert.match(`${err.message} ${err.details?.[0]?.path}`, re, name);
      return true;
    });
  }
  // No O= in the subject, and a lone self-signed certificate.
  openssl(dir, 'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'noorg.key', '-out', 'noorg.csr', '-subj', '/CN=x');
  openssl(dir, 'x509', '-req', '-in', 'noorg.csr', '-CA', path.join(keysDir, 'ca.pem'), '-CAkey', path.join(keysDir, 'ca.key'), '-CAcreateserial', '-out', 'noorg.pem', '-days', '2', '-extfile', 'noeku.ext');
  await assert.rejects(loadSigner({ type: 'pem', certPath: path.join(dir, 'noorg.pem'), keyPath: path.join(dir, 'noorg.key') }), /extendedKeyUsage|O=/);
  await assert.rejects(loadSigner({ type: 'keys-dir', dir: path.join(dir, 'nowhere') }), /aftermath keys init/);
});

test('COSE signatures pad to exactly the reserved size at every length', () => {
  const prot = new Uint8Array(300);
  const sig = new Uint8Array(64);
  for (let reserve = 380; reserve < 1000; reserve++) assert.equal(assembleCoseSign1(prot, sig, reserve).length, reserve);
  assert.throws(() => assembleCoseSign1(prot, sig, 200), /reserved/);
});
