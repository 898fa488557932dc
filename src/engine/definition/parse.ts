/**
 * Pipeline definition text → validated, typed PipelineDefinition (spec §1–§9). Passes: JSON; top level and
 * parameters; collect every step (names must all be known before references can be checked); validate each step
 * and its expressions; build the dependency graph.
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { StepIndex } from './collect-steps.js';
import { collectSteps } from './collect-steps.js';
import type { GraphStep } from './graph.js';
import { buildGraph } from './graph.js';
import { parseJsonText } from './json-text.js';
import { parseParameters } from './parameters.js';
import type { DefinitionProblem } from './problems.js';
import { ProblemCollector, UNPARSEABLE_PREFIX, memberPath } from './problems.js';
import type { ReferenceTargets } from './step-references.js';
import { didYouMean } from './suggest.js';
import type { PipelineDefinition, StepNode } from './types.js';
import { DEFINITION_VERSION } from './types.js';
import { validateStep } from './validate-step.js';
import { scanValue } from './validate-expressions.js';

export type { DefinitionProblem } from './problems.js';
export { describeProblems, formatProblem } from './problems.js';

/** The outcome of parsing: a definition plus warnings, or the problems that make it invalid. */
export type DefinitionResult =
  | { ok: true; definition: PipelineDefinition; warnings: DefinitionProblem[] }
  | { ok: false; problems: DefinitionProblem[] };

/** API limit on the `PipelineDefinition` string (spec §1). */
export const MAX_DEFINITION_LENGTH = 1_048_576;

const TOP_LEVEL_KEYS = ['Version', 'Metadata', 'Parameters', 'PipelineExperimentConfig', 'MlflowConfig', 'Steps'];
const METADATA_KEY = /^[A-Za-z0-9\-_]{1,128}$/;
const MAX_METADATA_VALUE = 1024;

/** Parses and validates the text of a pipeline definition. */
export function parseDefinition(text: string): DefinitionResult {
  if (text.length > MAX_DEFINITION_LENGTH) {
    return failure([
      {
        path: '$',
        message: `The pipeline definition is ${text.length} characters long; the limit is ${MAX_DEFINITION_LENGTH}.`,
      },
    ]);
  }
  const json = parseJsonText(text);
  if (!json.ok) return failure([{ path: '$', message: `${UNPARSEABLE_PREFIX} ${json.error}` }]);
  return validateDefinition(json.value);
}

/** Validates an already parsed definition value. */
export function validateDefinition(value: JsonValue): DefinitionResult {
  const problems = new ProblemCollector();
  if (!isJsonObject(value)) {
    const found = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return failure([
      { path: '$', message: `${UNPARSEABLE_PREFIX} The definition must be a JSON object, not ${found}.` },
    ]);
  }
  checkTopLevel(value, problems);
  const metadata = parseMetadata(value['Metadata'], problems);
  const parameters = parseParameters(value['Parameters'], problems);
  const steps = collectSteps(value['Steps'], problems);
  const targets: ReferenceTargets = {
    steps,
    parameterNames: new Set(parameters.map((p) => p.name)),
    experimentConfigDisabled: value['PipelineExperimentConfig'] === null,
    problems,
  };
  const experimentConfig = parsePipelineConfig(value, 'PipelineExperimentConfig', targets);
  const mlflowConfig = parsePipelineConfig(value, 'MlflowConfig', targets);
  const { nodes, graphSteps } = validateSteps(steps, targets);
  const graph = buildGraph(graphSteps, problems);
  if (problems.errors.length > 0 || graph === undefined) return failure(sortByStep(problems.errors, steps));
  const definition: PipelineDefinition = {
    version: DEFINITION_VERSION,
    metadata,
    parameters,
    parametersByName: new Map(parameters.map((p) => [p.name, p])),
    ...(experimentConfig === undefined ? {} : { experimentConfig }),
    ...(mlflowConfig === undefined ? {} : { mlflowConfig }),
    steps: nodes,
    stepsByName: new Map(nodes.map((node) => [node.name, node])),
    topLevelSteps: steps.topLevel,
    graph,
  };
  return { ok: true, definition, warnings: sortByStep(problems.warnings, steps) };
}

