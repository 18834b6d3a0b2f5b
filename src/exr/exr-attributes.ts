/**
 * Encoding and decoding of header attribute values (the bytes after name, type and size).
 * Decoding is bounded by the declared size; fixed-size types must match it exactly.
 */
import { ByteReader, utf8, utf8Encoder } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { exrBadImage, exrInvalid, exrUnsupported } from './exr-errors.js';
import type { ExrAttribute, ExrChannelInfo, ExrCompression, ExrExtraAttribute, ExrLineOrder, ExrPixelType } from './exr-types.js';

export const COMPRESSIONS: readonly ExrCompression[] = ['NONE', 'RLE', 'ZIPS', 'ZIP', 'PIZ', 'PXR24', 'B44', 'B44A', 'DWAA', 'DWAB'];
export const LINE_ORDERS: readonly ExrLineOrder[] = ['INCREASING_Y', 'DECREASING_Y', 'RANDOM_Y'];
export const PIXEL_TYPES: readonly ExrPixelType[] = ['UINT', 'HALF', 'FLOAT'];

const FIXED_SIZES: Record<string, number> = {
  int: 4, float: 4, double: 8, v2i: 8, v2f: 8, v3i: 12, v3f: 12, m33f: 36, m44f: 64,
  box2i: 16, box2f: 16, compression: 1, lineOrder: 1, rational: 8,
};

/** Decodes one attribute value of `size` bytes at the reader's position; `maxName` bounds channel names. */
export function decodeAttribute(r: ByteReader, typeName: string, size: number, name: string, maxName: number): ExrAttribute {
  const bytes = r.take(size, `attribute ${name}`);
  const fixed = FIXED_SIZES[typeName];
  if (fixed !== undefined && size !== fixed) {
    throw exrInvalid(`attribute '${name}' of type ${typeName} has size ${size}`, name, size, String(fixed));
  }
  const s = new ByteReader(bytes);
  const floats = (n: number): number[] => Array.from({ length: n }, () => s.f32(name));
  const ints = (n: number): number[] => Array.from({ length: n }, () => s.i32(name));
  switch (typeName) {
    case 'string':
      return { type: 'string', value: utf8.decode(bytes) };
    case 'int':
      return { type: 'int', value: s.i32(name) };
    case 'float':
      return { type: 'float', value: s.f32(name) };
    case 'double':
      return { type: 'double', value: s.f64(name) };
    case 'v2i':
      return { type: 'v2i', value: ints(2) as [number, number] };
    case 'v2f':
      return { type: 'v2f', value: floats(2) as [number, number] };
    case 'v3i':
      return { type: 'v3i', value: ints(3) as [number, number, number] };
    case 'v3f':
      return { type: 'v3f', value: floats(3) as [number, number, number] };
    case 'm33f':
      return { type: 'm33f', value: floats(9) };
    case 'm44f':
      return { type: 'm44f', value: floats(16) };
    case 'box2i': {
      const [xMin, yMin, xMax, yMax] = ints(4);
      return { type: 'box2i', value: { xMin, yMin, xMax, yMax } };
    }
    case 'box2f': {
      const [xMin, yMin, xMax, yMax] = floats(4);
      return { type: 'box2f', value: { xMin, yMin, xMax, yMax } };
    }
    case 'rational':
      return { type: 'rational', value: [s.i32(name), s.u32(name)] };
    case 'stringvector': {
      const value: string[] = [];
      while (s.remaining > 0) {
        const len = s.i32(name);
        value.push(utf8.decode(s.take(len, name)));
      }
      return { type: 'stringvector', value };
    }
    case 'floatvector':
      if (size % 4 !== 0) throw exrInvalid(`floatvector '${name}' size ${size} is not a multiple of 4`, name, size);
      return { type: 'floatvector', value: floats(size / 4) };
    case 'compression': {
      const id = s.u8(name);
      const c = COMPRESSIONS[id];
      if (c === undefined) throw exrUnsupported(`compression id ${id}`, COMPRESSIONS.join(', '), name);
      return { type: 'compression', value: c };
    }
    case 'lineOrder': {
      const id = s.u8(name);
      const lo = LINE_ORDERS[id];
      if (lo === undefined) throw exrInvalid(`lineOrder ${id}`, name, id, '0..2');
      return { type: 'lineOrder', value: lo };
    }
    case 'chlist':
      return { type: 'chlist', value: decodeChannelList(s, maxName) };
    default:
      return { type: 'opaque', typeName, bytes: bytes.slice() };
  }
}

