/** The structured envelope fields of a step: CacheConfig, RetryPolicies, PropertyFiles, OutputParameters. */
import type { JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import { parseDuration } from './durations.js';
import type { ProblemCollector } from './problems.js';
import { indexPath, memberPath } from './problems.js';
import { didYouMean } from './suggest.js';
import type {
  CacheSettings,
  OutputParameterDeclaration,
  OutputParameterType,
  PropertyFileDeclaration,
  RetryExceptionType,
  RetryLimit,
  RetryPolicy,
  StepType,
} from './types.js';

/** Where the field sits and which step it belongs to. */
export interface FieldContext {
  readonly path: string;
  readonly step: string | undefined;
  readonly problems: ProblemCollector;
}

function unknownKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
  what: string,
  ctx: FieldContext,
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      ctx.problems.error(
        memberPath(ctx.path, key),
        ctx.step,
        `Unknown ${what} field '${key}'.`,
        didYouMean(key, allowed),
      );
    }
  }
}

/** Parses `CacheConfig` (spec §3). `ExpireAfter` is ignored (only warned about) when caching is disabled. */
export function parseCacheConfig(value: JsonValue, ctx: FieldContext): CacheSettings | undefined {
  if (!isJsonObject(value)) {
    ctx.problems.error(
      ctx.path,
      ctx.step,
      'CacheConfig must be an object like {"Enabled": true, "ExpireAfter": "PT1H"}.',
    );
    return undefined;
  }
  unknownKeys(value, ['Enabled', 'ExpireAfter'], 'CacheConfig', ctx);
  const enabled = value['Enabled'];
  if (typeof enabled !== 'boolean') {
    ctx.problems.error(
      memberPath(ctx.path, 'Enabled'),
      ctx.step,
      'CacheConfig.Enabled is required and must be true or false.',
    );
    return undefined;
  }
  const expireAfter = value['ExpireAfter'];
  if (expireAfter === undefined) return { enabled };
  const expirePath = memberPath(ctx.path, 'ExpireAfter');
  if (typeof expireAfter !== 'string') {
    ctx.problems.error(expirePath, ctx.step, 'CacheConfig.ExpireAfter must be a duration string such as "PT1H".');
    return undefined;
  }
  const duration = parseDuration(expireAfter);
  if ('error' in duration) {
    if (enabled) ctx.problems.error(expirePath, ctx.step, duration.error);
    else ctx.problems.warn(expirePath, ctx.step, `${duration.error} It is ignored because caching is disabled.`);
    return { enabled };
  }
  return { enabled, expireAfterMs: duration.ms, expireAfter };
}

/** Every exception type a retry policy may name (spec §9; `Emr.RESOURCE_LIMIT` from SCHEMA). */
export const RETRY_EXCEPTION_TYPES: readonly RetryExceptionType[] = [
  'Step.SERVICE_FAULT',
  'Step.THROTTLING',
  'SageMaker.JOB_INTERNAL_ERROR',
  'SageMaker.CAPACITY_ERROR',
  'SageMaker.RESOURCE_LIMIT',
  'Emr.RESOURCE_LIMIT',
];

const RETRY_KEYS = ['ExceptionType', 'IntervalSeconds', 'BackoffRate', 'MaxAttempts', 'ExpireAfterMin'];
const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_BACKOFF_RATE = 2.0;
/** DG: MaxAttempts when a policy gives neither limit. */
const DEFAULT_MAX_ATTEMPTS = 5;

/** Parses `RetryPolicies` (spec §9), applying defaults. */
export function parseRetryPolicies(value: JsonValue, type: StepType, ctx: FieldContext): RetryPolicy[] | undefined {
  if (!Array.isArray(value)) {
    ctx.problems.error(ctx.path, ctx.step, 'RetryPolicies must be an array of retry policy objects.');
    return undefined;
  }
  const policies: RetryPolicy[] = [];
  let ok = true;
  value.forEach((item, index) => {
    const policy = parseRetryPolicy(item, type, { ...ctx, path: indexPath(ctx.path, index) });
    if (policy === undefined) ok = false;
    else policies.push(policy);
  });
  return ok ? policies : undefined;
}

