/**
 * Runs one compatibility scenario (test/clients/scenarios/*.json, format in its README) with the AWS JS SDK v3:
 * each `service.Operation` becomes `new <Operation>Command(input)` sent by that service's client. The checks mirror
 * drivers/boto3_scenario.py exactly, so a scenario means the same thing through every client.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as logsSdk from '@aws-sdk/client-cloudwatch-logs';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import * as sagemakerSdk from '@aws-sdk/client-sagemaker';
import * as sqsSdk from '@aws-sdk/client-sqs';
import { storedZip } from '../../../src/shared/stored-zip.js';
import { REPO_ROOT } from '../../support/definitions.js';
import { TEST_CREDENTIALS } from '../../support/test-server.js';

/** One step of a scenario. */
export interface ScenarioStep {
  readonly call?: string;
  readonly input?: unknown;
  readonly expect?: unknown;
  readonly until?: unknown;
  readonly timeout?: number;
  readonly error?: string | readonly string[];
  readonly message?: string;
  readonly save?: Record<string, string>;
  readonly skip?: Record<string, string>;
  readonly sleep?: number;
}

/** A scenario file. */
export interface Scenario {
  readonly description: string;
  readonly steps: readonly ScenarioStep[];
}

/** What one step came to, as every driver reports it. */
export interface StepResult {
  readonly index: number;
  readonly call: string;
  readonly status: 'ok' | 'failed' | 'unsupported' | 'skipped';
  readonly message: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

class StepFailed extends Error {}
class Missing extends Error {
  constructor(readonly variable: string) {
    super(variable);
  }
}

const VARIABLE = /\$\{(\w+)\}/g;
const WHOLE_VARIABLE = /^\$\{(\w+)\}$/;

function lookup(variables: Map<string, unknown>, name: string): unknown {
  if (!variables.has(name)) throw new Missing(name);
  return variables.get(name);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The value with variables filled in and, unless `forms` is off (patterns), the $-forms built. */
function substitute(value: unknown, variables: Map<string, unknown>, forms = true): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_VARIABLE.exec(value);
    if (whole) return lookup(variables, whole[1]!);
    return value.replace(VARIABLE, (_, name: string) => String(lookup(variables, name)));
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, variables, forms));
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (forms && keys.length === 1) {
    const form = keys[0]!;
    const inner = value[form];
    switch (form) {
      case '$json':
        return JSON.stringify(substitute(inner, variables));
      case '$file':
        return readFileSync(join(REPO_ROOT, String(inner)), 'utf8');
      case '$bytes':
        return new TextEncoder().encode(String(substitute(inner, variables)));
      case '$zip': {
        const files = substitute(inner, variables) as Record<string, string>;
        return storedZip(Object.entries(files).map(([name, content]) => ({ name, content })));
      }
      case '$date':
        return new Date(String(inner));
      default:
      // Not a form: an ordinary one-member object.
    }
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, variables, forms)]));
}

/** The answer as plain JSON values: timestamps as ISO strings, blobs as text, no metadata. */
function normalize(value: unknown): Json {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (isRecord(value)) {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value))
      if (key !== '$metadata' && item !== undefined) out[key] = normalize(item);
    return out;
  }
  return (value ?? null) as Json;
}

