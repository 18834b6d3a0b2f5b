import { InputError } from '../core/errors.js';

/**
 * A reader for the subset of ASCII USD that our exporter writes (and a little more):
 * layer metadata, `def`/`over`/`class` prims with optional type and metadata, attributes
 * with `custom`/`uniform`, scalar, tuple and array values, `.timeSamples`, and attribute
 * metadata. Tuples and arrays both read as JS arrays; tokens and strings as strings.
 * Not supported: relationships, connections, list edits, variants, references, asset paths.
 */
export type UsdaValue = number | string | null | UsdaValue[] | UsdaDict;
export interface UsdaDict {
  [key: string]: UsdaValue;
}

export interface UsdaAttribute {
  name: string;
  /** e.g. `float3`, `token[]`. */
  typeName: string;
  custom: boolean;
  uniform: boolean;
  value?: UsdaValue;
  /** Time code → value, in the order written. */
  timeSamples?: Map<number, UsdaValue>;
  metadata: UsdaDict;
}

export interface UsdaPrim {
  specifier: 'def' | 'over' | 'class';
  typeName?: string;
  name: string;
  path: string;
  metadata: UsdaDict;
  attributes: Map<string, UsdaAttribute>;
  children: UsdaPrim[];
}

export interface UsdaLayer {
  metadata: UsdaDict;
  prims: UsdaPrim[];
}

type TokenKind = 'num' | 'str' | 'ident' | 'punct';
interface Token {
  kind: TokenKind;
  text: string;
  pos: number;
}

const TOKEN_RE = /\s+|#[^\n]*|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|("(?:[^"\\\n]|\\.)*")|([A-Za-z_][A-Za-z0-9_:.]*)|([()[\]{}=,:;])/y;

function tokenize(text: string, start: number): Token[] {
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = start;
  while (TOKEN_RE.lastIndex < text.length) {
    const pos = TOKEN_RE.lastIndex;
    const m = TOKEN_RE.exec(text);
    if (!m) throw parseError(text, pos, `unexpected character ${JSON.stringify(text[pos])}`);
    if (m[1] !== undefined) tokens.push({ kind: 'num', text: m[1], pos });
    else if (m[2] !== undefined) tokens.push({ kind: 'str', text: m[2], pos });
    else if (m[3] !== undefined) tokens.push({ kind: 'ident', text: m[3], pos });
    else if (m[4] !== undefined) tokens.push({ kind: 'punct', text: m[4], pos });
  }
  return tokens;
}