function failure(problems: DefinitionProblem[]): DefinitionResult {
  return { ok: false, problems };
}

function checkTopLevel(value: JsonObject, problems: ProblemCollector): void {
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL_KEYS.includes(key)) {
      problems.error(
        memberPath('$', key),
        undefined,
        `Unknown top-level field '${key}'; allowed: ${TOP_LEVEL_KEYS.join(', ')}.`,
        didYouMean(key, TOP_LEVEL_KEYS),
      );
    }
  }
  // SCHEMA makes Version optional; when given it must be the only version there is.
  const version = value['Version'];
  if (version !== undefined && version !== DEFINITION_VERSION) {
    problems.error('$.Version', undefined, `Version must be "${DEFINITION_VERSION}", not ${JSON.stringify(version)}.`);
  }
}

function parseMetadata(value: JsonValue | undefined, problems: ProblemCollector): Record<string, string> {
  const metadata: Record<string, string> = {};
  if (value === undefined) return metadata;
  if (!isJsonObject(value)) {
    problems.error('$.Metadata', undefined, 'Metadata must be an object of string values.');
    return metadata;
  }
  for (const [key, item] of Object.entries(value)) {
    const path = memberPath('$.Metadata', key);
    if (!METADATA_KEY.test(key))
      problems.error(path, undefined, `Metadata key '${key}' is invalid: use 1-128 letters, digits, '-' or '_'.`);
    else if (typeof item !== 'string' || item.length > MAX_METADATA_VALUE)
      problems.error(path, undefined, `Metadata values must be strings of at most ${MAX_METADATA_VALUE} characters.`);
    else metadata[key] = item;
  }
  return metadata;
}

/** PipelineExperimentConfig / MlflowConfig: an object (values may be expressions) or null. */
function parsePipelineConfig(
  value: JsonObject,
  key: 'PipelineExperimentConfig' | 'MlflowConfig',
  targets: ReferenceTargets,
): JsonObject | null | undefined {
  const config = value[key];
  if (config === undefined || config === null) return config;
  const path = memberPath('$', key);
  if (!isJsonObject(config)) {
    targets.problems.error(path, undefined, `${key} must be an object or null.`);
    return undefined;
  }
  if (key === 'PipelineExperimentConfig') {
    const allowed = ['ExperimentName', 'TrialName'];
    for (const field of Object.keys(config)) {
      if (!allowed.includes(field))
        targets.problems.error(
          memberPath(path, field),
          undefined,
          `Unknown PipelineExperimentConfig field '${field}'; allowed: ExperimentName, TrialName.`,
          didYouMean(field, allowed),
        );
    }
  }
  scanValue(config, path, { step: undefined, pipelineField: key, references: new Set() }, targets);
  return config;
}

function validateSteps(steps: StepIndex, targets: ReferenceTargets): { nodes: StepNode[]; graphSteps: GraphStep[] } {
  const nodes: StepNode[] = [];
  const graphSteps: GraphStep[] = [];
  for (const draft of steps.drafts) {
    const { node, dependsOn, references } = validateStep(draft, targets);
    if (node !== undefined) nodes.push(node);
    // Duplicates are already reported; the graph keeps the first step of each name.
    if (draft.name !== undefined && steps.byName.get(draft.name) === draft) {
      graphSteps.push({ name: draft.name, path: draft.path, dependsOn, references, parent: draft.parent });
    }
  }
  return { nodes, graphSteps };
}

/** Orders problems by the step they are in (document order), pipeline-level ones first; stable otherwise. */
function sortByStep(problems: readonly DefinitionProblem[], steps: StepIndex): DefinitionProblem[] {
  const rank = (problem: DefinitionProblem): number => {
    let best = -1;
    let bestLength = -1;
    steps.drafts.forEach((draft, index) => {
      const next = problem.path.charAt(draft.path.length);
      const inside = problem.path.startsWith(draft.path) && (next === '' || next === '.' || next === '[');
      if (inside && draft.path.length > bestLength) {
        best = index;
        bestLength = draft.path.length;
      }
    });
    return best;
  };
  return problems
    .map((problem, index) => ({ problem, index, rank: rank(problem) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((entry) => entry.problem);
}
