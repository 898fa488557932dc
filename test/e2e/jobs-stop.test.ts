/**
 * Stopping and failing job steps (api-spec §6.4; definition-spec §8.4, §9): StopPipelineExecution stops a running
 * simulated job at once, a Stop*Job call (on this node or another) makes its step fail, scripted failures carry
 * AWS's reasons and exception types, and retry policies retry them. Real server over HTTP, every store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  DescribeTrainingJobCommand,
  ListTrainingJobsCommand,
  type PipelineExecutionStep,
  type SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { jobMessages } from '../../src/services/sagemaker/jobs.js';
import { startSluice } from '../../src/server/start-sluice.js';
import { parseSluiceConfig } from '../../src/sluice-config.js';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { errorOf } from '../support/errors.js';

/** A Training step writing to `s3://bucket/<name>`. */
function trainingStep(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Name: name,
    Type: 'Training',
    Arguments: {
      AlgorithmSpecification: { TrainingImage: 'local/train:latest', TrainingInputMode: 'File' },
      OutputDataConfig: { S3OutputPath: `s3://bucket/${name}` },
      ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      RoleArn: ROLE_ARN,
    },
    ...extra,
  };
}

const SLOW = definitionOf([trainingStep('Slow')]);
const RETRIED = definitionOf([
  trainingStep('Flaky', {
    RetryPolicies: [
      { ExceptionType: ['SageMaker.CAPACITY_ERROR'], IntervalSeconds: 1, BackoffRate: 1, MaxAttempts: 3 },
    ],
  }),
]);

const CONFIG = parseSluiceConfig({
  simulate: { durationMs: 5 },
  pipelines: {
    slow: { durationMs: 60_000 },
    'internal-error': {
      steps: { Slow: { fail: { errorType: 'SageMaker.JOB_INTERNAL_ERROR', message: 'The instance went away.' } } },
    },
    'resource-limit': { steps: { Slow: { fail: { errorType: 'SageMaker.RESOURCE_LIMIT' } } } },
    retried: { steps: { Flaky: { fail: { errorType: 'SageMaker.CAPACITY_ERROR', attempts: 1 } } } },
  },
});

