/**
 * The `process` executor runs real Python scripts as Processing and Training jobs, in folders laid out as
 * SageMaker containers see them, with inputs and outputs in local S3 (docs/config.md): Processing writes a
 * training file and an evaluation report (a PropertyFile), Training reads its channel and writes a model, a
 * Condition reads the report with Std:JsonGet. Real server over HTTP, every store.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  DescribeProcessingJobCommand,
  DescribeTrainingJobCommand,
  type SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { LocalS3 } from '../../src/runtimes/s3/local-s3.js';
import { extractTar, tarGz } from '../../src/runtimes/jobs/tar.js';
import { parseSluiceConfig } from '../../src/sluice-config.js';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';

const PREPROCESS = `
import argparse, json, os, sys
p = argparse.ArgumentParser()
p.add_argument('--input'); p.add_argument('--train-dir'); p.add_argument('--eval-dir'); p.add_argument('--mode')
a = p.parse_args()
if a.mode == 'fail':
    print('about to fail', flush=True)
    sys.stderr.write('ValueError: the raw data is broken\\n')
    sys.exit(3)
if a.mode == 'sleep':
    open(os.path.join(os.environ['SM_JOB_DIR'], 'pid'), 'w').write(str(os.getpid()))
    import time; time.sleep(30)
rows = [l.strip() for l in open(os.path.join(a.input, 'data.csv')) if l.strip()]
values = [float(r.split(',')[1]) for r in rows]
with open(os.path.join(a.train_dir, 'train.csv'), 'w') as f:
    f.write('\\n'.join(rows) + '\\n')
mean = sum(values) / len(values)
mse = sum((v - mean) ** 2 for v in values) / len(values)
with open(os.path.join(a.eval_dir, 'evaluation.json'), 'w') as f:
    json.dump({'regression_metrics': {'mse': {'value': mse}}}, f)
print('preprocessed', len(rows), 'rows; mse', mse)
`;

const TRAIN = `
import argparse, json, os
p = argparse.ArgumentParser()
p.add_argument('--alpha', type=float)
a = p.parse_args()
rows = open(os.path.join(os.environ['SM_CHANNEL_TRAIN'], 'train.csv')).read().split()
hps = json.load(open(os.path.join(os.environ['SM_INPUT_CONFIG_DIR'], 'hyperparameters.json')))
with open(os.path.join(os.environ['SM_MODEL_DIR'], 'model.json'), 'w') as f:
    json.dump({'rows': len(rows), 'alpha': a.alpha, 'program': json.loads(hps['sagemaker_program'])}, f)
print('rows=%d' % len(rows))
`;

/** The interpreter itself (pyenv's `python3` is a shell script that takes most of a second to start). */
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
/** An image the config file maps to PYTHON; the other one runs its ContainerEntrypoint as written. */
const MAPPED_IMAGE = '000000000000.dkr.ecr.us-east-1.amazonaws.com/sklearn:1.2';
const PLAIN_IMAGE = 'local/python';
const SCRIPT = '/opt/ml/processing/input/code/preprocess.py';

function processingStep(mode: string, maxRuntime = 60, image = MAPPED_IMAGE): Record<string, unknown> {
  const s3Input = (name: string, uri: string, local: string) => ({
    InputName: name,
    AppManaged: false,
    S3Input: {
      S3Uri: uri,
      LocalPath: local,
      S3DataType: 'S3Prefix',
      S3InputMode: 'File',
      S3DataDistributionType: 'FullyReplicated',
    },
  });
  const output = (name: string, uri: unknown, local: string) => ({
    OutputName: name,
    AppManaged: false,
    S3Output: { S3Uri: uri, LocalPath: local, S3UploadMode: 'EndOfJob' },
  });
  return {
    Name: 'Prepare',
    Type: 'Processing',
    Arguments: {
      AppSpecification: {
        ImageUri: image,
        ContainerEntrypoint: image === MAPPED_IMAGE ? ['python3', SCRIPT] : [PYTHON, SCRIPT],
        ContainerArguments: [
          '--input',
          '/opt/ml/processing/input/raw',
          '--train-dir=/opt/ml/processing/train',
          '--eval-dir',
          '/opt/ml/processing/evaluation',
          '--mode',
          mode,
        ],
      },
      ProcessingInputs: [
        s3Input('raw', 's3://data/raw', '/opt/ml/processing/input/raw'),
        s3Input('code', 's3://code/preprocess.py', '/opt/ml/processing/input/code'),
      ],
      ProcessingOutputConfig: {
        Outputs: [
          output(
            'train',
            {
              'Std:Join': { On: '/', Values: ['s3:/', 'artifacts', { Get: 'Execution.PipelineExecutionId' }, 'train'] },
            },
            '/opt/ml/processing/train',
          ),
          output('evaluation', 's3://artifacts/evaluation', '/opt/ml/processing/evaluation'),
        ],
      },
      ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 } },
      RoleArn: ROLE_ARN,
      StoppingCondition: { MaxRuntimeInSeconds: maxRuntime },
    },
    PropertyFiles: [{ PropertyFileName: 'EvaluationReport', OutputName: 'evaluation', FilePath: 'evaluation.json' }],
  };
}

