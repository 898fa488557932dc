/**
 * Callback steps and StopPipelineExecution, sentence by sentence as AWS documents them (api-spec §2.9, §2.17–2.18,
 * §6.4–6.5), through @aws-sdk/client-sagemaker and @aws-sdk/client-sqs over real HTTP, on every store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  SendPipelineExecutionStepFailureCommand,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { callbackMessages, executionMessages } from '../../src/services/sagemaker/messages.js';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { callbackBody, receiveMessages, sqsClient } from '../support/sqs.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { errorOf } from '../support/errors.js';

/** Callback `Wait` on `queue`, then a Condition on its Integer output `sum` > 3 whose else branch fails. */
function callbackDefinition(queue: string): string {
  return definitionOf(
    [
      {
        Name: 'Wait',
        Type: 'Callback',
        SqsQueueUrl: `https://sqs.us-east-1.amazonaws.com/000000000000/${queue}`,
        Arguments: {
          number: 5,
          flag: true,
          name: { Get: 'Parameters.Name' },
          id: { Get: 'Execution.PipelineExecutionId' },
        },
        OutputParameters: [
          { OutputName: 'sum', OutputType: 'Integer' },
          { OutputName: 'note', OutputType: 'String' },
        ],
      },
      {
        Name: 'Check',
        Type: 'Condition',
        Arguments: {
          Conditions: [
            { Type: 'GreaterThan', LeftValue: { Get: "Steps.Wait.OutputParameters['sum']" }, RightValue: 3 },
          ],
          IfSteps: [],
          ElseSteps: [{ Name: 'Small', Type: 'Fail', Arguments: { ErrorMessage: 'sum too small' } }],
        },
      },
    ],
    [{ Name: 'Name', Type: 'String', DefaultValue: 'alice' }],
  );
}

