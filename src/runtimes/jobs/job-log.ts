/**
 * A job's log in CloudWatch Logs, where SageMaker's containers write theirs:
 *
 * - Training jobs: `/aws/sagemaker/TrainingJobs`, stream `<job name>/algo-1-<epoch seconds>`;
 * - Processing jobs: `/aws/sagemaker/ProcessingJobs`, stream `<job name>/algo-1-<epoch seconds>`;
 * - Transform jobs: `/aws/sagemaker/TransformJobs`, stream `<job name>/<instance id>`.
 *
 * The seconds are the job's start, so a job resumed after a restart keeps writing to the same stream. Other kinds
 * (models, tuning jobs, whose training jobs are simulated inside them, AutoML, EMR) have no log of their own.
 */
import { createHash } from 'node:crypto';
import type { LogSink, LogStreamRef } from '../log-sink.js';
import { splitLogLines } from '../log-lines.js';
import type { Job, JobKind } from './job.js';

/** Writes lines to one job's stream. */
export interface JobLog {
  /** Appends `text`, one event per line, timestamped now. */
  write(text: string): void;
}

const GROUPS: Partial<Record<JobKind, string>> = {
  TrainingJob: '/aws/sagemaker/TrainingJobs',
  ProcessingJob: '/aws/sagemaker/ProcessingJobs',
  TransformJob: '/aws/sagemaker/TransformJobs',
};

/** The job's stream, or undefined for kinds without a log. */
export function jobLogStream(job: Job): LogStreamRef | undefined {
  const group = GROUPS[job.kind];
  if (group === undefined) return undefined;
  const started = Math.floor((job.startedAt ?? job.createdAt) / 1000);
  const host = job.kind === 'TransformJob' ? instanceId(job.arn) : `algo-1-${started}`;
  return { accountId: job.accountId, region: job.region, group, stream: `${job.name}/${host}` };
}

/** The job's log, writing to `sink` (a no-op for kinds without a log). */
export function jobLogFor(sink: LogSink, job: Job, now: () => number): JobLog {
  const stream = jobLogStream(job);
  if (stream === undefined) return { write: () => undefined };
  return {
    write: (text) => {
      const timestamp = now();
      sink.append(
        stream,
        splitLogLines(text).map((message) => ({ timestamp, message })),
      );
    },
  };
}

/** A stable EC2-style instance id (`i-` and 17 hex digits) for a transform job's one instance. */
function instanceId(arn: string): string {
  return `i-${createHash('sha256').update(arn).digest('hex').slice(0, 17)}`;
}
