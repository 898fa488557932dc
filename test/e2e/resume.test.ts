/**
 * RetryPipelineExecution, SelectiveExecutionConfig and CacheConfig end to end (api-spec §2.10, §6.7, §6.9, §6.10),
 * through @aws-sdk/client-sagemaker and @aws-sdk/client-sqs, with Callback steps as the work, on every store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  RetryPipelineExecutionCommand,
  SendPipelineExecutionStepFailureCommand,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { callbackBody, receiveMessages, sqsClient } from '../support/sqs.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { errorOf } from '../support/errors.js';

const QUEUE = 'https://sqs.us-east-1.amazonaws.com/000000000000/work';

/** A Callback step on the `work` queue with one String output `out`. */
function callback(name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    Name: name,
    Type: 'Callback',
    SqsQueueUrl: QUEUE,
    Arguments: args,
    OutputParameters: [{ OutputName: 'out', OutputType: 'String' }],
    ...extra,
  };
}

/** A → B (reads A's output) → Check (reads B's output). */
const CHAIN = definitionOf(
  [
    callback('A', { n: { Get: 'Parameters.N' } }),
    callback('B', { fromA: { Get: "Steps.A.OutputParameters['out']" } }),
    {
      Name: 'Check',
      Type: 'Condition',
      Arguments: {
        Conditions: [{ Type: 'Equals', LeftValue: { Get: "Steps.B.OutputParameters['out']" }, RightValue: 'done' }],
        IfSteps: [],
        ElseSteps: [],
      },
    },
  ],
  [{ Name: 'N', Type: 'Integer', DefaultValue: 1 }],
);

