/**
 * Callback and SQS figures (issue: StopPipelineExecution and Callback steps):
 * - SendPipelineExecutionStepSuccess → the next Callback step's SQS message, p50 / p99 (target < 5 ms p50);
 * - built-in SQS send + receive + delete throughput, batches of 10 (target ≥ 3,000 messages/s);
 * - resident memory with 10,000 executions waiting on callbacks at once (target < 500 MB).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SageMakerClient,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { BenchOptions, SluiceProcess } from './support.js';
import {
  call,
  createPipeline,
  fmt,
  info,
  median,
  memoryOf,
  report,
  sleep,
  startSluiceProcess,
  tempDir,
} from './support.js';

const CREDENTIALS = { accessKeyId: 'bench', secretAccessKey: 'bench' };
const WAITING_EXECUTIONS = 10_000;

function callbackStep(name: string, queue: string, dependsOn?: string): Record<string, unknown> {
  return {
    Name: name,
    Type: 'Callback',
    SqsQueueUrl: `https://sqs.us-east-1.amazonaws.com/000000000000/${queue}`,
    Arguments: { work: name },
    OutputParameters: [],
    ...(dependsOn && { DependsOn: [dependsOn] }),
  };
}

function definition(steps: unknown[]): string {
  return JSON.stringify({ Version: '2020-12-01', Parameters: [], PipelineExperimentConfig: null, Steps: steps });
}

/** Runs the callback benchmarks. */
export async function callbacksBench(options: BenchOptions): Promise<void> {
  console.log('\n[callbacks] Stop latency, Callback hand-over latency, SQS throughput, memory of waiting executions');
  // Simulated jobs of the 'slow' pipeline run for a minute: only a stop ends them.
  const configDir = tempDir('sluice-bench-config-');
  const configFile = join(configDir, 'sluice.json');
  writeFileSync(configFile, JSON.stringify({ pipelines: { slow: { durationMs: 60_000 } } }));
  const sluice = await startSluiceProcess(options, ['--config', configFile]);
  const sm = new SageMakerClient({ endpoint: sluice.url, region: 'us-east-1', credentials: CREDENTIALS });
  const sqs = new SQSClient({ endpoint: sluice.url, region: 'us-east-1', credentials: CREDENTIALS });
  try {
    await stopLatency(sluice, sm);
    await handOverLatency(sluice, sm, sqs);
    await sqsThroughput(sqs, options);
    await waitingMemory(sluice, sm, sqs);
  } finally {
    sm.destroy();
    sqs.destroy();
    await sluice.close();
  }
}

async function receiveOne(sqs: SQSClient, queueUrl: string): Promise<{ token: string; handle: string }> {
  for (;;) {
    const page = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 5 }),
    );
    const message = page.Messages?.[0];
    if (message)
      return {
        token: (JSON.parse(message.Body ?? '{}') as { token: string }).token,
        handle: message.ReceiptHandle ?? '',
      };
  }
}

/** StopPipelineExecution → Stopped for executions whose only running step is a job (nothing blocks the stop). */
async function stopLatency(sluice: SluiceProcess, sm: SageMakerClient): Promise<void> {
  const training = {
    Name: 'Train',
    Type: 'Training',
    Arguments: {
      AlgorithmSpecification: { TrainingImage: 'image', TrainingInputMode: 'File' },
      OutputDataConfig: { S3OutputPath: 's3://bench/out' },
      ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 1 },
      RoleArn: 'arn:aws:iam::000000000000:role/x',
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    },
  };
  await createPipeline(sluice.url, 'slow', definition([training]));
  const samples: number[] = [];
  for (let i = 0; i < 120; i++) {
    const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'slow' }));
    while (
      !(
        await call<{ PipelineExecutionSteps?: { StepStatus?: string }[] }>(sluice.url, 'ListPipelineExecutionSteps', {
          PipelineExecutionArn: arn,
        })
      ).PipelineExecutionSteps?.length
    ) {
      await sleep(2);
    }
    const started = performance.now();
    await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
    while (
      (
        await call<{ PipelineExecutionStatus: string }>(sluice.url, 'DescribePipelineExecution', {
          PipelineExecutionArn: arn,
        })
      ).PipelineExecutionStatus !== 'Stopped'
    ) {
      if (performance.now() - started > 10_000) throw new Error(`${arn ?? ''} did not stop`);
    }
    if (i >= 20) samples.push(performance.now() - started);
  }
  samples.sort((x, y) => x - y);
  const p99 = samples[Math.floor(samples.length * 0.99)] ?? NaN;
  report({
    benchmark: 'callbacks',
    name: 'StopPipelineExecution → Stopped, nothing blocking',
    value: p99,
    unit: 'ms p99',
    target: '< 5',
    pass: p99 < 5,
    note: `p50 ${fmt(median(samples), 2)} ms over ${samples.length} stops of a running simulated training job, stop call included`,
  });
}

