/**
 * Packs a glTF JSON document and its binary buffer into a GLB 2.0 container:
 * 12-byte header, a JSON chunk padded with spaces and a BIN chunk padded with zeros, each
 * to a multiple of 4 bytes. The JSON text must already be deterministic (fixed key order).
 */
const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const CHUNK_BIN = 0x004e4942; // "BIN\0"

function padded(bytes: Uint8Array, fill: number): Uint8Array {
  const len = Math.ceil(bytes.length / 4) * 4;
  if (len === bytes.length) return bytes;
  const out = new Uint8Array(len).fill(fill);
  out.set(bytes);
  return out;
}

export function packGlb(jsonText: string, bin: Uint8Array): Uint8Array {
  const json = padded(new TextEncoder().encode(jsonText), 0x20);
  const data = padded(bin, 0);
  const hasBin = data.length > 0;
  const total = 12 + 8 + json.length + (hasBin ? 8 + data.length : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, GLB_MAGIC, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, CHUNK_JSON, true);
  out.set(json, 20);
  if (hasBin) {
    const at = 20 + json.length;
    view.setUint32(at, data.length, true);
    view.setUint32(at + 4, CHUNK_BIN, true);
    out.set(data, at + 8);
  }
  return out;
}

/** Splits a GLB back into its JSON document and BIN payload (for tests and inspection). */
export function unpackGlb(bytes: Uint8Array): { json: unknown; bin: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== GLB_MAGIC || view.getUint32(4, true) !== 2) throw new Error('not a GLB 2.0 file');
  const jsonLen = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLen))) as unknown;
  let bin: Uint8Array = new Uint8Array(0);
  const at = 20 + jsonLen;
  if (at + 8 <= bytes.length && view.getUint32(at + 4, true) === CHUNK_BIN) {
    bin = bytes.subarray(at + 8, at + 8 + view.getUint32(at, true));
  }
  return { json, bin };
}
