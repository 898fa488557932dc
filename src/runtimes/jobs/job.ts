/** A job (or resource) created by a job step, as the job runtime and the job APIs see it. */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { JobRow } from '../../store/jobs.js';

/** What a step creates; the store keeps one name space per kind. */
export type JobKind =
  | 'TrainingJob'
  | 'ProcessingJob'
  | 'TransformJob'
  | 'HyperParameterTuningJob'
  | 'Model'
  | 'ModelPackage'
  | 'AutoMLJob'
  | 'EMRStep'
  | 'EndpointConfig'
  | 'Endpoint';

/** The stored status; each kind's Describe answer maps it to its own words. */
export type JobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

/** Statuses after which a job does not change. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Stopped']);

/** One entry of a training job's SecondaryStatusTransitions (times in epoch ms). */
export interface StatusTransition {
  readonly Status: string;
  readonly StartTime: number;
  readonly EndTime?: number;
  readonly StatusMessage: string;
}

/** Who asked a job to stop. */
export type StopRequester = 'pipeline' | 'user';

/** A job. */
export interface Job {
  readonly arn: string;
  readonly kind: JobKind;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly status: JobStatus;
  readonly secondaryStatus?: string;
  readonly failureReason?: string;
  readonly errorType?: string;
  readonly executionArn?: string;
  readonly stepName?: string;
  readonly attempt?: number;
  readonly parentArn?: string;
  /** The resolved request: the step's Arguments. */
  readonly request: JsonObject;
  /** What the run produced, merged over the request in Describe answers (metrics, best candidate, ids…). */
  readonly result: JsonObject;
  readonly stopRequested?: StopRequester;
  readonly groupName?: string;
  readonly version?: number;
  readonly transitions: readonly StatusTransition[];
  readonly createdAt: number;
  readonly startedAt?: number;
  readonly endedAt?: number;
  readonly lastModifiedAt: number;
}

/** A stored row → a job. */
export function toJob(row: JobRow): Job {
  return {
    arn: row.arn,
    kind: row.kind as JobKind,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    status: row.status as JobStatus,
    ...(row.secondary_status !== null && { secondaryStatus: row.secondary_status }),
    ...(row.failure_reason !== null && { failureReason: row.failure_reason }),
    ...(row.error_type !== null && { errorType: row.error_type }),
    ...(row.execution_arn !== null && { executionArn: row.execution_arn }),
    ...(row.step_name !== null && { stepName: row.step_name }),
    ...(row.attempt !== null && { attempt: row.attempt }),
    ...(row.parent_arn !== null && { parentArn: row.parent_arn }),
    request: parseObject(row.request_json),
    result: row.result_json === null ? {} : parseObject(row.result_json),
    ...(row.stop_requested !== null && { stopRequested: row.stop_requested as StopRequester }),
    ...(row.group_name !== null && { groupName: row.group_name }),
    ...(row.version !== null && { version: row.version }),
    transitions: row.transitions_json === null ? [] : (JSON.parse(row.transitions_json) as StatusTransition[]),
    createdAt: row.created_at,
    ...(row.started_at !== null && { startedAt: row.started_at }),
    ...(row.ended_at !== null && { endedAt: row.ended_at }),
    lastModifiedAt: row.last_modified_at,
  };
}

function parseObject(text: string): JsonObject {
  const value = JSON.parse(text) as JsonValue;
  return isJsonObject(value) ? value : {};
}

/** Epoch ms → the wire's epoch seconds; undefined stays undefined. */
export function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}

/** The request member `key` when it is an object, else `{}`. */
export function objectAt(o: JsonObject | undefined, key: string): JsonObject {
  const value = o?.[key];
  return isJsonObject(value) ? value : {};
}

/** The request member `key` when it is an array of objects, else `[]`. */
export function objectsAt(o: JsonObject | undefined, key: string): JsonObject[] {
  const value = o?.[key];
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** The request member `key` when it is a non-empty string, else undefined. */
export function stringAt(o: JsonObject | undefined, key: string): string | undefined {
  const value = o?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A copy of `o` without the members whose value is undefined or null (Describe answers omit them). */
export function compactObject(o: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null) out[k] = v;
  return out;
}

/** `o` without `keys`. */
export function omit(o: JsonObject, keys: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
}

/** `override` merged into `base`, objects member by member, anything else replaced. */
export function deepMerge(base: JsonObject, override: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(override)) {
    const current = out[k];
    out[k] = isJsonObject(current) && isJsonObject(v) ? deepMerge(current, v) : v;
  }
  return out;
}
