/**
 * Run-time resolution of `{"Get": …}` (definition-spec §5.1, §8.2): parameters, execution variables, the resolved
 * experiment config, and properties of succeeded steps (§10), including list-by-name indexing (§5.1.3) and typed
 * output parameters. Also the evaluation context and error shared by the whole evaluator.
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { OutputParameterType, PipelineDefinition, StepNode } from '../definition/types.js';
import type { GetReference, PathSegment } from './property-path.js';
import { parseGetPath, parsePathSegments } from './property-path.js';
import type { NumberKind } from './render.js';
import { formatDateTime, renderForMessage } from './render.js';
import { walkPath } from './walk-path.js';

/** A failure to resolve or evaluate; the step fails with `message` as its FailureReason. */
export class EvaluationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'EvaluationError';
  }
}

/** The values behind the `Execution.*` variables that do not depend on the step (spec §5.1.1). */
export interface ExecutionVariables {
  readonly pipelineExecutionId: string;
  readonly pipelineExecutionArn: string;
  readonly pipelineName: string;
  readonly pipelineArn: string;
  readonly startTimeMs: number;
}

/** Everything an evaluation may read; the engine stays pure because all state and I/O come through here. */
export interface EvaluationContext {
  readonly definition: PipelineDefinition;
  /** Run-time parameter values, already converted to their declared types (Integer/Float → number, Boolean → boolean). */
  readonly parameters: ReadonlyMap<string, string | number | boolean>;
  readonly execution: ExecutionVariables;
  /** For Execution.CurrentDateTime. */
  readonly nowMs: number;
  /** Resolved PipelineExperimentConfig (ExperimentName/TrialName) or undefined when disabled. */
  readonly experimentConfig?: { readonly ExperimentName?: string; readonly TrialName?: string };
  /** The step being resolved (for Execution.TrainingJobName / ProcessingJobName → its jobName). */
  readonly currentStep?: { readonly name: string; readonly jobName?: string };
  /** Properties of a step that has Succeeded (Describe-shaped JSON for jobs; {Outcome} for Condition; {OutputParameters:[{Name,Value}]} for Callback/Lambda); undefined when the step has not succeeded. */
  stepProperties(step: string): JsonObject | undefined;
  /** The parsed JSON content of a property file captured when its Processing step completed; undefined when absent. */
  propertyFile(step: string, propertyFileName: string): JsonValue | undefined;
  /** Reads an object for Std:JsonGet with S3Uri; returns its text or undefined when absent. */
  readObject(s3Uri: string): string | undefined;
}

/** A resolved value and, for numbers, what its declared source type says it is (for `Std:Join` rendering). */
export interface TypedValue {
  readonly value: JsonValue;
  readonly kind?: NumberKind;
}

/**
 * Parsed paths, keyed by their text: conditions of large pipelines are evaluated once per step start, and parsing
 * dominates a lookup. Pure and deterministic (same text → same result); cleared when it grows past the bound so a
 * long-running server holding many pipelines cannot grow it without limit.
 */
const PATH_CACHE_LIMIT = 10_000;
const getCache = new Map<string, GetReference | { readonly error: string }>();
const jsonPathCache = new Map<string, PathSegment[] | { readonly error: string }>();

function cached<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  if (cache.size >= PATH_CACHE_LIMIT) cache.clear();
  const value = compute();
  cache.set(key, value);
  return value;
}

/** Parses (once) the path of a `Get`; a malformed path is an {@link EvaluationError}. */
export function getReference(path: string): GetReference {
  const reference = cached(getCache, path, () => parseGetPath(path));
  if ('error' in reference) throw new EvaluationError(`Invalid Get path: ${reference.error}.`);
  return reference;
}

/** Parses (once) the `Path` of a `Std:JsonGet` (`a.b[0]['k']`); a malformed path is an {@link EvaluationError}. */
export function jsonPathSegments(path: string): readonly PathSegment[] {
  const segments = cached(jsonPathCache, path, () => parsePathSegments(path, true));
  if ('error' in segments) throw new EvaluationError(`Invalid json path '${path}': ${segments.error}.`);
  return segments;
}

/** Resolves the `Get` path `path` with the type information `Std:Join` needs. */
export function resolveGet(path: string, ctx: EvaluationContext): TypedValue {
  const reference = getReference(path);
  switch (reference.kind) {
    case 'parameter':
      return resolveParameter(reference.name, ctx);
    case 'execution':
      return { value: executionVariableValue(reference.variable, ctx) };
    case 'experimentConfig':
      return { value: experimentConfigValue(reference.field, path, ctx) };
    case 'step':
      return resolveStepProperty(reference.step, reference.path, path, ctx);
  }
}

function resolveParameter(name: string, ctx: EvaluationContext): TypedValue {
  const declared = ctx.definition.parametersByName.get(name);
  // The map is authoritative; the declared default covers a caller that passed only the overrides.
  const value = ctx.parameters.get(name) ?? declared?.defaultValue;
  if (value === undefined) {
    throw new EvaluationError(
      declared === undefined
        ? `Parameter '${name}' is undefined.`
        : `Parameter '${name}' has no value: it has no DefaultValue and none was given when the execution started.`,
    );
  }
  const type = declared?.type;
  return type === 'Float' ? { value, kind: 'float' } : type === 'Integer' ? { value, kind: 'integer' } : { value };
}

