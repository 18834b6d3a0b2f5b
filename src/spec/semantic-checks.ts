/**
 * Checks that need more than one field: unique building ids, collapse targets that exist,
 * initiation floors inside their building, and a total fragment budget. They run on the raw
 * document, element by element, so they are reported together with the schema errors; an
 * element that does not pass its own schema is skipped (its errors are already reported).
 */
import { BuildingSchema, CollapseSchema, DustSchema, type BuildingSpec } from './schema.js';
import { didYouMean } from './did-you-mean.js';
import { isPlainObject, type PathSegment } from './field-path.js';
import { located, type LocatedDetail } from './issue-details.js';

/** Most pieces all buildings of one shot may break into, together. */
export const MAX_TOTAL_FRAGMENTS = 50000;

const DEFAULT_BUILDING_ID = String(BuildingSchema.shape.id.parse(undefined));
const DEFAULT_INITIATION_FLOOR = CollapseSchema.shape.initiationFloor.parse(undefined);

interface BuildingEntry {
  index: number;
  /** The id written in the file, or the default when none is written; null when not a string. */
  id: string | null;
  idWritten: boolean;
  /** The building with defaults filled in, when it passes its schema. */
  spec?: BuildingSpec;
}

function onlyKey(element: unknown, key: string): Record<string, unknown> | undefined {
  if (!isPlainObject(element)) return undefined;
  const keys = Object.keys(element);
  if (keys.length !== 1 || keys[0] !== key) return undefined;
  return isPlainObject(element[key]) ? element[key] : undefined;
}

function listIds(ids: readonly string[]): string {
  return ids.length ? `buildings in this shot: ${ids.join(', ')}` : 'this shot has no buildings; add one under elements';
}

export function semanticProblems(raw: Record<string, unknown>): LocatedDetail[] {
  const elements = Array.isArray(raw.elements) ? raw.elements : [];
  const out: LocatedDetail[] = [];
  const buildings: BuildingEntry[] = [];
  elements.forEach((element, index) => {
    const body = onlyKey(element, 'building');
    if (!body) return;
    const idWritten = body.id !== undefined;
    const id = !idWritten ? DEFAULT_BUILDING_ID : typeof body.id === 'string' ? body.id : null;
    const parsed = BuildingSchema.safeParse(body);
    buildings.push({ index, id, idWritten, spec: parsed.success ? parsed.data : undefined });
  });

  // Unique ids.
  const firstById = new Map<string, BuildingEntry>();
  for (const entry of buildings) {
    if (entry.id === null) continue;
    const first = firstById.get(entry.id);
    if (!first) {
      firstById.set(entry.id, entry);
      continue;
    }
    const segments: PathSegment[] = ['elements', entry.index, 'building', 'id'];
    const hint = entry.idWritten
      ? `"${entry.id}" is already used by elements[${first.index}]; give each building its own id`
      : `this building has no id, so it is "${entry.id}", already used by elements[${first.index}]; give each building its own id`;
    out.push(located(raw, segments, 'spec.duplicate_id', { allowed: 'an id no other building uses', hint }));
  }
  const ids = [...firstById.keys()];

  // Collapse targets and initiation floors.
  elements.forEach((element, index) => {
    const body = onlyKey(element, 'collapse');
    if (!body) return;
    const parsed = CollapseSchema.safeParse(body);
    if (!parsed.success) return;
    const collapse = parsed.data;
    const target = firstById.get(collapse.target);
    if (!target) {
      const close = didYouMean(collapse.target, ids);
      out.push(located(raw, ['elements', index, 'collapse', 'target'], 'spec.unknown_target', {
        allowed: ids.length ? `one of ${ids.join(', ')}` : 'the id of a building in this shot',
        hint: close ? `${close} ${listIds(ids)}` : listIds(ids),
      }));
      return;
    }
    if (target.spec && collapse.initiationFloor > target.spec.floors) {
      const written = body.initiationFloor !== undefined;
      const floors = target.spec.floors;
      out.push(located(raw, ['elements', index, 'collapse', 'initiationFloor'], 'spec.out_of_range', {
        allowed: `1..${floors}`,
        hint: written
          ? `building "${collapse.target}" has ${floors} floor${floors === 1 ? '' : 's'}`
          : `initiationFloor defaults to ${DEFAULT_INITIATION_FLOOR}, but building "${collapse.target}" has ${floors} floor${floors === 1 ? '' : 's'}; set it`,
      }));
    }
  });

  // Dust sources.
  elements.forEach((element, index) => {
    const body = onlyKey(element, 'dust');
    if (!body) return;
    const parsed = DustSchema.safeParse(body);
    if (!parsed.success || parsed.data.source === undefined || firstById.has(parsed.data.source)) return;
    const close = didYouMean(parsed.data.source, ids);
    out.push(located(raw, ['elements', index, 'dust', 'source'], 'spec.unknown_target', {
      allowed: ids.length ? `one of ${ids.join(', ')}` : 'the id of a building in this shot',
      hint: close ? `${close} ${listIds(ids)}` : listIds(ids),
    }));
  });

  // Fragment budget.
  const valid = buildings.filter((b): b is BuildingEntry & { spec: BuildingSpec } => b.spec !== undefined);
  const total = valid.reduce((sum, b) => sum + b.spec.fragments, 0);
  if (total > MAX_TOTAL_FRAGMENTS) {
    const biggest = [...valid].sort((a, b) => b.spec.fragments - a.spec.fragments).slice(0, 5);
    const listed = biggest.map((b) => `${b.spec.id}: ${b.spec.fragments}`).join(', ');
    const more = valid.length > biggest.length ? `, and ${valid.length - biggest.length} more` : '';
    const detail = located(raw, ['elements'], 'spec.too_many_pieces', {
      allowed: `at most ${MAX_TOTAL_FRAGMENTS} fragments in total`,
      hint: `lower the buildings' fragments (${listed}${more})`,
    });
    detail.detail.received = total;
    out.push(detail);
  }
  return out;
}
