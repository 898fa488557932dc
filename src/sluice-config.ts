/**
 * The Sluice config file (`--config FILE` / `SLUICE_CONFIG`): how job steps run, per step type and per pipeline
 * and step. The format is documented in docs/config.md; every problem is reported with its JSON path, so a
 * typo fails the start instead of being ignored.
 */
import { readFileSync } from 'node:fs';
import type { JsonObject, JsonValue } from './shared/json.js';
import { isJsonObject } from './shared/json.js';

/** How a job step runs: simulated (the default), or a local command (Processing and Training only). */
export type ExecutorName = 'simulate' | 'process';

/** Step types the `process` executor can run. */
export const PROCESS_STEP_TYPES: ReadonlySet<string> = new Set(['Processing', 'Training']);

/** Step types run by the job workers (keys of `executors`). */
export const JOB_STEP_TYPES: readonly string[] = [
  'Training',
  'Processing',
  'Transform',
  'Tuning',
  'Model',
  'RegisterModel',
  'QualityCheck',
  'ClarifyCheck',
  'EMR',
  'AutoML',
  'EndpointConfig',
  'Endpoint',
];

/** Error types a scripted failure may name: the retry policies' exception types and two non-retryable ones. */
export const SCRIPTED_ERROR_TYPES = [
  'Step.SERVICE_FAULT',
  'Step.THROTTLING',
  'SageMaker.JOB_INTERNAL_ERROR',
  'SageMaker.CAPACITY_ERROR',
  'SageMaker.RESOURCE_LIMIT',
  'Emr.RESOURCE_LIMIT',
  'ClientError',
  'AlgorithmError',
] as const;
export type ScriptedErrorType = (typeof SCRIPTED_ERROR_TYPES)[number];

/** A scripted failure of a simulated step. */
export interface ScriptedFailure {
  readonly errorType: ScriptedErrorType;
  readonly message?: string;
  /** Fail only the first N attempts (absent: every attempt). */
  readonly attempts?: number;
}

/** What the config says about one step. */
export interface StepScript {
  readonly executor?: ExecutorName;
  readonly durationMs?: number;
  readonly fail?: ScriptedFailure;
  /** Contents of PropertyFiles, by PropertyFileName. */
  readonly propertyFiles?: Readonly<Record<string, JsonValue>>;
  /** Merged into the simulated Describe* answer (the step's properties). */
  readonly properties?: JsonObject;
  /** Final metric values of a simulated training or tuning job, by metric name. */
  readonly metrics?: Readonly<Record<string, number>>;
}

/** What the config says about one pipeline. */
export interface PipelineScript {
  readonly executors: Readonly<Record<string, ExecutorName>>;
  readonly durationMs?: number;
  readonly steps: Readonly<Record<string, StepScript>>;
}

/** A command for container images matching `match`. */
export interface ImageRule {
  /** The key as written: an image URI, or `/regex/`. */
  readonly key: string;
  readonly match: (imageUri: string) => boolean;
  readonly command?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
}

/** The parsed config file. */
export interface SluiceConfigFile {
  /** Executor per step type. */
  readonly executors: Readonly<Record<string, ExecutorName>>;
  /** Default simulated duration of a job. */
  readonly durationMs: number;
  /** Interpreter of the default Training command (`sagemaker_program` scripts). */
  readonly python: string;
  readonly images: readonly ImageRule[];
  /** By lower-cased pipeline name (pipeline names are case-insensitive). */
  readonly pipelines: ReadonlyMap<string, PipelineScript>;
}

/** Default simulated job duration: short, so pipelines finish quickly, yet long enough to be observed. */
export const DEFAULT_SIMULATED_DURATION_MS = 50;

/** The configuration without a file: everything simulated. */
export const DEFAULT_SLUICE_CONFIG_FILE: SluiceConfigFile = {
  executors: {},
  durationMs: DEFAULT_SIMULATED_DURATION_MS,
  python: 'python3',
  images: [],
  pipelines: new Map(),
};

/** Everything that decides how one step attempt runs. */
export interface StepSettings extends StepScript {
  readonly executor: ExecutorName;
  readonly durationMs: number;
}