/** A value as JSON, cut to `limit` characters for messages. */
function show(value: unknown, limit = 300): string {
  const text = JSON.stringify(value ?? null);
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

/** Undefined when `actual` matches `pattern`, else where and why not. */
export function mismatch(actual: unknown, pattern: unknown, path = '$'): string | undefined {
  if (isRecord(pattern)) {
    const keys = Object.keys(pattern);
    if (keys.length === 1 && keys[0]!.startsWith('$')) {
      const matcher = keys[0]!;
      const arg = pattern[matcher];
      switch (matcher) {
        case '$exists':
          return (actual !== null && actual !== undefined) === arg
            ? undefined
            : `${path}: expected ${arg ? 'present' : 'absent'}, got ${show(actual)}`;
        case '$length':
          return (Array.isArray(actual) || typeof actual === 'string') && actual.length === arg
            ? undefined
            : `${path}: expected length ${show(arg)}, got ${show(actual)}`;
        case '$some':
          return Array.isArray(actual) && actual.some((item) => mismatch(item, arg) === undefined)
            ? undefined
            : `${path}: no item matches ${show(arg)} in ${show(actual)}`;
        case '$none':
          return Array.isArray(actual) && actual.every((item) => mismatch(item, arg) !== undefined)
            ? undefined
            : `${path}: an item matches ${show(arg)} in ${show(actual)}`;
        case '$json': {
          let parsed: unknown;
          try {
            parsed = JSON.parse(String(actual));
          } catch {
            return `${path}: expected a JSON string, got ${show(actual)}`;
          }
          return typeof actual === 'string'
            ? mismatch(parsed, arg, `${path}.$json`)
            : `${path}: expected a JSON string, got ${show(actual)}`;
        }
        case '$regex':
          return typeof actual === 'string' && new RegExp(String(arg)).test(actual)
            ? undefined
            : `${path}: ${show(actual)} does not match /${String(arg)}/`;
        case '$gte':
          return typeof actual === 'number' && actual >= Number(arg)
            ? undefined
            : `${path}: expected >= ${show(arg)}, got ${show(actual)}`;
        case '$lte':
          return typeof actual === 'number' && actual <= Number(arg)
            ? undefined
            : `${path}: expected <= ${show(arg)}, got ${show(actual)}`;
        default:
          throw new StepFailed(`unknown matcher ${matcher}`);
      }
    }
    if (!isRecord(actual)) return `${path}: expected an object, got ${show(actual)}`;
    for (const [key, inner] of Object.entries(pattern)) {
      const problem = mismatch(actual[key], inner, `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual) || actual.length !== pattern.length)
      return `${path}: expected ${pattern.length} items, got ${show(actual)}`;
    for (let i = 0; i < pattern.length; i++) {
      const problem = mismatch(actual[i], pattern[i], `${path}.${i}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  return actual === pattern || (actual === undefined && pattern === null)
    ? undefined
    : `${path}: expected ${show(pattern)}, got ${show(actual)}`;
}

function extract(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split('.')) {
    if (segment === '$json') current = JSON.parse(String(current));
    else if (Array.isArray(current)) current = current[Number(segment)];
    else if (isRecord(current) && segment in current) current = current[segment];
    else throw new StepFailed(`the answer has nothing at ${path}`);
  }
  return current;
}

type Send = (command: unknown) => Promise<unknown>;
type CommandClass = new (input: unknown) => unknown;

/** Runs the scenario's steps in order; stops at the first failure. */
export async function runScenarioWithSdk(
  scenario: Scenario,
  endpoint: string,
  builtIns: Record<string, unknown>,
): Promise<StepResult[]> {
  const region = typeof builtIns['region'] === 'string' ? builtIns['region'] : 'us-east-1';
  const options = { endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  const sagemaker = new sagemakerSdk.SageMakerClient(options);
  const sqs = new sqsSdk.SQSClient(options);
  const lambda = new lambdaSdk.LambdaClient(options);
  const logs = new logsSdk.CloudWatchLogsClient(options);
  const services: Record<string, { module: Record<string, unknown>; send: Send }> = {
    sagemaker: { module: sagemakerSdk, send: (c) => sagemaker.send(c as never) },
    sqs: { module: sqsSdk, send: (c) => sqs.send(c as never) },
    lambda: { module: lambdaSdk, send: (c) => lambda.send(c as never) },
    logs: { module: logsSdk, send: (c) => logs.send(c as never) },
  };
  const variables = new Map<string, unknown>(Object.entries({ ...builtIns, client: 'sdk-js' }));
  const results: StepResult[] = [];
  try {
    for (const [index, step] of scenario.steps.entries()) {
      const call = step.call ?? 'sleep';
      let status: StepResult['status'] = 'ok';
      let message = '';
      if (step.skip?.['sdk-js'] !== undefined) {
        status = 'skipped';
        message = step.skip['sdk-js'];
      } else {
        try {
          await runStep(step, variables, services);
        } catch (error) {
          status = 'failed';
          message =
            error instanceof Missing
              ? `no variable \${${error.variable}}`
              : error instanceof StepFailed
                ? error.message
                : `${(error as Error).name}: ${(error as Error).message}`;
        }
      }
      results.push({ index, call, status, message });
      if (status === 'failed') break;
    }
  } finally {
    sagemaker.destroy();
    logs.destroy();
    sqs.destroy();
    lambda.destroy();
  }
  return results;
}

async function runStep(
  step: ScenarioStep,
  variables: Map<string, unknown>,
  services: Record<string, { module: Record<string, unknown>; send: Send }>,
): Promise<void> {
  if (step.sleep !== undefined) {
    await sleep(step.sleep * 1000);
    return;
  }
  const [serviceName, operation] = (step.call ?? '').split('.', 2) as [string, string];
  const service = services[serviceName];
  const Command = service?.module[`${operation}Command`] as CommandClass | undefined;
  if (service === undefined || Command === undefined) throw new StepFailed(`the JS SDK has no ${step.call}`);
  const input = substitute(step.input ?? {}, variables);
  const timeoutMs = (step.timeout ?? 30) * 1000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let answer: Json = null;
    let failure: { code: string; message: string } | undefined;
    try {
      answer = normalize(await service.send(new Command(input)));
    } catch (error) {
      const e = error as Error & { $metadata?: unknown };
      if (e.$metadata === undefined) throw new StepFailed(`the JS SDK failed: ${e.name}: ${e.message}`);
      failure = { code: e.name, message: e.message };
    }
    if (step.error !== undefined) {
      const codes = typeof step.error === 'string' ? [step.error] : step.error;
      if (failure === undefined)
        throw new StepFailed(`expected the error ${show(codes)}, got the answer ${show(answer, 500)}`);
      if (!codes.includes(failure.code))
        throw new StepFailed(`expected the error ${show(codes)}, got ${failure.code}: ${failure.message}`);
      if (step.message !== undefined && !new RegExp(step.message).test(failure.message))
        throw new StepFailed(`the message ${show(failure.message)} does not match /${step.message}/`);
      return;
    }
    if (failure !== undefined) throw new StepFailed(`${failure.code}: ${failure.message}`);
    const pattern = step.until ?? step.expect;
    const problem = pattern === undefined ? undefined : mismatch(answer, substitute(pattern, variables, false));
    if (problem === undefined) {
      for (const [name, path] of Object.entries(step.save ?? {})) variables.set(name, extract(answer, path));
      return;
    }
    if (step.until === undefined) throw new StepFailed(`${problem}\nanswer: ${show(answer, 1500)}`);
    if (Date.now() > deadline)
      throw new StepFailed(`still not matching after ${timeoutMs / 1000} s: ${problem}\nanswer: ${show(answer, 1500)}`);
    await sleep(100);
  }
}
