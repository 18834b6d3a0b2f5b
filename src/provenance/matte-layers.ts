import { PROVENANCE_KINDS } from './provenance-matte.js';
import type { ProvenanceMatte, ProvenanceShares } from './provenance-matte.js';

/** EXR layer of the matte: channels `provenance.capture`, `provenance.simulated`, ... */
export const PROVENANCE_LAYER = 'provenance';

export function provenanceChannelName(kind: (typeof PROVENANCE_KINDS)[number]): string {
  return `${PROVENANCE_LAYER}.${kind}`;
}

/** The matte's channels for an EXR (HALF: shares are 0..1, half keeps 11 bits of them). */
export function matteChannels(m: ProvenanceMatte): { name: string; type: 'HALF'; data: Float32Array }[] {
  return PROVENANCE_KINDS.map((k) => ({ name: provenanceChannelName(k), type: 'HALF' as const, data: m[k] }));
}

/** The channels of a matte whose every pixel has `shares`: constant channels (stride 0), nothing per pixel. */
export function uniformMatteChannels(shares: ProvenanceShares): { name: string; type: 'HALF'; data: Float32Array; stride: 0 }[] {
  return PROVENANCE_KINDS.map((k) => ({ name: provenanceChannelName(k), type: 'HALF' as const, data: Float32Array.of(shares[k]), stride: 0 as const }));
}

/** The matte back from decoded EXR channels; null when the file has no provenance layer. */
export function matteFromChannels(width: number, height: number, channels: { name: string; data: Float32Array | Uint32Array }[]): ProvenanceMatte | null {
  const get = (k: (typeof PROVENANCE_KINDS)[number]) => channels.find((c) => c.name === provenanceChannelName(k))?.data;
  const parts = PROVENANCE_KINDS.map(get);
  if (parts.some((p) => !(p instanceof Float32Array))) return null;
  const [capture, simulated, synthesized, trained] = parts as Float32Array[];
  return { width, height, capture, simulated, synthesized, trained };
}
