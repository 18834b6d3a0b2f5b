import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { writeFileAtomic } from '../core/fs-atomic.js';
import { writePng8 } from '../encode/png-frames.js';
import { readExrFile } from '../exr/exr-reader.js';
import { buildDisclosure, disclosureMarkdown } from '../provenance/disclosure-report.js';
import type { Disclosure } from '../provenance/disclosure-report.js';
import { matteFromChannels } from '../provenance/matte-layers.js';
import { matteThumbnail } from '../provenance/matte-thumbnail.js';
import { PROVENANCE_KINDS } from '../provenance/provenance-matte.js';
import type { ProvenanceMatte, ProvenanceShares } from '../provenance/provenance-matte.js';

export interface DisclosureFiles {
  markdownPath: string;
  jsonPath: string;
  thumbnailPath: string;
  disclosure: Disclosure;
}

type Json = Record<string, any>;

async function readJson(file: string): Promise<Json | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Json;
  } catch {
    return null;
  }
}

function uniformMatte(width: number, height: number, s: ProvenanceShares): ProvenanceMatte {
  const n = width * height;
  const m = { width, height } as ProvenanceMatte;
  for (const k of PROVENANCE_KINDS) m[k] = new Float32Array(n).fill(s[k]);
  return m;
}

/** The middle frame's matte: from its EXR provenance layers when there are EXR frames, else its recorded shares. */
async function middleMatte(renderDir: string, manifest: Json): Promise<{ matte: ProvenanceMatte; source: string }> {
  const count: number = manifest.shot.frames.count;
  const mid = Math.max(1, Math.ceil(count / 2));
  const [w, h]: [number, number] = manifest.shot.resolution;
  const tag = `.${String(mid).padStart(4, '0')}.exr`;
  const framesDir = path.join(renderDir, 'frames');
  const exr = (await fs.readdir(framesDir).catch(() => [] as string[])).find((n) => n.endsWith(tag) && !n.startsWith('.'));
  if (exr) {
    try {
      const img = await readExrFile(path.join(framesDir, exr));
      const m = matteFromChannels(img.width, img.height, img.channels);
      if (m) return { matte: m, source: `provenance layers of frames/${exr}` };
    } catch {
      // fall through to the recorded shares
    }
  }
  const shares: ProvenanceShares = manifest.frameProvenance?.[String(mid)] ?? manifest.provenance;
  const scale = Math.min(1, 320 / w);
  return { matte: uniformMatte(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale)), shares), source: `frame ${mid}, from the shares in manifest.json (no EXR frames)` };
}

/** Writes `disclosure.md`, `disclosure.json` and `disclosure-matte.png` into a render folder. */
export async function writeDisclosure(renderDir: string): Promise<DisclosureFiles> {
  const dir = path.resolve(renderDir);
  const manifest = await readJson(path.join(dir, 'manifest.json'));
  if (!manifest || manifest.schema !== 'aftermath.manifest/1') {
    throw new InputError(`${dir} has no Aftermath manifest.json`, 'disclose.no_manifest', [
      { code: 'disclose.no_manifest', path: path.join(dir, 'manifest.json'), allowed: 'a render folder written by `aftermath render`' },
    ]);
  }
  const log = await readJson(path.join(dir, 'render-log.json'));
  const { matte, source } = await middleMatte(dir, manifest);
  const thumb = matteThumbnail(matte, 320);
  const thumbnailPath = path.join(dir, 'disclosure-matte.png');
  await writePng8(thumbnailPath, thumb.rgb, thumb.width, thumb.height, 3);
  const prov = manifest.provenance as ProvenanceShares & { models?: [] };
  const disclosure = buildDisclosure({
    shotName: manifest.shot.name ?? path.basename(dir),
    shotSha256: manifest.shotSha256,
    seed: manifest.shot.seed,
    frameCount: manifest.shot.frames.count,
    shares: { capture: prov.capture, simulated: prov.simulated, synthesized: prov.synthesized, trained: prov.trained },
    frameShares: manifest.frameProvenance ?? {},
    models: prov.models ?? [],
    inputFiles: manifest.inputs?.files ?? [],
    plates: manifest.inputs?.plates ?? [],
    elementKinds: (manifest.shot.elements as Json[]).map((e) => Object.keys(e)[0]),
    signing: manifest.signing ?? null,
    engine: manifest.engine ?? {},
    device: log?.device ?? null,
    renderedAt: log?.finishedAt ?? null,
    thumbnail: { file: path.basename(thumbnailPath), source },
  });
  const markdownPath = path.join(dir, 'disclosure.md');
  const jsonPath = path.join(dir, 'disclosure.json');
  await writeFileAtomic(jsonPath, `${JSON.stringify(disclosure, null, 2)}\n`);
  await writeFileAtomic(markdownPath, disclosureMarkdown(disclosure));
  return { markdownPath, jsonPath, thumbnailPath, disclosure };
}