/** Polls until the step shows Metadata (its job's ARN, published when the job is created). */
async function waitForJob(sm: SageMakerClient, executionArn: string, step: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found: PipelineExecutionStep | undefined = (await allSteps(sm, executionArn)).find(
      (s) => s.StepName === step,
    );
    const arn = found?.Metadata?.TrainingJob?.Arn;
    if (arn) return arn.split('/').pop() ?? '';
    if (Date.now() > deadline) throw new Error(`step ${step} shows no job after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Polls until the training job has `status`. */
async function waitForJobStatus(sm: SageMakerClient, name: string, status: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }))).TrainingJobStatus !== status) {
    if (Date.now() > deadline) throw new Error(`job ${name} not ${status} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const kind of await storeKinds()) {
  describe(`stopping and failing job steps (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    before(async () => {
      server = await startTestServer(kind, { configFile: CONFIG });
      sm = sagemakerClient(server.url);
      for (const [name, definition] of [
        ['slow', SLOW],
        ['internal-error', SLOW],
        ['resource-limit', SLOW],
        ['retried', RETRIED],
      ] as const) {
        await sm.send(
          new CreatePipelineCommand({ PipelineName: name, PipelineDefinition: definition, RoleArn: ROLE_ARN }),
        );
      }
    });
    after(async () => {
      sm.destroy();
      await server.stop();
    });

    const start = async (pipeline: string): Promise<string> =>
      (await sm.send(new StartPipelineExecutionCommand({ PipelineName: pipeline }))).PipelineExecutionArn ?? '';

    it('stops the running job of a stopped execution at once: step and job Stopped', async () => {
      const arn = await start('slow');
      const job = await waitForJob(sm, arn, 'Slow');
      const asked = Date.now();
      await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
      assert.ok(Date.now() - asked < 2_000, `stopped after ${Date.now() - asked} ms`);
      const [step] = await allSteps(sm, arn);
      assert.equal(step?.StepStatus, 'Stopped');
      assert.equal(step?.Metadata?.TrainingJob?.Arn?.endsWith(`/${job}`), true);
      await waitForJobStatus(sm, job, 'Stopped');
      const described = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: job }));
      assert.equal(described.SecondaryStatus, 'Stopped');
      assert.ok(described.TrainingEndTime instanceof Date);
    });

    it('fails the step of a job the user stops with StopTrainingJob', async () => {
      const arn = await start('slow');
      const job = await waitForJob(sm, arn, 'Slow');
      await sm.send(new StopTrainingJobCommand({ TrainingJobName: job }));
      const end = await waitForExecution(sm, arn);
      assert.equal(end.status, 'Failed');
      const [step] = await allSteps(sm, arn);
      assert.equal(step?.StepStatus, 'Failed');
      assert.match(step?.FailureReason ?? '', new RegExp(`^ClientError: Training job ${job} was stopped by user\\.`));
      assert.equal(
        (await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: job }))).TrainingJobStatus,
        'Stopped',
      );
      const again = await errorOf(() => sm.send(new StopTrainingJobCommand({ TrainingJobName: job })));
      assert.deepEqual(
        [again.name, again.message],
        ['ValidationException', jobMessages.notStoppable('TrainingJob', 'Stopped')],
      );
    });

    it('sees a stop asked for on another node through the store', async () => {
      const arn = await start('slow');
      const job = await waitForJob(sm, arn, 'Slow');
      // A second Sluice on the same store: the job runs on the first, the stop arrives at the second.
      const other = await startSluice({ ...server.config, port: 0 });
      const sm2 = sagemakerClient(other.url);
      try {
        await sm2.send(new StopTrainingJobCommand({ TrainingJobName: job }));
        assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
        await waitForJobStatus(sm, job, 'Stopped');
      } finally {
        sm2.destroy();
        await other.close();
      }
    });

    it('fails a step whose job fails with an internal error, keeping the job in its metadata', async () => {
      const arn = await start('internal-error');
      assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
      const [step] = await allSteps(sm, arn);
      assert.match(step?.FailureReason ?? '', /^InternalServerError: The instance went away\./);
      const job = step?.Metadata?.TrainingJob?.Arn?.split('/').pop();
      const described = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: job }));
      assert.equal(described.TrainingJobStatus, 'Failed');
      assert.equal(described.SecondaryStatus, 'Failed');
      assert.equal(described.FailureReason, 'InternalServerError: The instance went away.');
    });

    it('fails a step whose job cannot be created, with empty metadata and no job', async () => {
      const before = (await sm.send(new ListTrainingJobsCommand({ MaxResults: 100 }))).TrainingJobSummaries?.length;
      const arn = await start('resource-limit');
      assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
      const [step] = await allSteps(sm, arn);
      assert.match(
        step?.FailureReason ?? '',
        /^ClientError: Failed to invoke sagemaker:CreateTrainingJob\. Error Details: /,
      );
      assert.deepEqual(step?.Metadata, {});
      const afterwards = (await sm.send(new ListTrainingJobsCommand({ MaxResults: 100 }))).TrainingJobSummaries?.length;
      assert.equal(afterwards, before);
    });

    it('retries a capacity error under a retry policy: a new job per attempt', async () => {
      const arn = await start('retried');
      assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');
      const [step] = await allSteps(sm, arn);
      assert.equal(step?.AttemptCount, 2);
      const jobs = await sm.send(
        new ListTrainingJobsCommand({ NameContains: arn.split('/').pop(), SortOrder: 'Ascending' }),
      );
      assert.deepEqual(
        jobs.TrainingJobSummaries?.map((j) => j.TrainingJobStatus),
        ['Failed', 'Completed'],
      );
      assert.equal(step?.Metadata?.TrainingJob?.Arn, jobs.TrainingJobSummaries?.[1]?.TrainingJobArn);
    });
  });
}
