/**
 * Job steps run locally: one StepWorker per family of step types, sharing the job store, the local S3, the
 * executors chosen by the config file and the registry of running jobs.
 *
 * In the composition root: `for (const worker of jobs.workers) scheduler.register(worker)`, and hand
 * `jobs.running` to the job APIs so a Stop*Job reaches a run in this process at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DefinitionCache } from '../../runner/definition-cache.js';
import type { StepWorker } from '../../runner/step-worker.js';
import type { Clock } from '../../shared/clock.js';
import { randomString } from '../../shared/ids.js';
import type { Logger } from '../../shared/logger.js';
import type { SluiceConfigFile } from '../../sluice-config.js';
import type { Db } from '../../store/pipelines.js';
import type { LogSink } from '../log-sink.js';
import { DISCARD_LOGS } from '../log-sink.js';
import type { LocalS3 } from '../s3/local-s3.js';
import { localS3For } from '../s3/local-s3.js';
import { autoMLFamily, autoMLSpec } from './automl.js';
import { checkFamily } from './checks.js';
import { emrFamily, emrSpec } from './emr.js';
import { ProcessExecutor } from './executors/process.js';
import { SimulateExecutor } from './executors/simulate.js';
import type { JobKind } from './job.js';
import type { JobFamily, JobSpec } from './job-spec.js';
import { JobWorker } from './job-worker.js';
import {
  endpointConfigSpec,
  endpointFamily,
  endpointSpec,
  modelFamily,
  modelSpec,
  registerModelSpec,
} from './models.js';
import { processingFamily, processingSpec } from './processing.js';
import { createFieldResolver } from './resolve-fields.js';
import { RunningJobs } from './running-jobs.js';
import { trainingFamily, trainingSpec } from './training.js';
import { transformFamily, transformSpec } from './transform.js';
import { tuningFamily, tuningSpec } from './tuning.js';

/** Every family of job steps, one worker each. */
export const JOB_FAMILIES: readonly JobFamily[] = [
  trainingFamily,
  processingFamily,
  transformFamily,
  tuningFamily,
  modelFamily,
  checkFamily,
  emrFamily,
  autoMLFamily,
  endpointFamily,
];

/** The spec that describes each kind of job in the Describe and List answers (check jobs are processing jobs). */
export const SPEC_BY_KIND: Readonly<Record<JobKind, JobSpec>> = {
  TrainingJob: trainingSpec,
  ProcessingJob: processingSpec,
  TransformJob: transformSpec,
  HyperParameterTuningJob: tuningSpec,
  Model: modelSpec,
  ModelPackage: registerModelSpec,
  AutoMLJob: autoMLSpec,
  EMRStep: emrSpec,
  EndpointConfig: endpointConfigSpec,
  Endpoint: endpointSpec,
};

/** How often a running job looks in the store for a stop asked for on another node. */
export const DEFAULT_STOP_POLL_MS = 250;

/** What the job runtime needs. */
export interface JobRuntimeOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: SluiceConfigFile;
  /** The data folder; `:memory:` (tests) puts artifacts in a fresh temporary folder. */
  readonly dataDir: string;
  readonly definitions: DefinitionCache;
  readonly stopPollMs?: number;
  /** Receives the jobs' log lines (CloudWatch Logs); dropped when absent. */
  readonly logs?: LogSink;
}

/** The job runtime: its workers and what the job APIs share with them. */
export interface JobRuntime {
  readonly workers: readonly StepWorker[];
  readonly running: RunningJobs;
  readonly s3: LocalS3;
  /** `<data dir>/jobs`, where the process executor makes job folders. */
  readonly jobsDir: string;
  /** Removes the temporary artifacts folder of an in-memory store (call once the scheduler has stopped). */
  close(): void;
}

const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Builds the job runtime. Artifacts live in the data folder, or in a temporary one for an in-memory store. */
export function createJobRuntime(options: JobRuntimeOptions): JobRuntime {
  const temporary = options.dataDir === ':memory:' ? mkdtempSync(join(tmpdir(), 'sluice-artifacts-')) : undefined;
  const root = temporary ?? options.dataDir;
  const s3 = localS3For(root);
  const jobsDir = join(root, 'jobs');
  const running = new RunningJobs();
  const deps = {
    db: options.db,
    clock: options.clock,
    logger: options.logger,
    config: options.config,
    s3,
    running,
    random: (length: number) => randomString(MIXED_ALNUM, length),
    resolveFields: createFieldResolver(options.db, options.definitions, () => options.clock.now(), s3.readObject),
    executors: { simulate: new SimulateExecutor(), process: new ProcessExecutor(options.config, s3, jobsDir) },
    stopPollMs: options.stopPollMs ?? DEFAULT_STOP_POLL_MS,
    logs: options.logs ?? DISCARD_LOGS,
  };
  return {
    workers: JOB_FAMILIES.map((family) => new JobWorker(family, deps)),
    running,
    s3,
    jobsDir,
    close: () => {
      if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
    },
  };
}
