/**
 * Checks of the settings CreateFunction and UpdateFunctionConfiguration share, beyond what the model checks:
 * the runtime Sluice can run, the timeout's upper bound (the model has none), reserved environment variables.
 */
import { InvalidParameterValueException } from '../../api/lambda/errors.js';
import { ValidationException } from '../../protocol/errors.js';
import type { RuntimeFamily } from '../../runtimes/lambda/runtimes.js';
import { runtimeFamily } from '../../runtimes/lambda/runtimes.js';
import type { JsonObject } from '../../shared/json.js';
import { LIMITS, messages } from './messages.js';

/** Environment variables Lambda sets itself and refuses from users. */
const RESERVED_ENVIRONMENT_KEYS: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

/** The family of a runtime Sluice runs, or InvalidParameterValueException listing the supported ones. */
export function requireRuntime(runtime: string): RuntimeFamily {
  const family = runtimeFamily(runtime);
  if (family === undefined) throw new InvalidParameterValueException(messages.unsupportedRuntime(runtime));
  return family;
}

/** A timeout in seconds within Lambda's 900 s. */
export function requireTimeout(timeout: number): number {
  if (timeout > LIMITS.maxTimeoutSeconds) throw new ValidationException(messages.timeoutTooLarge(timeout));
  return timeout;
}

/**
 * The `Environment` member as stored: the variables as JSON, or null when there are none. Reserved keys and more
 * than 4 KB in total are refused, as Lambda does.
 */
export function environmentJson(environment: JsonObject | undefined): string | null {
  const variables = (environment?.['Variables'] ?? undefined) as Record<string, string> | undefined;
  if (variables === undefined || Object.keys(variables).length === 0) return null;
  const reserved = Object.keys(variables).filter((k) => RESERVED_ENVIRONMENT_KEYS.has(k));
  if (reserved.length > 0) throw new InvalidParameterValueException(messages.reservedEnvironmentKeys(reserved));
  const json = JSON.stringify(variables);
  if (Buffer.byteLength(json) > LIMITS.environmentBytes) {
    throw new InvalidParameterValueException(messages.environmentTooLarge(json));
  }
  return json;
}
