import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';

/** Creates (if needed) and checks the output folder; a file in its place is an input error. */
export async function prepareOutputDir(dir: string): Promise<string> {
  const abs = path.resolve(dir);
  if (abs.includes('\0')) {
    throw new InputError('output folder path contains a NUL byte', 'output.bad_path', [{ code: 'output.bad_path', path: 'output.dir', received: dir }]);
  }
  try {
    const st = await fs.stat(abs);
    if (!st.isDirectory()) {
      throw new InputError(`output folder ${abs} exists and is not a folder`, 'output.not_a_directory', [
        { code: 'output.not_a_directory', path: 'output.dir', allowed: 'a folder (or a path that does not exist yet)', received: abs },
      ]);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    try {
      await fs.mkdir(abs, { recursive: true });
    } catch (mkErr) {
      throw new InputError(`cannot create output folder ${abs}: ${(mkErr as Error).message}`, 'output.not_writable', [
        { code: 'output.not_writable', path: 'output.dir', received: abs },
      ]);
    }
  }
  return abs;
}

/** A file-name-safe slug for the shot's outputs. */
export function shotSlug(name: string | undefined, shotPath: string | undefined): string {
  const base = shotPath ? path.basename(shotPath).replace(/\.(shot\.)?(ya?ml|json)$/i, '') : name ?? 'shot';
  const slug = base.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'shot';
}