function parseRetryPolicy(value: JsonValue, type: StepType, ctx: FieldContext): RetryPolicy | undefined {
  if (!isJsonObject(value)) {
    ctx.problems.error(
      ctx.path,
      ctx.step,
      'A retry policy must be an object with ExceptionType and optional IntervalSeconds, BackoffRate and MaxAttempts or ExpireAfterMin.',
    );
    return undefined;
  }
  const errorsBefore = ctx.problems.errors.length;
  unknownKeys(value, RETRY_KEYS, 'retry policy', ctx);
  const exceptionTypes = parseExceptionTypes(value['ExceptionType'], type, {
    ...ctx,
    path: memberPath(ctx.path, 'ExceptionType'),
  });
  const intervalSeconds =
    retryNumber(value, 'IntervalSeconds', { min: 0, max: 43200, integer: true }, ctx) ?? DEFAULT_INTERVAL_SECONDS;
  const backoffRate =
    retryNumber(value, 'BackoffRate', { min: 0, max: Number.POSITIVE_INFINITY, integer: false }, ctx) ??
    DEFAULT_BACKOFF_RATE;
  const maxAttempts = retryNumber(value, 'MaxAttempts', { min: 0, max: 20, integer: true }, ctx);
  const expireAfterMin = retryNumber(value, 'ExpireAfterMin', { min: 0, max: 14400, integer: true }, ctx);
  if (maxAttempts !== undefined && expireAfterMin !== undefined) {
    ctx.problems.error(ctx.path, ctx.step, 'A retry policy may set MaxAttempts or ExpireAfterMin, not both.');
  }
  if (exceptionTypes === undefined || ctx.problems.errors.length > errorsBefore) return undefined;
  const limit: RetryLimit =
    expireAfterMin !== undefined
      ? { kind: 'expireAfterMin', expireAfterMin }
      : { kind: 'maxAttempts', maxAttempts: maxAttempts ?? DEFAULT_MAX_ATTEMPTS };
  return { exceptionTypes, intervalSeconds, backoffRate, limit };
}

/** `ExceptionType` as a list (SDK) or a single string (SCHEMA). */
function parseExceptionTypes(
  value: JsonValue | undefined,
  type: StepType,
  ctx: FieldContext,
): RetryExceptionType[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0) {
    ctx.problems.error(
      ctx.path,
      ctx.step,
      `ExceptionType is required: a non-empty list of ${RETRY_EXCEPTION_TYPES.join(', ')}.`,
    );
    return undefined;
  }
  const types: RetryExceptionType[] = [];
  list.forEach((item, index) => {
    const path = Array.isArray(value) ? indexPath(ctx.path, index) : ctx.path;
    if (typeof item !== 'string' || !(RETRY_EXCEPTION_TYPES as readonly string[]).includes(item)) {
      const hint = typeof item === 'string' ? didYouMean(item, RETRY_EXCEPTION_TYPES) : undefined;
      ctx.problems.error(
        path,
        ctx.step,
        `Unknown retry exception type ${JSON.stringify(item)}; use one of ${RETRY_EXCEPTION_TYPES.join(', ')}.`,
        hint,
      );
    } else if ((type === 'Model' || type === 'RegisterModel') && item.startsWith('SageMaker.')) {
      // SDK rule: create/register model steps start no job, so job failure types can never match.
      ctx.problems.error(
        path,
        ctx.step,
        `${type} steps run no SageMaker job; retry them only on Step.SERVICE_FAULT or Step.THROTTLING, not ${item}.`,
      );
    } else if (!types.includes(item as RetryExceptionType)) {
      types.push(item as RetryExceptionType);
    }
  });
  return types;
}

