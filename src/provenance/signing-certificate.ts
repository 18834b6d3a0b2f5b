import { X509Certificate, createHash } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { InputError } from '../core/errors.js';
import type { SigningAlg } from './cose-sign1.js';
import { OID, certExtensions, extKeyUsageOids, isCaFromExtension, keyUsageBit } from './x509-extensions.js';

/** A signing certificate chain that passed the C2PA checks. */
export interface SigningChain {
  /** Leaf first, then intermediates (the root is left out). */
  chainDer: Uint8Array[];
  alg: SigningAlg;
  subject: string;
  issuer: string;
  /** sha256 of the leaf's DER, hex. */
  leafSha256: string;
  notAfter: string;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM text, in order. */
export function parsePemChain(pem: string, source: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (blocks.length === 0) {
    throw new InputError(`${source} holds no PEM certificate`, 'sign.bad_certificate', [
      { code: 'sign.bad_certificate', path: source, allowed: 'a PEM file with the signing certificate first, then any intermediates' },
    ]);
  }
  return blocks.map((b) => new X509Certificate(b));
}

/** The C2PA algorithm for a key: EC P-256 → es256, P-384 → es384, Ed25519 → ed25519. */
export function algForKey(key: KeyObject, source: string): SigningAlg {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType === 'ec' && d?.namedCurve === 'prime256v1') return 'es256';
  if (key.asymmetricKeyType === 'ec' && d?.namedCurve === 'secp384r1') return 'es384';
  throw new InputError(`${source}: unsupported key type ${key.asymmetricKeyType}${d?.namedCurve ? ` (${d.namedCurve})` : ''}`, 'sign.unsupported_key', [
    { code: 'sign.unsupported_key', path: source, allowed: 'EC P-256, EC P-384 or Ed25519', received: key.asymmetricKeyType },
  ]);
}

function refuse(source: string, extension: string, message: string, allowed: string, received?: unknown): never {
  const detail = { code: 'sign.certificate_extension', path: `${source}: ${extension}`, allowed, ...(received === undefined ? {} : { received }) };
  throw new InputError(`${source}: ${message}`, 'sign.certificate_extension', [detail]);
}

/**
 * Checks what C2PA validators require of a signing (leaf) certificate and names the extension
 * that is missing or wrong: basicConstraints CA:FALSE, keyUsage digitalSignature,
 * extendedKeyUsage emailProtection / documentSigning / c2pa claim signing (never anyExtendedKeyUsage),
 * an authorityKeyIdentifier, an O= in the subject, not self-signed, inside its validity.
 */
export function checkSigningCertificate(leaf: X509Certificate, source: string, now: Date = new Date()): void {
  const ext = certExtensions(new Uint8Array(leaf.raw));
  const find = (oid: string) => ext.find((e) => e.oid === oid);
  const bc = find(OID.basicConstraints);
  if (bc && isCaFromExtension(bc)) refuse(source, 'basicConstraints', 'the signing certificate is a CA (basicConstraints CA:TRUE)', 'CA:FALSE', 'CA:TRUE');
  const ku = find(OID.keyUsage);
  if (!ku) refuse(source, 'keyUsage', 'the signing certificate has no keyUsage extension', 'keyUsage with digitalSignature');
  if (!keyUsageBit(ku, 0)) refuse(source, 'keyUsage', 'keyUsage lacks digitalSignature', 'keyUsage with digitalSignature');
  const eku = find(OID.extKeyUsage);
  if (!eku) refuse(source, 'extendedKeyUsage', 'the signing certificate has no extendedKeyUsage extension', 'emailProtection, documentSigning or C2PA claim signing');
  const ekus = extKeyUsageOids(eku);
  if (ekus.includes(OID.anyExtendedKeyUsage)) refuse(source, 'extendedKeyUsage', 'extendedKeyUsage must not include anyExtendedKeyUsage', 'emailProtection, documentSigning or C2PA claim signing', ekus);
  if (![OID.emailProtection, OID.documentSigning, OID.c2paClaimSigning].some((o) => ekus.includes(o))) {
    refuse(source, 'extendedKeyUsage', 'extendedKeyUsage allows neither emailProtection nor documentSigning', 'emailProtection, documentSigning or C2PA claim signing', ekus);
  }
  if (!find(OID.authorityKeyIdentifier)) refuse(source, 'authorityKeyIdentifier', 'the signing certificate has no authorityKeyIdentifier extension', 'an authorityKeyIdentifier naming the issuing CA');
  if (!/^O=/m.test(leaf.subject)) refuse(source, 'subject O=', 'the subject has no organisation (O=)', 'a subject with O=', leaf.subject.replace(/\n/g, ', '));
  if (leaf.checkIssued(leaf) && leaf.verify(leaf.publicKey)) {
    refuse(source, 'issuer', 'a self-signed certificate is refused by C2PA readers', 'a certificate issued by a CA (run `aftermath keys init`)');
  }
  if (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo)) {
    refuse(source, 'validity', 'the signing certificate is outside its validity period', `${leaf.validFrom} .. ${leaf.validTo}`, now.toISOString());
  }
}

/** Loads and checks a chain (leaf first) for the given private/public key. */
export function signingChainFromPem(pem: string, source: string, key: KeyObject): SigningChain {
  const certs = parsePemChain(pem, source);
  const leaf = certs[0];
  checkSigningCertificate(leaf, source);
  const pub = key.type === 'private' ? undefined : key;
  if (pub ? !leaf.publicKey.equals(pub) : !leaf.checkPrivateKey(key)) {
    throw new InputError(`${source}: the key does not belong to the signing certificate`, 'sign.key_mismatch', [
      { code: 'sign.key_mismatch', path: source, allowed: 'the private key of the first certificate in the chain' },
    ]);
  }
  // The root (self-signed) is the verifier's trust anchor, not part of the chain we embed.
  const chain = certs.filter((c, i) => i === 0 || !(c.checkIssued(c) && c.verify(c.publicKey)));
  return {
    chainDer: chain.map((c) => new Uint8Array(c.raw)),
    alg: algForKey(leaf.publicKey, source),
    subject: leaf.subject.replace(/\n/g, ', '),
    issuer: leaf.issuer.replace(/\n/g, ', '),
    leafSha256: createHash('sha256').update(leaf.raw).digest('hex'),
    notAfter: new Date(leaf.validTo).toISOString(),
  };
}