async function handOverLatency(sluice: SluiceProcess, sm: SageMakerClient, sqs: SQSClient): Promise<void> {
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'latency' }))).QueueUrl ?? '';
  await createPipeline(
    sluice.url,
    'latency',
    definition([callbackStep('A', 'latency'), callbackStep('B', 'latency', 'A')]),
  );
  const samples: number[] = [];
  for (let i = 0; i < 120; i++) {
    await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'latency' }));
    const a = await receiveOne(sqs, queueUrl);
    const next = receiveOne(sqs, queueUrl);
    await sleep(2); // the receive is waiting before the answer goes out
    const started = performance.now();
    await sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: a.token }));
    const b = await next;
    if (i >= 20) samples.push(performance.now() - started);
    await sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: b.token }));
  }
  samples.sort((x, y) => x - y);
  const p50 = median(samples);
  const p99 = samples[Math.floor(samples.length * 0.99)] ?? NaN;
  report({
    benchmark: 'callbacks',
    name: 'SendPipelineExecutionStepSuccess → next step message',
    value: p50,
    unit: 'ms p50',
    target: '< 5',
    pass: p50 < 5,
    note: `p99 ${fmt(p99, 2)} ms over ${samples.length} hand-overs, each including the success call's own round trip`,
  });
}

async function sqsThroughput(sqs: SQSClient, options: BenchOptions): Promise<void> {
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'throughput' }))).QueueUrl ?? '';
  const deadline = performance.now() + options.durationS * 1000;
  let moved = 0;
  const worker = async (w: number): Promise<void> => {
    for (let round = 0; performance.now() < deadline; round++) {
      const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `w${w}-r${round}-${i}` }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const page = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
      const messages = page.Messages ?? [];
      if (messages.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle ?? '' })),
          }),
        );
      }
      moved += messages.length;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
  const perSecond = moved / ((performance.now() - started) / 1000);
  report({
    benchmark: 'callbacks',
    name: 'SQS send + receive + delete (batches of 10, 16 clients)',
    value: perSecond,
    unit: 'messages/s',
    target: '≥ 3,000',
    pass: perSecond >= 3000,
  });
}

async function waitingMemory(sluice: SluiceProcess, sm: SageMakerClient, sqs: SQSClient): Promise<void> {
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'waiting' }))).QueueUrl ?? '';
  await createPipeline(sluice.url, 'waiting', definition([callbackStep('Wait', 'waiting')]));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < WAITING_EXECUTIONS) {
        next++;
        await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'waiting' }));
      }
    }),
  );
  for (;;) {
    const attributes = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    if (Number(attributes.Attributes?.['ApproximateNumberOfMessages'] ?? 0) >= WAITING_EXECUTIONS) break;
    if (performance.now() - started > 300_000) throw new Error('the waiting executions did not all start');
    await sleep(200);
  }
  info(
    `${fmt(WAITING_EXECUTIONS)} executions started and waiting in ${fmt((performance.now() - started) / 1000, 1)} s`,
  );
  const { rssMiB } = memoryOf(sluice.pid);
  report({
    benchmark: 'callbacks',
    name: `RSS with ${fmt(WAITING_EXECUTIONS)} executions waiting on callbacks`,
    value: rssMiB,
    unit: 'MiB',
    target: '< 500',
    pass: rssMiB < 500,
  });
}
