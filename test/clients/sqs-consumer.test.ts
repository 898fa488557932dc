/**
 * sqs-consumer (a long-polling consumer library on @aws-sdk/client-sqs) against a real Sluice on every store: it
 * receives, handles and deletes messages one by one and in batches, and a handler failure makes a message come
 * back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { storeKinds } from '../support/stores.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/test-server.js';

/** Resolves once `done()` holds, checking after each event; fails after `timeoutMs`. */
function until(consumer: Consumer, done: () => boolean, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for the consumer')), timeoutMs);
    const check = (): void => {
      if (!done()) return;
      clearTimeout(timer);
      resolve();
    };
    consumer.on('message_processed', check);
    consumer.on('response_processed', check);
    consumer.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function stop(consumer: Consumer): Promise<void> {
  const stopped = new Promise<void>((resolve) => consumer.once('stopped', () => resolve()));
  consumer.stop({ abort: true });
  await stopped;
}

for (const kind of await storeKinds()) {
  describe(`sqs-consumer (${kind})`, () => {
    let server: TestServer;
    let sqs: SQSClient;
    before(async () => {
      server = await startTestServer(kind);
      sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    });
    after(async () => {
      sqs.destroy();
      await server.stop();
    });

    async function queueWith(name: string, bodies: string[]): Promise<string> {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
      for (let i = 0; i < bodies.length; i += 10) {
        const Entries = bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: `m${i + j}`, MessageBody }));
        await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
      }
      return QueueUrl!;
    }

    async function remaining(QueueUrl: string): Promise<number[]> {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
      return [Attributes['ApproximateNumberOfMessages'], Attributes['ApproximateNumberOfMessagesNotVisible']].map(
        Number,
      );
    }

    it('handles every message once and deletes it', async () => {
      const bodies = Array.from({ length: 25 }, (_, i) => `job-${i}`);
      const queueUrl = await queueWith('consumed', bodies);
      const handled: string[] = [];
      const consumer = Consumer.create({
        queueUrl,
        sqs,
        batchSize: 5,
        waitTimeSeconds: 1,
        pollingWaitTimeMs: 0,
        handleMessage: (message: Message) => {
          handled.push(message.Body ?? '');
          return Promise.resolve(message);
        },
      });
      const finished = until(consumer, () => handled.length >= bodies.length);
      consumer.start();
      await finished;
      await stop(consumer);
      assert.deepEqual([...handled].sort(), [...bodies].sort());
      assert.deepEqual(await remaining(queueUrl), [0, 0]);
    });

    it('handles batches and deletes them together', async () => {
      const bodies = Array.from({ length: 12 }, (_, i) => `batch-${i}`);
      const queueUrl = await queueWith('batched', bodies);
      const handled: string[] = [];
      const consumer = Consumer.create({
        queueUrl,
        sqs,
        batchSize: 10,
        waitTimeSeconds: 1,
        pollingWaitTimeMs: 0,
        handleMessageBatch: (messages: Message[]) => {
          handled.push(...messages.map((m) => m.Body ?? ''));
          return Promise.resolve(messages);
        },
      });
      const finished = until(consumer, () => handled.length >= bodies.length);
      consumer.start();
      await finished;
      await stop(consumer);
      assert.deepEqual([...handled].sort(), [...bodies].sort());
      assert.deepEqual(await remaining(queueUrl), [0, 0]);
    });

    it('gets a message back after its handler failed', async () => {
      const queueUrl = await queueWith('flaky', ['fragile']);
      const counts: string[] = [];
      const consumer = Consumer.create({
        queueUrl,
        sqs,
        waitTimeSeconds: 1,
        pollingWaitTimeMs: 0,
        terminateVisibilityTimeout: true,
        messageSystemAttributeNames: ['ApproximateReceiveCount'],
        handleMessage: (message: Message) => {
          const count = message.Attributes?.ApproximateReceiveCount ?? '?';
          counts.push(count);
          return count === '1' ? Promise.reject(new Error('first try fails')) : Promise.resolve(message);
        },
      });
      consumer.on('processing_error', () => undefined);
      const finished = until(consumer, () => counts.length >= 2);
      consumer.start();
      await finished;
      await stop(consumer);
      assert.deepEqual(counts, ['1', '2']);
      assert.deepEqual(await remaining(queueUrl), [0, 0]);
    });
  });
}