/** The string value of `Execution.<name>` for the step being resolved (spec §5.1.1). */
export function executionVariableValue(name: string, ctx: EvaluationContext): string {
  const { execution } = ctx;
  switch (name) {
    case 'PipelineExecutionId':
      return execution.pipelineExecutionId;
    case 'PipelineExecutionArn':
      return execution.pipelineExecutionArn;
    case 'PipelineName':
      return execution.pipelineName;
    case 'PipelineArn':
      return execution.pipelineArn;
    case 'StartDateTime':
      return formatDateTime(execution.startTimeMs);
    case 'CurrentDateTime':
      return formatDateTime(ctx.nowMs);
    case 'TrainingJobName':
    case 'ProcessingJobName': {
      // Either name yields the job of the current step: the engine names one job per step, whatever its type.
      const jobName = ctx.currentStep?.jobName;
      if (jobName === undefined) {
        const where = ctx.currentStep === undefined ? 'outside a step' : `in step '${ctx.currentStep.name}'`;
        throw new EvaluationError(`Execution.${name} is undefined ${where}: only a step that launches a job has one.`);
      }
      return jobName;
    }
    default:
      throw new EvaluationError(`Execution variable 'Execution.${name}' is undefined.`);
  }
}

function experimentConfigValue(field: string, path: string, ctx: EvaluationContext): string {
  const config = ctx.experimentConfig;
  if (config === undefined) {
    throw new EvaluationError(`'${path}' cannot be resolved: PipelineExperimentConfig is disabled for this pipeline.`);
  }
  const value =
    field === 'ExperimentName' ? config.ExperimentName : field === 'TrialName' ? config.TrialName : undefined;
  if (value === undefined) throw new EvaluationError(`'${path}' is undefined.`);
  return value;
}

/** Finds step `name` in the definition, or fails naming the reference `path`. */
export function requireStep(name: string, path: string, ctx: EvaluationContext): StepNode {
  const node = ctx.definition.stepsByName.get(name);
  if (node === undefined) throw new EvaluationError(`Step '${name}' is undefined, so '${path}' cannot be resolved.`);
  return node;
}

/** Properties of succeeded step `name`, or the "has not succeeded" failure naming the reference `path`. */
export function requireStepProperties(name: string, path: string, ctx: EvaluationContext): JsonObject {
  const properties = ctx.stepProperties(name);
  if (properties === undefined) {
    throw new EvaluationError(`Step '${name}' has not succeeded, so '${path}' cannot be resolved.`);
  }
  return properties;
}

function resolveStepProperty(
  step: string,
  segments: readonly PathSegment[],
  path: string,
  ctx: EvaluationContext,
): TypedValue {
  const node = requireStep(step, path, ctx);
  const [first, second] = segments;
  if (first?.kind === 'member' && first.name === 'PropertyFiles') {
    throw new EvaluationError(`'${path}' is a property file: it can only be read through Std:JsonGet.`);
  }
  const properties = requireStepProperties(step, path, ctx);
  if (
    (node.type === 'Callback' || node.type === 'Lambda') &&
    first?.kind === 'member' &&
    first.name === 'OutputParameters' &&
    second?.kind === 'key'
  ) {
    if (segments.length > 2) {
      throw new EvaluationError(
        `Property '${path}' is undefined: output parameter values are scalars and cannot be indexed further.`,
      );
    }
    return outputParameter(node, properties, second.key, path);
  }
  const walked = walkPath(properties, segments, { rootLabel: `step '${step}'`, listByName: true });
  if (!walked.found) throw new EvaluationError(`Property '${path}' is undefined: ${walked.reason}.`);
  return { value: walked.value };
}

/**
 * `Steps.X.OutputParameters['o']`: the returned value converted to the `OutputType` step X declares (String when
 * undeclared). Accepts the list form `[{Name, Value}]` and, defensively, a map `{o: value}`.
 */
function outputParameter(node: StepNode, properties: JsonObject, name: string, path: string): TypedValue {
  const list = properties['OutputParameters'];
  let raw: JsonValue | undefined;
  if (Array.isArray(list)) {
    const entry = list.find((item) => isJsonObject(item) && item['Name'] === name);
    raw = isJsonObject(entry) ? entry['Value'] : undefined;
  } else if (isJsonObject(list) && Object.hasOwn(list, name)) {
    raw = list[name];
  }
  if (raw === undefined) {
    throw new EvaluationError(
      `Property '${path}' is undefined: step '${node.name}' returned no output parameter '${name}'.`,
    );
  }
  const type = node.outputParameters.find((p) => p.name === name)?.type ?? 'String';
  const converted = convertOutput(raw, type);
  if (converted === undefined) {
    throw new EvaluationError(
      `Output parameter '${name}' of step '${node.name}' has value [${renderForMessage(raw)}], which is not a valid ${type}.`,
    );
  }
  return converted;
}

const INTEGER_TEXT = /^[+-]?\d+$/;
/** Decimal float text as Java's `Double.parseDouble` and Python's `float()` accept it, minus NaN/Infinity/hex. */
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Converts a returned output value to its declared type; undefined when it is not a value of that type. */
export function convertOutput(raw: JsonValue, type: OutputParameterType): TypedValue | undefined {
  switch (type) {
    case 'String':
      return {
        value:
          typeof raw === 'string'
            ? raw
            : typeof raw === 'number' || typeof raw === 'boolean'
              ? String(raw)
              : JSON.stringify(raw),
      };
    case 'Integer': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && INTEGER_TEXT.test(raw.trim())
            ? Number(raw.trim())
            : NaN;
      return Number.isSafeInteger(n) ? { value: n, kind: 'integer' } : undefined;
    }
    case 'Float': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && FLOAT_TEXT.test(raw.trim())
            ? Number(raw.trim())
            : NaN;
      return Number.isFinite(n) ? { value: n, kind: 'float' } : undefined;
    }
    case 'Boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
      return text === 'true' ? { value: true } : text === 'false' ? { value: false } : undefined;
    }
  }
}
