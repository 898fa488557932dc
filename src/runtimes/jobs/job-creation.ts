/**
 * Creating the job of a step attempt: scripted create-time failures, naming (model package versions), the job
 * record, and the job's ARN shown on the running step.
 */
import type { Insertable } from 'kysely';
import { EvaluationError } from '../../engine/expressions/evaluate.js';
import type { StepWork } from '../../runner/step-worker.js';
import { coerceError } from '../../shared/coerce-error.js';
import type { JsonObject } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { StepSettings } from '../../sluice-config.js';
import { failureFor, PROCESS_STEP_TYPES } from '../../sluice-config.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { JobRow } from '../../store/jobs.js';
import {
  findJob,
  findJobOfAttempt,
  insertJob,
  latestPackageVersion,
  listPackagesOfGroup,
  showStepMetadata,
} from '../../store/jobs.js';
import type { JobsTable } from '../../store/schema.js';
import { CHECK_SETTINGS, DRIFT_BASELINE_PATHS, PREVIOUS_BASELINES } from './checks.js';
import type { JobRuntimeDeps } from './job-context.js';
import { PROPERTY_OVERRIDES } from './job-context.js';
import type { JobFailure } from './failures.js';
import { createFailure, scriptedFailure } from './failures.js';
import type { Job } from './job.js';
import { objectAt, stringAt, toJob } from './job.js';
import type { JobPlan, JobSpec } from './job-spec.js';
import { JobRequestError } from './job-spec.js';
import { transition } from './training.js';

/** How many times a job is renamed when its name (a package version) was taken meanwhile. */
const MAX_NAME_TRIES = 5;

