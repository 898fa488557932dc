/**
 * The scheduler's decision function: given an execution and its step records, which steps start, which finish
 * on the spot (Condition and Fail steps need no outside work), and whether the execution is settled. Pure and
 * level-triggered: it looks only at the stored state, so after a crash the same call continues the run.
 *
 * Rules (api-spec §6.2, definition-spec §7–8):
 * - a step is ready when every step it depends on has Succeeded; a step in the branch a Condition did not take,
 *   and every step that depends on such a step, never runs and gets no record (AWS lists no such steps);
 * - ready steps start in topological order, so a chain of Condition steps settles in one call; external steps
 *   take a slot of MaxParallelExecutionSteps until they settle;
 * - once a step has Failed no new step starts; when no step is active the execution is Failed;
 * - while Stopping no new step starts; every active step is asked to stop once; when none is active the
 *   execution is Stopped;
 * - a failed attempt that carries an exception type goes through the step's retry policies first (retry.ts);
 * - a record in status Starting is a step RetryPipelineExecution asked to run again; it restarts when reached;
 * - in a selective execution, steps that are not selected and have no record (copied from the source) never run.
 */
import { isJsonObject } from '../../shared/json.js';
import type { StepNode } from '../definition/types.js';
import {
  EvaluationError,
  evaluateConditions,
  evaluateTypedValue,
  evaluateValue,
  renderForJoin,
} from '../expressions/evaluate.js';
import { cacheSignature } from './cache-signature.js';
import type { ObjectReader } from './evaluation-context.js';
import { evaluationContext } from './evaluation-context.js';
import { retryDecision } from './retry.js';
import type { Command, Decision, ExecutionSnapshot, StepRecord } from './types.js';
import { ACTIVE_STEP_STATUSES, TERMINAL_EXECUTION_STATUSES } from './types.js';

/** The execution FailureReason AWS gives when steps failed (api-spec §2.11). */
export const STEP_FAILURE_REASON = 'Step failure: One or multiple steps failed.';
/** Longest step FailureReason the API carries. */
export const MAX_STEP_FAILURE_REASON = 1024;
/** Why a step RetryPipelineExecution asked to run again did not. */
export const NOT_RERUN_REASON = 'Not run again: another step failed first.';
/** Longest execution FailureReason the API carries. */
export const MAX_EXECUTION_FAILURE_REASON = 1300;

/** What the engine is given besides the snapshot. */
export interface AdvanceEnv {
  readonly nowMs: number;
  /** Why this build cannot run a step of this type, or undefined when it can. */
  unsupportedReason(step: StepNode): string | undefined;
  readonly readObject: ObjectReader;
  /** A fresh callback token (10 alphanumeric characters). */
  callbackToken(): string;
}

type Reach = 'ready' | 'waiting' | 'unreachable' | 'started';

/** Decides the next changes of an execution. */
export function advanceExecution(snapshot: ExecutionSnapshot, env: AdvanceEnv): Decision {
  if (TERMINAL_EXECUTION_STATUSES.has(snapshot.status)) return { steps: [], commands: [] };
  const records = new Map(snapshot.steps);
  const changed = new Map<string, StepRecord>();
  const commands: Command[] = [];
  const put = (record: StepRecord): void => {
    records.set(record.name, record);
    changed.set(record.name, record);
  };

  applyRetryPolicies(snapshot, env.nowMs, records, put, commands);
  if (snapshot.status === 'Executing') startReadySteps(snapshot, env, records, put, commands);
  else requestStops(records, put, commands);

  const execution = settle(snapshot, records, env.nowMs);
  return { steps: [...changed.values()], commands, ...(execution && { execution }) };
}

