/**
 * Where a step's logs are, as on AWS: a Lambda function's lines in `/aws/lambda/<function name>` (its invocations
 * by every caller, so a step reads the lines of its own time window), a job's in the group of its kind, in streams
 * named after the job. Pure and self-contained (no imports), so the node tests can load it too.
 */

/** The members of a ListPipelineExecutionSteps entry read here (epoch seconds). */
export interface StepRecord {
  readonly StartTime?: number;
  readonly EndTime?: number;
  readonly Metadata?: Record<string, unknown>;
  readonly CacheHitResult?: { readonly SourcePipelineExecutionArn?: string };
}

/** Lines logged before the step's start and after its end still belong to it (clock skew, init, REPORT). */
export const BEFORE_MS = 2_000;
export const AFTER_MS = 5_000;

/** How to read a job's exact name (its ARN may hold it lower-cased, as AWS does), and where its lines go. */
interface JobKind {
  readonly describe: string;
  readonly member: string;
  readonly groups: readonly string[];
}

/** By the resource type of a SageMaker ARN (`…:training-job/<name>`). */
const JOB_KINDS: Readonly<Record<string, JobKind>> = {
  'training-job': {
    describe: 'DescribeTrainingJob',
    member: 'TrainingJobName',
    groups: ['/aws/sagemaker/TrainingJobs'],
  },
  'processing-job': {
    describe: 'DescribeProcessingJob',
    member: 'ProcessingJobName',
    groups: ['/aws/sagemaker/ProcessingJobs'],
  },
  'transform-job': {
    describe: 'DescribeTransformJob',
    member: 'TransformJobName',
    groups: ['/aws/sagemaker/TransformJobs'],
  },
  // A tuning job logs nothing itself: its training jobs, named `<tuning job>-NNN-<hex>`, do.
  'hyper-parameter-tuning-job': {
    describe: 'DescribeHyperParameterTuningJob',
    member: 'HyperParameterTuningJobName',
    groups: ['/aws/sagemaker/TrainingJobs'],
  },
  // Likewise an AutoML job: its processing and training jobs carry its name.
  'automl-job': {
    describe: 'DescribeAutoMLJob',
    member: 'AutoMLJobName',
    groups: ['/aws/sagemaker/ProcessingJobs', '/aws/sagemaker/TrainingJobs'],
  },
};

/** Step types that run a job, whose logs show once the job exists. */
const JOB_STEP_TYPES = new Set([
  'Training',
  'Processing',
  'Transform',
  'Tuning',
  'AutoML',
  'QualityCheck',
  'ClarifyCheck',
]);

export type LogSource =
  | {
      readonly kind: 'lambda';
      readonly functionName: string;
      readonly logGroupName: string;
      /** The window searched, epoch ms; no end while the step runs. */
      readonly startMs: number;
      readonly endMs: number | undefined;
    }
  | {
      readonly kind: 'job';
      /** The job's name as its ARN says it (maybe lower-cased): Describe* gives the exact one. */
      readonly arnName: string;
      readonly describe: string;
      readonly member: string;
      readonly logGroupNames: readonly string[];
    }
  /** A step that will have logs, not yet (its job is not created, it has not started). */
  | { readonly kind: 'pending' }
  /** A Lambda step answered from the cache: the function did not run for it. */
  | { readonly kind: 'cached' };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The function name of a function ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`) or name. */
export function functionNameOf(arnOrName: string): string | undefined {
  const match = /(?:^|:)function:([^:]+)/.exec(arnOrName);
  if (match?.[1]) return match[1];
  return /^[A-Za-z0-9_-]+$/.test(arnOrName) ? arnOrName : undefined;
}

/** The first job ARN of a step's metadata (`TrainingJob.Arn`, `QualityCheck.CheckJobArn`…), with its kind. */
export function jobArnOf(metadata: Json | undefined): { arn: string; type: string; name: string } | undefined {
  let found: { arn: string; type: string; name: string } | undefined;
  const walk = (value: unknown): void => {
    if (found) return;
    if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value)) Object.values(value).forEach(walk);
    else if (typeof value === 'string') {
      const match = /^arn:[^:]+:sagemaker:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(value);
      if (match?.[1] && match[2] && match[1] in JOB_KINDS) found = { arn: value, type: match[1], name: match[2] };
    }
  };
  walk(metadata);
  return found;
}

/** Where the logs of a step are, or undefined for a step that logs nothing (Condition, Callback, Fail…). */
export function logSourceOf(
  stepType: string | undefined,
  definition: Json | undefined,
  record: StepRecord | undefined,
): LogSource | undefined {
  const metadata = record?.Metadata;
  if (stepType === 'Lambda' || isObject(metadata?.['Lambda'])) {
    const lambda = metadata?.['Lambda'];
    const fromMetadata = isObject(lambda) && typeof lambda['Arn'] === 'string' ? lambda['Arn'] : undefined;
    // The definition's FunctionArn may be an expression ({Get: …}): only a string names the function.
    const declared = typeof definition?.['FunctionArn'] === 'string' ? definition['FunctionArn'] : undefined;
    const functionName = functionNameOf(fromMetadata ?? declared ?? '');
    if (record?.CacheHitResult?.SourcePipelineExecutionArn) return { kind: 'cached' };
    if (!functionName || record?.StartTime === undefined) return { kind: 'pending' };
    return {
      kind: 'lambda',
      functionName,
      logGroupName: `/aws/lambda/${functionName}`,
      startMs: Math.floor(record.StartTime * 1000) - BEFORE_MS,
      endMs: record.EndTime === undefined ? undefined : Math.ceil(record.EndTime * 1000) + AFTER_MS,
    };
  }
  const job = jobArnOf(metadata);
  if (job) {
    const kind = JOB_KINDS[job.type];
    if (kind) {
      return {
        kind: 'job',
        arnName: job.name,
        describe: kind.describe,
        member: kind.member,
        logGroupNames: kind.groups,
      };
    }
  }
  return stepType !== undefined && JOB_STEP_TYPES.has(stepType) ? { kind: 'pending' } : undefined;
}
