/**
 * AutoML steps (definition-spec §4.14): an AutoML job (ENSEMBLING mode). Its properties are DescribeAutoMLJob
 * plus the synthetic `BestCandidateProperties.{ModelInsightsJsonReportPath, ExplainabilityJsonReportPath}`; the
 * SDK's best-model helper reads `BestCandidate.InferenceContainers[0].{Image, ModelDataUrl, Environment}`. Names
 * have at most 32 characters; the SDK trims a custom prefix to 8 for that reason.
 */
import type { JsonObject } from '../../shared/json.js';
import { joinS3Uri } from '../s3/local-s3.js';
import type { Job } from './job.js';
import { compactObject, objectAt, omit, seconds, stringAt } from './job.js';
import type { JobFamily, JobSpec, SimulateContext, SimulatedOutput } from './job-spec.js';
import { defaultBucket, sagemakerArn } from './job-spec.js';

/** The image of a simulated ensembling candidate (AutoGluon inference). */
const ENSEMBLE_IMAGE = '763104351884.dkr.ecr.us-east-1.amazonaws.com/autogluon-inference:0.4.3-cpu-py38';

function outputPath(job: Job): string {
  return stringAt(objectAt(job.request, 'OutputDataConfig'), 'S3OutputPath') ?? defaultBucket(job);
}

/** The DescribeAutoMLJob answer plus BestCandidateProperties. */
export function describeAutoMLJob(job: Job): JsonObject {
  const base = joinS3Uri(outputPath(job), job.name);
  const completed = job.status === 'Completed';
  const candidate = objectAt(job.result, 'BestCandidate');
  const artifacts = objectAt(objectAt(candidate, 'CandidateProperties'), 'CandidateArtifactLocations');
  return compactObject({
    ...omit(job.request, ['AutoMLJobName', 'Tags']),
    AutoMLJobName: job.name,
    AutoMLJobArn: job.arn,
    CreationTime: seconds(job.createdAt),
    EndTime: seconds(job.endedAt),
    LastModifiedTime: seconds(job.lastModifiedAt),
    FailureReason: job.failureReason,
    BestCandidate: completed ? candidate : undefined,
    AutoMLJobStatus: job.status,
    AutoMLJobSecondaryStatus: {
      InProgress: 'Training',
      Completed: 'Completed',
      Failed: 'Failed',
      Stopping: 'Stopping',
      Stopped: 'Stopped',
    }[job.status],
    AutoMLJobArtifacts: completed
      ? {
          CandidateDefinitionNotebookLocation: joinS3Uri(
            base,
            'sagemaker-automl-candidates/notebooks/SageMakerAutopilotCandidateDefinitionNotebook.ipynb',
          ),
          DataExplorationNotebookLocation: joinS3Uri(
            base,
            'sagemaker-automl-candidates/notebooks/SageMakerAutopilotDataExplorationNotebook.ipynb',
          ),
        }
      : undefined,
    ResolvedAttributes: compactObject({
      AutoMLJobObjective: job.request['AutoMLJobObjective'],
      ProblemType: job.request['ProblemType'],
      CompletionCriteria: objectAt(job.request, 'AutoMLJobConfig')['CompletionCriteria'],
    }),
    BestCandidateProperties: completed
      ? compactObject({
          ModelInsightsJsonReportPath: artifacts['ModelInsights'],
          ExplainabilityJsonReportPath: artifacts['Explainability'],
        })
      : undefined,
  });
}

function simulateAutoML(job: Job, ctx: SimulateContext): SimulatedOutput {
  const base = joinS3Uri(outputPath(job), job.name);
  const metricName = stringAt(objectAt(job.request, 'AutoMLJobObjective'), 'MetricName') ?? 'F1';
  const value = ctx.settings.metrics?.[metricName] ?? 0.5;
  const candidateName = `${job.name}-trial-t1-1`.slice(0, 63);
  const now = ctx.now / 1000;
  const candidate = {
    CandidateName: candidateName,
    FinalAutoMLJobObjectiveMetric: { MetricName: metricName, Value: value },
    ObjectiveStatus: 'Succeeded',
    CandidateSteps: [],
    CandidateStatus: 'Completed',
    InferenceContainers: [
      {
        Image: ENSEMBLE_IMAGE,
        ModelDataUrl: joinS3Uri(base, 'sagemaker-automl-candidates/model', candidateName, 'model.tar.gz'),
        Environment: {
          MODEL_NAME: candidateName,
          SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT: 'text/csv',
          SAGEMAKER_INFERENCE_OUTPUT: 'predicted_label',
          SAGEMAKER_INFERENCE_SUPPORTED: 'predicted_label,probability,probabilities,labels',
          SAGEMAKER_PROGRAM: 'tabular_serve.py',
          SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code',
        },
      },
    ],
    CreationTime: now,
    EndTime: now,
    LastModifiedTime: now,
    CandidateProperties: {
      CandidateArtifactLocations: {
        Explainability: joinS3Uri(base, 'documentation/explainability/output', candidateName),
        ModelInsights: joinS3Uri(base, 'documentation/model_monitor/output', candidateName),
      },
      CandidateMetrics: [{ MetricName: metricName, Value: value, Set: 'Validation', StandardMetricName: metricName }],
    },
  };
  return { result: { BestCandidate: candidate } };
}

/** AutoML steps. */
export const autoMLSpec: JobSpec = {
  stepType: 'AutoML',
  kind: 'AutoMLJob',
  plan: (request, ctx) => {
    const prefix = (stringAt(request, 'AutoMLJobName') ?? ctx.stepName).replace(/[^A-Za-z0-9-]/g, '-').slice(0, 8);
    const name = `${prefix}-${ctx.executionId}-${ctx.random(10)}`.slice(0, 32);
    return { name, arn: sagemakerArn(ctx, 'automl-job', name.toLowerCase()) };
  },
  describe: describeAutoMLJob,
  metadata: (job) => ({ AutoMLJob: { Arn: job.arn } }),
  simulate: simulateAutoML,
};

/** The worker family of AutoML steps. */
export const autoMLFamily: JobFamily = { name: 'automl', specs: [autoMLSpec] };