const TRAINING_STEP = {
  Name: 'Train',
  Type: 'Training',
  Arguments: {
    AlgorithmSpecification: {
      TrainingImage: 'local/sklearn-training',
      TrainingInputMode: 'File',
      MetricDefinitions: [{ Name: 'train:rows', Regex: 'rows=([0-9]+)' }],
    },
    HyperParameters: {
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: '"s3://code/sourcedir.tar.gz"',
      alpha: '0.5',
    },
    InputDataConfig: [
      {
        ChannelName: 'train',
        ContentType: 'text/csv',
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix',
            S3Uri: { Get: "Steps.Prepare.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" },
          },
        },
      },
    ],
    OutputDataConfig: { S3OutputPath: 's3://artifacts/models' },
    ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
    RoleArn: ROLE_ARN,
    StoppingCondition: { MaxRuntimeInSeconds: 60 },
  },
};

const CONDITION = {
  Name: 'CheckMse',
  Type: 'Condition',
  Arguments: {
    Conditions: [
      {
        Type: 'LessThanOrEqualTo',
        LeftValue: {
          'Std:JsonGet': {
            PropertyFile: { Get: 'Steps.Prepare.PropertyFiles.EvaluationReport' },
            Path: 'regression_metrics.mse.value',
          },
        },
        RightValue: 6.0,
      },
    ],
    IfSteps: [
      {
        Name: 'CreateModel',
        Type: 'Model',
        Arguments: {
          ExecutionRoleArn: ROLE_ARN,
          PrimaryContainer: {
            Image: 'local/serve',
            ModelDataUrl: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' },
          },
        },
      },
    ],
    ElseSteps: [{ Name: 'TooHigh', Type: 'Fail', Arguments: { ErrorMessage: 'mse too high' } }],
  },
};

const CONFIG = parseSluiceConfig({
  executors: { Processing: 'process', Training: 'process' },
  simulate: { durationMs: 5 },
  process: { python: PYTHON },
  // The container's own interpreter replaced by ours; the container arguments are appended.
  images: { [MAPPED_IMAGE]: { command: [PYTHON, '{entrypoint}'] } },
});

