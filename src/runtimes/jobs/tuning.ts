/**
 * Tuning steps (definition-spec §4.4): a hyperparameter tuning job. Its properties are the union of
 * DescribeHyperParameterTuningJob and ListTrainingJobsForHyperParameterTuningJob, so both
 * `BestTrainingJob.TrainingJobName` and `TrainingJobSummaries[k].TrainingJobName` (best first) resolve. A simulated
 * tuning job launches `ResourceLimits.MaxNumberOfTrainingJobs` training jobs (at most 50), visible through
 * DescribeTrainingJob, whose objective metric values decrease (Maximize) or increase (Minimize) from the scripted
 * value of the objective metric (default 0.5).
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import type { Job } from './job.js';
import { compactObject, objectAt, objectsAt, omit, seconds, stringAt } from './job.js';
import type { ChildJob, JobFamily, JobSpec, SimulateContext, SimulatedOutput } from './job-spec.js';
import { sagemakerArn } from './job-spec.js';

/** Most training jobs a simulated tuning job launches (the SDK's get_top_model_s3_uri reads up to 50). */
const MAX_SIMULATED_TRAINING_JOBS = 50;
/** Objective value of the best simulated training job when the config scripts none. */
const DEFAULT_OBJECTIVE_VALUE = 0.5;

/** The DescribeHyperParameterTuningJob answer plus TrainingJobSummaries. */
export function describeTuningJob(job: Job): JsonObject {
  const summaries = Array.isArray(job.result['TrainingJobSummaries']) ? job.result['TrainingJobSummaries'] : [];
  const completed = summaries.length;
  return compactObject({
    ...omit(job.request, ['HyperParameterTuningJobName', 'Tags']),
    HyperParameterTuningJobName: job.name,
    HyperParameterTuningJobArn: job.arn,
    HyperParameterTuningJobStatus: job.status,
    CreationTime: seconds(job.createdAt),
    HyperParameterTuningEndTime: seconds(job.endedAt),
    LastModifiedTime: seconds(job.lastModifiedAt),
    TrainingJobStatusCounters: {
      Completed: completed,
      InProgress: 0,
      RetryableError: 0,
      NonRetryableError: 0,
      Stopped: 0,
    },
    ObjectiveStatusCounters: { Succeeded: completed, Pending: 0, Failed: 0 },
    BestTrainingJob: job.result['BestTrainingJob'],
    FailureReason: job.failureReason,
    ConsumedResources:
      job.endedAt !== undefined && job.startedAt !== undefined
        ? { RuntimeInSeconds: Math.max(1, Math.round((job.endedAt - job.startedAt) / 1000)) }
        : undefined,
    TrainingJobSummaries: job.status === 'Completed' ? summaries : undefined,
  });
}

/** The training job definition a tuning request uses (the first of several). */
function trainingDefinition(request: JsonObject): JsonObject {
  const single = objectAt(request, 'TrainingJobDefinition');
  return Object.keys(single).length > 0 ? single : (objectsAt(request, 'TrainingJobDefinitions')[0] ?? {});
}