interface NumberRange {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

function retryNumber(
  policy: Record<string, JsonValue>,
  key: string,
  range: NumberRange,
  ctx: FieldContext,
): number | undefined {
  const value = policy[key];
  if (value === undefined) return undefined;
  const fits =
    typeof value === 'number' &&
    value >= range.min &&
    value <= range.max &&
    (!range.integer || Number.isInteger(value));
  if (fits) return value;
  const kind = range.integer ? 'an integer' : 'a number';
  const bounds = range.max === Number.POSITIVE_INFINITY ? `>= ${range.min}` : `from ${range.min} to ${range.max}`;
  ctx.problems.error(
    memberPath(ctx.path, key),
    ctx.step,
    `${key} must be ${kind} ${bounds}, not ${JSON.stringify(value)}.`,
  );
  return undefined;
}

/** Parses the `PropertyFiles` of a Processing step (spec §3). */
export function parsePropertyFiles(value: JsonValue, ctx: FieldContext): PropertyFileDeclaration[] | undefined {
  if (!Array.isArray(value)) {
    ctx.problems.error(
      ctx.path,
      ctx.step,
      'PropertyFiles must be an array of {PropertyFileName, OutputName, FilePath} objects.',
    );
    return undefined;
  }
  const files: PropertyFileDeclaration[] = [];
  const errorsBefore = ctx.problems.errors.length;
  value.forEach((item, index) => {
    const itemCtx = { ...ctx, path: indexPath(ctx.path, index) };
    if (!isJsonObject(item)) {
      ctx.problems.error(
        itemCtx.path,
        ctx.step,
        'A property file must be an object with PropertyFileName, OutputName and FilePath.',
      );
      return;
    }
    unknownKeys(item, ['PropertyFileName', 'OutputName', 'FilePath'], 'property file', itemCtx);
    const [name, outputName, filePath] = [item['PropertyFileName'], item['OutputName'], item['FilePath']];
    if (typeof name !== 'string' || typeof outputName !== 'string' || typeof filePath !== 'string' || name === '') {
      ctx.problems.error(
        itemCtx.path,
        ctx.step,
        'A property file needs string PropertyFileName, OutputName and FilePath.',
      );
      return;
    }
    if (files.some((file) => file.name === name)) {
      ctx.problems.error(
        memberPath(itemCtx.path, 'PropertyFileName'),
        ctx.step,
        `Property file '${name}' is declared more than once.`,
      );
      return;
    }
    files.push({ name, outputName, filePath });
  });
  return ctx.problems.errors.length > errorsBefore ? undefined : files;
}

const OUTPUT_TYPES: readonly OutputParameterType[] = ['String', 'Integer', 'Boolean', 'Float'];

/** Parses the `OutputParameters` declarations of a Callback or Lambda step (spec §4.8). */
export function parseOutputParameters(value: JsonValue, ctx: FieldContext): OutputParameterDeclaration[] | undefined {
  if (!Array.isArray(value)) {
    ctx.problems.error(ctx.path, ctx.step, 'OutputParameters must be an array of {OutputName, OutputType} objects.');
    return undefined;
  }
  const outputs: OutputParameterDeclaration[] = [];
  const errorsBefore = ctx.problems.errors.length;
  value.forEach((item, index) => {
    const itemCtx = { ...ctx, path: indexPath(ctx.path, index) };
    if (!isJsonObject(item)) {
      ctx.problems.error(
        itemCtx.path,
        ctx.step,
        'An output parameter must be an object with OutputName and OutputType.',
      );
      return;
    }
    unknownKeys(item, ['OutputName', 'OutputType'], 'output parameter', itemCtx);
    const name = item['OutputName'];
    const type = item['OutputType'] ?? 'String';
    if (typeof name !== 'string' || name === '') {
      ctx.problems.error(
        memberPath(itemCtx.path, 'OutputName'),
        ctx.step,
        'OutputName is required and must be a non-empty string.',
      );
    } else if (typeof type !== 'string' || !(OUTPUT_TYPES as readonly string[]).includes(type)) {
      const hint = typeof type === 'string' ? didYouMean(type, OUTPUT_TYPES) : undefined;
      ctx.problems.error(
        memberPath(itemCtx.path, 'OutputType'),
        ctx.step,
        `OutputType of '${name}' must be String, Integer, Boolean or Float, not ${JSON.stringify(type)}.`,
        hint,
      );
    } else if (outputs.some((output) => output.name === name)) {
      ctx.problems.error(
        memberPath(itemCtx.path, 'OutputName'),
        ctx.step,
        `Output parameter '${name}' is declared more than once.`,
      );
    } else {
      outputs.push({ name, type: type as OutputParameterType });
    }
  });
  return ctx.problems.errors.length > errorsBefore ? undefined : outputs;
}
