import type { ExrChannelInput, ExrExtraAttribute } from '../exr/exr-types.js';

/** MurmurHash3 x86 32-bit of a UTF-8 string, seed 0 (Cryptomatte's name hash). */
export function murmur3(text: string, seed = 0): number {
  const data = Buffer.from(text, 'utf8');
  let h = seed >>> 0;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const blocks = data.length >> 2;
  for (let i = 0; i < blocks; i++) {
    let k = data.readUInt32LE(i * 4);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  let k = 0;
  const tail = blocks * 4;
  switch (data.length & 3) {
    case 3:
      k ^= data[tail + 2] << 16;
    // falls through
    case 2:
      k ^= data[tail + 1] << 8;
    // falls through
    case 1:
      k ^= data[tail];
      k = Math.imul(k, c1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, c2);
      h ^= k;
  }
  h ^= data.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Cryptomatte's uint32 → float32 id: the exponent is nudged away from 0 and 255 (no denormal, inf or NaN). */
export function cryptoId(name: string): { hash: number; id: number } {
  let hash = murmur3(name);
  const exp = (hash >>> 23) & 0xff;
  if (exp === 0 || exp === 255) hash = (hash ^ (1 << 23)) >>> 0;
  const buf = new DataView(new ArrayBuffer(4));
  buf.setUint32(0, hash);
  return { hash, id: buf.getFloat32(0) };
}

/**
 * A Cryptomatte layer (`CryptoObject00`: id and coverage of rank 0 and 1) from the per-pixel
 * piece ids, named by member (`tower/slab/00012`), plus the header attributes with the
 * manifest, so Nuke's Cryptomatte picks members by name. No antialiasing yet: coverage 1.
 */
export function cryptomatteLayer(ids: Uint32Array, nameOf: (pieceIndex: number) => string, layer = 'CryptoObject') {
  const names = new Map<number, { name: string; id: number; hex: string }>();
  const rank0 = new Float32Array(ids.length);
  const cov0 = new Float32Array(ids.length);
  // Neighbouring pixels mostly show the same piece: look a piece up only when the id changes.
  let lastV = 0;
  let lastId = 0;
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    if (v === 0) continue;
    if (v !== lastV) {
      let e = names.get(v);
      if (!e) {
        const name = nameOf(v - 1);
        const c = cryptoId(name);
        e = { name, id: c.id, hex: c.hash.toString(16).padStart(8, '0') };
        names.set(v, e);
      }
      lastV = v;
      lastId = e.id;
    }
    rank0[i] = lastId;
    cov0[i] = 1;
  }
  const manifest: Record<string, string> = {};
  for (const e of [...names.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) manifest[e.name] = e.hex;
  const key = murmur3(layer).toString(16).padStart(8, '0').slice(0, 7);
  // Rank 1 is empty: constant channels (stride 0) of 0.
  const channels: ExrChannelInput[] = [
    { name: `${layer}00.R`, type: 'FLOAT', data: rank0 },
    { name: `${layer}00.G`, type: 'FLOAT', data: cov0 },
    { name: `${layer}00.B`, type: 'FLOAT', data: Float32Array.of(0), stride: 0 },
    { name: `${layer}00.A`, type: 'FLOAT', data: Float32Array.of(0), stride: 0 },
  ];
  const attributes: Record<string, ExrExtraAttribute> = {
    [`cryptomatte/${key}/name`]: { type: 'string', value: layer },
    [`cryptomatte/${key}/hash`]: { type: 'string', value: 'MurmurHash3_32' },
    [`cryptomatte/${key}/conversion`]: { type: 'string', value: 'uint32_to_float32' },
    [`cryptomatte/${key}/manifest`]: { type: 'string', value: JSON.stringify(manifest) },
  };
  return { channels, attributes, manifest };
}
