/**
 * SQS messages through @aws-sdk/client-sqs (JSON protocol) against a real Sluice on every store: digests, attribute
 * selection, long polling, visibility timeouts, receipt handles, delays, dead-letter queues and retention (batches
 * and refusals: sqs-batches.test.ts). The server runs on a FakeClock, so time-based behaviour is tested by advancing
 * it; long polls wait in real time.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { FakeClock } from '../../src/shared/clock.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { errorOf } from '../support/errors.js';
import { queueCalls, sqsClient } from '../support/sqs.js';

type Calls = ReturnType<typeof queueCalls>;

for (const kind of await storeKinds()) {
  describe(`SQS messages (${kind})`, () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 1));
    let server: TestServer;
    let sqs: SQSClient;
    let newQueue: Calls['newQueue'];
    let send: Calls['send'];
    let receive: Calls['receive'];
    let counts: Calls['counts'];
    before(async () => {
      server = await startTestServer(kind, {}, { clock });
      sqs = sqsClient(server.url);
      ({ newQueue, send, receive, counts } = queueCalls(sqs));
    });
    after(async () => {
      sqs.destroy();
      await server.stop();
    });

    it('round-trips a body exactly, with the digests SDKs verify', async () => {
      const url = await newQueue();
      const body = 'line one\r\nline "two" <&> \t ünïcödé 🚀';
      const sent = await send(url, body, {
        MessageAttributes: { a: { DataType: 'String', StringValue: 'v' } },
        MessageSystemAttributes: { AWSTraceHeader: { DataType: 'String', StringValue: 'Root=1-abc' } },
      });
      assert.equal(sent.MD5OfMessageBody, createHash('md5').update(body, 'utf8').digest('hex'));
      // The attribute digest of {a: String "v"}, computed independently (see test/clients/sqs_boto3.py).
      assert.equal(sent.MD5OfMessageAttributes, 'a18cbb58171ebf4ce88d9fb787f9210b');
      assert.match(sent.MD5OfMessageSystemAttributes ?? '', /^[0-9a-f]{32}$/);
      const [message] = await receive(url, { MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] });
      assert.ok(message);
      assert.equal(message.MessageId, sent.MessageId);
      assert.equal(message.Body, body);
      assert.equal(message.MD5OfBody, sent.MD5OfMessageBody);
      assert.equal(message.MD5OfMessageAttributes, sent.MD5OfMessageAttributes);
      assert.deepEqual(message.MessageAttributes, { a: { DataType: 'String', StringValue: 'v' } });
      assert.deepEqual(message.Attributes, {
        SenderId: '000000000000',
        SentTimestamp: String(clock.now()),
        ApproximateReceiveCount: '1',
        ApproximateFirstReceiveTimestamp: String(clock.now()),
        AWSTraceHeader: 'Root=1-abc',
      });
    });

    it('returns only the message attributes asked for, by name, prefix or All', async () => {
      const url = await newQueue();
      await send(url, 'attrs', {
        MessageAttributes: {
          'order.id': { DataType: 'Number', StringValue: '42' },
          'order.kind': { DataType: 'String.custom', StringValue: 'rush' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([0, 1, 2, 255]) },
        },
      });
      const names = async (MessageAttributeNames: string[]) => {
        const [message] = await receive(url, { MessageAttributeNames, VisibilityTimeout: 0 });
        return Object.keys(message?.MessageAttributes ?? {}).sort();
      };
      assert.deepEqual(await names(['All']), ['blob', 'order.id', 'order.kind']);
      assert.deepEqual(await names(['.*']), ['blob', 'order.id', 'order.kind']);
      assert.deepEqual(await names(['order.*']), ['order.id', 'order.kind']);
      assert.deepEqual(await names(['blob', 'missing']), ['blob']);
      assert.deepEqual(await names([]), []);
      const [message] = await receive(url, { MessageAttributeNames: ['blob'] });
      assert.deepEqual([...(message?.MessageAttributes?.['blob']?.BinaryValue ?? [])], [0, 1, 2, 255]);
      assert.equal(message?.MD5OfMessageAttributes?.length, 32);
    });

    it('delivers a message sent while a receive waits, long before WaitTimeSeconds', async () => {
      const url = await newQueue();
      const started = Date.now();
      const waiting = receive(url, { WaitTimeSeconds: 10 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const sent = await send(url, 'wake up');
      const [message] = await waiting;
      const elapsed = Date.now() - started;
      assert.equal(message?.MessageId, sent.MessageId);
      assert.ok(elapsed < 5000, `took ${elapsed} ms`);
    });

    it('stops a long poll whose client went away, claiming nothing for it', async () => {
      const url = await newQueue();
      const abort = new AbortController();
      const abandoned = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }), {
        abortSignal: abort.signal,
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      abort.abort();
      await assert.rejects(abandoned);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await send(url, 'for someone else');
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [message] = await receive(url, { MessageSystemAttributeNames: ['ApproximateReceiveCount'] });
      assert.equal(message?.Body, 'for someone else');
      assert.equal(message?.Attributes?.['ApproximateReceiveCount'], '1');
    });

    it('long-polls for WaitTimeSeconds, or the queue default, when nothing arrives', async () => {
      const url = await newQueue({ ReceiveMessageWaitTimeSeconds: '1' });
      let started = Date.now();
      assert.deepEqual(await receive(url), []);
      assert.ok(Date.now() - started >= 900, 'the queue default wait applies');
      started = Date.now();
      assert.deepEqual(await receive(url, { WaitTimeSeconds: 0 }), []);
      assert.ok(Date.now() - started < 900, 'WaitTimeSeconds 0 answers at once');
    });

    it('hides a received message for the visibility timeout, then delivers it again with a new handle', async () => {
      const url = await newQueue();
      const { MessageId } = await send(url, 'again');
      const [first] = await receive(url, { MessageSystemAttributeNames: ['All'] });
      assert.equal(first?.Attributes?.['ApproximateReceiveCount'], '1');
      const firstReceivedAt = first?.Attributes?.['ApproximateFirstReceiveTimestamp'];
      assert.deepEqual(await counts(url), [0, 1, 0]);
      assert.deepEqual(await receive(url), []);
      clock.advance(29_000);
      assert.deepEqual(await receive(url), []);
      clock.advance(2_000);
      const [second] = await receive(url, {
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'ApproximateFirstReceiveTimestamp'],
      });
      assert.equal(second?.MessageId, MessageId);
      assert.equal(second?.Attributes?.['ApproximateReceiveCount'], '2');
      assert.equal(second?.Attributes?.['ApproximateFirstReceiveTimestamp'], firstReceivedAt);
      assert.notEqual(second?.ReceiptHandle, first?.ReceiptHandle);
      // The first handle is spent: deleting with it succeeds (as AWS documents) but deletes nothing.
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle }));
      const stale = await errorOf(() =>
        sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: url,
            ReceiptHandle: first?.ReceiptHandle,
            VisibilityTimeout: 0,
          }),
        ),
      );
      assert.equal(stale.name, 'InvalidParameterValue');
      assert.match(stale.message, /Message does not exist or is not available for visibility timeout change\.$/);
      assert.deepEqual(await counts(url), [0, 1, 0]);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second?.ReceiptHandle }));
      assert.deepEqual(await counts(url), [0, 0, 0]);
      // Deleting an already deleted message succeeds too.
      await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second?.ReceiptHandle }));
    });

    it('changes the visibility of an in-flight message', async () => {
      const url = await newQueue();
      await send(url, 'vis');
      const [message] = await receive(url, { VisibilityTimeout: 5 });
      const handle = message?.ReceiptHandle;
      await sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 100 }),
      );
      clock.advance(60_000);
      assert.deepEqual(await receive(url), []);
      await sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: handle, VisibilityTimeout: 0 }),
      );
      const [again] = await receive(url, { VisibilityTimeout: 1 });
      assert.equal(again?.MessageId, message?.MessageId);
      clock.advance(2_000);
      const notInFlight = await errorOf(() =>
        sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: url,
            ReceiptHandle: again?.ReceiptHandle,
            VisibilityTimeout: 10,
          }),
        ),
      );
      assert.equal(notInFlight.name, 'MessageNotInflight');
      assert.equal(notInFlight.Code, 'AWS.SimpleQueueService.MessageNotInflight');
      const range = await errorOf(() =>
        sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: url,
            ReceiptHandle: again?.ReceiptHandle,
            VisibilityTimeout: 43_201,
          }),
        ),
      );
      assert.equal(range.name, 'InvalidParameterValue');
    });

    it('delays messages by the queue default or per message', async () => {
      const url = await newQueue({ DelaySeconds: '10' });
      await send(url, 'queue delay');
      await send(url, 'no delay', { DelaySeconds: 0 });
      await send(url, 'long delay', { DelaySeconds: 60 });
      assert.deepEqual(await counts(url), [1, 0, 2]);
      assert.deepEqual(
        (await receive(url, { MaxNumberOfMessages: 10, VisibilityTimeout: 3600 })).map((m) => m.Body),
        ['no delay'],
      );
      clock.advance(10_000);
      assert.deepEqual(
        (await receive(url, { MaxNumberOfMessages: 10, VisibilityTimeout: 3600 })).map((m) => m.Body),
        ['queue delay'],
      );
      clock.advance(50_000);
      assert.deepEqual(
        (await receive(url, { MaxNumberOfMessages: 10, VisibilityTimeout: 3600 })).map((m) => m.Body),
        ['long delay'],
      );
    });

    it('receives up to MaxNumberOfMessages, oldest first', async () => {
      const url = await newQueue();
      for (let i = 0; i < 12; i++) {
        await send(url, `m${i}`);
        clock.advance(1);
      }
      const first = await receive(url, { MaxNumberOfMessages: 10 });
      assert.deepEqual(
        first.map((m) => m.Body),
        Array.from({ length: 10 }, (_, i) => `m${i}`),
      );
      assert.deepEqual(
        (await receive(url, { MaxNumberOfMessages: 10 })).map((m) => m.Body),
        ['m10', 'm11'],
      );
    });

    it('moves a message received more than maxReceiveCount times to the dead-letter queue', async () => {
      const dlq = await newQueue();
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }),
      );
      const dlqArn = Attributes?.['QueueArn'] ?? '';
      const url = await newQueue({
        VisibilityTimeout: '5',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
      });
      const { MessageId } = await send(url, 'poison');
      for (let i = 0; i < 2; i++) {
        assert.equal((await receive(url)).length, 1);
        clock.advance(6_000);
      }
      assert.deepEqual(await receive(url), []);
      assert.deepEqual(await counts(url), [0, 0, 0]);
      const [dead] = await receive(dlq, { MessageSystemAttributeNames: ['All'] });
      assert.equal(dead?.MessageId, MessageId);
      assert.equal(dead?.Body, 'poison');
      assert.equal(dead?.Attributes?.['ApproximateReceiveCount'], '1');
      assert.equal(
        dead?.Attributes?.['DeadLetterQueueSourceArn'],
        `arn:aws:sqs:us-east-1:000000000000:${url.split('/').pop() ?? ''}`,
      );
    });

    it('drops messages older than the retention period', async () => {
      const url = await newQueue({ MessageRetentionPeriod: '60' });
      await send(url, 'short-lived');
      clock.advance(61_000);
      assert.deepEqual(await counts(url), [0, 0, 0]);
      assert.deepEqual(await receive(url), []);
    });
  });
}
