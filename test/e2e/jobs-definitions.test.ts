/**
 * Every shared definition (../shared/definitions) runs to its expected end with the simulate executor, through
 * @aws-sdk/client-sagemaker against a real Sluice on every store. The config file scripts what the definitions
 * need: the abalone evaluation report (regression_metrics.mse.value) read by their Condition steps.
 * sdk-callback-outputs and sdk-lambda-outputs need callbacks and Lambda functions: their own tests run them.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  DescribeTrainingJobCommand,
  StartPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { parseSluiceConfig } from '../../src/sluice-config.js';
import { readSharedDefinition, ROLE_ARN, sharedDefinitionFiles } from '../support/definitions.js';
import { allSteps, waitForExecution } from '../support/executions.js';
import { join } from 'node:path';
import { CLIENTS_DIR, clientEnv, runProcess } from '../support/python-client.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';

/** Runs elsewhere: they need a callback consumer or Lambda functions. */
const SKIPPED = new Set(['sdk-callback-outputs.json', 'sdk-lambda-outputs.json']);

interface Expectation {
  readonly parameters?: Record<string, string>;
  readonly status: 'Succeeded' | 'Failed';
  readonly failureReason?: string;
  /** Steps that must have run, with their status. */
  readonly steps?: Record<string, string>;
}

const EXPECTED: Readonly<Record<string, Expectation>> = {
  'ex-abalone-selective-execution-cache.json': {
    status: 'Succeeded',
    steps: {
      'Abalone-Preprocess': 'Succeeded',
      'Abalone-Train': 'Succeeded',
      'Abalone-Evaluate': 'Succeeded',
      'Abalone-MSECheck': 'Succeeded',
      'Abalone-ModelRegister-RegisterModel': 'Succeeded',
      'Abalone-CreateModel-CreateModel': 'Succeeded',
    },
  },
  'ex-abalone-train-eval-condition-fail.json': {
    status: 'Succeeded',
    steps: {
      AbaloneProcess: 'Succeeded',
      AbaloneTrain: 'Succeeded',
      AbaloneEval: 'Succeeded',
      AbaloneMSECond: 'Succeeded',
      'AbaloneRegisterModel-RegisterModel': 'Succeeded',
      'AbaloneCreateModel-CreateModel': 'Succeeded',
      AbaloneTransform: 'Succeeded',
    },
  },
  'sdk-compiler-depends-on-branch-step.json': { status: 'Succeeded' },
  'sdk-compiler-nested-conditions.json': {
    status: 'Succeeded',
    steps: { 'custom-step-0': 'Succeeded', 'custom-step-1': 'Succeeded', 'custom-step-2': 'Succeeded' },
  },
  'sdk-emr-cluster-config-cache.json': { status: 'Succeeded', steps: { MyEMRStep: 'Succeeded' } },
  'sdk-emr-cluster-id.json': {
    parameters: { MyStr: 'hello' },
    status: 'Succeeded',
    steps: { TestStep: 'Succeeded', emr_step_1: 'Succeeded', emr_step_2: 'Succeeded' },
  },
  'sdk-experiment-config-custom.json': { status: 'Succeeded', steps: { MyStep: 'Succeeded' } },
  'sdk-experiment-config-null.json': { status: 'Succeeded', steps: { MyStep: 'Succeeded' } },
  'sdk-fail-join-outcome.json': { status: 'Failed' },
  'sdk-processing-propertyfile-cache.json': { status: 'Succeeded', steps: { MyProcessingStep: 'Succeeded' } },
  'sdk-retry-policies.json': { status: 'Succeeded', steps: { MyStep: 'Succeeded' } },
  'sdk-two-step-property-refs.json': {
    parameters: { MyStr: 'hello' },
    status: 'Succeeded',
    steps: { MyStep1: 'Succeeded', MyStep2: 'Succeeded' },
  },
};

const EVALUATION = { regression_metrics: { mse: { value: 3.2, standard_deviation: 0.4 } } };

