/**
 * Step retry policies (definition-spec §9, api-spec §6.10). A failed attempt carries an exception type; the
 * first policy of the step that lists it decides: retry n (n = 1, 2, …) starts IntervalSeconds × BackoffRate^(n−1)
 * seconds after the failure, while the retries so far are fewer than MaxAttempts, or while the step started less
 * than ExpireAfterMin minutes ago. Without a matching policy, Step.SERVICE_FAULT and Step.THROTTLING are still
 * retried (the service does so by default) with the defaults below; every other type fails the step, and the
 * FailureReason says why, in the words AWS uses.
 */
import type { RetryPolicy, StepNode } from '../definition/types.js';
import type { StepRecord } from './types.js';

/** The policy applied to Step.SERVICE_FAULT / Step.THROTTLING when the step has none for them. */
export const DEFAULT_SERVICE_RETRY: RetryPolicy = {
  exceptionTypes: ['Step.SERVICE_FAULT', 'Step.THROTTLING'],
  intervalSeconds: 1,
  backoffRate: 2,
  limit: { kind: 'maxAttempts', maxAttempts: 5 },
};

/** The exception types retry policies can name (definition-spec §9). */
const RETRYABLE_TYPES: ReadonlySet<string> = new Set([
  'Step.SERVICE_FAULT',
  'Step.THROTTLING',
  'SageMaker.JOB_INTERNAL_ERROR',
  'SageMaker.CAPACITY_ERROR',
  'SageMaker.RESOURCE_LIMIT',
  'Emr.RESOURCE_LIMIT',
]);

/** What to do with a failed attempt. */
export type RetryDecision =
  { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly failureReason: string };

/** `SageMaker.JOB_INTERNAL_ERROR` → `SAGEMAKER_JOB_INTERNAL_ERROR`, as AWS names types in failure texts. */
function upperSnake(errorType: string): string {
  return errorType.replace(/\./g, '_').toUpperCase();
}

/** Decides whether a failed attempt of `step` is tried again. */
export function retryDecision(
  step: StepNode,
  record: StepRecord & { errorType: string },
  executionArn: string,
  nowMs: number,
): RetryDecision {
  const reason = record.failureReason ?? '';
  // Errors of other kinds (ClientError, AlgorithmError) are not retried and their reason stands as it is.
  if (!RETRYABLE_TYPES.has(record.errorType)) return { retry: false, failureReason: reason };
  const where = `Retry not appropriate on execution of step with PipelineExecutionArn ${executionArn} and StepId ${step.name}.`;
  const policy =
    step.retryPolicies.find((p) => (p.exceptionTypes as readonly string[]).includes(record.errorType)) ??
    ((DEFAULT_SERVICE_RETRY.exceptionTypes as readonly string[]).includes(record.errorType)
      ? DEFAULT_SERVICE_RETRY
      : undefined);
  if (!policy) {
    return {
      retry: false,
      failureReason: `${reason}\n${where} No retry policy configured for the exception type ${upperSnake(record.errorType)}.`,
    };
  }
  const retriesSoFar = record.attempt - 1;
  const withinLimit =
    policy.limit.kind === 'maxAttempts'
      ? retriesSoFar < policy.limit.maxAttempts
      : nowMs - record.startedAt < policy.limit.expireAfterMin * 60_000;
  if (!withinLimit) {
    const limit =
      policy.limit.kind === 'maxAttempts'
        ? `MaxAttempts ${policy.limit.maxAttempts}`
        : `ExpireAfterMin ${policy.limit.expireAfterMin}`;
    return {
      retry: false,
      failureReason: `${reason}\n${where} Retry policy for the exception type ${upperSnake(record.errorType)} exhausted (${limit}, ${record.attempt} attempts).`,
    };
  }
  const delayMs = Math.round(policy.intervalSeconds * 1000 * policy.backoffRate ** retriesSoFar);
  return { retry: true, delayMs };
}
