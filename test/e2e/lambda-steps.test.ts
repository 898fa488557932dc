/**
 * Lambda steps end to end (definition-spec §4.9, api-spec §6.4, §6.6): functions created through
 * @aws-sdk/client-lambda on the built-in Lambda, pipelines through @aws-sdk/client-sagemaker, and every stop case:
 * the function finishes → Stopped; it times out → Failed; with a Callback step beside it, the execution settles
 * only when both have.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreatePipelineCommand,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { LAMBDA_ROLE, lambdaClient } from '../support/lambda.js';
import { callbackBody, receiveMessages, sqsClient } from '../support/sqs.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { makeZip } from '../support/zip.js';

const PYTHON = `import time
def handler(event, context):
    time.sleep(event.get("sleep", 0))
    if event.get("fail"):
        raise ValueError("bad input: " + str(event["fail"]))
    return {"total": sum(event.get("numbers", [])), "label": "sum", "details": {"n": len(event.get("numbers", []))}}
`;
const NODE = `export const handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, (event.sleep ?? 0) * 1000));
  return { total: (event.numbers ?? []).reduce((a, b) => a + b, 0), label: 'node' };
};
`;

function lambdaStep(name: string, fn: string, args: Record<string, unknown>, outputs: Array<[string, string]> = []) {
  return {
    Name: name,
    Type: 'Lambda',
    FunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${fn}`,
    Arguments: args,
    OutputParameters: outputs.map(([OutputName, OutputType]) => ({ OutputName, OutputType })),
  };
}

for (const kind of await storeKinds()) {
  describe(`Lambda steps (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    let lambda: LambdaClient;
    let sqs: SQSClient;
    before(async () => {
      server = await startTestServer(kind);
      sm = sagemakerClient(server.url);
      lambda = lambdaClient(server.url);
      sqs = sqsClient(server.url);
      const create = (
        name: string,
        runtime: 'python3.11' | 'nodejs20.x',
        code: Record<string, string>,
        handler: string,
        timeout: number,
      ) =>
        lambda.send(
          new CreateFunctionCommand({
            FunctionName: name,
            Runtime: runtime,
            Handler: handler,
            Role: LAMBDA_ROLE,
            Timeout: timeout,
            Code: { ZipFile: makeZip(code) },
          }),
        );
      await create('py-sum', 'python3.11', { 'app.py': PYTHON }, 'app.handler', 10);
      await create('py-short', 'python3.11', { 'app.py': PYTHON }, 'app.handler', 1);
      await create('node-sum', 'nodejs20.x', { 'index.mjs': NODE }, 'index.handler', 10);
    });
    after(async () => {
      sm.destroy();
      lambda.destroy();
      sqs.destroy();
      await server.stop();
    });

    const run = async (name: string, steps: unknown[], parameters: unknown[] = []) => {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: name,
          PipelineDefinition: definitionOf(steps, parameters),
          RoleArn: ROLE_ARN,
        }),
      );
      return (await sm.send(new StartPipelineExecutionCommand({ PipelineName: name }))).PipelineExecutionArn ?? '';
    };

    it('invokes the function with the resolved arguments and exposes its typed outputs', async () => {
      const arn = await run(
        'lambda-ok',
        [
          lambdaStep('Py', 'py-sum', { numbers: [1, 2, { Get: 'Parameters.Three' }] }, [
            ['total', 'Integer'],
            ['label', 'String'],
            ['details', 'String'],
          ]),
          lambdaStep('Node', 'node-sum', { numbers: [{ Get: "Steps.Py.OutputParameters['total']" }, 4] }, [
            ['total', 'Integer'],
          ]),
          {
            Name: 'Check',
            Type: 'Condition',
            Arguments: {
              Conditions: [
                { Type: 'Equals', LeftValue: { Get: "Steps.Node.OutputParameters['total']" }, RightValue: 10 },
              ],
              IfSteps: [],
              ElseSteps: [{ Name: 'Wrong', Type: 'Fail', Arguments: { ErrorMessage: 'wrong sum' } }],
            },
          },
        ],
        [{ Name: 'Three', Type: 'Integer', DefaultValue: 3 }],
      );
      assert.equal((await waitForExecution(sm, arn, undefined, 30_000)).status, 'Succeeded');
      const py = (await allSteps(sm, arn)).find((s) => s.StepName === 'Py');
      assert.deepEqual(py?.Metadata?.Lambda, {
        Arn: 'arn:aws:lambda:us-east-1:000000000000:function:py-sum',
        OutputParameters: [
          { Name: 'total', Value: '6' },
          { Name: 'label', Value: 'sum' },
          { Name: 'details', Value: '{"n":3}' },
        ],
      });
    });

    it('fails the step with the function error, a missing output, or an unknown function', async () => {
      const cases: Array<[string, unknown, RegExp]> = [
        ['lambda-error', lambdaStep('L', 'py-sum', { fail: 'x' }), /failed: ValueError: bad input: x/],
        [
          'lambda-missing-output',
          lambdaStep('L', 'py-sum', {}, [['nope', 'String']]),
          /no value for output parameter 'nope'/,
        ],
        ['lambda-unknown', lambdaStep('L', 'ghost', {}), /ghost does not exist/],
      ];
      for (const [name, step, expected] of cases) {
        const arn = await run(name, [step]);
        assert.equal((await waitForExecution(sm, arn, undefined, 30_000)).status, 'Failed', name);
        const [listed] = await allSteps(sm, arn);
        assert.match(listed?.FailureReason ?? '', expected, name);
      }
    });

    it('lets a running function finish on stop, then ends Stopped', async () => {
      const arn = await run('lambda-stop-finish', [
        lambdaStep('Slow', 'py-sum', { sleep: 1.5, numbers: [1] }, [['total', 'Integer']]),
        { ...lambdaStep('After', 'py-sum', {}), DependsOn: ['Slow'] },
      ]);
      await waitForSteps(sm, arn, 1);
      await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      assert.equal((await waitForExecution(sm, arn, new Set(['Stopping']))).status, 'Stopping');
      assert.equal((await waitForExecution(sm, arn, undefined, 30_000)).status, 'Stopped');
      const steps = await allSteps(sm, arn);
      assert.deepEqual(
        steps.map((s) => [s.StepName, s.StepStatus]),
        [['Slow', 'Succeeded']],
        'the function finished; nothing after it ran',
      );
    });

    it('ends Failed when the function times out during the stop', async () => {
      const arn = await run('lambda-stop-timeout', [lambdaStep('Slow', 'py-short', { sleep: 5 })]);
      await waitForSteps(sm, arn, 1);
      await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      const result = await waitForExecution(sm, arn, undefined, 30_000);
      assert.equal(result.status, 'Failed');
      const [step] = await allSteps(sm, arn);
      assert.equal(step?.StepStatus, 'Failed');
      assert.match(step?.FailureReason ?? '', /timed out/);
    });

    it('settles a stop only when both a Lambda and a Callback step have, Failed if the Lambda timed out', async () => {
      const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'mixed' }))).QueueUrl ?? '';
      const arn = await run('lambda-mixed', [
        lambdaStep('Slow', 'py-short', { sleep: 3 }),
        {
          Name: 'Wait',
          Type: 'Callback',
          SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/mixed',
          Arguments: {},
          OutputParameters: [],
        },
      ]);
      const [started] = (await receiveMessages(sqs, queueUrl, 1)).map(callbackBody);
      await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      assert.equal(callbackBody((await receiveMessages(sqs, queueUrl, 1))[0]).status, 'Stopping');
      // The Lambda times out meanwhile; the execution still waits for the callback's answer.
      const deadline = Date.now() + 20_000;
      while (
        (await allSteps(sm, arn)).find((s) => s.StepName === 'Slow')?.StepStatus !== 'Failed' &&
        Date.now() < deadline
      ) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal((await waitForExecution(sm, arn, new Set(['Stopping']))).status, 'Stopping');
      await sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: started?.token }));
      assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
    });
  });
}

/** Waits until `count` steps have started. */
async function waitForSteps(sm: SageMakerClient, arn: string, count: number): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await allSteps(sm, arn)).length < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} steps started`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
