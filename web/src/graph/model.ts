/**
 * A pipeline definition (the JSON of DescribePipeline) read as the console draws it: its steps, including those
 * nested in Condition branches, and the edges between them — DependsOn, data references (`{"Get": "Steps.X…"}`
 * anywhere in a step's arguments or settings) and the Condition branches, labelled true (IfSteps) and false
 * (ElseSteps). Pure and self-contained (no imports), so the node tests can load it too.
 */

/** How one step depends on another. */
export type EdgeKind = 'true' | 'false' | 'dependsOn' | 'data';

/** One edge, from the step that runs first to the one that waits for it. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Every reason for the edge, the strongest first (branch, then DependsOn, then data). */
  readonly kinds: readonly EdgeKind[];
}

/** A declared output of a Callback or Lambda step. */
export interface OutputParameterInfo {
  readonly name: string;
  readonly type: string;
}

/** A step as the console shows it. */
export interface StepInfo {
  readonly name: string;
  readonly type: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly dependsOn: readonly string[];
  /** For a step listed in a Condition's IfSteps (`true`) or ElseSteps (`false`). */
  readonly branch?: { readonly condition: string; readonly outcome: 'true' | 'false' };
  readonly outputParameters: readonly OutputParameterInfo[];
  /** The step's JSON, without nested branch steps (they are steps of their own). */
  readonly json: Readonly<Record<string, unknown>>;
}

/** A pipeline parameter and its default. */
export interface ParameterInfo {
  readonly name: string;
  readonly type: string;
  readonly defaultValue?: unknown;
  readonly enumValues?: readonly string[];
}

/** What the console reads from a definition. */
export interface PipelineModel {
  readonly steps: readonly StepInfo[];
  readonly byName: ReadonlyMap<string, StepInfo>;
  readonly edges: readonly GraphEdge[];
  readonly parameters: readonly ParameterInfo[];
  /** Why the definition could not be read fully (shown; the rest is still drawn). */
  readonly problems: readonly string[];
}

const KIND_ORDER: readonly EdgeKind[] = ['true', 'false', 'dependsOn', 'data'];
const STEP_REFERENCE = /^Steps\.([A-Za-z0-9_-]+)/;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Reads a definition's JSON text. Never throws: a broken definition gives an empty model with a problem. */
export function readDefinition(text: string): PipelineModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return empty([`The definition is not JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  if (!isObject(parsed)) return empty(['The definition is not a JSON object.']);
  const problems: string[] = [];
  const steps: StepInfo[] = [];
  collectSteps(parsed['Steps'], undefined, steps, problems);
  const byName = new Map<string, StepInfo>();
  for (const step of steps) {
    if (byName.has(step.name)) problems.push(`Step '${step.name}' is defined twice.`);
    else byName.set(step.name, step);
  }
  return {
    steps: [...byName.values()],
    byName,
    edges: collectEdges([...byName.values()], byName),
    parameters: readParameters(parsed['Parameters']),
    problems,
  };
}

function empty(problems: string[]): PipelineModel {
  return { steps: [], byName: new Map(), edges: [], parameters: [], problems };
}

function collectSteps(list: unknown, branch: StepInfo['branch'], into: StepInfo[], problems: string[]): void {
  if (!Array.isArray(list)) return;
  for (const raw of list) {
    if (!isObject(raw) || typeof raw['Name'] !== 'string') {
      problems.push('A step without a Name was skipped.');
      continue;
    }
    const name = raw['Name'];
    const type = stringOf(raw['Type']) ?? 'Unknown';
    const args = isObject(raw['Arguments']) ? raw['Arguments'] : undefined;
    let json: Json = raw;
    if (type === 'Condition' && args) {
      // Nested steps are shown as steps of their own: keep only their names here.
      const namesOf = (steps: unknown): unknown =>
        Array.isArray(steps) ? (steps as unknown[]).map((s): unknown => (isObject(s) ? s['Name'] : s)) : steps;
      json = {
        ...raw,
        Arguments: { ...args, IfSteps: namesOf(args['IfSteps']), ElseSteps: namesOf(args['ElseSteps']) },
      };
    }
    const displayName = stringOf(raw['DisplayName']);
    const description = stringOf(raw['Description']);
    into.push({
      name,
      type,
      ...(displayName !== undefined && { displayName }),
      ...(description !== undefined && { description }),
      dependsOn: Array.isArray(raw['DependsOn'])
        ? (raw['DependsOn'] as unknown[]).filter((d): d is string => typeof d === 'string')
        : [],
      ...(branch && { branch }),
      outputParameters: readOutputParameters(raw['OutputParameters']),
      json,
    });
    if (type === 'Condition' && args) {
      collectSteps(args['IfSteps'], { condition: name, outcome: 'true' }, into, problems);
      collectSteps(args['ElseSteps'], { condition: name, outcome: 'false' }, into, problems);
    }
  }
}

function readOutputParameters(list: unknown): OutputParameterInfo[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((p) => ({
    name: stringOf(p['OutputName']) ?? '',
    type: stringOf(p['OutputType']) ?? 'String',
  }));
}

function readParameters(list: unknown): ParameterInfo[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((p) => {
    const enumValues = Array.isArray(p['EnumValues']) ? p['EnumValues'].map(String) : undefined;
    return {
      name: stringOf(p['Name']) ?? '',
      type: stringOf(p['Type']) ?? 'String',
      ...('DefaultValue' in p && p['DefaultValue'] !== null && { defaultValue: p['DefaultValue'] }),
      ...(enumValues && { enumValues }),
    };
  });
}

/** Every step name referenced by `{"Get": "Steps.X…"}` inside `value`. */
export function referencedSteps(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedSteps(item, into);
  } else if (isObject(value)) {
    const get = value['Get'];
    const match = typeof get === 'string' ? STEP_REFERENCE.exec(get) : null;
    if (match?.[1]) into.add(match[1]);
    for (const [key, item] of Object.entries(value)) if (key !== 'Get') referencedSteps(item, into);
  }
  return into;
}

function collectEdges(steps: readonly StepInfo[], byName: ReadonlyMap<string, StepInfo>): GraphEdge[] {
  const kinds = new Map<string, Set<EdgeKind>>();
  const add = (from: string, to: string, kind: EdgeKind): void => {
    if (from === to || !byName.has(from)) return;
    const key = `${from}\u0000${to}`;
    let set = kinds.get(key);
    if (!set) kinds.set(key, (set = new Set()));
    set.add(kind);
  };
  for (const step of steps) {
    if (step.branch) add(step.branch.condition, step.name, step.branch.outcome);
    for (const dependency of step.dependsOn) add(dependency, step.name, 'dependsOn');
    // The step's own JSON: nested branch steps were replaced by their names, so their references stay theirs.
    for (const referenced of referencedSteps(step.json)) add(referenced, step.name, 'data');
  }
  return [...kinds].map(([key, set]) => {
    const [from = '', to = ''] = key.split('\u0000');
    return { from, to, kinds: KIND_ORDER.filter((k) => set.has(k)) };
  });
}
