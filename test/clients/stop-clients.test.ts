/**
 * Every sentence of the stop semantics through real clients: boto3 new (JSON SQS protocol) and Debian's boto3
 * 1.26 (query SQS protocol, 2022 SageMaker model) run test/clients/stop_flows.py; the AWS CLI makes the stop call.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CreatePipelineCommand, StartPipelineExecutionCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ROLE_ARN } from '../support/definitions.js';
import { definitionOf, waitForExecution } from '../support/executions.js';
import { runAwsCli, runPythonClient, runPythonClientWith } from '../support/python-client.js';
import { callbackBody, receiveMessages, sqsClient } from '../support/sqs.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { SendPipelineExecutionStepSuccessCommand } from '@aws-sdk/client-sagemaker';

/** Debian's python3 with its boto3 1.26, when installed (CI installs it). */
function debianBoto3(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import boto3'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('stop semantics through boto3 and the AWS CLI', () => {
  let server: TestServer;
  let sm: SageMakerClient;
  let sqs: SQSClient;
  before(async () => {
    server = await startTestServer('sqlite');
    sm = sagemakerClient(server.url);
    sqs = sqsClient(server.url);
  });
  after(async () => {
    sm.destroy();
    sqs.destroy();
    await server.stop();
  });

  it('boto3 (current) sees every stop sentence hold', async () => {
    const result = await runPythonClient('stop_flows.py', server.url, 180_000);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /all 5 sections passed/);
  });

  it("Debian's boto3 1.26 sees every stop sentence hold", async (t) => {
    if (!debianBoto3()) {
      if (process.env['CI'] === 'true') assert.fail('/usr/bin/python3 has no boto3: .ci/run installs python3-boto3');
      t.skip('/usr/bin/python3 has no boto3 (apt-get install python3-boto3)');
      return;
    }
    const result = await runPythonClientWith('/usr/bin/python3', 'stop_flows.py', server.url, 180_000);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /boto3 1\.2\d/);
  });

  it('the AWS CLI stops an execution waiting on a callback, which ends Stopped once answered', async () => {
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'cli-stop' }))).QueueUrl ?? '';
    const definition = definitionOf([
      {
        Name: 'Wait',
        Type: 'Callback',
        SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/cli-stop',
        Arguments: {},
        OutputParameters: [],
      },
    ]);
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'cli-stop', PipelineDefinition: definition, RoleArn: ROLE_ARN }),
    );
    const arn =
      (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'cli-stop' }))).PipelineExecutionArn ?? '';
    const [started] = (await receiveMessages(sqs, queueUrl, 1)).map(callbackBody);
    const stop = await runAwsCli(['sagemaker', 'stop-pipeline-execution', '--pipeline-execution-arn', arn], server.url);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal((JSON.parse(stop.stdout) as { PipelineExecutionArn: string }).PipelineExecutionArn, arn);
    assert.equal(callbackBody((await receiveMessages(sqs, queueUrl, 1))[0]).status, 'Stopping');
    await sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: started?.token }));
    assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
    const again = await runAwsCli(
      ['sagemaker', 'stop-pipeline-execution', '--pipeline-execution-arn', arn],
      server.url,
    );
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /ValidationException.*Only pipelines with 'Executing' status can be stopped/s);
  });
});
