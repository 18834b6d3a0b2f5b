import { cborTag, encodeCbor } from './cbor-encode.js';
import type { CborValue } from './cbor-encode.js';

/** The C2PA signing algorithms we produce, with their COSE algorithm ids. */
export const COSE_ALGORITHMS = { es256: -7, es384: -35, ed25519: -8 } as const;
export type SigningAlg = keyof typeof COSE_ALGORITHMS;

/** COSE header labels (RFC 9052 / RFC 9360). */
const HEADER_ALG = 1;
const HEADER_X5CHAIN = 33;
const COSE_SIGN1_TAG = 18;

/** The protected header: algorithm and certificate chain (leaf first, DER). */
export function coseProtectedHeader(alg: SigningAlg, chainDer: Uint8Array[]): Uint8Array {
  const x5chain: CborValue = chainDer.length === 1 ? chainDer[0] : chainDer;
  return encodeCbor(new Map<number, CborValue>([[HEADER_ALG, COSE_ALGORITHMS[alg]], [HEADER_X5CHAIN, x5chain]]));
}

/** The bytes the signature covers: `Sig_structure` for a COSE_Sign1 with a detached payload. */
export function coseToBeSigned(protectedHeader: Uint8Array, payload: Uint8Array): Uint8Array {
  return encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), payload]);
}

/**
 * A tagged COSE_Sign1 (detached payload) padded with an unprotected `pad` byte string so that
 * it is exactly `reserveSize` bytes, as the C2PA engine reserves that space before signing.
 */
export function assembleCoseSign1(protectedHeader: Uint8Array, signature: Uint8Array, reserveSize: number): Uint8Array {
  // The pad's own length prefix grows with the pad (at 24 and 256 bytes), which leaves sizes
  // that one pad cannot hit; a second, empty `pad2` entry moves the target clear of that step.
  for (const extra of [false, true]) {
    const build = (pad: number) => {
      const unprotected = new Map<string, CborValue>([['pad', new Uint8Array(pad)]]);
      if (extra) unprotected.set('pad2', new Uint8Array(0));
      return encodeCbor(cborTag(COSE_SIGN1_TAG, [protectedHeader, unprotected, null, signature]));
    };
    const bare = build(0).length;
    if (bare > reserveSize) throw new RangeError(`COSE signature needs ${bare} bytes but only ${reserveSize} were reserved`);
    for (let pad = reserveSize - bare; pad >= 0; pad--) {
      const out = build(pad);
      if (out.length === reserveSize) return out;
      if (out.length < reserveSize) break;
    }
  }
  throw new RangeError(`cannot pad a COSE signature to exactly ${reserveSize} bytes`);
}

/** Room for the signature, the chain and the headers. */
export function reserveSizeFor(chainDer: Uint8Array[]): number {
  return 1024 + chainDer.reduce((n, c) => n + c.length + 8, 0);
}
