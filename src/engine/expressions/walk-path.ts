/**
 * Walks a property path through JSON (definition-spec §5.1.2, §5.1.3): members and map keys on objects, positions
 * and (for step properties) names on lists. Failures are returned as text so each caller can name its own source.
 */
import type { JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { PathSegment } from './property-path.js';
import { formatPathSegments } from './property-path.js';
import { jsonTypeName, renderForMessage } from './render.js';

/**
 * Lists users index by name, keyed by the member holding the list (spec §5.1.3). `Outputs` is
 * `ProcessingOutputConfig.Outputs`; keying on the member alone is enough because the fallback covers any other list.
 */
const LIST_NAME_KEYS: ReadonlyMap<string, string> = new Map([
  ['Outputs', 'OutputName'],
  ['ProcessingInputs', 'InputName'],
  ['FinalMetricDataList', 'MetricName'],
  ['OutputParameters', 'Name'],
]);

/** How {@link walkPath} describes and indexes. */
export interface WalkOptions {
  /** Names the root in messages, e.g. `step 'Train'` or `the file`. */
  readonly rootLabel: string;
  /** Whether a quoted key on a list selects an element by its name (step properties) or is an error (JSON files). */
  readonly listByName: boolean;
}

/** The outcome of {@link walkPath}: the value found, or why the walk stopped. */
export type WalkResult =
  { readonly found: true; readonly value: JsonValue } | { readonly found: false; readonly reason: string };

/** Follows `segments` from `root`: members and keys on objects, positions (and names, see options) on lists. */
export function walkPath(root: JsonValue, segments: readonly PathSegment[], options: WalkOptions): WalkResult {
  let current: JsonValue = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as PathSegment;
    const previous = segments[i - 1];
    const next = walkOne(current, segment, previous?.kind === 'member' ? previous.name : undefined, options.listByName);
    if (typeof next === 'string') {
      const where = i === 0 ? options.rootLabel : `'${formatPathSegments(segments.slice(0, i)).replace(/^\./, '')}'`;
      return { found: false, reason: `${where} ${next}` };
    }
    current = next.value;
  }
  return { found: true, value: current };
}

/** One step of a walk: the value, or the end of a "<where> …" failure sentence. */
function walkOne(
  current: JsonValue,
  segment: PathSegment,
  listMember: string | undefined,
  listByName: boolean,
): { value: JsonValue } | string {
  if (Array.isArray(current)) {
    if (segment.kind === 'index') {
      const item = current[segment.index];
      return item === undefined
        ? `has ${current.length} element(s), so [${segment.index}] is out of range`
        : { value: item };
    }
    if (segment.kind === 'member') return `is a list, so it has no member '${segment.name}'`;
    if (!listByName) return `is a list, so it cannot be indexed by the key ['${segment.key}']`;
    return elementByName(current, segment.key, listMember);
  }
  if (isJsonObject(current)) {
    if (segment.kind === 'index') return `is an object, so it cannot be indexed by position [${segment.index}]`;
    const key = segment.kind === 'member' ? segment.name : segment.key;
    // Own properties only: `__proto__` or `constructor` must not reach Object.prototype.
    if (!Object.hasOwn(current, key))
      return segment.kind === 'member' ? `has no member '${key}'` : `has no key '${key}'`;
    return { value: current[key] as JsonValue };
  }
  const indexText = formatPathSegments([segment]).replace(/^\./, '');
  return `is a ${jsonTypeName(current)} (${renderForMessage(current)}), so it has no ${segment.kind === 'member' ? `member '${indexText}'` : `element ${indexText}`}`;
}

/** The element of `list` named `key`: by the table's name key, else the first with a `…Name` member equal to it. */
function elementByName(
  list: readonly JsonValue[],
  key: string,
  listMember: string | undefined,
): { value: JsonValue } | string {
  const nameKey = listMember === undefined ? undefined : LIST_NAME_KEYS.get(listMember);
  if (nameKey !== undefined) {
    const hit = list.find((item) => isJsonObject(item) && Object.hasOwn(item, nameKey) && item[nameKey] === key);
    if (hit !== undefined) return { value: hit };
  }
  const fallback = list.find(
    (item) => isJsonObject(item) && Object.entries(item).some(([k, v]) => k.endsWith('Name') && v === key),
  );
  if (fallback !== undefined) return { value: fallback };
  return nameKey !== undefined
    ? `has no element with ${nameKey} '${key}'`
    : `has no element with a …Name member equal to '${key}'`;
}
