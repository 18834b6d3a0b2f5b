import { promises as fs } from 'node:fs';
import { WasmReader } from '@contentauth/c2pa-wasm';
import { InputError } from '../core/errors.js';
import { c2paErrorText, ensureC2pa, mediaTypeOf } from './c2pa-runtime.js';
import { PROVENANCE_ASSERTION_LABEL } from './content-credentials.js';
import type { ProvenanceAssertion } from './content-credentials.js';

/**
 * - `Trusted`: valid, and the signer chains to a trust anchor you gave;
 * - `Valid`: the manifest and the content hashes check out, the signer is not (known to be) trusted;
 * - `Invalid`: a check failed (content changed, bad signature, ...);
 * - `None`: the file carries no content credentials.
 */
export type CredentialState = 'Trusted' | 'Valid' | 'Invalid' | 'None';

export interface StatusEntry {
  code: string;
  explanation?: string;
  url?: string;
}

export interface VerifyReport {
  schema: 'aftermath.verify/1';
  file: string;
  format: string;
  state: CredentialState;
  /** Validation status codes that failed (the reasons for Invalid, and signingCredential.untrusted). */
  failures: StatusEntry[];
  /** Informational codes (e.g. OCSP skipped offline). */
  informational: StatusEntry[];
  /** Codes that passed. */
  successes: string[];
  manifest: {
    label: string;
    title?: string;
    claimGenerator: string[];
    signer?: { issuer?: string; commonName?: string; alg?: string };
    actions: { action: string; digitalSourceType?: string; softwareAgent?: string }[];
    ingredients: { title?: string; relationship?: string; hasCredentials: boolean }[];
  } | null;
  /** Aftermath's provenance assertion when the file is ours. */
  aftermath: ProvenanceAssertion | null;
  /** Why there is no manifest, when state is None. */
  error?: string;
}

export interface VerifyOptions {
  /** PEM text of trust anchors (root CAs) beyond none. */
  trustAnchorsPem?: string[];
}

type Json = Record<string, unknown>;
const entries = (v: unknown): StatusEntry[] => (Array.isArray(v) ? v.map((e: Json) => ({ code: String(e.code), explanation: e.explanation as string | undefined, url: e.url as string | undefined })) : []);

function agentName(a: unknown): string | undefined {
  if (!a) return undefined;
  if (typeof a === 'string') return a;
  const o = a as Json;
  return [o.name, o.version].filter(Boolean).join(' ');
}

/** Reads and validates the C2PA manifest store of a JPEG, PNG, MP4 or MOV file. */
export async function verifyFile(file: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(file));
  } catch {
    throw new InputError(`no such file: ${file}`, 'verify.file_missing', [{ code: 'verify.file_missing', path: file, allowed: 'an existing JPEG, PNG, MP4 or MOV file' }]);
  }
  return verifyBytes(bytes, file, opts);
}

export async function verifyBytes(bytes: Uint8Array, file: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  ensureC2pa();
  const format = mediaTypeOf(file, bytes);
  const anchors = (opts.trustAnchorsPem ?? []).join('\n');
  const context = anchors ? JSON.stringify({ trust: { user_anchors: anchors }, verify: { verify_trust: true } }) : null;
  const report: VerifyReport = { schema: 'aftermath.verify/1', file, format, state: 'None', failures: [], informational: [], successes: [], manifest: null, aftermath: null };
  let reader: WasmReader;
  try {
    reader = await WasmReader.fromBytes(format, bytes, context);
  } catch (err) {
    const text = c2paErrorText(err);
    if (/JumbfNotFound|ProvenanceMissing|NotFound/i.test(text)) return { ...report, error: 'no content credentials (no C2PA manifest) in this file' };
    return { ...report, state: 'Invalid', failures: [{ code: 'manifest.unreadable', explanation: text }] };
  }
  try {
    const store = reader.manifestStore() as Json;
    const results = (store.validation_results as Json | undefined)?.activeManifest as Json | undefined;
    report.failures = entries(results?.failure ?? store.validation_status);
    report.informational = entries(results?.informational);
    report.successes = entries(results?.success).map((e) => e.code);
    // Failures of ingredients' own manifests are reported too, but do not change our state.
    const deltas = (store.validation_results as Json | undefined)?.ingredientDeltas;
    if (Array.isArray(deltas)) {
      for (const d of deltas as Json[]) {
        for (const f of entries(((d.validationDeltas as Json | undefined)?.failure) ?? [])) report.informational.push({ ...f, code: `ingredient:${f.code}` });
      }
    }
    const state = String(store.validation_state ?? (report.failures.length ? 'Invalid' : 'Valid'));
    report.state = state === 'Trusted' || state === 'Valid' || state === 'Invalid' ? state : 'Invalid';
    const label = String(store.active_manifest ?? '');
    const m = ((store.manifests as Json | undefined)?.[label] ?? null) as Json | null;
    if (m) {
      const assertions = (m.assertions as Json[] | undefined) ?? [];
      const actions = assertions.filter((a) => String(a.label).startsWith('c2pa.actions')).flatMap((a) => ((a.data as Json).actions as Json[]) ?? []);
      const sig = m.signature_info as Json | undefined;
      report.manifest = {
        label,
        title: m.title as string | undefined,
        claimGenerator: ((m.claim_generator_info as Json[] | undefined) ?? []).map((g) => agentName(g) ?? ''),
        signer: sig ? { issuer: sig.issuer as string | undefined, commonName: sig.common_name as string | undefined, alg: sig.alg as string | undefined } : undefined,
        actions: actions.map((a) => ({ action: String(a.action), digitalSourceType: a.digitalSourceType as string | undefined, softwareAgent: agentName(a.softwareAgent) })),
        ingredients: ((m.ingredients as Json[] | undefined) ?? []).map((i) => ({ title: i.title as string | undefined, relationship: i.relationship as string | undefined, hasCredentials: !!i.active_manifest })),
      };
      const ours = assertions.find((a) => a.label === PROVENANCE_ASSERTION_LABEL);
      if (ours) report.aftermath = ours.data as ProvenanceAssertion;
    }
  } finally {
    reader.free();
  }
  return report;
}

/** Exit status for `aftermath verify`: 0 Trusted/Valid (Trusted only with `requireTrusted`), 1 otherwise. */
export function verifyExitCode(state: CredentialState, requireTrusted = false): number {
  if (state === 'Trusted') return 0;
  if (state === 'Valid') return requireTrusted ? 1 : 0;
  return 1;
}
