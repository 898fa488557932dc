/**
 * The step worker of one family of job steps (the scheduler's contract in runner/step-worker.ts). An attempt:
 *
 * 1. creates the job record (or finds the one an earlier run of the same task made: tasks run at least once);
 * 2. runs it with the executor the config file picks, while watching for a stop: a stop asked for in this
 *    process aborts the run at once (RunningJobs), one asked for on another node is seen by polling the store;
 * 3. completes the record (InProgress → Completed | Failed, or Stopping → Stopped) with conditional updates, so a
 *    stop and a completion racing cannot both win, and answers the step's outcome.
 *
 * `stop()` only marks the record Stopping and answers Stopped at once: the run notices and settles the record.
 * A job stopped by the user (Stop*Job) makes its step fail with "… was stopped by user", as the step did not
 * produce what later steps need; a stop by StopPipelineExecution makes it Stopped.
 */
import type { StepType } from '../../engine/definition/types.js';
import type { StepOutcome, StepWork, StepWorker } from '../../runner/step-worker.js';
import { coerceError } from '../../shared/coerce-error.js';
import type { StepSettings } from '../../sluice-config.js';
import { stepSettings } from '../../sluice-config.js';
import {
  findJobOfAttempt,
  findJobStatus,
  isAttemptRunning,
  requestStopOfAttempt,
  updateJob,
} from '../../store/jobs.js';
import type { ExecuteResult } from './executors/executor.js';
import type { JobFailure } from './failures.js';
import type { JobRuntimeDeps } from './job-context.js';
import { createAttemptJob } from './job-creation.js';
import { failJob, finishStop, outcomeOf, reloadJob, succeedJob } from './job-settlement.js';
import type { Job } from './job.js';
import { TERMINAL_JOB_STATUSES, toJob } from './job.js';
import type { JobFamily, JobSpec } from './job-spec.js';
import { JobRequestError } from './job-spec.js';
import { jobLogFor } from './job-log.js';
import { advanceTransitions } from './training.js';

/** Runs the steps of one family. */
export class JobWorker implements StepWorker {
  readonly stepTypes: readonly StepType[];
  private readonly specs: ReadonlyMap<StepType, JobSpec>;

  constructor(
    readonly family: JobFamily,
    private readonly deps: JobRuntimeDeps,
  ) {
    this.specs = new Map(family.specs.map((s) => [s.stepType, s]));
    this.stepTypes = [...this.specs.keys()];
  }

  async run(work: StepWork, signal: AbortSignal): Promise<StepOutcome> {
    const spec = this.specFor(work);
    const settings = stepSettings(this.deps.config, work.pipelineName, work.step.name, work.step.type);
    let job = await findJobOfAttempt(this.deps.db, work.executionArn, work.step.name, work.attempt);
    if (!job) {
      const created = await createAttemptJob(this.deps, work, spec, settings);
      if (!created.ok) return this.failedBeforeCreation(created.failure);
      job = created.row;
    }
    return this.drive(work, spec, settings, toJob(job), signal);
  }

  async stop(work: StepWork): Promise<StepOutcome | undefined> {
    const spec = this.specFor(work);
    const { db, clock, running } = this.deps;
    const where = { executionArn: work.executionArn, stepName: work.step.name, attempt: work.attempt };
    const stopping = await requestStopOfAttempt(db, where, clock.now());
    if (stopping) {
      running.abort(stopping.arn);
      return { status: 'Stopped', metadata: spec.metadata(toJob(stopping)) };
    }
    const job = await findJobOfAttempt(db, work.executionArn, work.step.name, work.attempt);
    // Finished already: its run answers the real outcome (a job that completed before the stop succeeded).
    if (job && TERMINAL_JOB_STATUSES.has(job.status)) return undefined;
    // Stopping already, or not created yet (its run will see the step is no longer running and not start it).
    return { status: 'Stopped', ...(job && { metadata: spec.metadata(toJob(job)) }) };
  }

