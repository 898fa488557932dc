import type { Kysely } from 'kysely';
import type { Clock } from '../../shared/clock.js';
import type { IdGenerator } from '../../shared/ids.js';
import type { Database } from '../../store/schema.js';
import type { Db } from '../../store/pipelines.js';
import type { Dialect } from '../../store/open-database.js';
import type { DefinitionCache } from '../../runner/definition-cache.js';
import type { JobRuntime } from '../../runtimes/jobs/index.js';

/** What the SageMaker handlers need from the outside world. */
export interface SageMakerDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly dialect: Dialect;
  readonly definitions: DefinitionCache;
  /** Tells the scheduler that an execution changed, so it acts now rather than at its next poll. */
  readonly wakeScheduler: () => void;
  /**
   * Runs the scheduler's decision for an execution inside the caller's transaction (which must have made it
   * due), so it commits with the change; answers what to do once that transaction committed.
   */
  readonly advanceWithin: (trx: Db, executionArn: string) => Promise<() => void>;
  /** The job runtime: its local S3 (PipelineDefinitionS3Location) and running jobs (Stop*Job). */
  readonly jobs?: Pick<JobRuntime, 'running' | 's3'>;
}
