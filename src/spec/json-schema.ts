/**
 * The JSON Schema of shot file v1, generated from the zod schema, for editors and other tools.
 * The committed copy lives in `schemas/aftermath.shot-1.json`; refresh it with
 * `node --import tsx src/spec/write-schema.ts` (a test fails when it is stale).
 */
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SHOT_SCHEMA_ID, ShotSchema } from './schema.js';

export const SHOT_JSON_SCHEMA_ID = 'https://aftermath.dev/schemas/aftermath.shot-1.json';

/** `schemas/aftermath.shot-1.json` at the repository root (from src/spec or dist/spec). */
export const JSON_SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../schemas/aftermath.shot-1.json');

/** The JSON Schema (draft 2020-12) of what a user may write in a shot file. */
export function shotJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(ShotSchema, { io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: SHOT_JSON_SCHEMA_ID,
    title: `Aftermath shot file (${SHOT_SCHEMA_ID})`,
    ...rest,
  };
}

/** The exact text of the committed schema file: 2-space JSON with a trailing newline. */
export function shotJsonSchemaText(): string {
  return `${JSON.stringify(shotJsonSchema(), null, 2)}\n`;
}

/** Writes the schema file (by default the committed one); returns the path written. */
export async function writeJsonSchemaFile(path: string = JSON_SCHEMA_FILE): Promise<string> {
  await writeFile(path, shotJsonSchemaText(), 'utf8');
  return path;
}