/** The settings of a step: step entry over pipeline entry over step-type default over global default. */
export function stepSettings(
  config: SluiceConfigFile,
  pipelineName: string,
  stepName: string,
  stepType: string,
): StepSettings {
  const pipeline = config.pipelines.get(pipelineName.toLowerCase());
  const step = pipeline?.steps[stepName] ?? {};
  return {
    ...step,
    executor: step.executor ?? pipeline?.executors[stepType] ?? config.executors[stepType] ?? 'simulate',
    durationMs: step.durationMs ?? pipeline?.durationMs ?? config.durationMs,
  };
}

/** The scripted failure that applies to `attempt`, if any. */
export function failureFor(settings: StepSettings, attempt: number): ScriptedFailure | undefined {
  const fail = settings.fail;
  return fail && (fail.attempts === undefined || attempt <= fail.attempts) ? fail : undefined;
}

/** The image rule for an image URI: the first key that matches, in file order. */
export function imageRuleFor(config: SluiceConfigFile, imageUri: string | undefined): ImageRule | undefined {
  return imageUri === undefined ? undefined : config.images.find((rule) => rule.match(imageUri));
}

/** A config file that cannot be used; the message names the file and the JSON path. */
export class SluiceConfigError extends Error {
  override readonly name = 'SluiceConfigError';
}

/** Reads and checks a config file. Throws SluiceConfigError. */
export function readSluiceConfigFile(path: string): SluiceConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new SluiceConfigError(`config file ${path}: cannot read it: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SluiceConfigError(`config file ${path}: not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parseSluiceConfig(json);
  } catch (error) {
    if (error instanceof SluiceConfigError) throw new SluiceConfigError(`config file ${path}: ${error.message}`);
    throw error;
  }
}

/** Checks parsed config JSON. Throws SluiceConfigError naming the JSON path of the first problem. */
export function parseSluiceConfig(json: unknown): SluiceConfigFile {
  const root = object(json, '$');
  known(root, '$', ['executors', 'simulate', 'process', 'images', 'pipelines']);
  const simulate = optionalObject(root['simulate'], '$.simulate');
  if (simulate) known(simulate, '$.simulate', ['durationMs']);
  const process = optionalObject(root['process'], '$.process');
  if (process) known(process, '$.process', ['python']);
  const pipelines = new Map<string, PipelineScript>();
  for (const [name, value] of Object.entries(optionalObject(root['pipelines'], '$.pipelines') ?? {})) {
    const path = `$.pipelines${member(name)}`;
    if (pipelines.has(name.toLowerCase()))
      fail(path, 'names a pipeline already configured (names are case-insensitive)');
    pipelines.set(name.toLowerCase(), pipelineScript(value, path));
  }
  return {
    executors: executors(root['executors'], '$.executors'),
    durationMs: duration(simulate?.['durationMs'], '$.simulate.durationMs') ?? DEFAULT_SIMULATED_DURATION_MS,
    python: optionalString(process?.['python'], '$.process.python') ?? 'python3',
    images: Object.entries(optionalObject(root['images'], '$.images') ?? {}).map(([key, value]) =>
      imageRule(key, value, `$.images${member(key)}`),
    ),
    pipelines,
  };
}

function pipelineScript(value: unknown, path: string): PipelineScript {
  const o = object(value, path);
  known(o, path, ['executors', 'durationMs', 'steps']);
  const steps: Record<string, StepScript> = {};
  for (const [name, step] of Object.entries(optionalObject(o['steps'], `${path}.steps`) ?? {})) {
    steps[name] = stepScript(step, `${path}.steps${member(name)}`);
  }
  const durationMs = duration(o['durationMs'], `${path}.durationMs`);
  return {
    executors: executors(o['executors'], `${path}.executors`),
    ...(durationMs !== undefined && { durationMs }),
    steps,
  };
}

function stepScript(value: unknown, path: string): StepScript {
  const o = object(value, path);
  known(o, path, ['executor', 'durationMs', 'fail', 'propertyFiles', 'properties', 'metrics']);
  const executor = o['executor'] === undefined ? undefined : executorName(o['executor'], `${path}.executor`);
  const durationMs = duration(o['durationMs'], `${path}.durationMs`);
  const propertyFiles = optionalObject(o['propertyFiles'], `${path}.propertyFiles`);
  const properties = optionalObject(o['properties'], `${path}.properties`);
  const metrics = optionalObject(o['metrics'], `${path}.metrics`);
  for (const [name, v] of Object.entries(metrics ?? {})) {
    if (typeof v !== 'number') fail(`${path}.metrics${member(name)}`, `must be a number, got ${describe(v)}`);
  }
  return {
    ...(executor && { executor }),
    ...(durationMs !== undefined && { durationMs }),
    ...(o['fail'] !== undefined && { fail: scriptedFailure(o['fail'], `${path}.fail`) }),
    ...(propertyFiles && { propertyFiles }),
    ...(properties && { properties }),
    ...(metrics && { metrics: metrics as Record<string, number> }),
  };
}

