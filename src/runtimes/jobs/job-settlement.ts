/**
 * Settling a job at the end of its run, with conditional updates (a stop and a completion racing on two nodes
 * cannot both win), and the step outcome a settled job stands for.
 */
import type { Insertable } from 'kysely';
import type { StepOutcome, StepWork } from '../../runner/step-worker.js';
import { findJob, insertJobs, updateJob } from '../../store/jobs.js';
import type { JobsTable } from '../../store/schema.js';
import { parseS3Uri } from '../s3/local-s3.js';
import type { ExecuteResult } from './executors/executor.js';
import type { JobRuntimeDeps } from './job-context.js';
import { jobProperties } from './job-context.js';
import { stoppedByUserReason } from './failures.js';
import type { Job } from './job.js';
import { toJob } from './job.js';
import type { ChildJob, JobSpec, SimulatedOutput } from './job-spec.js';
import { readPropertyFiles } from './processing.js';
import { advanceTransitions, completedTransitions } from './training.js';

/** Completes a job that ran successfully (or settles its stop, when one came first). */
export async function succeedJob(
  deps: JobRuntimeDeps,
  work: StepWork,
  spec: JobSpec,
  job: Job,
  output: SimulatedOutput,
): Promise<StepOutcome> {
  const { db, s3, clock } = deps;
  // Simulated artifacts are a convenience: a URI local S3 cannot hold (`s3://...` in SDK fixtures) is skipped.
  for (const object of output.objects ?? []) if (parseS3Uri(object.uri)) s3.writeObject(object.uri, object.body);
  const now = clock.now();
  const training = job.kind === 'TrainingJob';
  const transitions =
    training && job.transitions.length <= 1
      ? completedTransitions(job.startedAt ?? job.createdAt, now)
      : advanceTransitions(job.transitions, 'Completed', now, true);
  const changed = await updateJob(
    db,
    job.arn,
    {
      status: 'Completed',
      ...(training && { secondary_status: 'Completed', transitions_json: JSON.stringify(transitions) }),
      result_json: JSON.stringify({ ...job.result, ...output.result }),
      ended_at: now,
      last_modified_at: now,
    },
    ['InProgress'],
  );
  if (changed && output.children && output.children.length > 0) {
    await insertJobs(
      db,
      output.children.map((child) => childRow(job, child, now)),
    );
  }
  const current = await reloadJob(deps, job);
  if (!changed && current.status === 'Stopping') return finishStop(deps, work, spec, current);
  return outcomeOf(deps, work, spec, current);
}

/** The record of a job a completed job launched (a tuning job's training jobs), completed with it. */
function childRow(parent: Job, child: ChildJob, now: number): Insertable<JobsTable> {
  const started = parent.startedAt ?? parent.createdAt;
  return {
    arn: child.arn,
    kind: child.kind,
    account_id: parent.accountId,
    region: parent.region,
    name: child.name,
    name_key: child.name.toLowerCase(),
    status: 'Completed',
    secondary_status: 'Completed',
    failure_reason: null,
    error_type: null,
    execution_arn: null,
    step_name: null,
    attempt: null,
    parent_arn: parent.arn,
    request_json: JSON.stringify(child.request),
    result_json: JSON.stringify(child.result),
    stop_requested: null,
    group_name: null,
    version: null,
    transitions_json: JSON.stringify(completedTransitions(started, now)),
    created_at: started,
    started_at: started,
    ended_at: now,
    last_modified_at: now,
  };
}

/** Fails a job whose run failed (or settles its stop, when one came first). */
export async function failJob(
  deps: JobRuntimeDeps,
  work: StepWork,
  spec: JobSpec,
  job: Job,
  failure: Extract<ExecuteResult, { ok: false }>,
): Promise<StepOutcome> {
  const { db, clock } = deps;
  const now = clock.now();
  const secondary = failure.secondaryStatus ?? 'Failed';
  const changed = await updateJob(
    db,
    job.arn,
    {
      status: failure.jobStatus ?? 'Failed',
      failure_reason: failure.failureReason,
      error_type: failure.errorType,
      ...(job.kind === 'TrainingJob' && {
        secondary_status: secondary,
        transitions_json: JSON.stringify(advanceTransitions(job.transitions, secondary, now, true)),
      }),
      ended_at: now,
      last_modified_at: now,
    },
    ['InProgress'],
  );
  const current = await reloadJob(deps, job);
  if (!changed && current.status === 'Stopping') return finishStop(deps, work, spec, current);
  return {
    status: 'Failed',
    failureReason: failure.failureReason,
    errorType: failure.errorType,
    metadata: spec.metadata(current),
  };
}

/** Settles a job asked to stop: Stopping → Stopped. */
export async function finishStop(deps: JobRuntimeDeps, work: StepWork, spec: JobSpec, job: Job): Promise<StepOutcome> {
  const { db, clock } = deps;
  const now = clock.now();
  await updateJob(
    db,
    job.arn,
    {
      status: 'Stopped',
      ended_at: now,
      last_modified_at: now,
      ...(job.kind === 'TrainingJob' && {
        secondary_status: 'Stopped',
        transitions_json: JSON.stringify(advanceTransitions(job.transitions, 'Stopped', now, true)),
      }),
    },
    ['Stopping'],
  );
  return outcomeOf(deps, work, spec, await reloadJob(deps, job));
}

/** The step outcome a settled job stands for. */
export function outcomeOf(deps: JobRuntimeDeps, work: StepWork, spec: JobSpec, job: Job): StepOutcome {
  const metadata = spec.metadata(job);
  switch (job.status) {
    case 'Completed': {
      const propertyFiles = readPropertyFiles(work.step, job, deps.s3);
      return {
        status: 'Succeeded',
        metadata,
        properties: jobProperties(spec, job),
        ...(propertyFiles && { propertyFiles }),
      };
    }
    case 'Failed':
      return {
        status: 'Failed',
        failureReason: job.failureReason ?? 'The job failed.',
        ...(job.errorType !== undefined && { errorType: job.errorType }),
        metadata,
      };
    case 'Stopped':
      if (job.stopRequested === 'user') {
        return {
          status: 'Failed',
          failureReason: job.failureReason ?? stoppedByUserReason(job.kind, job.name),
          errorType: 'ClientError',
          metadata,
        };
      }
      // A job that ran out of MaxRuntimeInSeconds is Stopped without anyone asking: its step failed.
      if (job.failureReason !== undefined) {
        return {
          status: 'Failed',
          failureReason: job.failureReason,
          errorType: job.errorType ?? 'ClientError',
          metadata,
        };
      }
      return { status: 'Stopped', metadata };
    case 'InProgress':
    case 'Stopping':
      throw new Error(`job ${job.arn} is still ${job.status}`);
  }
}

/** The job as stored now. */
export async function reloadJob(deps: JobRuntimeDeps, job: Job): Promise<Job> {
  const row = await findJob(deps.db, job.arn);
  if (!row) throw new Error(`job ${job.arn} disappeared from the store`);
  return toJob(row);
}
