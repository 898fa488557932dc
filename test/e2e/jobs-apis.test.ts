/**
 * Job steps of every type (the shared single-step fixtures) run simulated, and the jobs they create answer the
 * SageMaker job APIs (Describe*, List*), through @aws-sdk/client-sagemaker on every store.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  DescribeAutoMLJobCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
  ListHyperParameterTuningJobsCommand,
  ListModelPackagesCommand,
  ListModelsCommand,
  ListProcessingJobsCommand,
  ListTrainingJobsCommand,
  ListTrainingJobsForHyperParameterTuningJobCommand,
  ListTransformJobsCommand,
  type PipelineExecutionStep,
  type SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { jobMessages } from '../../src/services/sagemaker/jobs.js';
import { parseSluiceConfig } from '../../src/sluice-config.js';
import { ROLE_ARN, SHARED_DEFINITIONS_DIR } from '../support/definitions.js';
import { allSteps, waitForExecution } from '../support/executions.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { errorOf } from '../support/errors.js';

/** A step fixture of ../shared/definitions/steps without its DependsOn (the steps it names are not here). */
function fixture(file: string): Record<string, unknown> {
  const step = JSON.parse(readFileSync(join(SHARED_DEFINITIONS_DIR, 'steps', file), 'utf8')) as Record<string, unknown>;
  delete step['DependsOn'];
  return step;
}

const EVERY_JOB_STEP = JSON.stringify({
  Version: '2020-12-01',
  Metadata: {},
  Parameters: [
    { Name: 'DataSourceS3Uri', Type: 'String', DefaultValue: 's3://bucket/data' },
    { Name: 'InstanceCount', Type: 'Integer', DefaultValue: 1 },
    { Name: 'InstanceType', Type: 'String', DefaultValue: 'ml.m5.xlarge' },
    { Name: 'TrainingBatchSize', Type: 'Integer', DefaultValue: 32 },
    { Name: 'TrainingEpochs', Type: 'Integer', DefaultValue: 5 },
    { Name: 'UseSpotInstances', Type: 'Boolean', DefaultValue: false },
    { Name: 'BaselineDataset', Type: 'String', DefaultValue: 's3://bucket/baseline.csv' },
    { Name: 'MyModelPackageGroup', Type: 'String', DefaultValue: 'checked-group' },
    { Name: 'SuppliedBaselineConstraintsUri', Type: 'String', DefaultValue: 's3://bucket/supplied/constraints.json' },
    { Name: 'SuppliedBaselineStatisticsUri', Type: 'String', DefaultValue: 's3://bucket/supplied/statistics.json' },
  ],
  PipelineExperimentConfig: null,
  Steps: [
    'training-step.json',
    'tuning-step-single-algo.json',
    'automl-step.json',
    'create-model-step.json',
    'register-model-step.json',
    'transform-step.json',
    'quality-check-data-quality.json',
    'clarify-check-data-bias.json',
    'emr-step-retry-cache.json',
  ].map(fixture),
});

const CONFIG = parseSluiceConfig({
  simulate: { durationMs: 5 },
  pipelines: {
    'every-job-step': {
      steps: {
        MyTuningStep: { metrics: { 'val:accuracy': 0.93 } },
        MyTrainingStep: { metrics: { 'train:loss': 0.25 }, properties: { Environment: { SCRIPTED: 'yes' } } },
      },
    },
  },
});

