/**
 * Collects the binary chunk of a glTF asset: typed arrays appended as buffer views (each
 * starting on a 4-byte boundary) and the accessors that read them. Everything goes into
 * buffer 0, the GLB-stored buffer.
 */
export const GL = {
  ARRAY_BUFFER: 34962,
  ELEMENT_ARRAY_BUFFER: 34963,
  UNSIGNED_SHORT: 5123,
  UNSIGNED_INT: 5125,
  FLOAT: 5126,
} as const;

export type AccessorType = 'SCALAR' | 'VEC3' | 'VEC4';

const COMPONENTS: Record<AccessorType, number> = { SCALAR: 1, VEC3: 3, VEC4: 4 };

export interface GltfBufferView {
  buffer: 0;
  byteOffset: number;
  byteLength: number;
  byteStride?: number;
  target?: number;
}

export interface GltfAccessor {
  bufferView: number;
  byteOffset?: number;
  componentType: number;
  count: number;
  type: AccessorType;
  min?: number[];
  max?: number[];
}

export class GltfBinBuilder {
  readonly bufferViews: GltfBufferView[] = [];
  readonly accessors: GltfAccessor[] = [];
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  /** Appends `data` as a new buffer view and returns its index. */
  addView(data: Float32Array | Uint16Array | Uint32Array, opts: { target?: number; byteStride?: number } = {}): number {
    this.align();
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const view: GltfBufferView = { buffer: 0, byteOffset: this.length, byteLength: bytes.length };
    if (opts.byteStride !== undefined) view.byteStride = opts.byteStride;
    if (opts.target !== undefined) view.target = opts.target;
    // Copy so later changes to the caller's array cannot alter the asset.
    this.parts.push(bytes.slice());
    this.length += bytes.length;
    this.bufferViews.push(view);
    return this.bufferViews.length - 1;
  }

  /** Adds an accessor over `count` elements of `view` from `byteOffset`; returns its index. */
  addAccessor(accessor: GltfAccessor): number {
    // Fixed key order keeps the JSON text deterministic.
    const a: GltfAccessor = {
      bufferView: accessor.bufferView,
      ...(accessor.byteOffset ? { byteOffset: accessor.byteOffset } : {}),
      componentType: accessor.componentType,
      count: accessor.count,
      type: accessor.type,
    };
    if (accessor.min) a.min = accessor.min;
    if (accessor.max) a.max = accessor.max;
    this.accessors.push(a);
    return this.accessors.length - 1;
  }

  /** The binary chunk's payload, padded with zeros to a multiple of 4 bytes. */
  bin(): Uint8Array {
    this.align();
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const p of this.parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }

  private align(): void {
    const pad = (4 - (this.length % 4)) % 4;
    if (pad > 0) {
      this.parts.push(new Uint8Array(pad));
      this.length += pad;
    }
  }
}

/** Component-wise min and max of float data read as `type` elements (exact float32 values). */
export function floatMinMax(data: Float32Array, type: AccessorType, start = 0, count = data.length / COMPONENTS[type]): { min: number[]; max: number[] } {
  const n = COMPONENTS[type];
  const min = new Array<number>(n).fill(Infinity);
  const max = new Array<number>(n).fill(-Infinity);
  for (let i = start; i < start + count; i++) {
    for (let c = 0; c < n; c++) {
      const v = data[i * n + c];
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
    }
  }
  // JSON has no negative zero; -0 and 0 compare equal, so either bound stays valid.
  return { min: min.map((v) => v + 0), max: max.map((v) => v + 0) };
}
