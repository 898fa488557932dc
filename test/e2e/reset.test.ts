/** moto's reset convention: POST /moto-api/reset wipes all state, only when Sluice runs with --allow-reset. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreatePipelineCommand, ListPipelinesCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { conditionDefinition, ROLE_ARN } from '../support/definitions.js';
import { waitForExecution } from '../support/executions.js';
import { sqsClient } from '../support/sqs.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer } from '../support/test-server.js';

for (const kind of await storeKinds()) {
  describe(`reset (${kind})`, () => {
    it('refuses to reset unless allowed, and keeps the data', async () => {
      const server = await startTestServer(kind);
      const sm = sagemakerClient(server.url);
      try {
        await sm.send(
          new CreatePipelineCommand({
            PipelineName: 'kept',
            PipelineDefinition: conditionDefinition(),
            RoleArn: ROLE_ARN,
          }),
        );
        const response = await fetch(`${server.url}/moto-api/reset`, { method: 'POST' });
        assert.equal(response.status, 400);
        assert.equal(((await response.json()) as { __type: string }).__type, 'UnknownOperationException');
        assert.equal((await sm.send(new ListPipelinesCommand({}))).PipelineSummaries?.length, 1);
      } finally {
        sm.destroy();
        await server.stop();
      }
    });

    it('wipes pipelines, executions and queues when allowed, and keeps serving', async () => {
      const server = await startTestServer(kind, { allowReset: true });
      const sm = sagemakerClient(server.url);
      const sqs = sqsClient(server.url);
      try {
        await sm.send(
          new CreatePipelineCommand({
            PipelineName: 'gone',
            PipelineDefinition: conditionDefinition(),
            RoleArn: ROLE_ARN,
          }),
        );
        const arn =
          (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'gone' }))).PipelineExecutionArn ?? '';
        await waitForExecution(sm, arn);
        await sqs.send(new CreateQueueCommand({ QueueName: 'gone' }));
        for (const path of ['/moto-api/reset', '/_sluice/reset']) {
          const response = await fetch(`${server.url}${path}`, { method: 'POST' });
          assert.equal(response.status, 200, path);
        }
        assert.deepEqual((await sm.send(new ListPipelinesCommand({}))).PipelineSummaries, []);
        assert.equal((await sqs.send(new ListQueuesCommand({}))).QueueUrls?.length ?? 0, 0);
        await sm.send(
          new CreatePipelineCommand({
            PipelineName: 'gone',
            PipelineDefinition: conditionDefinition(),
            RoleArn: ROLE_ARN,
          }),
        );
        const again =
          (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'gone' }))).PipelineExecutionArn ?? '';
        assert.equal((await waitForExecution(sm, again)).status, 'Succeeded');
      } finally {
        sm.destroy();
        sqs.destroy();
        await server.stop();
      }
    });
  });
}
