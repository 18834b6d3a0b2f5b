/**
 * Reading shot files: YAML 1.2 (JSON for `.json` files, with JSON's own error messages), with
 * parse errors that name the line and column, and file errors with stable codes.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError, type ErrorDetail } from '../core/errors.js';
import type { ShotSpec } from './schema.js';
import { jsonErrorOffset, lineText, positionOf, type TextPosition } from './text-position.js';
import { validateShot } from './validate-spec.js';

/** Largest shot file read, in bytes (4 MiB). */
export const MAX_SHOT_FILE_BYTES = 4 * 1024 * 1024;

/** Most YAML alias expansions, against "billion laughs" documents. */
const MAX_ALIAS_COUNT = 100;

export interface LoadedShot {
  spec: ShotSpec;
  raw: unknown;
  /** Absolute path of the file read. */
  path: string;
}

function parseError(sourceName: string, format: 'YAML' | 'JSON', reason: string, text: string, at?: TextPosition): InputError {
  const where = at ? `line ${at.line}, column ${at.column}` : undefined;
  const message = `could not parse ${sourceName} as ${format}: ${where ? `${where}: ` : ''}${reason}`;
  const detail: ErrorDetail = { code: 'spec.parse', path: '', allowed: format === 'JSON' ? 'JSON' : 'YAML 1.2' };
  if (at) {
    detail.received = lineText(text, at.line).trim();
    detail.hint = `${sourceName}:${at.line}:${at.column}: ${reason}`;
  } else {
    detail.hint = reason;
  }
  return new InputError(message, 'spec.parse', [detail]);
}

const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: '; indent with spaces, not tabs',
  DUPLICATE_KEY: '; each key may appear once per object',
  MULTIPLE_DOCS: '; a shot file holds one document (remove the extra "---")',
};

function parseJson(text: string, sourceName: string): unknown {
  if (text.trim() === '') return null; // an empty document, like empty YAML
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err))
      .replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/ \(line \d+ column \d+\)$/, '')
      .replace(/\r/g, '\\r')
      .replace(/\n/g, '\\n');
    const offset = jsonErrorOffset(text);
    const fromMessage = /at position (\d+)/.exec(err instanceof Error ? err.message : '');
    const at = offset >= 0 ? offset : fromMessage ? Number(fromMessage[1]) : text.length;
    throw parseError(sourceName, 'JSON', reason, text, positionOf(text, at));
  }
}

function parseYaml(text: string, sourceName: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const first = doc.errors[0];
  if (first) {
    const reason = first.message.replace(/\s+at line \d+, column \d+:[\s\S]*$/, '') + (YAML_HINTS[first.code] ?? '');
    throw parseError(sourceName, 'YAML', reason, text, positionOf(text, first.pos[0]));
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw parseError(sourceName, 'YAML', err instanceof Error ? err.message : String(err), text);
  }
}

/**
 * Parses shot text. `sourceName` (a file name) picks JSON parsing when it ends in `.json` and
 * is used in messages. An empty document gives null. Throws InputError `spec.parse`.
 */
export function parseShotText(text: string, sourceName: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (/\.json$/i.test(sourceName)) return parseJson(body, sourceName);
  return parseYaml(body, sourceName);
}

function fileError(code: string, message: string, filePath: string, extra: Omit<ErrorDetail, 'code' | 'path'> = {}): InputError {
  return new InputError(message, code, [{ code, path: filePath, ...extra }]);
}

/** Reads, parses and validates a shot file. Every failure is an InputError. */
export async function loadShotFile(filePath: string): Promise<LoadedShot> {
  const absolute = resolve(filePath);
  let size: number;
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) {
      throw fileError('spec.not_a_file', `${filePath} is a directory, not a shot file`, filePath, {
        hint: 'pass the path of a .shot.yaml file',
      });
    }
    if (!info.isFile()) throw fileError('spec.not_a_file', `${filePath} is not a regular file`, filePath);
    size = info.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw fileError('spec.file_missing', `shot file not found: ${filePath}`, filePath, {
        hint: 'check the path, or run "aftermath init" to write an example shot',
      });
    }
    throw fileError('spec.unreadable', `cannot read ${filePath}: ${(err as Error).message}`, filePath);
  }
  if (size > MAX_SHOT_FILE_BYTES) {
    throw fileError('spec.too_large', `${filePath} is ${size} bytes; shot files may be at most 4 MiB`, filePath, {
      allowed: `at most ${MAX_SHOT_FILE_BYTES} bytes (4 MiB)`,
      received: size,
    });
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (err) {
    throw fileError('spec.unreadable', `cannot read ${filePath}: ${(err as Error).message}`, filePath);
  }
  if (bytes.length > MAX_SHOT_FILE_BYTES) {
    throw fileError('spec.too_large', `${filePath} is larger than 4 MiB`, filePath, { allowed: `at most ${MAX_SHOT_FILE_BYTES} bytes (4 MiB)`, received: bytes.length });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileError('spec.parse', `${filePath} is not UTF-8 text`, filePath, { allowed: 'UTF-8 text' });
  }
  const raw = parseShotText(text, basename(filePath));
  try {
    return { spec: validateShot(raw), raw, path: absolute };
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`${filePath}: ${err.message}`, err.code, err.details);
    throw err;
  }
}
