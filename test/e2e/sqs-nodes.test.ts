/**
 * SQS across Sluice nodes sharing one store, and the in-process API the pipeline engine uses: two servers never
 * hand out the same message at once, a receive waiting on one node sees a message sent through the other, and
 * `enqueueLocalMessage` commits (or rolls back) with the caller's transaction.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { RunningSluice } from '../../src/server/start-sluice.js';
import { startSluice } from '../../src/server/start-sluice.js';
import {
  enqueueLocalMessage,
  queueAddressFromUrl,
  QueueNotifier,
  type QueueAddress,
} from '../../src/services/sqs/local-queues.js';
import { databaseTarget, openDatabase, type OpenDatabase } from '../../src/store/open-database.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/test-server.js';

const client = (url: string): SQSClient =>
  new SQSClient({ endpoint: url, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 });

describe('QueueNotifier', () => {
  const queue: QueueAddress = { accountId: '000000000000', region: 'us-east-1', name: 'n' };

  it('wakes a waiter of the notified queue at once, and only of that queue', async () => {
    const notifier = new QueueNotifier();
    let started = performance.now();
    const woken = notifier.wait(queue, 5_000);
    notifier.notify(queue);
    await woken;
    assert.ok(performance.now() - started < 100);
    started = performance.now();
    const other = notifier.wait({ ...queue, name: 'other' }, 150);
    notifier.notify(queue);
    await other;
    assert.ok(performance.now() - started >= 140, 'another queue times out instead');
  });

  it('releases every waiter on close, and waits no more afterwards', async () => {
    const notifier = new QueueNotifier();
    const started = performance.now();
    const waits = [notifier.wait(queue, 5_000), notifier.wait({ ...queue, region: 'eu-west-1' }, 5_000)];
    notifier.close();
    await Promise.all(waits);
    await notifier.wait(queue, 5_000);
    assert.ok(notifier.closed);
    assert.ok(performance.now() - started < 100);
  });

  it('reads queue addresses from queue URLs', () => {
    assert.deepEqual(queueAddressFromUrl('http://127.0.0.1:4599/000000000000/jobs', 'us-east-1'), {
      accountId: '000000000000',
      region: 'us-east-1',
      name: 'jobs',
    });
    assert.deepEqual(queueAddressFromUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/q', 'us-east-1'), {
      accountId: '123456789012',
      region: 'eu-west-1',
      name: 'q',
    });
    assert.deepEqual(queueAddressFromUrl('http://localhost:4566/queue/ap-south-1/000000000000/q', 'us-east-1'), {
      accountId: '000000000000',
      region: 'ap-south-1',
      name: 'q',
    });
    assert.equal(queueAddressFromUrl('jobs', 'us-east-1'), undefined);
    assert.equal(queueAddressFromUrl('http://h/jobs', 'us-east-1'), undefined);
  });
});

for (const kind of await storeKinds()) {
  describe(`SQS on two nodes of one store (${kind})`, () => {
    let first: TestServer;
    let second: RunningSluice;
    let store: OpenDatabase;
    let a: SQSClient;
    let b: SQSClient;
    before(async () => {
      first = await startTestServer(kind);
      second = await startSluice({ ...first.config, port: 0 });
      store = await openDatabase(databaseTarget(first.config));
      a = client(first.url);
      b = client(second.url);
    });
    after(async () => {
      a.destroy();
      b.destroy();
      await store.close();
      await second.close();
      await first.stop();
    });

    it('never hands out one message to two receivers at once', async () => {
      const { QueueUrl } = await a.send(new CreateQueueCommand({ QueueName: 'contended' }));
      const total = 60;
      for (let i = 0; i < total; i += 10) {
        const Entries = Array.from({ length: 10 }, (_, j) => ({ Id: `e${j}`, MessageBody: `m${i + j}` }));
        await a.send(new SendMessageBatchCommand({ QueueUrl, Entries }));
      }
      const seen: string[] = [];
      const receiver = async (sqs: SQSClient): Promise<void> => {
        for (let idle = 0; idle < 3 && seen.length < total;) {
          const { Messages = [] } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }),
          );
          idle = Messages.length === 0 ? idle + 1 : 0;
          seen.push(...Messages.map((m) => m.Body ?? ''));
        }
      };
      await Promise.all([a, b, a, b, a, b, a, b].map(receiver));
      assert.equal(seen.length, total, 'every message once');
      assert.equal(new Set(seen).size, total, 'no message twice');
    });

    it('delivers a message sent through one node to a receive waiting on the other', async () => {
      const { QueueUrl } = await a.send(new CreateQueueCommand({ QueueName: 'crossing' }));
      const started = Date.now();
      const waiting = b.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await a.send(new SendMessageCommand({ QueueUrl, MessageBody: 'over there' }));
      const { Messages = [] } = await waiting;
      assert.equal(Messages[0]?.Body, 'over there');
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
      // The handle works on either node.
      await a.send(
        new DeleteMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'x', ReceiptHandle: Messages[0]?.ReceiptHandle }] }),
      );
    });

    it('enqueues within the caller transaction: committed messages arrive, rolled back ones never do', async () => {
      const { QueueUrl } = await a.send(new CreateQueueCommand({ QueueName: 'callbacks' }));
      const address = queueAddressFromUrl(QueueUrl ?? '', 'us-east-1');
      assert.ok(address);
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          assert.ok(await enqueueLocalMessage(trx, address, '{"rolled":"back"}', Date.now()));
          throw new Error('abort');
        }),
        /abort/,
      );
      const waiting = a.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const enqueued = await store.db
        .transaction()
        .execute((trx) => enqueueLocalMessage(trx, address, '{"token":"abc"}', Date.now()));
      assert.ok(enqueued);
      const { Messages = [] } = await waiting;
      assert.deepEqual(
        Messages.map((m) => [m.MessageId, m.Body]),
        [[enqueued.messageId, '{"token":"abc"}']],
      );
      assert.equal(
        await enqueueLocalMessage(store.db, { ...address, name: 'no-such-queue' }, 'x', Date.now()),
        undefined,
      );
    });
  });
}