for (const kind of await storeKinds()) {
  describe(`the process executor runs Python scripts (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    let s3: LocalS3;
    before(async () => {
      server = await startTestServer(kind, { configFile: CONFIG });
      sm = sagemakerClient(server.url);
      s3 = new LocalS3(join(server.config.dataDir, 's3'));
      s3.writeObject('s3://data/raw/data.csv', 'a,1\nb,2\nc,3\nd,4\n');
      s3.writeObject('s3://code/preprocess.py', PREPROCESS);
      s3.writeObject('s3://code/sourcedir.tar.gz', tarGz([{ path: 'train.py', data: Buffer.from(TRAIN) }]));
      const pipelines: [string, unknown[]][] = [
        ['full', [processingStep('ok'), TRAINING_STEP, CONDITION]],
        ['failing', [processingStep('fail', 60, PLAIN_IMAGE)]],
        ['sleeping', [processingStep('sleep')]],
        ['timing-out', [processingStep('sleep', 1)]],
      ];
      for (const [name, steps] of pipelines) {
        await sm.send(
          new CreatePipelineCommand({ PipelineName: name, PipelineDefinition: definitionOf(steps), RoleArn: ROLE_ARN }),
        );
      }
    });
    after(async () => {
      sm.destroy();
      await server.stop();
    });

    const start = async (pipeline: string): Promise<string> =>
      (await sm.send(new StartPipelineExecutionCommand({ PipelineName: pipeline }))).PipelineExecutionArn ?? '';

    it('runs Processing → Training → Condition through real scripts and local S3', async () => {
      const arn = await start('full');
      const end = await waitForExecution(sm, arn, undefined, 60_000);
      const steps = new Map((await allSteps(sm, arn)).map((s) => [s.StepName, s]));
      assert.equal(end.status, 'Succeeded', `${end.failureReason ?? ''} ${JSON.stringify([...steps.values()])}`);
      assert.deepEqual([...steps.keys()].sort(), ['CheckMse', 'CreateModel', 'Prepare', 'Train']);
      assert.deepEqual(steps.get('CheckMse')?.Metadata, { Condition: { Outcome: 'True' } });
      const id = arn.split('/').pop() ?? '';
      assert.equal(s3.readObject(`s3://artifacts/${id}/train/train.csv`), 'a,1\nb,2\nc,3\nd,4\n');
      assert.deepEqual(JSON.parse(s3.readObject('s3://artifacts/evaluation/evaluation.json') ?? ''), {
        regression_metrics: { mse: { value: 1.25 } },
      });

      const trainJob = steps.get('Train')?.Metadata?.TrainingJob?.Arn?.split('/').pop();
      const training = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: trainJob }));
      assert.equal(training.TrainingJobStatus, 'Completed');
      assert.deepEqual(
        training.FinalMetricDataList?.map((m) => [m.MetricName, m.Value]),
        [['train:rows', 4]],
      );
      assert.deepEqual(
        training.SecondaryStatusTransitions?.map((t) => t.Status),
        ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed'],
      );
      const model = s3.readObjectBytes(training.ModelArtifacts?.S3ModelArtifacts ?? '');
      assert.ok(model, 'model.tar.gz was uploaded');
      const unpacked = await mkdtemp(join(tmpdir(), 'sluice-model-'));
      await extractTar(model, unpacked);
      assert.deepEqual(JSON.parse(readFileSync(join(unpacked, 'model.json'), 'utf8')), {
        rows: 4,
        alpha: 0.5,
        program: 'train.py',
      });
      const log = join(server.config.dataDir, 'jobs', trainJob ?? '', 'job.log');
      assert.match(readFileSync(log, 'utf8'), /rows=4/);
      const prepareJob = steps.get('Prepare')?.Metadata?.ProcessingJob?.Arn?.split('/').pop();
      const processing = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: prepareJob }));
      assert.equal(processing.ProcessingJobStatus, 'Completed');
      assert.equal(processing.ProcessingOutputConfig?.Outputs?.[0]?.S3Output?.S3Uri, `s3://artifacts/${id}/train`);
    });

    it('fails a job whose command exits non-zero with an AlgorithmError quoting its log', async () => {
      const arn = await start('failing');
      assert.equal((await waitForExecution(sm, arn, undefined, 30_000)).status, 'Failed');
      const [step] = await allSteps(sm, arn);
      assert.match(step?.FailureReason ?? '', /^AlgorithmError: \S*python3?\S* exited with code 3\. Last lines of /);
      assert.match(step?.FailureReason ?? '', /ValueError: the raw data is broken/);
      const job = step?.Metadata?.ProcessingJob?.Arn?.split('/').pop();
      const described = await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: job }));
      assert.equal(described.ProcessingJobStatus, 'Failed');
    });

    it('stops a job past MaxRuntimeInSeconds and fails its step', async () => {
      const arn = await start('timing-out');
      assert.equal((await waitForExecution(sm, arn, undefined, 30_000)).status, 'Failed');
      const [step] = await allSteps(sm, arn);
      assert.match(
        step?.FailureReason ?? '',
        /^ClientError: Processing job runtime exceeded MaxRuntimeInSeconds provided \(1 s\)\./,
      );
      const job = step?.Metadata?.ProcessingJob?.Arn?.split('/').pop();
      assert.equal(
        (await sm.send(new DescribeProcessingJobCommand({ ProcessingJobName: job }))).ProcessingJobStatus,
        'Stopped',
      );
    });

    it('kills the command of a job whose execution is stopped', async () => {
      const arn = await start('sleeping');
      const deadline = Date.now() + 30_000;
      let pidFile = '';
      while (!pidFile || !existsSync(pidFile)) {
        const job = (await allSteps(sm, arn))[0]?.Metadata?.ProcessingJob?.Arn?.split('/').pop();
        if (job) pidFile = join(server.config.dataDir, 'jobs', job, 'pid');
        assert.ok(Date.now() < deadline, 'the script never started');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      for (;;) {
        try {
          process.kill(pid, 0);
        } catch {
          break; // gone
        }
        assert.ok(Date.now() < deadline, `process ${pid} still runs`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
  });
}
