/**
 * Reading the magic number, version flags and header of an untrusted OpenEXR file. Refuses
 * what the reader cannot decode (multi-part, deep, tiled, other versions) with
 * `exr.unsupported` naming the feature, and malformed headers with `exr.invalid`.
 */
import { ByteReader } from './byte-reader.js';
import { decodeAttribute } from './exr-attributes.js';
import { exrInvalid, exrUnsupported } from './exr-errors.js';
import type { ExrAttribute, ExrBox, ExrChannelInfo, ExrCompression, ExrLineOrder } from './exr-types.js';

export const EXR_MAGIC = 20000630;
const FLAG_TILED = 0x200;
const FLAG_LONG_NAMES = 0x400;
const FLAG_NON_IMAGE = 0x800;
const FLAG_MULTIPART = 0x1000;
const SUPPORTED = 'single-part scanline OpenEXR 2 (flat images)';

export interface ExrHeader {
  attributes: Record<string, ExrAttribute>;
  channels: ExrChannelInfo[];
  compression: ExrCompression;
  lineOrder: ExrLineOrder;
  dataWindow: ExrBox;
  displayWindow: ExrBox;
  /** Offset of the first byte after the header (the offset table). */
  headerEnd: number;
}

function required<T extends ExrAttribute['type']>(
  attrs: Record<string, ExrAttribute>,
  name: string,
  type: T,
): Extract<ExrAttribute, { type: T }> {
  const a = attrs[name];
  if (!a) throw exrInvalid(`required attribute '${name}' is missing`, name);
  if (a.type !== type) throw exrInvalid(`attribute '${name}' has type ${a.type}`, name, a.type, type);
  return a as Extract<ExrAttribute, { type: T }>;
}

/** Parses and checks everything up to the offset table. */
export function parseExrHeader(bytes: Uint8Array): ExrHeader {
  const r = new ByteReader(bytes);
  if (bytes.length < 8) throw exrInvalid('file is too short for an OpenEXR header', 'magic', bytes.length, '>= 8 bytes');
  const magic = r.i32('magic');
  if (magic !== EXR_MAGIC) throw exrInvalid('not an OpenEXR file (bad magic number)', 'magic', magic, String(EXR_MAGIC));
  const version = r.i32('version');
  const versionNumber = version & 0xff;
  const flags = version & ~0xff;
  if (versionNumber !== 2) throw exrUnsupported(`OpenEXR file version ${versionNumber}`, 'version 2', 'version');
  if (flags & FLAG_MULTIPART) throw exrUnsupported('multi-part file', SUPPORTED, 'version');
  if (flags & FLAG_NON_IMAGE) throw exrUnsupported('deep data', SUPPORTED, 'version');
  if (flags & FLAG_TILED) throw exrUnsupported('tiled image', SUPPORTED, 'version');
  const unknown = flags & ~(FLAG_TILED | FLAG_LONG_NAMES | FLAG_NON_IMAGE | FLAG_MULTIPART);
  if (unknown) throw exrUnsupported(`version flags 0x${unknown.toString(16)}`, SUPPORTED, 'version');
  const maxName = flags & FLAG_LONG_NAMES ? 255 : 31;

  const attributes: Record<string, ExrAttribute> = Object.create(null);
  for (;;) {
    r.need(1, 'header');
    if (bytes[r.pos] === 0) {
      r.pos++;
      break;
    }
    const name = r.cstring(maxName, 'attribute name');
    const typeName = r.cstring(maxName, `attribute ${name} type`);
    const size = r.i32(`attribute ${name} size`);
    if (size < 0 || size > r.remaining) throw exrInvalid(`attribute '${name}' size is out of range`, name, size, `0..${r.remaining}`);
    if (name in attributes) throw exrInvalid(`attribute '${name}' appears twice`, name);
    attributes[name] = decodeAttribute(r, typeName, size, name, maxName);
  }

  const type = attributes.type;
  if (type) {
    const t = type.type === 'string' ? type.value : '?';
    if (t.startsWith('deep')) throw exrUnsupported('deep data', SUPPORTED, 'type');
    if (t === 'tiledimage') throw exrUnsupported('tiled image', SUPPORTED, 'type');
    if (t !== 'scanlineimage') throw exrUnsupported(`part type ${JSON.stringify(t)}`, SUPPORTED, 'type');
  }
  if (attributes.tiles) throw exrUnsupported('tiled image', SUPPORTED, 'tiles');
  const channels = required(attributes, 'channels', 'chlist').value;
  const compression = required(attributes, 'compression', 'compression').value;
  const dataWindow = required(attributes, 'dataWindow', 'box2i').value;
  const displayWindow = required(attributes, 'displayWindow', 'box2i').value;
  const lineOrder = attributes.lineOrder ? required(attributes, 'lineOrder', 'lineOrder').value : 'INCREASING_Y';
  return { attributes, channels, compression, lineOrder, dataWindow, displayWindow, headerEnd: r.pos };
}
