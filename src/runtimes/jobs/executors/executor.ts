/** The contract between the job worker and what carries a job out (simulate.ts, process.ts). */
import type { StepNode } from '../../../engine/definition/types.js';
import type { StepSettings } from '../../../sluice-config.js';
import type { Job } from '../job.js';
import type { JobLog } from '../job-log.js';
import type { JobSpec, SimulatedOutput } from '../job-spec.js';

/** What an executor is given for one job. */
export interface ExecuteContext {
  readonly job: Job;
  readonly spec: JobSpec;
  readonly step: StepNode;
  readonly settings: StepSettings;
  readonly attempt: number;
  /** Aborted when the job is asked to stop or Sluice shuts down: the executor then returns soon. */
  readonly signal: AbortSignal;
  now(): number;
  random(length: number): string;
  /** The job's CloudWatch Logs stream (job-log.ts): what a user reads of the job's output. */
  readonly log: JobLog;
  /** Records a new secondary status (training jobs: Downloading, Training, Uploading…). */
  progress(secondaryStatus: string): Promise<void>;
}

/** How a job ended, as far as its executor knows. */
export type ExecuteResult =
  | ({ readonly ok: true } & SimulatedOutput)
  | {
      readonly ok: false;
      readonly failureReason: string;
      readonly errorType: string;
      /** The job's secondary status after the failure (training jobs): `Failed` unless said otherwise. */
      readonly secondaryStatus?: string;
      /** A job that ran past MaxRuntimeInSeconds is Stopped rather than Failed, as SageMaker reports it. */
      readonly jobStatus?: 'Failed' | 'Stopped';
    };

/** Carries jobs out. */
export interface JobExecutor {
  execute(ctx: ExecuteContext): Promise<ExecuteResult>;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