/** Creates the attempt's job, or answers why it could not be created. */
export async function createAttemptJob(
  deps: JobRuntimeDeps,
  work: StepWork,
  spec: JobSpec,
  settings: StepSettings,
): Promise<{ ok: true; row: JobRow } | { ok: false; failure: JobFailure }> {
  const { db, clock } = deps;
  const fail = failureFor(settings, work.attempt);
  if (fail) {
    const failure = scriptedFailure(spec.kind, fail);
    if (!failure.jobCreated) return { ok: false, failure };
  }
  if (settings.executor === 'process' && !PROCESS_STEP_TYPES.has(spec.stepType)) {
    return {
      ok: false,
      failure: createFailure(
        spec.kind,
        `Sluice's process executor runs only Processing and Training steps, not ${spec.stepType} steps.`,
      ),
    };
  }
  const request = isJsonObject(work.inputs) ? work.inputs : {};
  // arn:aws:sagemaker:<region>:<account>:pipeline/<name>/execution/<id>
  const [, , , region = 'us-east-1', accountId = '000000000000'] = work.executionArn.split(':');
  let result: JsonObject = settings.properties ? { [PROPERTY_OVERRIDES]: settings.properties } : {};
  try {
    result = { ...result, ...(await checkResult(deps, work, { accountId, region })) };
  } catch (error) {
    if (error instanceof EvaluationError) return { ok: false, failure: createFailure(spec.kind, error.message) };
    throw error;
  }
  for (let tries = 0; ; tries++) {
    let plan: JobPlan;
    try {
      plan = await planJob(deps, work, spec, { accountId, region, request });
    } catch (error) {
      if (error instanceof JobRequestError) return { ok: false, failure: createFailure(spec.kind, error.message) };
      throw error;
    }
    const row = newJobRow(work, spec, plan, { accountId, region, request, result }, clock.now());
    try {
      await insertJob(db, row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another run of this task made the job first, or another step took the package version: look again.
      const existing = await findJobOfAttempt(db, work.executionArn, work.step.name, work.attempt);
      if (existing) return { ok: true, row: existing };
      if (tries >= MAX_NAME_TRIES) throw error;
      continue;
    }
    const created = await findJob(db, plan.arn);
    if (!created) throw new Error(`job ${plan.arn} vanished after its creation`);
    showMetadata(deps, work, spec, toJob(created));
    return { ok: true, row: created };
  }
}

/** Names the job (a model package takes the next version of its group). Throws JobRequestError. */
async function planJob(
  deps: JobRuntimeDeps,
  work: StepWork,
  spec: JobSpec,
  scope: { accountId: string; region: string; request: JsonObject },
): Promise<JobPlan> {
  const { accountId, region, request } = scope;
  const group = spec.kind === 'ModelPackage' ? stringAt(request, 'ModelPackageGroupName') : undefined;
  const packageVersion =
    group === undefined ? undefined : (await latestPackageVersion(deps.db, { accountId, region }, group)) + 1;
  return spec.plan(request, {
    executionId: work.executionId,
    stepName: work.step.name,
    accountId,
    region,
    random: deps.random,
    ...(packageVersion !== undefined && { packageVersion }),
  });
}

/** The record of a job just created: InProgress, started now. */
function newJobRow(
  work: StepWork,
  spec: JobSpec,
  plan: JobPlan,
  scope: { accountId: string; region: string; request: JsonObject; result: JsonObject },
  now: number,
): Insertable<JobsTable> {
  return {
    arn: plan.arn,
    kind: spec.kind,
    account_id: scope.accountId,
    region: scope.region,
    name: plan.name,
    name_key: plan.nameKey ?? plan.name.toLowerCase(),
    status: 'InProgress',
    secondary_status: plan.secondaryStatus ?? null,
    failure_reason: null,
    error_type: null,
    execution_arn: work.executionArn,
    step_name: work.step.name,
    attempt: work.attempt,
    parent_arn: null,
    request_json: JSON.stringify(scope.request),
    result_json: JSON.stringify({ ...scope.result, ...plan.result }),
    stop_requested: null,
    group_name: plan.groupName ?? null,
    version: plan.version ?? null,
    transitions_json: spec.kind === 'TrainingJob' ? JSON.stringify([transition('Starting', now)]) : null,
    created_at: now,
    started_at: now,
    ended_at: null,
    last_modified_at: now,
  };
}

/** Check steps: their resolved top-level fields and the group's current baselines. */
async function checkResult(
  deps: JobRuntimeDeps,
  work: StepWork,
  scope: { accountId: string; region: string },
): Promise<JsonObject> {
  const step = work.step;
  if (step.type !== 'QualityCheck' && step.type !== 'ClarifyCheck') return {};
  const check = await deps.resolveFields(work, {
    CheckType: step.check.checkType,
    SkipCheck: step.check.skipCheck,
    FailOnViolation: step.check.failOnViolation,
    RegisterNewBaseline: step.check.registerNewBaseline,
    ModelPackageGroupName: step.check.modelPackageGroupName,
    SuppliedBaselineStatistics: step.check.suppliedBaselineStatistics,
    SuppliedBaselineConstraints: step.check.suppliedBaselineConstraints,
    ModelName: step.check.modelName,
  });
  const group = stringAt(check, 'ModelPackageGroupName');
  const paths = DRIFT_BASELINE_PATHS[stringAt(check, 'CheckType') ?? ''];
  const previous: JsonObject = {};
  if (group !== undefined && paths) {
    const approved = (await listPackagesOfGroup(deps.db, scope, group)).find((p) => p.secondary_status === 'Approved');
    const baselines = objectAt(
      approved ? (JSON.parse(approved.request_json) as JsonObject) : {},
      'DriftCheckBaselines',
    );
    const at = (path: readonly string[] | undefined): string | undefined =>
      path
        ? stringAt(
            path.reduce<JsonObject>((o, k) => objectAt(o, k), baselines),
            'S3Uri',
          )
        : undefined;
    const statistics = at(paths.statistics);
    const constraints = at(paths.constraints);
    if (statistics) previous['Statistics'] = statistics;
    if (constraints) previous['Constraints'] = constraints;
  }
  return { [CHECK_SETTINGS]: check, [PREVIOUS_BASELINES]: previous };
}

/** Publishes the job's ARN on the running step (best effort: the outcome carries it anyway). */
function showMetadata(deps: JobRuntimeDeps, work: StepWork, spec: JobSpec, job: Job): void {
  const where = { executionArn: work.executionArn, stepName: work.step.name, attempt: work.attempt };
  void showStepMetadata(deps.db, where, JSON.stringify(spec.metadata(job))).catch((error: unknown) =>
    deps.logger.warn('job:metadata-not-shown', { arn: job.arn, error: coerceError(error) }),
  );
}