/** Hyperparameter values spread over the ranges: job `i` of `n` takes the point (i+1)/(n+1) of each range. */
function tunedHyperParameters(ranges: JsonObject, i: number, n: number): Record<string, string> {
  const out: Record<string, string> = {};
  const at = (i + 1) / (n + 1);
  for (const range of objectsAt(ranges, 'ContinuousParameterRanges')) {
    const min = Number(range['MinValue']);
    const max = Number(range['MaxValue']);
    if (typeof range['Name'] === 'string') out[range['Name']] = String(min + (max - min) * at);
  }
  for (const range of objectsAt(ranges, 'IntegerParameterRanges')) {
    const min = Number(range['MinValue']);
    const max = Number(range['MaxValue']);
    if (typeof range['Name'] === 'string') out[range['Name']] = String(Math.round(min + (max - min) * at));
  }
  for (const range of objectsAt(ranges, 'CategoricalParameterRanges')) {
    const values = Array.isArray(range['Values']) ? range['Values'] : [];
    const value = values[i % Math.max(1, values.length)];
    if (typeof range['Name'] === 'string' && value !== undefined) {
      out[range['Name']] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  return out;
}

function simulateTuning(job: Job, ctx: SimulateContext): SimulatedOutput {
  const config = objectAt(job.request, 'HyperParameterTuningJobConfig');
  const limits = objectAt(config, 'ResourceLimits');
  const requested = Number(limits['MaxNumberOfTrainingJobs'] ?? 1);
  const n = Math.max(1, Math.min(MAX_SIMULATED_TRAINING_JOBS, Number.isFinite(requested) ? requested : 1));
  const objective = objectAt(config, 'HyperParameterTuningJobObjective');
  const metricName = stringAt(objective, 'MetricName') ?? 'objective';
  const maximize = objective['Type'] !== 'Minimize';
  const best = ctx.settings.metrics?.[metricName] ?? DEFAULT_OBJECTIVE_VALUE;
  const step = Math.max(Math.abs(best), 1) * 0.01;
  const definition = trainingDefinition(job.request);
  const ranges = Object.keys(objectAt(config, 'ParameterRanges')).length
    ? objectAt(config, 'ParameterRanges')
    : objectAt(definition, 'HyperParameterRanges');
  const children: ChildJob[] = [];
  const summaries: JsonValue[] = [];
  for (let i = 0; i < n; i++) {
    const name = `${job.name}-${String(i + 1).padStart(3, '0')}-${ctx.random(8).toLowerCase()}`;
    const arn = sagemakerArn(job, 'training-job', name);
    const value = maximize ? best - i * step : best + i * step;
    const tuned = tunedHyperParameters(ranges, i, n);
    const metric = { Type: maximize ? 'Maximize' : 'Minimize', MetricName: metricName, Value: value };
    children.push({
      kind: 'TrainingJob',
      name,
      arn,
      request: compactObject({
        ...omit(definition, ['StaticHyperParameters', 'HyperParameterRanges', 'TuningObjective', 'DefinitionName']),
        HyperParameters: { ...(objectAt(definition, 'StaticHyperParameters') as Record<string, string>), ...tuned },
        ResourceConfig: definition['ResourceConfig'] ?? definition['HyperParameterTuningResourceConfig'],
      }),
      result: { FinalMetricDataList: [{ MetricName: metricName, Value: value, Timestamp: ctx.now / 1000 }] },
    });
    summaries.push(
      compactObject({
        TrainingJobDefinitionName: definition['DefinitionName'],
        TrainingJobName: name,
        TrainingJobArn: arn,
        TuningJobName: job.name,
        CreationTime: seconds(job.startedAt ?? job.createdAt),
        TrainingStartTime: seconds(job.startedAt ?? job.createdAt),
        TrainingEndTime: ctx.now / 1000,
        TrainingJobStatus: 'Completed',
        TunedHyperParameters: tuned,
        FinalHyperParameterTuningJobObjectiveMetric: metric,
        ObjectiveStatus: 'Succeeded',
      }),
    );
  }
  return { result: { TrainingJobSummaries: summaries, BestTrainingJob: summaries[0] ?? null }, children };
}

/** Tuning steps. Tuning job names have at most 32 characters. */
export const tuningSpec: JobSpec = {
  stepType: 'Tuning',
  kind: 'HyperParameterTuningJob',
  plan: (request, ctx) => {
    const prefix = stringAt(request, 'HyperParameterTuningJobName')?.replace(/[^A-Za-z0-9-]/g, '-');
    // Tuning job ARNs are lower case on AWS; the generated part of the name is too.
    const suffix = prefix ? `${prefix.slice(0, 21)}-${ctx.random(10).toLowerCase()}` : undefined;
    const name = suffix ?? `pipelines-${ctx.executionId}-${ctx.random(9).toLowerCase()}`;
    return { name, arn: sagemakerArn(ctx, 'hyper-parameter-tuning-job', name.toLowerCase()) };
  },
  describe: describeTuningJob,
  metadata: (job) => ({ TuningJob: { Arn: job.arn } }),
  simulate: simulateTuning,
};

/** The worker family of Tuning steps. */
export const tuningFamily: JobFamily = { name: 'tuning', specs: [tuningSpec] };