for (const kind of await storeKinds()) {
  describe(`job APIs over simulated job steps (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    let steps: Map<string, PipelineExecutionStep>;
    let executionId: string;
    before(async () => {
      server = await startTestServer(kind, { configFile: CONFIG });
      sm = sagemakerClient(server.url);
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'every-job-step',
          PipelineDefinition: EVERY_JOB_STEP,
          RoleArn: ROLE_ARN,
        }),
      );
      const arn = (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'every-job-step' })))
        .PipelineExecutionArn!;
      executionId = arn.split('/').pop()!;
      const end = await waitForExecution(sm, arn);
      steps = new Map((await allSteps(sm, arn)).map((s) => [s.StepName!, s]));
      assert.equal(end.status, 'Succeeded', `${end.failureReason} ${JSON.stringify([...steps.values()])}`);
    });
    after(async () => {
      sm.destroy();
      await server.stop();
    });

    const nameOf = (arn: string | undefined): string => (arn ?? '').split('/').pop() ?? '';

    it('describes the training job of a Training step, with scripted metrics and properties', async () => {
      const arn = steps.get('MyTrainingStep')?.Metadata?.TrainingJob?.Arn;
      assert.match(arn ?? '', new RegExp(`:training-job/pipelines-${executionId}-MyTrainingStep-[A-Za-z0-9]{10}$`));
      const job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: nameOf(arn) }));
      assert.equal(job.TrainingJobArn, arn);
      assert.equal(job.TrainingJobStatus, 'Completed');
      assert.deepEqual(job.HyperParameters, { 'batch-size': '32', epochs: '5' });
      assert.equal(job.OutputDataConfig?.S3OutputPath, 's3://a/b');
      assert.equal(job.ModelArtifacts?.S3ModelArtifacts, `s3://a/b/${job.TrainingJobName}/output/model.tar.gz`);
      assert.deepEqual(
        job.FinalMetricDataList?.map((m) => [m.MetricName, m.Value]),
        [['train:loss', 0.25]],
      );
      assert.deepEqual(job.Environment, { SCRIPTED: 'yes' });
      assert.ok(job.CreationTime instanceof Date && job.TrainingEndTime instanceof Date);
    });

    it('describes a tuning job with its best training job and lists the training jobs it launched', async () => {
      const arn = steps.get('MyTuningStep')?.Metadata?.TuningJob?.Arn;
      assert.match(arn ?? '', /:hyper-parameter-tuning-job\/pipelines-[a-z0-9]{12}-[a-z0-9]{9}$/);
      const name = nameOf(arn);
      assert.ok(name.length <= 32);
      const tuning = await sm.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: name }));
      assert.equal(tuning.HyperParameterTuningJobStatus, 'Completed');
      assert.deepEqual(tuning.TrainingJobStatusCounters?.Completed, 5);
      assert.equal(tuning.BestTrainingJob?.FinalHyperParameterTuningJobObjectiveMetric?.Value, 0.93);
      const children = await sm.send(
        new ListTrainingJobsForHyperParameterTuningJobCommand({
          HyperParameterTuningJobName: name,
          SortBy: 'FinalObjectiveMetricValue',
          SortOrder: 'Descending',
        }),
      );
      assert.equal(children.TrainingJobSummaries?.length, 5);
      assert.equal(children.TrainingJobSummaries?.[0]?.TrainingJobName, tuning.BestTrainingJob?.TrainingJobName);
      const best = await sm.send(
        new DescribeTrainingJobCommand({ TrainingJobName: tuning.BestTrainingJob?.TrainingJobName }),
      );
      assert.equal(best.TuningJobArn, arn);
      assert.equal(best.HyperParameters?.['num_layers'], '18');
      const listed = await sm.send(new ListHyperParameterTuningJobsCommand({ NameContains: executionId }));
      assert.deepEqual(
        listed.HyperParameterTuningJobSummaries?.map((s) => s.HyperParameterTuningJobName),
        [name],
      );
    });

    it('describes the AutoML job with a best candidate', async () => {
      const arn = steps.get('MyAutoMLStep')?.Metadata?.AutoMLJob?.Arn;
      assert.match(arn ?? '', /:automl-job\/automljo-/);
      const job = await sm.send(new DescribeAutoMLJobCommand({ AutoMLJobName: nameOf(arn) }));
      assert.equal(job.AutoMLJobStatus, 'Completed');
      assert.match(job.BestCandidate?.InferenceContainers?.[0]?.ModelDataUrl ?? '', /^s3:\/\/my_other_bucket\//);
      assert.equal(job.BestCandidate?.FinalAutoMLJobObjectiveMetric?.MetricName, 'F1');
    });

    it('describes and lists the model of a Model step', async () => {
      const arn = steps.get('MyCreateModelStep')?.Metadata?.Model?.Arn;
      const model = await sm.send(new DescribeModelCommand({ ModelName: nameOf(arn) }));
      assert.equal(model.ModelArn, arn);
      assert.equal(model.PrimaryContainer?.Image, 'fakeimage');
      const listed = await sm.send(new ListModelsCommand({ NameContains: 'mycreatemodel' }));
      assert.deepEqual(
        listed.Models?.map((m) => m.ModelArn),
        [arn],
      );
    });

    it('registers version 1 of the group and describes it by ARN', async () => {
      const arn = steps.get('RegisterModelStep-RegisterModel')?.Metadata?.RegisterModel?.Arn;
      assert.equal(arn, 'arn:aws:sagemaker:us-east-1:000000000000:model-package/mpg/1');
      const pkg = await sm.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
      assert.equal(pkg.ModelPackageGroupName, 'mpg');
      assert.equal(pkg.ModelPackageVersion, 1);
      assert.equal(pkg.ModelApprovalStatus, 'Approved');
      assert.equal(pkg.ModelPackageStatus, 'Completed');
      assert.equal(pkg.InferenceSpecification?.Containers?.[0]?.ModelDataUrl, 's3://my-bucket/model.tar.gz');
      const listed = await sm.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'mpg' }));
      assert.deepEqual(
        listed.ModelPackageSummaryList?.map((p) => [p.ModelPackageArn, p.ModelApprovalStatus]),
        [[arn, 'Approved']],
      );
      assert.deepEqual((await sm.send(new ListModelPackagesCommand({}))).ModelPackageSummaryList, []);
    });

    it('describes the transform job with the default output path', async () => {
      const arn = steps.get('MyTransformStep')?.Metadata?.TransformJob?.Arn;
      const job = await sm.send(new DescribeTransformJobCommand({ TransformJobName: nameOf(arn) }));
      assert.equal(job.TransformJobStatus, 'Completed');
      assert.equal(job.ModelName, 'gisele');
      assert.equal(job.TransformOutput?.S3OutputPath, `s3://sagemaker-us-east-1-000000000000/${job.TransformJobName}`);
      const listed = await sm.send(new ListTransformJobsCommand({ StatusEquals: 'Completed' }));
      assert.ok(listed.TransformJobSummaries?.some((s) => s.TransformJobArn === arn));
    });

    it('gives check steps their metadata, with fields resolved from parameters', async () => {
      const quality = steps.get('DataQualityCheckStep')?.Metadata?.QualityCheck;
      assert.equal(quality?.CheckType, 'DATA_QUALITY');
      assert.equal(quality?.ModelPackageGroupName, 'checked-group');
      assert.equal(quality?.BaselineUsedForDriftCheckConstraints, 's3://bucket/supplied/constraints.json');
      assert.equal(quality?.BaselineUsedForDriftCheckStatistics, 's3://bucket/supplied/statistics.json');
      assert.equal(quality?.CalculatedBaselineStatistics, 's3://.../statistics.json');
      assert.equal(quality?.SkipCheck, false);
      assert.match(quality?.CheckJobArn ?? '', /:processing-job\/CheckJobPrefix-[A-Za-z0-9]{10}$/);
      const checkJob = await sm.send(
        new DescribeProcessingJobCommand({ ProcessingJobName: nameOf(quality?.CheckJobArn) }),
      );
      assert.equal(checkJob.ProcessingJobStatus, 'Completed');
      const clarify = steps.get('DataBiasCheckStep')?.Metadata?.ClarifyCheck;
      assert.equal(clarify?.CheckType, 'DATA_BIAS');
      assert.equal(clarify?.CalculatedBaselineConstraints, 's3://my_bucket/output/analysis.json');
      assert.equal(clarify?.BaselineUsedForDriftCheckConstraints, 'supplied_baseline_constraints');
      const listed = await sm.send(
        new ListProcessingJobsCommand({ NameContains: 'checkjobprefix', SortOrder: 'Ascending' }),
      );
      assert.deepEqual(
        listed.ProcessingJobSummaries?.map((s) => s.ProcessingJobArn).sort(),
        [quality?.CheckJobArn, clarify?.CheckJobArn].sort(),
      );
    });

    it('gives an EMR step EMR-like ids and a log path', () => {
      const emr = steps.get('MyEMRStep')?.Metadata?.EMR;
      assert.equal(emr?.ClusterId, 'MyClusterID');
      assert.match(emr?.StepId ?? '', /^s-[A-Z0-9]{13}$/);
      assert.match(emr?.StepName ?? '', new RegExp(`^pipelines-${executionId}-MyEMRStep-`));
      assert.equal(
        emr?.LogFilePath,
        `s3://aws-logs-000000000000-us-east-1/elasticmapreduce/MyClusterID/steps/${emr?.StepId}`,
      );
    });

    it('lists training jobs newest first by default, and pages', async () => {
      const all = await sm.send(new ListTrainingJobsCommand({ MaxResults: 100 }));
      assert.equal(all.TrainingJobSummaries?.length, 6, 'the Training step and the 5 jobs of the tuning job');
      const first = await sm.send(
        new ListTrainingJobsCommand({ MaxResults: 4, SortBy: 'Name', SortOrder: 'Ascending' }),
      );
      const second = await sm.send(
        new ListTrainingJobsCommand({
          MaxResults: 4,
          SortBy: 'Name',
          SortOrder: 'Ascending',
          NextToken: first.NextToken,
        }),
      );
      const names = [...(first.TrainingJobSummaries ?? []), ...(second.TrainingJobSummaries ?? [])].map(
        (s) => s.TrainingJobName ?? '',
      );
      assert.equal(second.NextToken, undefined);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      );
      assert.equal(new Set(names).size, 6);
    });

    it('answers ValidationException (ResourceNotFound for tuning and AutoML jobs) for jobs that do not exist, as SageMaker does', async () => {
      const error = await errorOf(() => sm.send(new DescribeTrainingJobCommand({ TrainingJobName: 'nope' })));
      assert.deepEqual([error.name, error.message], ['ValidationException', jobMessages.jobNotFound()]);
      const model = await errorOf(() => sm.send(new DescribeModelCommand({ ModelName: 'nope' })));
      assert.deepEqual([model.name, model.message], ['ValidationException', jobMessages.modelNotFound('nope')]);
      // Tuning and AutoML jobs answer the modelled ResourceNotFound, as AWS does for them.
      const tuning = await errorOf(() =>
        sm.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: 'nope' })),
      );
      assert.deepEqual([tuning.name, tuning.message], ['ResourceNotFound', jobMessages.tuningJobNotFound('nope')]);
      const automl = await errorOf(() => sm.send(new DescribeAutoMLJobCommand({ AutoMLJobName: 'nope' })));
      assert.deepEqual([automl.name, automl.message], ['ResourceNotFound', jobMessages.autoMLJobNotFound('nope')]);
    });

    it('registers the next version of the group on the next run', async () => {
      const arn = (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'every-job-step' })))
        .PipelineExecutionArn!;
      assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');
      const step = (await allSteps(sm, arn)).find((s) => s.StepName === 'RegisterModelStep-RegisterModel');
      assert.equal(step?.Metadata?.RegisterModel?.Arn, 'arn:aws:sagemaker:us-east-1:000000000000:model-package/mpg/2');
    });
  });
}
