import path from 'node:path';
import type { ProvenanceShares } from './provenance-matte.js';

/** IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/). */
export const DIGITAL_SOURCE_TYPE = {
  compositeSynthetic: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeSynthetic',
  compositeWithTrainedAlgorithmicMedia: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
} as const;

/** Label of Aftermath's own assertion. */
export const PROVENANCE_ASSERTION_LABEL = 'dev.aftermath.provenance';

/** A trained model that contributed pixels (none today; neural plugins will add them). */
export interface ModelUse {
  name: string;
  version?: string;
  licence?: string;
  /** What it did, e.g. "inpainting of the revealed background". */
  role: string;
}

/** The data of the `dev.aftermath.provenance` assertion. */
export interface ProvenanceAssertion {
  schema: 'aftermath.provenance/1';
  /** Shares of the pixels this file shows: the whole shot, or one frame. */
  shares: ProvenanceShares;
  /** For a single frame file, its number (1-based). */
  frame?: number;
  seed: number;
  /** sha256 of the canonical shot JSON (as in manifest.json). */
  shotSha256: string;
  models: ModelUse[];
}

/** A file that went into the render (a plate): carried along with its own credentials. */
export interface IngredientFile {
  path: string;
  /** `componentOf` (a plate composited into the frame, default) or `inputTo` (a reference). */
  relationship?: 'componentOf' | 'inputTo';
  title?: string;
}

export interface CredentialDefinition {
  /** Shown by readers, usually the file name. */
  title: string;
  /** Media type, e.g. `video/mp4`. */
  format: string;
  software: { name: string; version: string };
  provenance: ProvenanceAssertion;
  ingredients?: IngredientFile[];
}

/** `compositeSynthetic` unless a trained model contributed any pixel. */
export function digitalSourceTypeFor(shares: ProvenanceShares, models: ModelUse[]): string {
  return shares.trained > 0 || models.length > 0 ? DIGITAL_SOURCE_TYPE.compositeWithTrainedAlgorithmicMedia : DIGITAL_SOURCE_TYPE.compositeSynthetic;
}

/** Ingredient labels used to tie a `c2pa.placed` action to each ingredient. */
export function ingredientLabel(i: number): string {
  return `aftermath.ingredient.${i}`;
}

/** The C2PA manifest definition (c2pa-rs `ManifestDefinition` JSON) for one output file. */
export function manifestDefinition(def: CredentialDefinition): Record<string, unknown> {
  const agent = { name: def.software.name, version: def.software.version };
  const actions: Record<string, unknown>[] = [
    {
      action: 'c2pa.created',
      digitalSourceType: digitalSourceTypeFor(def.provenance.shares, def.provenance.models),
      softwareAgent: agent,
      description: 'Simulated, rendered and composited by Aftermath from a shot document',
    },
  ];
  (def.ingredients ?? []).forEach((ing, i) => {
    actions.push({ action: 'c2pa.placed', softwareAgent: agent, parameters: { ingredientIds: [ingredientLabel(i)] }, description: `${ing.title ?? path.basename(ing.path)} placed in the shot` });
  });
  return {
    claim_generator_info: [agent],
    title: def.title,
    format: def.format,
    assertions: [
      { label: 'c2pa.actions.v2', data: { actions } },
      { label: PROVENANCE_ASSERTION_LABEL, data: def.provenance },
    ],
  };
}