function startReadySteps(
  snapshot: ExecutionSnapshot,
  env: AdvanceEnv,
  records: Map<string, StepRecord>,
  put: (r: StepRecord) => void,
  commands: Command[],
): void {
  const { definition } = snapshot;
  let failed = [...records.values()].some((r) => r.status === 'Failed');
  let active = [...records.values()].filter((r) => r.status === 'Executing' || r.status === 'Stopping').length;
  let sequence = Math.max(0, ...[...records.values()].map((r) => r.sequence));
  const reach = new Map<string, Reach>();
  for (const name of definition.graph.topologicalOrder) {
    if (failed) break;
    const previous = records.get(name);
    const state = previous?.status === 'Starting' ? 'ready' : reachOf(name, snapshot, records, reach);
    reach.set(name, state);
    if (state !== 'ready') continue;
    const step = definition.stepsByName.get(name) as StepNode;
    const external = step.type !== 'Condition' && step.type !== 'Fail';
    if (external && snapshot.maxParallelSteps !== undefined && active >= snapshot.maxParallelSteps) continue;
    const record = startStep(step, ++sequence, previous?.attempt ?? 1, snapshot, env, records);
    put(record);
    reach.set(name, 'started');
    if (record.status === 'Failed') failed = true;
    else if (record.status === 'Executing') {
      active++;
      const signature = cacheSignature(step, record.inputs ?? {});
      const expireAfterMs = step.cacheConfig?.expireAfterMs;
      commands.push({
        type: 'StartStepWork',
        step: name,
        stepType: step.type,
        attempt: record.attempt,
        ...(signature !== undefined && { cache: { signature, ...(expireAfterMs !== undefined && { expireAfterMs }) } }),
      });
    }
  }
  // Steps RetryPipelineExecution asked to run again, that a new failure now keeps from running.
  for (const record of records.values()) {
    if (record.status !== 'Starting') continue;
    put({ ...record, status: 'Failed', endedAt: env.nowMs, failureReason: NOT_RERUN_REASON });
  }
}

/** Retries failed attempts whose exception type a policy covers; settles the others for good. */
function applyRetryPolicies(
  snapshot: ExecutionSnapshot,
  nowMs: number,
  records: ReadonlyMap<string, StepRecord>,
  put: (r: StepRecord) => void,
  commands: Command[],
): void {
  for (const record of [...records.values()]) {
    if (record.status !== 'Failed' || record.errorType === undefined) continue;
    const { errorType, ...settled } = record;
    const step = snapshot.definition.stepsByName.get(record.name);
    const decision =
      step && snapshot.status === 'Executing'
        ? retryDecision(step, { ...record, errorType }, snapshot.arn, nowMs)
        : { retry: false as const, failureReason: record.failureReason ?? '' };
    if (!decision.retry) {
      put({ ...settled, failureReason: decision.failureReason });
      continue;
    }
    const { endedAt: _ended, failureReason: _reason, ...rest } = settled;
    const retried: StepRecord = { ...rest, status: 'Executing', attempt: record.attempt + 1 };
    put(retried);
    commands.push({
      type: 'StartStepWork',
      step: record.name,
      stepType: record.type,
      attempt: retried.attempt,
      dueAt: nowMs + decision.delayMs,
    });
  }
}

/** Where a step without a record stands, given its dependencies (visited earlier in topological order). */
function reachOf(
  name: string,
  snapshot: ExecutionSnapshot,
  records: ReadonlyMap<string, StepRecord>,
  reach: ReadonlyMap<string, Reach>,
): Reach {
  if (records.has(name)) return 'started';
  if (snapshot.selectedSteps && !snapshot.selectedSteps.has(name)) return 'unreachable';
  const { definition } = snapshot;
  const step = definition.stepsByName.get(name) as StepNode;
  if (step.parent) {
    const condition = records.get(step.parent.condition);
    if (condition?.status === 'Succeeded') {
      const outcome = condition.properties?.['Outcome'] === true;
      if (outcome !== (step.parent.branch === 'if')) return 'unreachable';
    }
  }
  let ready = true;
  for (const dependency of definition.graph.dependencies.get(name) ?? []) {
    if (reach.get(dependency) === 'unreachable') return 'unreachable';
    if (records.get(dependency)?.status !== 'Succeeded') ready = false;
  }
  return ready ? 'ready' : 'waiting';
}