function parseError(text: string, pos: number, message: string): InputError {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return new InputError(`usda ${line}:${col}: ${message}`, 'usda.parse_error', [{ code: 'usda.parse_error', path: `${line}:${col}` }]);
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    if (e[0] === 'x' && e.length === 3) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

class Parser {
  private i = 0;
  constructor(private readonly text: string, private readonly tokens: Token[]) {}

  layer(): UsdaLayer {
    const metadata = this.peek('(') ? this.metadata() : {};
    const prims: UsdaPrim[] = [];
    while (this.i < this.tokens.length) prims.push(this.prim(''));
    return { metadata, prims };
  }

  private prim(parentPath: string): UsdaPrim {
    const spec = this.next('ident').text;
    if (spec !== 'def' && spec !== 'over' && spec !== 'class') this.fail(`expected def, over or class, got ${spec}`, -1);
    const typeName = this.peekKind('ident') ? this.next('ident').text : undefined;
    const name = unquote(this.next('str').text);
    const path = `${parentPath}/${name}`;
    const metadata = this.peek('(') ? this.metadata() : {};
    const prim: UsdaPrim = { specifier: spec as UsdaPrim['specifier'], typeName, name, path, metadata, attributes: new Map(), children: [] };
    this.expect('{');
    while (!this.peek('}')) {
      const t = this.tokens[this.i];
      if (!t) this.fail('unexpected end of file inside a prim', 0);
      if (t.kind === 'ident' && (t.text === 'def' || t.text === 'over' || t.text === 'class')) prim.children.push(this.prim(path));
      else this.attribute(prim);
    }
    this.expect('}');
    return prim;
  }

  private attribute(prim: UsdaPrim): void {
    let custom = false;
    let uniform = false;
    let word = this.next('ident').text;
    while (word === 'custom' || word === 'uniform' || word === 'varying') {
      if (word === 'custom') custom = true;
      if (word === 'uniform') uniform = true;
      word = this.next('ident').text;
    }
    if (word === 'rel') this.fail('relationships are not supported', -1);
    let typeName = word;
    if (this.peek('[')) {
      this.expect('[');
      this.expect(']');
      typeName += '[]';
    }
    const fullName = this.next('ident').text;
    const isSamples = fullName.endsWith('.timeSamples');
    const name = isSamples ? fullName.slice(0, -'.timeSamples'.length) : fullName;
    let attr = prim.attributes.get(name);
    if (!attr) {
      attr = { name, typeName, custom, uniform, metadata: {} };
      prim.attributes.set(name, attr);
    }
    if (isSamples) {
      this.expect('=');
      attr.timeSamples = this.timeSamples();
    } else if (this.peek('=')) {
      this.expect('=');
      attr.value = this.value();
    }
    if (this.peek('(')) Object.assign(attr.metadata, this.metadata());
  }

  private timeSamples(): Map<number, UsdaValue> {
    const samples = new Map<number, UsdaValue>();
    this.expect('{');
    while (!this.peek('}')) {
      const time = Number(this.next('num').text);
      this.expect(':');
      samples.set(time, this.value());
      if (!this.peek('}')) this.expect(',');
    }
    this.expect('}');
    return samples;
  }

  /** `( key = value ... )`, with a bare string standing for `doc`. */
  private metadata(): UsdaDict {
    const out: UsdaDict = {};
    this.expect('(');
    while (!this.peek(')')) {
      if (this.peekKind('str')) {
        out.doc = unquote(this.next('str').text);
        continue;
      }
      const key = this.next('ident').text;
      this.expect('=');
      out[key] = this.value();
      if (this.peek(';')) this.i++;
    }
    this.expect(')');
    return out;
  }

  /** `{ type name = value ... }` */
  private dictionary(): UsdaDict {
    const out: UsdaDict = {};
    this.expect('{');
    while (!this.peek('}')) {
      this.next('ident');
      if (this.peek('[')) {
        this.expect('[');
        this.expect(']');
      }
      const key = this.peekKind('str') ? unquote(this.next('str').text) : this.next('ident').text;
      this.expect('=');
      out[key] = this.value();
    }
    this.expect('}');
    return out;
  }

  private value(): UsdaValue {
    const t = this.tokens[this.i];
    if (!t) this.fail('expected a value', 0);
    if (t.kind === 'num') {
      this.i++;
      return Number(t.text);
    }
    if (t.kind === 'str') {
      this.i++;
      return unquote(t.text);
    }
    if (t.kind === 'ident') {
      this.i++;
      if (t.text === 'None') return null;
      if (t.text === 'inf') return Infinity;
      if (t.text === 'nan') return NaN;
      return t.text;
    }
    if (t.text === '{') return this.dictionary();
    if (t.text === '(' || t.text === '[') {
      const close = t.text === '(' ? ')' : ']';
      this.i++;
      const items: UsdaValue[] = [];
      while (!this.peek(close)) {
        items.push(this.value());
        if (!this.peek(close)) this.expect(',');
      }
      this.expect(close);
      return items;
    }
    return this.fail(`unexpected ${t.text}`, 0);
  }

  private peek(text: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind === 'punct' && t.text === text;
  }

  private peekKind(kind: TokenKind): boolean {
    return this.tokens[this.i]?.kind === kind;
  }

  private expect(text: string): void {
    if (!this.peek(text)) this.fail(`expected ${text}`, 0);
    this.i++;
  }

  private next(kind: TokenKind): Token {
    const t = this.tokens[this.i];
    if (!t || t.kind !== kind) this.fail(`expected ${kind === 'str' ? 'a string' : kind === 'num' ? 'a number' : 'a name'}`, 0);
    this.i++;
    return t;
  }

  private fail(message: string, offset: number): never {
    const t = this.tokens[this.i + offset];
    const pos = t ? t.pos : this.text.length;
    throw parseError(this.text, pos, t ? `${message} (at ${JSON.stringify(t.text.slice(0, 30))})` : `${message} (at end of file)`);
  }
}

/** Parses .usda text; throws InputError `usda.parse_error` with line:column. */
export function parseUsda(text: string): UsdaLayer {
  const header = /^#usda 1\.0[^\n]*(\n|$)/.exec(text);
  if (!header) throw new InputError('not an ASCII USD layer: missing "#usda 1.0" header', 'usda.parse_error');
  return new Parser(text, tokenize(text, header[0].length)).layer();
}

/** Every prim, depth first in file order. */
export function allPrims(layer: UsdaLayer): UsdaPrim[] {
  const out: UsdaPrim[] = [];
  const visit = (p: UsdaPrim): void => {
    out.push(p);
    p.children.forEach(visit);
  };
  layer.prims.forEach(visit);
  return out;
}

export function findPrim(layer: UsdaLayer, path: string): UsdaPrim | undefined {
  return allPrims(layer).find((p) => p.path === path);
}