function decodeChannelList(s: ByteReader, maxName: number): ExrChannelInfo[] {
  const out: ExrChannelInfo[] = [];
  for (;;) {
    if (s.remaining === 0) throw exrInvalid('channel list is not terminated', 'channels');
    if (s.bytes[s.pos] === 0) {
      s.pos++;
      break;
    }
    const name = s.cstring(maxName, 'channels.name');
    const typeId = s.i32('channels.pixelType');
    const type = PIXEL_TYPES[typeId];
    if (type === undefined) throw exrInvalid(`channel '${name}' has pixel type ${typeId}`, `channels.${name}`, typeId, '0 (UINT), 1 (HALF), 2 (FLOAT)');
    const pLinear = s.u8('channels.pLinear') !== 0;
    s.take(3, 'channels.reserved');
    const xSampling = s.i32('channels.xSampling');
    const ySampling = s.i32('channels.ySampling');
    out.push({ name, type, pLinear, xSampling, ySampling });
    if (out.length > 65536) throw exrInvalid('more than 65536 channels', 'channels', out.length);
  }
  return out;
}

function finite(name: string, v: number, path: string): number {
  if (typeof v !== 'number') throw exrBadImage(`attribute '${name}' needs a number`, path, v, 'number');
  return v;
}

function int32(name: string, v: number, path: string): number {
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw exrBadImage(`attribute '${name}' needs an int32`, path, v, 'integer in int32 range');
  return v;
}

function numbers(name: string, v: unknown, n: number, path: string): number[] {
  if (!Array.isArray(v) || v.length !== n || v.some((x) => typeof x !== 'number')) {
    throw exrBadImage(`attribute '${name}' needs ${n} numbers`, path, v, `array of ${n} numbers`);
  }
  return v as number[];
}

/** Encodes a writer-side attribute value; returns the EXR type name and the value bytes. */
export function encodeAttribute(name: string, attr: ExrExtraAttribute): { typeName: string; bytes: Uint8Array } {
  const w = new ByteWriter(64);
  const path = `attributes.${name}`;
  switch (attr.type) {
    case 'string':
      if (typeof attr.value !== 'string') throw exrBadImage(`attribute '${name}' needs a string`, path, attr.value, 'string');
      w.bytes(utf8Encoder.encode(attr.value));
      break;
    case 'int':
      w.i32(int32(name, attr.value, path));
      break;
    case 'float':
      w.f32(finite(name, attr.value, path));
      break;
    case 'double':
      w.f64(finite(name, attr.value, path));
      break;
    case 'v2i':
    case 'v3i':
      for (const x of numbers(name, attr.value, attr.type === 'v2i' ? 2 : 3, path)) w.i32(int32(name, x, path));
      break;
    case 'v2f':
    case 'v3f':
    case 'm33f':
    case 'm44f': {
      const n = { v2f: 2, v3f: 3, m33f: 9, m44f: 16 }[attr.type];
      for (const x of numbers(name, attr.value, n, path)) w.f32(x);
      break;
    }
    case 'box2i':
    case 'box2f': {
      const b = attr.value;
      const vals = numbers(name, [b?.xMin, b?.yMin, b?.xMax, b?.yMax], 4, path);
      for (const x of vals) {
        if (attr.type === 'box2i') w.i32(int32(name, x, path));
        else w.f32(x);
      }
      break;
    }
    case 'stringvector':
      if (!Array.isArray(attr.value) || attr.value.some((x) => typeof x !== 'string')) {
        throw exrBadImage(`attribute '${name}' needs an array of strings`, path, attr.value, 'string[]');
      }
      for (const s of attr.value) {
        const b = utf8Encoder.encode(s);
        w.i32(b.length);
        w.bytes(b);
      }
      break;
    case 'floatvector':
      if (!Array.isArray(attr.value)) throw exrBadImage(`attribute '${name}' needs an array of numbers`, path, attr.value, 'number[]');
      for (const x of numbers(name, attr.value, attr.value.length, path)) w.f32(x);
      break;
    default:
      throw exrBadImage(`attribute '${name}' has an unsupported type`, path, (attr as { type?: unknown }).type,
        'string, int, float, double, v2i, v2f, v3i, v3f, m33f, m44f, box2i, box2f, stringvector, floatvector');
  }
  return { typeName: attr.type, bytes: w.finish() };
}

/** Encodes the `channels` attribute value (channels already sorted). */
export function encodeChannelList(channels: readonly ExrChannelInfo[]): Uint8Array {
  const w = new ByteWriter(32 * channels.length + 1);
  for (const c of channels) {
    w.cstring(utf8Encoder.encode(c.name));
    w.i32(PIXEL_TYPES.indexOf(c.type));
    w.u8(c.pLinear ? 1 : 0);
    w.u8(0);
    w.u8(0);
    w.u8(0);
    w.i32(c.xSampling);
    w.i32(c.ySampling);
  }
  w.u8(0);
  return w.finish();
}