  private specFor(work: StepWork): JobSpec {
    const spec = this.specs.get(work.step.type);
    if (!spec) throw new Error(`the ${this.family.name} worker does not run ${work.step.type} steps`);
    return spec;
  }

  private failedBeforeCreation(failure: JobFailure): StepOutcome {
    return { status: 'Failed', failureReason: failure.failureReason, errorType: failure.errorType, metadata: {} };
  }

  /** Runs a created job to its end and answers the step's outcome. */
  private async drive(
    work: StepWork,
    spec: JobSpec,
    settings: StepSettings,
    job: Job,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const { db } = this.deps;
    if (TERMINAL_JOB_STATUSES.has(job.status)) return outcomeOf(this.deps, work, spec, job);
    if (job.status === 'Stopping') return finishStop(this.deps, work, spec, job);
    if (!(await isAttemptRunning(db, work.executionArn, work.step.name, work.attempt))) {
      // The step was stopped (or moved on) while the job was being created.
      await updateJob(db, job.arn, { status: 'Stopping', stop_requested: 'pipeline' }, ['InProgress']);
      return finishStop(this.deps, work, spec, await reloadJob(this.deps, job));
    }
    const result = await this.execute(work, spec, settings, job, signal);
    const current = await reloadJob(this.deps, job);
    if (current.status === 'Stopping') return finishStop(this.deps, work, spec, current);
    if (signal.aborted)
      throw new Error(`Sluice is shutting down; job ${job.name} is resumed by the next run of its step`);
    if (result.ok) return succeedJob(this.deps, work, spec, current, result);
    return failJob(this.deps, work, spec, current, result);
  }

  private async execute(
    work: StepWork,
    spec: JobSpec,
    settings: StepSettings,
    job: Job,
    signal: AbortSignal,
  ): Promise<ExecuteResult> {
    const { db, running, logger, clock } = this.deps;
    const controller = new AbortController();
    const onShutdown = (): void => controller.abort();
    if (signal.aborted) controller.abort();
    signal.addEventListener('abort', onShutdown, { once: true });
    running.add(job.arn, controller);
    const poll = setInterval(() => {
      findJobStatus(db, job.arn).then(
        (status) => {
          if (status === 'Stopping') controller.abort();
        },
        (error: unknown) => logger.warn('job:stop-poll-failed', { arn: job.arn, error: coerceError(error) }),
      );
    }, this.deps.stopPollMs);
    poll.unref();
    let transitions = [...job.transitions];
    const log = jobLogFor(this.deps.logs, job, () => clock.now());
    try {
      return await this.deps.executors[settings.executor].execute({
        job,
        spec,
        step: work.step,
        settings,
        attempt: work.attempt,
        signal: controller.signal,
        now: () => clock.now(),
        random: this.deps.random,
        log,
        progress: async (secondaryStatus) => {
          transitions = advanceTransitions(transitions, secondaryStatus, clock.now());
          await updateJob(
            db,
            job.arn,
            {
              secondary_status: secondaryStatus,
              transitions_json: JSON.stringify(transitions),
              last_modified_at: clock.now(),
            },
            ['InProgress'],
          );
        },
      });
    } catch (error) {
      // The job was created and failed on what it was given (no input objects, no command…).
      if (error instanceof JobRequestError) {
        log.write(`Sluice could not start the job: ${error.message}`);
        return { ok: false, failureReason: `ClientError: ${error.message}`, errorType: 'ClientError' };
      }
      logger.error('job:executor-failed', { arn: job.arn, error: coerceError(error) });
      return {
        ok: false,
        failureReason: `InternalServerError: Sluice could not run the job: ${coerceError(error).message}`,
        errorType: 'SageMaker.JOB_INTERNAL_ERROR',
      };
    } finally {
      clearInterval(poll);
      signal.removeEventListener('abort', onShutdown);
      running.delete(job.arn);
    }
  }
}
