/**
 * What each job step type creates and how it looks: the contract between the generic job worker and the
 * per-family modules (training.ts, processing.ts, …). A spec names the job, builds its Describe*-shaped answer
 * (which is also the step's properties) and its PipelineExecutionStep Metadata member, and says what a
 * simulated run produces.
 */
import type { StepNode, StepType } from '../../engine/definition/types.js';
import type { JsonObject } from '../../shared/json.js';
import type { StepSettings } from '../../sluice-config.js';
import type { Job, JobKind } from './job.js';

/** What naming a job may use. */
export interface PlanContext {
  readonly executionId: string;
  readonly stepName: string;
  readonly accountId: string;
  readonly region: string;
  /** `length` random characters of [a-zA-Z0-9]. */
  random(length: number): string;
  /** The next free version of the model package group named in the request (RegisterModel only). */
  readonly packageVersion?: number;
}

/** The identity of a job about to be created. */
export interface JobPlan {
  readonly name: string;
  readonly arn: string;
  /** What makes the job unique among its kind (lower-cased); the name unless said otherwise. */
  readonly nameKey?: string;
  readonly groupName?: string;
  readonly version?: number;
  /** Ids known at creation (an EMR step id, a cluster id), kept in the job's result. */
  readonly result?: JsonObject;
  readonly secondaryStatus?: string;
}

/** An object a simulated run writes to local S3. */
export interface SimulatedObject {
  readonly uri: string;
  readonly body: string | Uint8Array;
}

/** A job a simulated run created besides its own (a tuning job's training jobs). */
export interface ChildJob {
  readonly kind: JobKind;
  readonly name: string;
  readonly arn: string;
  readonly request: JsonObject;
  readonly result: JsonObject;
}

/** What a simulated run produced. */
export interface SimulatedOutput {
  /** Merged into the job's result. */
  readonly result?: JsonObject;
  readonly objects?: readonly SimulatedObject[];
  readonly children?: readonly ChildJob[];
}

/** What a simulated run may look at. */
export interface SimulateContext {
  readonly step: StepNode;
  readonly settings: StepSettings;
  readonly now: number;
  random(length: number): string;
}

/** One step type's job. */
export interface JobSpec {
  readonly stepType: StepType;
  readonly kind: JobKind;
  /** Names the job. Throws JobRequestError on a request the service would refuse. */
  plan(request: JsonObject, ctx: PlanContext): JobPlan;
  /** The Describe* answer for this job (timestamps in epoch seconds); once Completed, the step's properties. */
  describe(job: Job): JsonObject;
  /** The step's properties once Completed, when they are not the Describe answer (check steps). */
  properties?(job: Job): JsonObject;
  /** The step's Metadata member, e.g. `{TrainingJob: {Arn}}`. */
  metadata(job: Job): JsonObject;
  /** The outputs of a simulated successful run. */
  simulate?(job: Job, ctx: SimulateContext): SimulatedOutput;
}

/** The step types one worker serves, and their specs. */
export interface JobFamily {
  readonly name: string;
  readonly specs: readonly JobSpec[];
}

/** A request the service would refuse at Create* time; the step fails with a ClientError. */
export class JobRequestError extends Error {}

/** `pipelines-<execution id>-<step name, 20 characters at most>-<10 random alphanumerics>` (api-spec §5.3). */
export function pipelineJobName(ctx: PlanContext, maxLength = 63): string {
  // Job names allow only letters, digits and hyphens; step names may also hold underscores.
  const step = ctx.stepName.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 20);
  return `pipelines-${ctx.executionId}-${step}-${ctx.random(10)}`.slice(0, maxLength);
}

/**
 * The job name: the definition's prefix (`TrainingJobName` etc., kept by `use_custom_job_prefix`) followed by
 * random characters, or the pipelines form. Either fits `maxLength`.
 */
export function jobName(request: JsonObject, prefixKey: string, ctx: PlanContext, maxLength = 63): string {
  const prefix = request[prefixKey];
  if (typeof prefix === 'string' && prefix !== '') {
    const clean = prefix.replace(/[^A-Za-z0-9-]/g, '-');
    return `${clean.slice(0, maxLength - 11)}-${ctx.random(10)}`;
  }
  return pipelineJobName(ctx, maxLength);
}

/** `arn:aws:sagemaker:<region>:<account>:<resource>/<name>`. */
export function sagemakerArn(ctx: { region: string; accountId: string }, resource: string, name: string): string {
  return `arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:${resource}/${name}`;
}

/** The bucket the SageMaker SDK uses when a request names none: `sagemaker-<region>-<account>`. */
export function defaultBucket(ctx: { region: string; accountId: string }): string {
  return `s3://sagemaker-${ctx.region}-${ctx.accountId}`;
}
