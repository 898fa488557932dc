/**
 * Training steps (definition-spec §4.1): a training job whose DescribeTrainingJob answer is the step's properties,
 * `ModelArtifacts.S3ModelArtifacts` = `<OutputDataConfig.S3OutputPath>/<job name>/output/model.tar.gz` as SageMaker
 * writes it. `@step` functions, notebook jobs and repack steps are training jobs too.
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { joinS3Uri } from '../s3/local-s3.js';
import type { Job, StatusTransition } from './job.js';
import { compactObject, objectAt, omit, seconds, stringAt } from './job.js';
import type { JobFamily, JobSpec, SimulateContext, SimulatedOutput } from './job-spec.js';
import { defaultBucket, jobName, sagemakerArn } from './job-spec.js';
import { tarGz } from './tar.js';

/** Secondary statuses of a successful training job, in order. */
export const TRAINING_SECONDARY_STATUSES = ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed'] as const;

/** What a secondary status means, as DescribeTrainingJob words it. */
export const SECONDARY_STATUS_MESSAGES: Readonly<Record<string, string>> = {
  Starting: 'Preparing the instances for training',
  Downloading: 'Downloading input data',
  Training: 'Training image download completed. Training in progress.',
  Uploading: 'Uploading generated training model',
  Completed: 'Training job completed',
  Failed: 'Training job failed',
  Stopping: 'Stopping the training job',
  Stopped: 'Training job stopped',
  MaxRuntimeExceeded: 'Training job runtime exceeded MaxRuntimeInSeconds provided',
};

/** `<OutputDataConfig.S3OutputPath>` (or the SDK's default bucket when the request names none). */
export function trainingOutputPath(job: Pick<Job, 'request' | 'region' | 'accountId'>): string {
  return stringAt(objectAt(job.request, 'OutputDataConfig'), 'S3OutputPath') ?? defaultBucket(job);
}

/** Where SageMaker uploads `/opt/ml/model`. */
export function modelArtifactsUri(job: Pick<Job, 'request' | 'region' | 'accountId' | 'name'>): string {
  return joinS3Uri(trainingOutputPath(job), job.name, 'output', 'model.tar.gz');
}

/** Metric values → FinalMetricDataList. */
export function finalMetrics(metrics: Readonly<Record<string, number>> | undefined, at: number): JsonValue[] {
  return Object.entries(metrics ?? {}).map(([MetricName, Value]) => ({ MetricName, Value, Timestamp: at / 1000 }));
}

/** The DescribeTrainingJob answer. */
export function describeTrainingJob(job: Job): JsonObject {
  const request = omit(job.request, ['TrainingJobName', 'Tags']);
  const completed = job.status === 'Completed';
  const trainingSeconds =
    job.startedAt !== undefined && job.endedAt !== undefined
      ? Math.max(1, Math.round((job.endedAt - job.startedAt) / 1000))
      : undefined;
  return compactObject({
    EnableNetworkIsolation: false,
    EnableInterContainerTrafficEncryption: false,
    EnableManagedSpotTraining: false,
    ...request,
    TrainingJobName: job.name,
    TrainingJobArn: job.arn,
    TuningJobArn: job.parentArn,
    ModelArtifacts: completed ? { S3ModelArtifacts: modelArtifactsUri(job) } : undefined,
    TrainingJobStatus: job.status,
    SecondaryStatus: job.secondaryStatus,
    FailureReason: job.failureReason,
    OutputDataConfig: { ...objectAt(job.request, 'OutputDataConfig'), S3OutputPath: trainingOutputPath(job) },
    CreationTime: seconds(job.createdAt),
    TrainingStartTime: seconds(job.startedAt),
    TrainingEndTime: seconds(job.endedAt),
    LastModifiedTime: seconds(job.lastModifiedAt),
    SecondaryStatusTransitions: job.transitions.map((t) =>
      compactObject({ ...t, StartTime: seconds(t.StartTime), EndTime: seconds(t.EndTime) }),
    ),
    FinalMetricDataList: job.result['FinalMetricDataList'] ?? (completed ? [] : undefined),
    TrainingTimeInSeconds: trainingSeconds,
    BillableTimeInSeconds: trainingSeconds,
  });
}

/** A tiny valid model.tar.gz standing in for a simulated model. */
export function simulatedModelArchive(job: Job): Buffer {
  const note = `Simulated by Sluice for training job ${job.name}; no model was trained.\n`;
  return tarGz([{ path: 'SIMULATED_MODEL.txt', data: Buffer.from(note) }]);
}

function simulateTraining(job: Job, ctx: SimulateContext): SimulatedOutput {
  return {
    result: { FinalMetricDataList: finalMetrics(ctx.settings.metrics, ctx.now) },
    objects: [{ uri: modelArtifactsUri(job), body: simulatedModelArchive(job) }],
  };
}

/** Training steps. */
export const trainingSpec: JobSpec = {
  stepType: 'Training',
  kind: 'TrainingJob',
  plan: (request, ctx) => {
    const name = jobName(request, 'TrainingJobName', ctx);
    return { name, arn: sagemakerArn(ctx, 'training-job', name), secondaryStatus: 'Starting' };
  },
  describe: describeTrainingJob,
  metadata: (job) => ({ TrainingJob: { Arn: job.arn } }),
  simulate: simulateTraining,
};

/** The worker family of Training steps. */
export const trainingFamily: JobFamily = { name: 'training', specs: [trainingSpec] };

/** A secondary status entered at `at`. */
export function transition(status: string, at: number): StatusTransition {
  return { Status: status, StartTime: at, StatusMessage: SECONDARY_STATUS_MESSAGES[status] ?? status };
}

/** Closes the open transition and opens `status` (closed at once when `final`). */
export function advanceTransitions(
  list: readonly StatusTransition[],
  status: string,
  at: number,
  final = false,
): StatusTransition[] {
  const closed = list.map((t) => (t.EndTime === undefined ? { ...t, EndTime: at } : t));
  const next = transition(status, at);
  return [...closed, final ? { ...next, EndTime: at } : next];
}

/** The transitions of a training job that went through every phase between `start` and `end`. */
export function completedTransitions(start: number, end: number): StatusTransition[] {
  const phases = TRAINING_SECONDARY_STATUSES.length - 1;
  const span = Math.max(0, end - start);
  return TRAINING_SECONDARY_STATUSES.map((status, i) => {
    const from = start + Math.round((span * i) / phases);
    const to = i === phases ? end : start + Math.round((span * (i + 1)) / phases);
    return { ...transition(status, from), EndTime: to };
  });
}
