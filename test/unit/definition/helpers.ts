/** Builders and locations shared by the definition parser tests. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DefinitionResult } from '../../../src/engine/definition/parse.js';
import { parseDefinition } from '../../../src/engine/definition/parse.js';
import type { PipelineDefinition } from '../../../src/engine/definition/types.js';
import type { JsonObject, JsonValue } from '../../../src/shared/json.js';

/** The repository root (this file is test/unit/definition/helpers.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The read-only example definitions next to the checkout. */
export const sharedDefinitionsDir = path.resolve(repoRoot, '../shared/definitions');

/** `*.json` file names in `dir`, sorted. */
export function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

/** Reads and parses a JSON file. */
export function readJson(file: string): JsonObject {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
}

/** A training step with the SDK test helper's shape (`CustomStep`). */
export function makeTrainingStep(name: string, extra: JsonObject = {}): JsonObject {
  return { Name: name, Type: 'Training', Arguments: {}, ...extra };
}

/** A whole definition around `steps`, as the SDK writes it. */
export function makeDefinition(steps: JsonValue[], parameters: JsonValue[] = [], extra: JsonObject = {}): JsonObject {
  return {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: parameters,
    PipelineExperimentConfig: {
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' },
    },
    Steps: steps,
    ...extra,
  };
}

/** Parses a definition object. */
export function parseObject(definition: JsonValue): DefinitionResult {
  return parseDefinition(JSON.stringify(definition, null, 2));
}

/** Parses and asserts success, with the problems in the failure message. */
export function expectValid(definition: JsonValue | string): PipelineDefinition {
  const result = typeof definition === 'string' ? parseDefinition(definition) : parseObject(definition);
  if (!result.ok) assert.fail(`expected a valid definition, got:\n${JSON.stringify(result.problems, null, 2)}`);
  return result.definition;
}

/** Every `Get` path inside `value`. */
export function collectGets(value: JsonValue, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectGets(item, into);
  } else if (value !== null && typeof value === 'object') {
    const get = value['Get'];
    if (typeof get === 'string' && Object.keys(value).length === 1) into.push(get);
    for (const member of Object.values(value)) collectGets(member, into);
  }
  return into;
}

/** Every `Name` of a step object inside `step` (the step itself and nested branch steps). */
function stepNames(step: JsonValue, into = new Set<string>()): Set<string> {
  if (Array.isArray(step)) {
    for (const item of step) stepNames(item, into);
  } else if (step !== null && typeof step === 'object') {
    if (typeof step['Name'] === 'string' && typeof step['Type'] === 'string') into.add(step['Name']);
    for (const member of Object.values(step)) stepNames(member, into);
  }
  return into;
}

/** `DependsOn` names anywhere inside `step`. */
function dependsOnNames(step: JsonValue, into: string[] = []): string[] {
  if (Array.isArray(step)) {
    for (const item of step) dependsOnNames(item, into);
  } else if (step !== null && typeof step === 'object') {
    const dependsOn = step['DependsOn'];
    if (Array.isArray(dependsOn)) for (const name of dependsOn) if (typeof name === 'string') into.push(name);
    for (const member of Object.values(step)) dependsOnNames(member, into);
  }
  return into;
}

/**
 * Wraps a single step object in a minimal definition that declares every parameter its Gets read and adds a
 * stand-in for every step it references (by Get or DependsOn): a Callback step declaring the output when the
 * reference is to `OutputParameters['o']`, a Training step otherwise.
 */
export function wrapStep(step: JsonObject): JsonObject {
  const gets = collectGets(step);
  const own = stepNames(step);
  const parameters = [...new Set(gets.filter((g) => g.startsWith('Parameters.')).map((g) => g.slice(11)))].map(
    (name) => ({ Name: name, Type: 'String' }),
  );
  const outputs = new Map<string, Set<string>>();
  for (const get of gets) {
    const match = /^Steps\.([A-Za-z0-9\-_]+)(?:\.OutputParameters\['([^']+)'\])?/.exec(get);
    if (match === null || own.has(match[1] ?? '')) continue;
    const set = outputs.get(match[1] ?? '') ?? new Set<string>();
    if (match[2] !== undefined) set.add(match[2]);
    outputs.set(match[1] ?? '', set);
  }
  for (const name of dependsOnNames(step)) if (!own.has(name) && !outputs.has(name)) outputs.set(name, new Set());
  const standIns = [...outputs].map(([name, outputNames]) =>
    outputNames.size === 0
      ? makeTrainingStep(name)
      : {
          Name: name,
          Type: 'Callback',
          Arguments: {},
          SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q',
          OutputParameters: [...outputNames].map((o) => ({ OutputName: o, OutputType: 'String' })),
        },
  );
  return makeDefinition([step, ...standIns], parameters);
}