for (const kind of await storeKinds()) {
  describe(`callback steps and stop (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    let sqs: SQSClient;
    let queueUrl: string;
    before(async () => {
      server = await startTestServer(kind);
      sm = sagemakerClient(server.url);
      sqs = sqsClient(server.url);
      queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'callbacks' }))).QueueUrl ?? '';
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'cb',
          PipelineDefinition: callbackDefinition('callbacks'),
          RoleArn: ROLE_ARN,
        }),
      );
    });
    after(async () => {
      sm.destroy();
      sqs.destroy();
      await server.stop();
    });

    const start = async (): Promise<string> =>
      (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'cb' }))).PipelineExecutionArn ?? '';

    /** Starts an execution and answers its first callback message. */
    const startAndReceive = async () => {
      const arn = await start();
      const [message] = await receiveMessages(sqs, queueUrl, 1);
      const body = callbackBody(message);
      assert.equal(body.pipelineExecutionArn, arn);
      return { arn, body };
    };

    it('sends the callback message with resolved arguments and waits for the answer', async () => {
      const { arn, body } = await startAndReceive();
      assert.match(body.token, /^[A-Za-z0-9]{10}$/);
      assert.equal(body.status, 'Executing');
      assert.deepEqual(body.arguments, { number: 5, flag: true, name: 'alice', id: arn.split('/').pop() });
      const [waiting] = await allSteps(sm, arn);
      assert.equal(waiting?.StepStatus, 'Executing');
      assert.deepEqual(waiting?.Metadata?.Callback, {
        CallbackToken: body.token,
        SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/callbacks',
      });
      assert.equal((await waitForExecution(sm, arn, new Set(['Executing']))).status, 'Executing');

      const answer = await sm.send(
        new SendPipelineExecutionStepSuccessCommand({
          CallbackToken: body.token,
          OutputParameters: [
            { Name: 'sum', Value: '7' },
            { Name: 'note', Value: 'ok' },
          ],
        }),
      );
      assert.equal(answer.PipelineExecutionArn, arn);
      assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');
      const steps = await allSteps(sm, arn);
      assert.deepEqual(
        steps.map((s) => [s.StepName, s.StepStatus]),
        [
          ['Check', 'Succeeded'],
          ['Wait', 'Succeeded'],
        ],
      );
      assert.deepEqual(steps[1]?.Metadata?.Callback?.OutputParameters, [
        { Name: 'sum', Value: '7' },
        { Name: 'note', Value: 'ok' },
      ]);
    });

    it('converts outputs to their declared type for later steps', async () => {
      const { arn, body } = await startAndReceive();
      await sm.send(
        new SendPipelineExecutionStepSuccessCommand({
          CallbackToken: body.token,
          OutputParameters: [{ Name: 'sum', Value: '2' }],
        }),
      );
      assert.deepEqual(await waitForExecution(sm, arn), {
        status: 'Failed',
        failureReason: 'Step failure: One or multiple steps failed. sum too small',
      });
    });

    it('fails the step with the consumer reason on SendPipelineExecutionStepFailure', async () => {
      const { arn, body } = await startAndReceive();
      await sm.send(
        new SendPipelineExecutionStepFailureCommand({ CallbackToken: body.token, FailureReason: 'the job broke' }),
      );
      assert.deepEqual(await waitForExecution(sm, arn), {
        status: 'Failed',
        failureReason: 'Step failure: One or multiple steps failed.',
      });
      const [step] = await allSteps(sm, arn);
      assert.deepEqual([step?.StepName, step?.StepStatus, step?.FailureReason], ['Wait', 'Failed', 'the job broke']);
    });

    it('refuses bad answers with the AWS errors', async () => {
      const { arn, body } = await startAndReceive();
      const unknown = await errorOf(() =>
        sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'AAAAAAAAAA' })),
      );
      assert.equal(unknown.name, 'ResourceNotFound');
      assert.equal(unknown.message, callbackMessages.tokenNotFound('AAAAAAAAAA'));
      const malformed = await errorOf(() =>
        sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: 'short' })),
      );
      assert.equal(malformed.name, 'ValidationException');
      const undeclared = await errorOf(() =>
        sm.send(
          new SendPipelineExecutionStepSuccessCommand({
            CallbackToken: body.token,
            OutputParameters: [{ Name: 'other', Value: '1' }],
          }),
        ),
      );
      assert.equal(undeclared.name, 'ValidationException');
      assert.match(undeclared.message, /'other' is not declared by step 'Wait'/);
      const wrongType = await errorOf(() =>
        sm.send(
          new SendPipelineExecutionStepSuccessCommand({
            CallbackToken: body.token,
            OutputParameters: [{ Name: 'sum', Value: 'seven' }],
          }),
        ),
      );
      assert.equal(wrongType.name, 'ValidationException');
      assert.match(wrongType.message, /not a valid Integer/);
      const longReason = await errorOf(() =>
        sm.send(
          new SendPipelineExecutionStepFailureCommand({ CallbackToken: body.token, FailureReason: 'x'.repeat(257) }),
        ),
      );
      assert.equal(longReason.name, 'ValidationException');

      const token = 'answer-token-0123456789-0123456789-01';
      const first = await sm.send(
        new SendPipelineExecutionStepFailureCommand({ CallbackToken: body.token, ClientRequestToken: token }),
      );
      const replay = await sm.send(
        new SendPipelineExecutionStepFailureCommand({ CallbackToken: body.token, ClientRequestToken: token }),
      );
      assert.equal(replay.PipelineExecutionArn, first.PipelineExecutionArn);
      const twice = await errorOf(() =>
        sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: body.token })),
      );
      assert.equal(twice.name, 'ConflictException');
      assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
    });

    it('fails the step clearly when its queue does not exist', async () => {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'no-queue',
          PipelineDefinition: callbackDefinition('missing'),
          RoleArn: ROLE_ARN,
        }),
      );
      const arn =
        (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'no-queue' }))).PipelineExecutionArn ?? '';
      assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
      const [step] = await allSteps(sm, arn);
      assert.match(step?.FailureReason ?? '', /queue .*missing.* does not exist/i);
    });

    it('stops a waiting callback step only after its consumer answers, sending one Stopping message', async () => {
      const { arn, body } = await startAndReceive();
      // Many stops, retried and racing: one Stopping message in all.
      const stops = await Promise.all(
        Array.from({ length: 5 }, () => sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }))),
      );
      assert.ok(stops.every((s) => s.PipelineExecutionArn === arn));
      const [stopping] = await receiveMessages(sqs, queueUrl, 1);
      assert.deepEqual(callbackBody(stopping), { ...body, status: 'Stopping' });
      assert.deepEqual(await receiveMessages(sqs, queueUrl, 1, 1_500), [], 'exactly one Stopping message');
      assert.equal((await waitForExecution(sm, arn, new Set(['Stopping']))).status, 'Stopping');
      const [step] = await allSteps(sm, arn);
      assert.equal(step?.StepStatus, 'Stopping');

      await sm.send(
        new SendPipelineExecutionStepSuccessCommand({
          CallbackToken: body.token,
          OutputParameters: [{ Name: 'sum', Value: '9' }],
        }),
      );
      assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
      const steps = await allSteps(sm, arn);
      assert.deepEqual(
        steps.map((s) => [s.StepName, s.StepStatus]),
        [['Wait', 'Stopped']],
        'nothing downstream starts',
      );
    });

    it('ends Stopped when a stopping consumer answers with a failure too', async () => {
      const { arn, body } = await startAndReceive();
      await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      await receiveMessages(sqs, queueUrl, 1);
      await sm.send(
        new SendPipelineExecutionStepFailureCommand({ CallbackToken: body.token, FailureReason: 'cleaned up' }),
      );
      assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
    });

    it('replays a stop for the same ClientRequestToken and refuses other stops of a finished execution', async () => {
      const { arn, body } = await startAndReceive();
      const token = 'stop-token-0123456789-0123456789-0123';
      await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn, ClientRequestToken: token }));
      await sm.send(new SendPipelineExecutionStepFailureCommand({ CallbackToken: body.token }));
      assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
      const replay = await sm.send(
        new StopPipelineExecutionCommand({ PipelineExecutionArn: arn, ClientRequestToken: token }),
      );
      assert.equal(replay.PipelineExecutionArn, arn);
      const other = await errorOf(() => sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn })));
      assert.equal(other.name, 'ValidationException');
      assert.equal(other.message, executionMessages.notStoppable());
      const attributes = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      assert.equal(attributes.Attributes?.['ApproximateNumberOfMessages'], '1', 'the Stopping message is still there');
      await receiveMessages(sqs, queueUrl, 1);
    });
  });
}
