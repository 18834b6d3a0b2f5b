import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WasmBuilder } from '@contentauth/c2pa-wasm';
import { AftermathError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';
import { BytesBlob, c2paErrorText, ensureC2pa, mediaTypeOf } from './c2pa-runtime.js';
import { ingredientLabel, manifestDefinition } from './content-credentials.js';
import type { CredentialDefinition } from './content-credentials.js';
import type { ContentSigner } from './signer.js';

export interface SignResult {
  path: string;
  format: string;
  /** sha256 of the file before the credentials were embedded. */
  unsignedSha256: string;
  /** sha256 of the signed file. */
  signedSha256: string;
}

/** Signs bytes of a JPEG, PNG, MP4 or MOV and returns the signed bytes. */
export async function signBytes(bytes: Uint8Array, format: string, signer: ContentSigner, def: Omit<CredentialDefinition, 'format'>): Promise<Uint8Array> {
  ensureC2pa();
  const builder = WasmBuilder.fromJson(JSON.stringify(manifestDefinition({ ...def, format })));
  try {
    for (const [i, ing] of (def.ingredients ?? []).entries()) {
      const data = new Uint8Array(await fs.readFile(ing.path));
      const json = JSON.stringify({ title: ing.title ?? path.basename(ing.path), relationship: ing.relationship ?? 'componentOf', label: ingredientLabel(i) });
      await builder.addIngredientFromBlob(json, mediaTypeOf(ing.path, data), new BytesBlob(data));
    }
    const definition = { alg: signer.alg, reserveSize: signer.reserveSize, sign: async (claim: Uint8Array) => signer.signClaim(claim) };
    return await builder.sign(definition as Parameters<WasmBuilder['sign']>[0], [], format, new BytesBlob(bytes));
  } catch (err) {
    throw new AftermathError(`content credentials: signing failed: ${c2paErrorText(err)}`, 'c2pa.sign_failed');
  } finally {
    builder.free();
  }
}

/**
 * Embeds a signed C2PA manifest in a JPEG, PNG, MP4 or MOV file, in place and atomically
 * (written beside the file under a temporary name, then renamed over it).
 */
export async function signFile(file: string, signer: ContentSigner, def: Omit<CredentialDefinition, 'format' | 'title'> & { title?: string }): Promise<SignResult> {
  const bytes = new Uint8Array(await fs.readFile(file));
  const format = mediaTypeOf(file, bytes);
  const signed = await signBytes(bytes, format, signer, { ...def, title: def.title ?? path.basename(file) });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.c2pa.tmp`);
  try {
    await fs.writeFile(tmp, signed);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return { path: file, format, unsignedSha256: sha256(bytes), signedSha256: sha256(signed) };
}