/** Every pipeline is created under its file name; the abalone ones get an evaluation report. */
const CONFIG = parseSluiceConfig({
  simulate: { durationMs: 5 },
  pipelines: {
    'ex-abalone-selective-execution-cache': {
      steps: { 'Abalone-Evaluate': { propertyFiles: { EvaluationReport: EVALUATION } } },
    },
    'ex-abalone-train-eval-condition-fail': {
      steps: { AbaloneEval: { propertyFiles: { EvaluationReport: EVALUATION } } },
    },
    'abalone-mse-too-high': {
      steps: { AbaloneEval: { propertyFiles: { EvaluationReport: { regression_metrics: { mse: { value: 7.5 } } } } } },
    },
  },
});

for (const kind of await storeKinds()) {
  describe(`shared definitions with simulated jobs (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    before(async () => {
      server = await startTestServer(kind, { configFile: CONFIG });
      sm = sagemakerClient(server.url);
    });
    after(async () => {
      sm.destroy();
      await server.stop();
    });

    const run = async (pipeline: string, file: string, parameters: Record<string, string> = {}) => {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: pipeline,
          PipelineDefinition: readSharedDefinition(file),
          RoleArn: ROLE_ARN,
        }),
      );
      const started = await sm.send(
        new StartPipelineExecutionCommand({
          PipelineName: pipeline,
          PipelineParameters: Object.entries(parameters).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      const arn = started.PipelineExecutionArn ?? '';
      return { arn, end: await waitForExecution(sm, arn) };
    };

    it('knows the expected end of every shared definition it runs', () => {
      const files = sharedDefinitionFiles().filter((f) => !SKIPPED.has(f));
      assert.deepEqual(files, Object.keys(EXPECTED).sort());
    });

    for (const [file, expected] of Object.entries(EXPECTED)) {
      it(`runs ${file} to ${expected.status}`, async () => {
        const { arn, end } = await run(file.replace(/\.json$/, ''), file, expected.parameters);
        const steps = await allSteps(sm, arn);
        assert.equal(end.status, expected.status, `${end.failureReason ?? ''} ${JSON.stringify(steps)}`);
        for (const [name, status] of Object.entries(expected.steps ?? {})) {
          assert.equal(steps.find((s) => s.StepName === name)?.StepStatus, status, `step ${name}`);
        }
      });
    }

    it('takes the else branch of the abalone condition when the evaluation report says the MSE is too high', async () => {
      const { arn, end } = await run('abalone-mse-too-high', 'ex-abalone-train-eval-condition-fail.json');
      assert.equal(end.status, 'Failed');
      assert.match(end.failureReason ?? '', /Execution failed due to MSE > 6\.0/);
      const names = (await allSteps(sm, arn)).map((s) => s.StepName).sort();
      assert.deepEqual(names, ['AbaloneEval', 'AbaloneMSECond', 'AbaloneMSEFail', 'AbaloneProcess', 'AbaloneTrain']);
    });

    it('gives each job step the metadata of its job, which the job APIs describe', async () => {
      const { arn } = await run('two-step-metadata', 'sdk-two-step-property-refs.json', { MyStr: 'x' });
      const steps = await allSteps(sm, arn);
      const id = arn.split('/').pop() ?? '';
      const first = steps.find((s) => s.StepName === 'MyStep1');
      const jobArn = first?.Metadata?.TrainingJob?.Arn ?? '';
      assert.match(
        jobArn,
        new RegExp(`^arn:aws:sagemaker:us-east-1:000000000000:training-job/pipelines-${id}-MyStep1-[A-Za-z0-9]{10}$`),
      );
      const job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: jobArn.split('/').pop() }));
      assert.equal(job.TrainingJobStatus, 'Completed');
      assert.equal(job.SecondaryStatus, 'Completed');
      assert.equal(
        job.ModelArtifacts?.S3ModelArtifacts,
        `s3://sagemaker-us-east-1-000000000000/${job.TrainingJobName}/output/model.tar.gz`,
      );
      assert.deepEqual(
        job.SecondaryStatusTransitions?.map((t) => t.Status),
        ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed'],
      );
    });

    it('runs every one of them through boto3 too', async () => {
      const result = await runProcess(
        'python3',
        [join(CLIENTS_DIR, 'shared_definitions.py'), server.url, JSON.stringify(EXPECTED)],
        clientEnv(),
        300_000,
      );
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, new RegExp(`all ${Object.keys(EXPECTED).length} sections passed`));
    });
  });
}
