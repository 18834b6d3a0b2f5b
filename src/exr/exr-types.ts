/**
 * Public types of the OpenEXR writer and reader: images, channels, windows and the typed
 * header attributes. Names follow the OpenEXR file-format document.
 */

/** Per-channel sample type. HALF and FLOAT are carried as Float32Array, UINT as Uint32Array. */
export type ExrPixelType = 'UINT' | 'HALF' | 'FLOAT';

/** Compressions the writer produces. */
export type ExrWriteCompression = 'NONE' | 'RLE' | 'ZIPS' | 'ZIP' | 'PIZ';

/** Every compression named by the format (ids 0..9); the reader decodes NONE..PXR24. */
export type ExrCompression = ExrWriteCompression | 'PXR24' | 'B44' | 'B44A' | 'DWAA' | 'DWAB';

export type ExrLineOrder = 'INCREASING_Y' | 'DECREASING_Y' | 'RANDOM_Y';

/** Inclusive integer box, as the `box2i` attribute stores it. */
export interface ExrBox {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** One entry of the `channels` attribute. */
export interface ExrChannelInfo {
  name: string;
  type: ExrPixelType;
  pLinear: boolean;
  xSampling: number;
  ySampling: number;
}

/**
 * A typed header attribute. The writer accepts the first group (string, int, float, double,
 * v2i, v2f, v3i, v3f, m33f, m44f, box2i, box2f, stringvector, floatvector); the reader also
 * returns the standard structured types and keeps anything else as raw bytes (`opaque`).
 * Matrices are 16 (or 9) numbers in the order stored in the file (row-major, as Imath's
 * `M44f` writes `x[0][0], x[0][1], ...`).
 */
export type ExrAttribute =
  | { type: 'string'; value: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'double'; value: number }
  | { type: 'v2i'; value: [number, number] }
  | { type: 'v2f'; value: [number, number] }
  | { type: 'v3i'; value: [number, number, number] }
  | { type: 'v3f'; value: [number, number, number] }
  | { type: 'm33f'; value: number[] }
  | { type: 'm44f'; value: number[] }
  | { type: 'box2i'; value: ExrBox }
  | { type: 'box2f'; value: ExrBox }
  | { type: 'stringvector'; value: string[] }
  | { type: 'floatvector'; value: number[] }
  | { type: 'chlist'; value: ExrChannelInfo[] }
  | { type: 'compression'; value: ExrCompression }
  | { type: 'lineOrder'; value: ExrLineOrder }
  | { type: 'rational'; value: [number, number] }
  | { type: 'opaque'; typeName: string; bytes: Uint8Array };

/** The attribute kinds the writer accepts in `ExrImage.attributes`. */
export type ExrExtraAttribute = Extract<
  ExrAttribute,
  {
    type:
      | 'string'
      | 'int'
      | 'float'
      | 'double'
      | 'v2i'
      | 'v2f'
      | 'v3i'
      | 'v3f'
      | 'm33f'
      | 'm44f'
      | 'box2i'
      | 'box2f'
      | 'stringvector'
      | 'floatvector';
  }
>;

/** A channel handed to the writer: `width × height` samples, rows top to bottom. */
export interface ExrChannelInput {
  /** Full channel name, `layer.channel` for layered passes (`depth.Z`), bare for beauty (`R`). */
  name: string;
  type: ExrPixelType;
  /** Float32Array for HALF/FLOAT (HALF rounds to nearest even), Uint32Array for UINT. */
  data: Float32Array | Uint32Array;
  /**
   * Layout of the samples in `data`: pixel i's sample is `data[offset + i * stride]`. Default
   * 1 and 0 (a plane); e.g. stride 4, offset 2 reads B out of interleaved RGBA without a copy.
   * Stride 0 is a constant channel: `data` holds the one sample of every pixel.
   */
  stride?: number;
  offset?: number;
  /** Stored `pLinear` flag; defaults to false. */
  pLinear?: boolean;
}

/** What `encodeExr` writes: one scanline part. */
export interface ExrImage {
  /** Data-window width and height in pixels. */
  width: number;
  height: number;
  /** Channels in any order; the writer sorts them by name as the format requires. */
  channels: ExrChannelInput[];
  /** Defaults to ZIP. */
  compression?: ExrWriteCompression;
  /** Top-left of the data window; defaults to (0, 0). */
  dataOrigin?: { x: number; y: number };
  /** Defaults to the data window. The data window may be smaller (or larger) than this. */
  displayWindow?: ExrBox;
  pixelAspectRatio?: number;
  screenWindowCenter?: [number, number];
  screenWindowWidth?: number;
  /** Extra header attributes by name (camera matrices, Cryptomatte manifests, provenance). */
  attributes?: Record<string, ExrExtraAttribute>;
}

/** A decoded channel: data-window samples, rows top to bottom. */
export interface ExrDecodedChannel extends ExrChannelInfo {
  data: Float32Array | Uint32Array;
}

/** What the reader returns. */
export interface ExrDecodedImage {
  /** Every header attribute by name, standard ones included. */
  attributes: Record<string, ExrAttribute>;
  compression: ExrCompression;
  lineOrder: ExrLineOrder;
  dataWindow: ExrBox;
  displayWindow: ExrBox;
  /** Data-window size. */
  width: number;
  height: number;
  /** Channels in file order (sorted by name). */
  channels: ExrDecodedChannel[];
}

export interface ExrEncodeOptions {
  /**
   * Deflate implementation for ZIP/ZIPS. 'portable' (default) is fflate, pure JS: the same
   * bytes on every CPU and Node version. 'native' is node:zlib, about 4× faster, but its
   * output may change with the Node version (and the zlib build's CPU-specific paths).
   */
  deflate?: 'portable' | 'native';
  /**
   * zlib level of ZIP/ZIPS blocks, 1 (fastest) to 9 (smallest); default 4, OpenEXR's default.
   * The level is not recorded in the file: every ZIP reader decodes every level.
   */
  zipLevel?: number;
}

export interface ExrReadOptions {
  /** Cap on width × height × channels; defaults to 2^28. */
  maxSamples?: number;
}