function startStep(
  step: StepNode,
  sequence: number,
  attempt: number,
  snapshot: ExecutionSnapshot,
  env: AdvanceEnv,
  records: ReadonlyMap<string, StepRecord>,
): StepRecord {
  const base = { name: step.name, type: step.type, attempt, sequence, startedAt: env.nowMs };
  const ctx = evaluationContext(snapshot, records, env.nowMs, env.readObject, { name: step.name });
  // An empty reason (a Fail step without ErrorMessage) is left out, as AWS lists no FailureReason then.
  const failedWith = (reason: string, metadata = {}): StepRecord => ({
    ...base,
    status: 'Failed',
    endedAt: env.nowMs,
    ...(reason !== '' && { failureReason: truncate(reason, MAX_STEP_FAILURE_REASON) }),
    metadata,
  });
  try {
    // Only Condition and Fail steps settle inside the engine; every other type is external work.
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check
    switch (step.type) {
      case 'Condition': {
        const outcome = evaluateConditions(step.conditions, ctx);
        return {
          ...base,
          status: 'Succeeded',
          endedAt: env.nowMs,
          metadata: { Condition: { Outcome: outcome ? 'True' : 'False' } },
          properties: { Outcome: outcome },
        };
      }
      case 'Fail': {
        // Typed, so that a Float parameter renders as "6.0" here exactly as inside a Std:Join.
        const resolved = evaluateTypedValue(step.errorMessage, ctx);
        const message =
          typeof resolved.value === 'string' ? resolved.value : renderForJoin(resolved.value, resolved.kind);
        return failedWith(message, { Fail: { ErrorMessage: message } });
      }
      default: {
        const unsupported = env.unsupportedReason(step);
        if (unsupported !== undefined) return failedWith(unsupported);
        const inputs = evaluateValue(step.arguments, ctx);
        if (step.type === 'Callback') {
          const callbackToken = env.callbackToken();
          const metadata = { Callback: { CallbackToken: callbackToken, SqsQueueUrl: step.sqsQueueUrl } };
          return { ...base, status: 'Executing', metadata, inputs, callbackToken };
        }
        return { ...base, status: 'Executing', metadata: {}, inputs };
      }
    }
  } catch (error) {
    if (error instanceof EvaluationError) return failedWith(error.message);
    throw error;
  }
}

function requestStops(
  records: ReadonlyMap<string, StepRecord>,
  put: (r: StepRecord) => void,
  commands: Command[],
): void {
  for (const record of records.values()) {
    // A step RetryPipelineExecution asked to run again has not started: it simply does not.
    if (record.status === 'Starting') put({ ...record, status: 'Stopped', endedAt: record.startedAt });
    if (record.status !== 'Executing') continue;
    put({ ...record, status: 'Stopping' });
    commands.push({ type: 'StopStepWork', step: record.name, stepType: record.type, attempt: record.attempt });
  }
}

function settle(
  snapshot: ExecutionSnapshot,
  records: ReadonlyMap<string, StepRecord>,
  nowMs: number,
): Decision['execution'] {
  const all = [...records.values()];
  if (all.some((r) => ACTIVE_STEP_STATUSES.has(r.status))) return undefined;
  if (snapshot.status === 'Stopping') {
    // A step that cannot be stopped (Lambda) and ran into its time limit fails the stop (api-spec §6.4).
    if (all.some((r) => r.status === 'Failed' && r.timedOut === true)) {
      return { status: 'Failed', failureReason: STEP_FAILURE_REASON, endedAt: nowMs };
    }
    return { status: 'Stopped', endedAt: nowMs };
  }
  const failures = all.filter((r) => r.status === 'Failed').sort((a, b) => a.sequence - b.sequence);
  if (failures.length > 0) {
    // AWS answers its generic text for every failed execution, a Fail step's included (the SDK's integration
    // tests check it); the Fail step's resolved message follows it, so the reason is there without listing steps.
    const failMessage = failures.map(failStepMessage).find((m) => m !== undefined && m !== '');
    const reason = failMessage === undefined ? STEP_FAILURE_REASON : `${STEP_FAILURE_REASON} ${failMessage}`;
    return { status: 'Failed', failureReason: truncate(reason, MAX_EXECUTION_FAILURE_REASON), endedAt: nowMs };
  }
  return { status: 'Succeeded', endedAt: nowMs };
}

/** The resolved ErrorMessage of a failed Fail step, or undefined for other steps. */
function failStepMessage(record: StepRecord): string | undefined {
  const fail = record.type === 'Fail' ? record.metadata['Fail'] : undefined;
  const message = isJsonObject(fail) ? fail['ErrorMessage'] : undefined;
  return typeof message === 'string' ? message : undefined;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
