/**
 * Reads the extensions of an X.509 certificate (DER) with a minimal DER walker: `node:crypto`'s
 * X509Certificate does not expose key usage bits or the authority key identifier.
 */
interface Der {
  tag: number;
  /** Offset of the contents. */
  start: number;
  end: number;
}

function readDer(buf: Uint8Array, at: number): Der {
  const tag = buf[at];
  let len = buf[at + 1];
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
    start += n;
  }
  const end = start + len;
  if (end > buf.length) throw new Error('DER item runs past the end of the certificate');
  return { tag, start, end };
}

function children(buf: Uint8Array, d: Der): Der[] {
  const out: Der[] = [];
  for (let at = d.start; at < d.end; ) {
    const c = readDer(buf, at);
    out.push(c);
    at = c.end;
  }
  return out;
}

function oidText(bytes: Uint8Array): string {
  const parts = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let v = 0;
  for (let i = 1; i < bytes.length; i++) {
    v = v * 128 + (bytes[i] & 0x7f);
    if (!(bytes[i] & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export interface CertExtension {
  oid: string;
  critical: boolean;
  /** The DER inside the extnValue OCTET STRING. */
  value: Uint8Array;
}

export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  authorityKeyIdentifier: '2.5.29.35',
  subjectKeyIdentifier: '2.5.29.14',
  anyExtendedKeyUsage: '2.5.29.37.0',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  documentSigning: '1.3.6.1.5.5.7.3.36',
  c2paClaimSigning: '1.3.6.1.4.1.62558.2.1',
} as const;

/** Every extension of the certificate, in order. */
export function certExtensions(der: Uint8Array): CertExtension[] {
  const cert = readDer(der, 0);
  const tbs = children(der, cert)[0];
  const ext = children(der, tbs).find((c) => c.tag === 0xa3);
  if (!ext) return [];
  const list = children(der, ext)[0];
  return children(der, list).map((e) => {
    const parts = children(der, e);
    const critical = parts.length === 3 && der[parts[1].start] !== 0;
    const octets = parts[parts.length - 1];
    return { oid: oidText(der.subarray(parts[0].start, parts[0].end)), critical, value: der.subarray(octets.start, octets.end) };
  });
}

/** basicConstraints `cA` flag (false when absent). */
export function isCaFromExtension(e: CertExtension): boolean {
  const seq = readDer(e.value, 0);
  const first = children(e.value, seq)[0];
  return !!first && first.tag === 0x01 && e.value[first.start] !== 0;
}

/** keyUsage bit `n` (0 = digitalSignature). */
export function keyUsageBit(e: CertExtension, n: number): boolean {
  const bits = readDer(e.value, 0);
  const byte = e.value[bits.start + 1 + (n >> 3)];
  return bits.end > bits.start + 1 + (n >> 3) && ((byte ?? 0) & (0x80 >> (n & 7))) !== 0;
}

/** The OIDs listed in an extendedKeyUsage extension. */
export function extKeyUsageOids(e: CertExtension): string[] {
  const seq = readDer(e.value, 0);
  return children(e.value, seq).map((c) => oidText(e.value.subarray(c.start, c.end)));
}
