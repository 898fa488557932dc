/** What the job workers share, and the Describe answer / properties of a job (merged with scripted properties). */
import type { Clock } from '../../shared/clock.js';
import type { JsonObject } from '../../shared/json.js';
import type { Logger } from '../../shared/logger.js';
import type { ExecutorName, SluiceConfigFile } from '../../sluice-config.js';
import type { Db } from '../../store/pipelines.js';
import type { LogSink } from '../log-sink.js';
import type { LocalS3 } from '../s3/local-s3.js';
import type { JobExecutor } from './executors/executor.js';
import type { Job } from './job.js';
import { deepMerge, objectAt } from './job.js';
import type { JobSpec } from './job-spec.js';
import type { FieldResolver } from './resolve-fields.js';
import type { RunningJobs } from './running-jobs.js';

/** Where scripted `properties` of the config file are kept in a job's result, merged into its Describe answer. */
export const PROPERTY_OVERRIDES = 'PropertyOverrides';

/** Everything the job workers share. */
export interface JobRuntimeDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: SluiceConfigFile;
  readonly s3: LocalS3;
  readonly running: RunningJobs;
  /** `length` random characters of [a-zA-Z0-9]. */
  readonly random: (length: number) => string;
  readonly resolveFields: FieldResolver;
  readonly executors: Readonly<Record<ExecutorName, JobExecutor>>;
  /** How often a run looks in the store for a stop asked for on another node. */
  readonly stopPollMs: number;
  /** Receives the jobs' log lines (CloudWatch Logs). */
  readonly logs: LogSink;
}

/** The Describe* answer of a job, with the config file's scripted properties merged in. */
export function describeJob(spec: JobSpec, job: Job): JsonObject {
  return deepMerge(spec.describe(job), objectAt(job.result, PROPERTY_OVERRIDES));
}

/** The properties of a completed job's step. */
export function jobProperties(spec: JobSpec, job: Job): JsonObject {
  return deepMerge(spec.properties?.(job) ?? spec.describe(job), objectAt(job.result, PROPERTY_OVERRIDES));
}