for (const kind of await storeKinds()) {
  describe(`retry, selective execution and caching (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    let sqs: SQSClient;
    let queueUrl: string;
    before(async () => {
      server = await startTestServer(kind);
      sm = sagemakerClient(server.url);
      sqs = sqsClient(server.url);
      queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'work' }))).QueueUrl ?? '';
      await sm.send(new CreatePipelineCommand({ PipelineName: 'chain', PipelineDefinition: CHAIN, RoleArn: ROLE_ARN }));
    });
    after(async () => {
      sm.destroy();
      sqs.destroy();
      await server.stop();
    });

    const next = async () => callbackBody((await receiveMessages(sqs, queueUrl, 1))[0]);
    const succeed = (token: string, out: string) =>
      sm.send(
        new SendPipelineExecutionStepSuccessCommand({
          CallbackToken: token,
          OutputParameters: [{ Name: 'out', Value: out }],
        }),
      );
    const start = async (extra: Record<string, unknown> = {}) =>
      (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'chain', ...extra }))).PipelineExecutionArn ??
      '';

    /** Runs the chain to Succeeded, answering A and B. */
    const runToSuccess = async (): Promise<string> => {
      const arn = await start();
      await succeed((await next()).token, 'from-a');
      const b = await next();
      assert.deepEqual(b.arguments, { fromA: 'from-a' });
      await succeed(b.token, 'done');
      assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');
      return arn;
    };

    it('retries a failed execution under the same ARN, keeping the steps that succeeded', async () => {
      const arn = await start();
      await succeed((await next()).token, 'from-a');
      const b = await next();
      await sm.send(new SendPipelineExecutionStepFailureCommand({ CallbackToken: b.token, FailureReason: 'flaky' }));
      assert.equal((await waitForExecution(sm, arn)).status, 'Failed');

      const retried = await sm.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      assert.equal(retried.PipelineExecutionArn, arn);
      const again = await next();
      assert.notEqual(again.token, b.token, 'a new attempt gets a new token');
      assert.deepEqual(again.arguments, { fromA: 'from-a' });
      const running = await allSteps(sm, arn);
      assert.deepEqual(
        running.map((s) => [s.StepName, s.StepStatus, s.AttemptCount]),
        [
          ['B', 'Executing', 2],
          ['A', 'Succeeded', 1],
        ],
      );
      await succeed(again.token, 'done');
      assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');

      const twice = await errorOf(() => sm.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn })));
      assert.equal(twice.name, 'ConflictException');
      const unknown = await errorOf(() =>
        sm.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: `${arn.slice(0, -12)}zzzzzzzzzzzz` })),
      );
      assert.equal(unknown.name, 'ResourceNotFound');
    });

    it('resumes a stopped execution', async () => {
      const arn = await start();
      const a = await next();
      await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      assert.equal((await next()).status, 'Stopping');
      await sm.send(new SendPipelineExecutionStepFailureCommand({ CallbackToken: a.token, FailureReason: 'stopped' }));
      assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
      await sm.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      await succeed((await next()).token, 'from-a');
      await succeed((await next()).token, 'done');
      assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');
    });

    it('refuses to retry an execution that ended in a Fail step', async () => {
      const failing = definitionOf([{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'no' } }]);
      await sm.send(
        new CreatePipelineCommand({ PipelineName: 'failing', PipelineDefinition: failing, RoleArn: ROLE_ARN }),
      );
      const arn =
        (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'failing' }))).PipelineExecutionArn ?? '';
      assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
      const error = await errorOf(() => sm.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: arn })));
      assert.equal(error.name, 'ValidationException');
      assert.match(error.message, /Fail step 'Stop'/);
    });

    it('runs only the selected steps, reusing the source execution for the others', async () => {
      const source = await runToSuccess();
      const arn = await start({
        SelectiveExecutionConfig: { SourcePipelineExecutionArn: source, SelectedSteps: [{ StepName: 'B' }] },
      });
      const b = await next();
      assert.deepEqual(b.arguments, { fromA: 'from-a' }, "A's output comes from the source execution");
      await succeed(b.token, 'done');
      assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');
      const steps = await allSteps(sm, arn);
      assert.deepEqual(steps.map((s) => s.StepName).sort(), ['A', 'B'], 'Check is downstream and not selected');
      const a = steps.find((s) => s.StepName === 'A');
      assert.deepEqual(a?.SelectiveExecutionResult, { SourcePipelineExecutionArn: source });
      assert.equal(a?.StepStatus, 'Succeeded');
      assert.equal(steps.find((s) => s.StepName === 'B')?.SelectiveExecutionResult, undefined);

      const noSource = await errorOf(() => start({ SelectiveExecutionConfig: { SelectedSteps: [{ StepName: 'B' }] } }));
      assert.equal(noSource.name, 'ValidationException');
      assert.match(
        noSource.message,
        /^Invalid SourcePipelineExecutionArn: null\. The selected steps \[B\] have dependencies on \[A\]/,
      );
      const gap = await errorOf(() =>
        start({
          SelectiveExecutionConfig: {
            SourcePipelineExecutionArn: source,
            SelectedSteps: [{ StepName: 'A' }, { StepName: 'Check' }],
          },
        }),
      );
      assert.match(gap.message, /not connected: \[B\]/);
      const unknown = await errorOf(() =>
        start({ SelectiveExecutionConfig: { SelectedSteps: [{ StepName: 'Nope' }] } }),
      );
      assert.match(unknown.message, /\[Nope\] are not in the pipeline definition/);
    });

    it('reuses a cached result within ExpireAfter and misses on other arguments', async () => {
      const cached = definitionOf(
        [
          callback('Slow', { n: { Get: 'Parameters.N' } }, { CacheConfig: { Enabled: true, ExpireAfter: 'PT1H' } }),
          callback('After', { x: { Get: "Steps.Slow.OutputParameters['out']" } }),
        ],
        [{ Name: 'N', Type: 'Integer', DefaultValue: 1 }],
      );
      await sm.send(
        new CreatePipelineCommand({ PipelineName: 'cached', PipelineDefinition: cached, RoleArn: ROLE_ARN }),
      );
      const startCached = async (n: string) =>
        (
          await sm.send(
            new StartPipelineExecutionCommand({
              PipelineName: 'cached',
              PipelineParameters: [{ Name: 'N', Value: n }],
            }),
          )
        ).PipelineExecutionArn ?? '';
      const first = await startCached('1');
      await succeed((await next()).token, 'computed');
      await succeed((await next()).token, 'after');
      assert.equal((await waitForExecution(sm, first)).status, 'Succeeded');

      const second = await startCached('1');
      const after = await next();
      assert.deepEqual(after.arguments, { x: 'computed' }, 'the cached output flows downstream; Slow sent no message');
      await succeed(after.token, 'after');
      assert.equal((await waitForExecution(sm, second)).status, 'Succeeded');
      const slow = (await allSteps(sm, second)).find((s) => s.StepName === 'Slow');
      assert.deepEqual(slow?.CacheHitResult, { SourcePipelineExecutionArn: first });

      const third = await startCached('2');
      const miss = await next();
      assert.deepEqual(miss.arguments, { n: 2 }, 'other arguments: no hit');
      await succeed(miss.token, 'other');
      await succeed((await next()).token, 'after');
      assert.equal((await waitForExecution(sm, third)).status, 'Succeeded');
    });
  });
}
