/**
 * Describe* and Stop* of the jobs and resources job steps create (training, processing, transform, tuning and
 * AutoML jobs, models, model packages), so user code that inspects a pipeline's jobs works against Sluice.
 *
 * Choices (AWS documents none of them): a missing job answers ValidationException "Requested resource not
 * found." as DescribeTrainingJob does on AWS (aws/aws-sdk#165: not the modelled ResourceNotFound), except tuning
 * and AutoML jobs, which answer the modelled ResourceNotFound as AWS does ("Amazon SageMaker can't find a tuning
 * job called …. Type another name.", amazon-sagemaker-examples#1540; "… can't find an AutoML job called ….",
 * #2244); a missing model "Could not find model …", a missing package "ModelPackage … does not exist."; stopping
 * a job that is not InProgress answers ValidationException naming its status, except a job already Stopping (a
 * repeated stop succeeds). A job of a running pipeline step stopped this way makes the step fail ("… was stopped
 * by user").
 */
import type { RequestContext } from '../../protocol/context.js';
import { ResourceNotFound, ValidationException } from '../../protocol/errors.js';
import { KIND_LABELS } from '../../runtimes/jobs/failures.js';
import { SPEC_BY_KIND } from '../../runtimes/jobs/index.js';
import type { Job, JobKind } from '../../runtimes/jobs/job.js';
import { omit, toJob } from '../../runtimes/jobs/job.js';
import { describeJob } from '../../runtimes/jobs/job-context.js';
import type { JsonObject } from '../../shared/json.js';
import { findJob, findJobByName, requestStopByUser } from '../../store/jobs.js';
import type { Db } from '../../store/pipelines.js';
import type { SageMakerDeps } from './context.js';

/** Message texts of the job operations. */
export const jobMessages = {
  jobNotFound: (): string => 'Requested resource not found.',
  tuningJobNotFound: (name: string): string =>
    `Amazon SageMaker can't find a tuning job called ${name}. Type another name.`,
  autoMLJobNotFound: (name: string): string => `Amazon SageMaker can't find an AutoML job called ${name}.`,
  modelNotFound: (name: string): string => `Could not find model "${name}".`,
  modelPackageNotFound: (name: string): string => `ModelPackage ${name} does not exist.`,
  notStoppable: (kind: JobKind, status: string): string =>
    `The request was rejected because the ${KIND_LABELS[kind].toLowerCase()} is in status ${status}.`,
} as const;

const VERSIONED_PACKAGE_ARN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]*):(\d{12}):model-package\/(.+)$/;

/** The job of `kind` that `name` designates, or the kind's not-found error. */
export async function requireJob(db: Db, ctx: RequestContext, kind: JobKind, name: string): Promise<Job> {
  const scope = { accountId: ctx.accountId, region: ctx.region, kind };
  let row = await findJobByName(db, scope, name);
  if (!row && kind === 'ModelPackage') {
    // Versioned packages are named by ARN, or by `<group>/<version>`.
    const m = VERSIONED_PACKAGE_ARN.exec(name);
    const key = m ? (m[1] === ctx.region && m[2] === ctx.accountId ? m[3] : undefined) : name;
    if (key !== undefined) row = await findJobByName(db, scope, key);
  }
  if (!row) {
    if (kind === 'Model') throw new ValidationException(jobMessages.modelNotFound(name));
    if (kind === 'ModelPackage') throw new ValidationException(jobMessages.modelPackageNotFound(name));
    if (kind === 'HyperParameterTuningJob') throw new ResourceNotFound(jobMessages.tuningJobNotFound(name));
    if (kind === 'AutoMLJob') throw new ResourceNotFound(jobMessages.autoMLJobNotFound(name));
    throw new ValidationException(jobMessages.jobNotFound());
  }
  return toJob(row);
}

/** Builds the Describe and Stop job handlers. */
export function jobHandlers(deps: SageMakerDeps) {
  const { db, clock } = deps;

  const describe =
    (kind: JobKind, member: string, drop: readonly string[] = []) =>
    async (raw: JsonObject, ctx: RequestContext): Promise<object> => {
      const job = await requireJob(db, ctx, kind, nameIn(raw, member));
      return omit(describeJob(SPEC_BY_KIND[kind], job), drop);
    };

  const stop =
    (kind: JobKind, member: string) =>
    async (raw: JsonObject, ctx: RequestContext): Promise<object> => {
      const job = await requireJob(db, ctx, kind, nameIn(raw, member));
      const stopping = await requestStopByUser(db, job.arn, clock.now());
      if (stopping) {
        deps.jobs?.running.abort(job.arn);
        return {};
      }
      const current = (await findJob(db, job.arn)) ?? undefined;
      if (current?.status === 'Stopping') return {};
      throw new ValidationException(jobMessages.notStoppable(kind, current?.status ?? job.status));
    };

  return {
    describeTrainingJob: describe('TrainingJob', 'TrainingJobName'),
    stopTrainingJob: stop('TrainingJob', 'TrainingJobName'),
    describeProcessingJob: describe('ProcessingJob', 'ProcessingJobName'),
    stopProcessingJob: stop('ProcessingJob', 'ProcessingJobName'),
    describeTransformJob: describe('TransformJob', 'TransformJobName'),
    stopTransformJob: stop('TransformJob', 'TransformJobName'),
    // The step's properties add ListTrainingJobsForHyperParameterTuningJob's summaries; Describe has none.
    describeHyperParameterTuningJob: describe('HyperParameterTuningJob', 'HyperParameterTuningJobName', [
      'TrainingJobSummaries',
    ]),
    stopHyperParameterTuningJob: stop('HyperParameterTuningJob', 'HyperParameterTuningJobName'),
    describeAutoMLJob: describe('AutoMLJob', 'AutoMLJobName', ['BestCandidateProperties']),
    stopAutoMLJob: stop('AutoMLJob', 'AutoMLJobName'),
    describeModel: describe('Model', 'ModelName'),
    describeModelPackage: describe('ModelPackage', 'ModelPackageName'),
  };
}

/** The name member of a request (the model makes it a required string). */
export function nameIn(raw: JsonObject, member: string): string {
  const value = raw[member];
  return typeof value === 'string' ? value : '';
}
