import path from 'node:path';
import { signFile } from '../provenance/sign-file.js';
import type { SignResult } from '../provenance/sign-file.js';
import type { ContentSigner } from '../provenance/signer.js';
import type { IngredientFile, ModelUse, ProvenanceAssertion } from '../provenance/content-credentials.js';
import type { ProvenanceShares } from '../provenance/provenance-matte.js';

/** One file to sign and the pixels it shows. */
export interface SignTarget {
  path: string;
  /** The frame for a single-frame file; undefined for the movie and the contact sheet. */
  frame?: number;
  shares: ProvenanceShares;
}

export interface SignOutputsInput {
  signer: ContentSigner;
  targets: SignTarget[];
  seed: number;
  shotSha256: string;
  softwareVersion: string;
  models: ModelUse[];
  ingredients: IngredientFile[];
  signal: AbortSignal;
  onProgress: (e: { stage: string; done: number; total: number; unit: string }) => void;
  log: (message: string) => void;
}

/** Embeds content credentials in each target, in place (temporary file + rename). */
export async function signOutputs(input: SignOutputsInput): Promise<SignResult[]> {
  const results: SignResult[] = [];
  const total = input.targets.length;
  if (total === 0) return results;
  input.onProgress({ stage: 'sign', done: 0, total, unit: 'files' });
  for (const t of input.targets) {
    if (input.signal.aborted) break;
    const provenance: ProvenanceAssertion = {
      schema: 'aftermath.provenance/1',
      shares: t.shares,
      ...(t.frame === undefined ? {} : { frame: t.frame }),
      seed: input.seed,
      shotSha256: input.shotSha256,
      models: input.models,
    };
    results.push(
      await signFile(t.path, input.signer, {
        software: { name: 'Aftermath', version: input.softwareVersion },
        provenance,
        ingredients: input.ingredients,
      }),
    );
    input.onProgress({ stage: 'sign', done: results.length, total, unit: 'files' });
  }
  const movies = results.filter((r) => r.format.startsWith('video/')).map((r) => path.basename(r.path));
  input.log(`sign: content credentials (${input.signer.alg}, ${input.signer.chain.subject}) in ${results.length} file(s)${movies.length ? `: ${movies.join(', ')} and stills` : ''}`);
  return results;
}