function scriptedFailure(value: unknown, path: string): ScriptedFailure {
  const o = object(value, path);
  known(o, path, ['errorType', 'message', 'attempts']);
  const errorType = o['errorType'] ?? 'ClientError';
  if (typeof errorType !== 'string' || !(SCRIPTED_ERROR_TYPES as readonly string[]).includes(errorType)) {
    fail(`${path}.errorType`, `must be one of ${SCRIPTED_ERROR_TYPES.join(', ')}; got ${describe(errorType)}`);
  }
  const message = optionalString(o['message'], `${path}.message`);
  const attempts = o['attempts'];
  if (attempts !== undefined && (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 1)) {
    fail(`${path}.attempts`, `must be a whole number of at least 1, got ${describe(attempts)}`);
  }
  return {
    errorType: errorType as ScriptedErrorType,
    ...(message !== undefined && { message }),
    ...(attempts !== undefined && { attempts }),
  };
}

function imageRule(key: string, value: unknown, path: string): ImageRule {
  const o = object(value, path);
  known(o, path, ['command', 'environment']);
  let match: (uri: string) => boolean;
  if (key.length > 2 && key.startsWith('/') && key.endsWith('/')) {
    let regex: RegExp;
    try {
      regex = new RegExp(key.slice(1, -1));
    } catch (error) {
      fail(path, `is not a valid regular expression: ${(error as Error).message}`);
    }
    match = (uri) => regex.test(uri);
  } else {
    match = (uri) => uri === key;
  }
  const command = o['command'];
  if (
    command !== undefined &&
    (!Array.isArray(command) || command.length === 0 || command.some((c) => typeof c !== 'string'))
  ) {
    fail(`${path}.command`, `must be a non-empty array of strings, got ${describe(command)}`);
  }
  const environment = optionalObject(o['environment'], `${path}.environment`) ?? {};
  for (const [name, v] of Object.entries(environment)) {
    if (typeof v !== 'string') fail(`${path}.environment${member(name)}`, `must be a string, got ${describe(v)}`);
  }
  return {
    key,
    match,
    ...(command !== undefined && { command: command as string[] }),
    environment: environment as Record<string, string>,
  };
}

function executors(value: unknown, path: string): Record<string, ExecutorName> {
  const o = optionalObject(value, path) ?? {};
  const out: Record<string, ExecutorName> = {};
  for (const [type, name] of Object.entries(o)) {
    const at = `${path}${member(type)}`;
    if (!JOB_STEP_TYPES.includes(type)) fail(at, `is not a job step type; use one of ${JOB_STEP_TYPES.join(', ')}`);
    const executor = executorName(name, at);
    if (executor === 'process' && !PROCESS_STEP_TYPES.has(type)) {
      fail(at, `the process executor runs only Processing and Training steps, not ${type} steps`);
    }
    out[type] = executor;
  }
  return out;
}

function executorName(value: unknown, path: string): ExecutorName {
  if (value !== 'simulate' && value !== 'process')
    fail(path, `must be "simulate" or "process", got ${describe(value)}`);
  return value;
}

function duration(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 86_400_000) {
    fail(path, `must be a whole number of milliseconds from 0 to 86400000, got ${describe(value)}`);
  }
  return value;
}

function object(value: unknown, path: string): JsonObject {
  if (!isJsonObject(value)) fail(path, `must be an object, got ${describe(value)}`);
  return value;
}

function optionalObject(value: unknown, path: string): JsonObject | undefined {
  return value === undefined ? undefined : object(value, path);
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') fail(path, `must be a string, got ${describe(value)}`);
  return value;
}

function known(o: JsonObject, path: string, keys: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!keys.includes(key))
      fail(`${path}${member(key)}`, `is not a known setting here; expected one of ${keys.join(', ')}`);
  }
}

function member(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function fail(path: string, problem: string): never {
  throw new SluiceConfigError(`${path} ${problem}`);
}
