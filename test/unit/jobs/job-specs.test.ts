/** What each job step type creates: names, Describe answers, metadata and failure reasons. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StepNode } from '../../../src/engine/definition/types.js';
import { emrSpec } from '../../../src/runtimes/jobs/emr.js';
import { createFailure, scriptedFailure } from '../../../src/runtimes/jobs/failures.js';
import type { Job, JobKind } from '../../../src/runtimes/jobs/job.js';
import type { PlanContext } from '../../../src/runtimes/jobs/job-spec.js';
import { jobName, pipelineJobName } from '../../../src/runtimes/jobs/job-spec.js';
import { registerModelSpec } from '../../../src/runtimes/jobs/models.js';
import { processingOutputs, processingSpec } from '../../../src/runtimes/jobs/processing.js';
import { describeTrainingJob } from '../../../src/runtimes/jobs/training.js';
import { tuningSpec } from '../../../src/runtimes/jobs/tuning.js';
import type { JsonObject } from '../../../src/shared/json.js';
import { stepSettings, DEFAULT_SLUICE_CONFIG_FILE } from '../../../src/sluice-config.js';

const ctx = (stepName = 'AbaloneTrain', extra: Partial<PlanContext> = {}): PlanContext => ({
  executionId: 'cfvy1tjuxdq8',
  stepName,
  accountId: '111122223333',
  region: 'us-east-2',
  random: (n) => 'tavd6f3wdfXYZ'.slice(0, n),
  ...extra,
});

function makeJob(kind: JobKind, request: JsonObject, extra: Partial<Job> = {}): Job {
  return {
    arn: `arn:aws:sagemaker:us-east-2:111122223333:x/${kind}`,
    kind,
    accountId: '111122223333',
    region: 'us-east-2',
    name: 'job-1',
    status: 'Completed',
    request,
    result: {},
    transitions: [],
    createdAt: 1_000_000,
    startedAt: 1_000_000,
    endedAt: 1_065_000,
    lastModifiedAt: 1_065_000,
    ...extra,
  };
}

describe('job names', () => {
  it('follows pipelines-<execution id>-<step name, 20 at most>-<10 random>', () => {
    assert.equal(pipelineJobName(ctx()), 'pipelines-cfvy1tjuxdq8-AbaloneTrain-tavd6f3wdf');
    assert.equal(
      pipelineJobName(ctx('EvaluateCustomModelMetrics')),
      'pipelines-cfvy1tjuxdq8-EvaluateCustomModelM-tavd6f3wdf',
    );
    assert.equal(pipelineJobName(ctx('emr_step_1')), 'pipelines-cfvy1tjuxdq8-emr-step-1-tavd6f3wdf');
  });

  it('uses the definition prefix when the arguments keep one', () => {
    assert.equal(
      jobName({ ProcessingJobName: 'CheckJobPrefix' }, 'ProcessingJobName', ctx()),
      'CheckJobPrefix-tavd6f3wdf',
    );
  });

  it('numbers model packages in their group', () => {
    const plan = registerModelSpec.plan({ ModelPackageGroupName: 'Abalone' }, ctx('Register', { packageVersion: 3 }));
    assert.equal(plan.arn, 'arn:aws:sagemaker:us-east-2:111122223333:model-package/Abalone/3');
    assert.deepEqual([plan.name, plan.nameKey, plan.version], ['Abalone', 'abalone/3', 3]);
  });

  it('keeps tuning job names to 32 characters', () => {
    const plan = tuningSpec.plan({}, ctx('MyTuningStep'));
    assert.ok(plan.name.length <= 32, plan.name);
    assert.equal(plan.arn, `arn:aws:sagemaker:us-east-2:111122223333:hyper-parameter-tuning-job/${plan.name}`);
  });
});

describe('Describe answers', () => {
  it('puts a training model at <S3OutputPath>/<job>/output/model.tar.gz, defaulting the bucket', () => {
    const withPath = describeTrainingJob(makeJob('TrainingJob', { OutputDataConfig: { S3OutputPath: 's3://b/p/' } }));
    assert.deepEqual(withPath['ModelArtifacts'], { S3ModelArtifacts: 's3://b/p/job-1/output/model.tar.gz' });
    assert.equal(withPath['TrainingTimeInSeconds'], 65);
    const without = describeTrainingJob(makeJob('TrainingJob', {}));
    assert.deepEqual(without['ModelArtifacts'], {
      S3ModelArtifacts: 's3://sagemaker-us-east-2-111122223333/job-1/output/model.tar.gz',
    });
    const running = describeTrainingJob(makeJob('TrainingJob', {}, { status: 'InProgress' }));
    assert.equal(running['ModelArtifacts'], undefined);
  });

  it('keeps processing outputs as given and fills an absent S3Uri', () => {
    const outputs = processingOutputs(
      makeJob('ProcessingJob', {
        ProcessingOutputConfig: {
          Outputs: [
            { OutputName: 'train', S3Output: { S3Uri: 's3://b/train', LocalPath: '/opt/ml/processing/train' } },
            { OutputName: 'test', S3Output: { LocalPath: '/opt/ml/processing/test' } },
          ],
        },
      }),
    );
    assert.deepEqual(
      outputs.map((o) => (o['S3Output'] as JsonObject)['S3Uri']),
      ['s3://b/train', 's3://sagemaker-us-east-2-111122223333/job-1/output/test'],
    );
  });

  it("gives EMR steps DescribeStep's shape, properties as a map", () => {
    const job = makeJob(
      'EMRStep',
      { StepConfig: { HadoopJarStep: { Jar: 's3://j.jar', Properties: [{ Key: 'Foo', Value: 'x' }] } } },
      { result: { ClusterId: 'j-1', StepId: 's-1', LogFilePath: 's3://logs' } },
    );
    const step = emrSpec.describe(job);
    assert.deepEqual(step['Config'], { Jar: 's3://j.jar', Properties: { Foo: 'x' }, Args: [] });
    assert.equal((step['Status'] as JsonObject)['State'], 'COMPLETED');
    assert.deepEqual(emrSpec.metadata(job), {
      EMR: { ClusterId: 'j-1', StepId: 's-1', StepName: 'job-1', LogFilePath: 's3://logs' },
    });
  });

  it('simulates tuning jobs best first, from the scripted objective', () => {
    const job = makeJob('HyperParameterTuningJob', {
      HyperParameterTuningJobConfig: {
        ResourceLimits: { MaxNumberOfTrainingJobs: 3 },
        HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'loss' },
        ParameterRanges: { IntegerParameterRanges: [{ Name: 'depth', MinValue: '2', MaxValue: '10' }] },
      },
      TrainingJobDefinition: { StaticHyperParameters: { a: '1' } },
    });
    const settings = { ...stepSettings(DEFAULT_SLUICE_CONFIG_FILE, 'p', 's', 'Tuning'), metrics: { loss: 2 } };
    const step = { propertyFiles: [] } as unknown as StepNode;
    const output = tuningSpec.simulate?.(job, { step, settings, now: 2_000_000, random: (n) => 'a'.repeat(n) });
    const summaries = output?.result?.['TrainingJobSummaries'] as JsonObject[];
    const values = summaries.map((s) => (s['FinalHyperParameterTuningJobObjectiveMetric'] as JsonObject)['Value']);
    assert.deepEqual(values, [2, 2.02, 2.04]);
    assert.deepEqual(
      summaries.map((s) => (s['TunedHyperParameters'] as JsonObject)['depth']),
      ['4', '6', '8'],
    );
    assert.equal(output?.children?.length, 3);
    assert.deepEqual((output?.children?.[0]?.request['HyperParameters'] as JsonObject)['a'], '1');
  });

  it('describes processing metadata by ARN', () => {
    assert.deepEqual(processingSpec.metadata(makeJob('ProcessingJob', {})), {
      ProcessingJob: { Arn: 'arn:aws:sagemaker:us-east-2:111122223333:x/ProcessingJob' },
    });
  });
});

describe('failure reasons', () => {
  it('words scripted failures as SageMaker does, with their exception types', () => {
    assert.deepEqual(scriptedFailure('TrainingJob', { errorType: 'SageMaker.RESOURCE_LIMIT', message: 'too many' }), {
      failureReason: 'ClientError: Failed to invoke sagemaker:CreateTrainingJob. Error Details: too many',
      errorType: 'SageMaker.RESOURCE_LIMIT',
      jobCreated: false,
    });
    assert.deepEqual(
      scriptedFailure('ProcessingJob', { errorType: 'SageMaker.CAPACITY_ERROR', message: 'none left' }),
      {
        failureReason: 'CapacityError: none left',
        errorType: 'SageMaker.CAPACITY_ERROR',
        jobCreated: true,
      },
    );
    assert.equal(scriptedFailure('TrainingJob', { errorType: 'AlgorithmError' }).errorType, 'ClientError');
    assert.equal(scriptedFailure('EMRStep', { errorType: 'Step.THROTTLING' }).jobCreated, false);
    assert.match(
      createFailure('EMRStep', 'x').failureReason,
      /^ClientError: Failed to invoke elasticmapreduce:AddJobFlowSteps/,
    );
  });
});
