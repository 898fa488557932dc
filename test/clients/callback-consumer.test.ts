/**
 * The example consumer in examples/callback-consumer.ts (sqs-consumer) against a real Sluice: it does the work a
 * Callback step asks for, and on a stop it cleans up and answers, so the execution ends Stopped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startCallbackConsumer, type CallbackConsumer } from '../../examples/callback-consumer.js';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { sqsClient } from '../support/sqs.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';

const DEFINITION = definitionOf(
  [
    {
      Name: 'Sum',
      Type: 'Callback',
      SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/consumer-work',
      Arguments: { numbers: [1, 2, 3], seconds: { Get: 'Parameters.Seconds' } },
      OutputParameters: [{ OutputName: 'sum', OutputType: 'Integer' }],
    },
    {
      Name: 'BigEnough',
      Type: 'Condition',
      Arguments: {
        Conditions: [
          { Type: 'GreaterThanOrEqualTo', LeftValue: { Get: "Steps.Sum.OutputParameters['sum']" }, RightValue: 6 },
        ],
        IfSteps: [],
        ElseSteps: [{ Name: 'TooSmall', Type: 'Fail', Arguments: { ErrorMessage: 'sum too small' } }],
      },
    },
  ],
  [{ Name: 'Seconds', Type: 'Integer', DefaultValue: 0 }],
);

describe('example callback consumer', () => {
  let server: TestServer;
  let sm: SageMakerClient;
  let sqs: SQSClient;
  let consumer: CallbackConsumer;
  const errors: Error[] = [];
  before(async () => {
    server = await startTestServer('sqlite');
    sm = sagemakerClient(server.url);
    sqs = sqsClient(server.url);
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'consumer-work' }))).QueueUrl ?? '';
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'consumed', PipelineDefinition: DEFINITION, RoleArn: ROLE_ARN }),
    );
    consumer = startCallbackConsumer({ queueUrl, sqs, sagemaker: sm, onError: (error) => errors.push(error) });
  });
  after(async () => {
    await consumer.stop();
    sm.destroy();
    sqs.destroy();
    await server.stop();
  });

  it('does the work and answers with the outputs', async () => {
    const arn =
      (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'consumed' }))).PipelineExecutionArn ?? '';
    assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');
    const sum = (await allSteps(sm, arn)).find((s) => s.StepName === 'Sum');
    assert.deepEqual(sum?.Metadata?.Callback?.OutputParameters, [{ Name: 'sum', Value: '6' }]);
    assert.deepEqual(errors, []);
  });

  it('cancels its work on the Stopping message and answers, so the execution stops', async () => {
    const arn =
      (
        await sm.send(
          new StartPipelineExecutionCommand({
            PipelineName: 'consumed',
            PipelineParameters: [{ Name: 'Seconds', Value: '60' }],
          }),
        )
      ).PipelineExecutionArn ?? '';
    // Wait until the consumer has the work in hand (the step is Executing and its message was taken).
    const deadline = Date.now() + 10_000;
    while ((await allSteps(sm, arn)).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
    assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
    const [step] = await allSteps(sm, arn);
    assert.equal(step?.StepStatus, 'Stopped');
    const token = step?.Metadata?.Callback?.CallbackToken ?? '';
    assert.equal(consumer.answered.get(token), 'stopped');
    assert.deepEqual(errors, []);
  });
});
