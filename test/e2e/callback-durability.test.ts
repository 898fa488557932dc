/**
 * Callback steps survive a killed Sluice: a token stays valid across SIGKILL and restart, and the Stopping message
 * of a stop is sent exactly once however the kill falls. Also the external-SQS outbox (`--sqs-endpoint`), with a
 * second Sluice playing the external SQS, delivers callback messages sent while that SQS was down.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { startChildSluice, freePort } from '../support/child-server.js';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { callbackBody, receiveMessages, sqsClient } from '../support/sqs.js';
import { createPostgresDatabase, storeKinds } from '../support/stores.js';
import { sagemakerClient } from '../support/test-server.js';

const DEFINITION = definitionOf([
  {
    Name: 'Wait',
    Type: 'Callback',
    SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/durable',
    Arguments: { job: 'train' },
    OutputParameters: [],
  },
]);

for (const kind of await storeKinds()) {
  describe(`callback durability (${kind})`, () => {
    it('keeps tokens valid and sends the Stopping message once across SIGKILL', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sluice-cb-kill-'));
      const database = kind === 'postgres' ? await createPostgresDatabase() : undefined;
      const flags = database ? ['--database-url', database.url] : ['--data-dir', dataDir];
      const port = await freePort();
      let sluice = await startChildSluice(flags, port);
      try {
        const sm = sagemakerClient(sluice.url);
        const sqs = sqsClient(sluice.url);
        const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'durable' }))).QueueUrl ?? '';
        await sm.send(
          new CreatePipelineCommand({ PipelineName: 'durable', PipelineDefinition: DEFINITION, RoleArn: ROLE_ARN }),
        );
        const arns = await Promise.all(
          Array.from(
            { length: 4 },
            async () =>
              (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'durable' }))).PipelineExecutionArn ??
              '',
          ),
        );
        const started = (await receiveMessages(sqs, queueUrl, 4)).map(callbackBody);
        assert.equal(started.length, 4);
        const tokenOf = new Map(started.map((b) => [b.pipelineExecutionArn, b.token]));

        // Kill while all four wait; then stop two of them and kill again right away.
        await sluice.kill('SIGKILL');
        sluice = await startChildSluice(flags, port);
        const [stopA, stopB, keepA, keepB] = arns as [string, string, string, string];
        await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: stopA }));
        await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: stopB }));
        await sluice.kill('SIGKILL');
        sluice = await startChildSluice(flags, port);
        await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: stopA }));

        const stopping = (await receiveMessages(sqs, queueUrl, 3, 3_000)).map(callbackBody);
        assert.deepEqual(
          stopping.map((b) => [b.pipelineExecutionArn, b.status, b.token]).sort(),
          [
            [stopA, 'Stopping', tokenOf.get(stopA)],
            [stopB, 'Stopping', tokenOf.get(stopB)],
          ].sort(),
          'one Stopping message per stopped execution',
        );
        for (const arn of [stopA, stopB, keepA, keepB]) {
          await sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: tokenOf.get(arn) }));
        }
        for (const arn of [stopA, stopB]) assert.equal((await waitForExecution(sm, arn)).status, 'Stopped');
        for (const arn of [keepA, keepB]) assert.equal((await waitForExecution(sm, arn)).status, 'Succeeded');
        assert.deepEqual(
          (await allSteps(sm, keepA)).map((s) => s.StepStatus),
          ['Succeeded'],
        );
        sm.destroy();
        sqs.destroy();
      } finally {
        await sluice.kill('SIGTERM');
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}

describe('external SQS through the outbox (--sqs-endpoint)', () => {
  it('delivers callback messages to another SQS endpoint, also after it was down', async () => {
    const dirs = [mkdtempSync(join(tmpdir(), 'sluice-ext-a-')), mkdtempSync(join(tmpdir(), 'sluice-ext-b-'))];
    const sqsPort = await freePort();
    let external = await startChildSluice(['--data-dir', dirs[1] ?? ''], sqsPort);
    const sluice = await startChildSluice([
      '--data-dir',
      dirs[0] ?? '',
      '--sqs-endpoint',
      `http://127.0.0.1:${sqsPort}`,
    ]);
    try {
      const sqs = sqsClient(external.url);
      const sm = sagemakerClient(sluice.url);
      const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'durable' }))).QueueUrl ?? '';
      await sm.send(
        new CreatePipelineCommand({ PipelineName: 'ext', PipelineDefinition: DEFINITION, RoleArn: ROLE_ARN }),
      );
      const first =
        (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'ext' }))).PipelineExecutionArn ?? '';
      const [message] = (await receiveMessages(sqs, queueUrl, 1)).map(callbackBody);
      assert.equal(message?.pipelineExecutionArn, first);
      await sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: message?.token }));
      assert.equal((await waitForExecution(sm, first)).status, 'Succeeded');

      // The external SQS goes down: the message waits in the outbox and goes out when it is back.
      await external.kill('SIGTERM');
      const second =
        (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'ext' }))).PipelineExecutionArn ?? '';
      await new Promise((resolve) => setTimeout(resolve, 700));
      external = await startChildSluice(['--data-dir', dirs[1] ?? ''], sqsPort);
      const [late] = (await receiveMessages(sqsClient(external.url), queueUrl, 1, 20_000)).map(callbackBody);
      assert.equal(late?.pipelineExecutionArn, second, sluice.stderr());
      sm.destroy();
      sqs.destroy();
    } finally {
      await sluice.kill('SIGTERM');
      await external.kill('SIGTERM');
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
