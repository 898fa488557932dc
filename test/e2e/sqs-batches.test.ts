/**
 * SQS batch calls and refused sends and receives through @aws-sdk/client-sqs (JSON protocol) against a real Sluice
 * on every store: entries fail one by one, malformed batches fail whole, and each bad input gets its SQS error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { sqsMessages } from '../../src/services/sqs/messages.js';
import { FakeClock } from '../../src/shared/clock.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { errorOf } from '../support/errors.js';
import { queueCalls, sqsClient } from '../support/sqs.js';

type Calls = ReturnType<typeof queueCalls>;

for (const kind of await storeKinds()) {
  describe(`SQS batches and errors (${kind})`, () => {
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

    it('sends, deletes and changes visibility in batches, failing entries one by one', async () => {
      const url = await newQueue();
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'one', MessageBody: 'b1', MessageAttributes: { a: { DataType: 'String', StringValue: 'v' } } },
            { Id: 'two', MessageBody: 'b2', DelaySeconds: 901 },
            { Id: 'three', MessageBody: 'b3' },
          ],
        }),
      );
      assert.deepEqual(
        sent.Successful?.map((s) => s.Id),
        ['one', 'three'],
      );
      assert.equal(sent.Successful?.[0]?.MD5OfMessageAttributes, 'a18cbb58171ebf4ce88d9fb787f9210b');
      assert.deepEqual(sent.Failed, [
        {
          Id: 'two',
          SenderFault: true,
          Code: 'InvalidParameterValue',
          Message: sqsMessages.invalidParameter(901, 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.'),
        },
      ]);
      const received = await receive(url, { MaxNumberOfMessages: 10 });
      assert.equal(received.length, 2);
      const [r1, r3] = received;
      const changed = await sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'c1', ReceiptHandle: r1?.ReceiptHandle, VisibilityTimeout: 0 },
            { Id: 'c2', ReceiptHandle: 'garbage', VisibilityTimeout: 0 },
          ],
        }),
      );
      assert.deepEqual(changed.Successful, [{ Id: 'c1' }]);
      assert.equal(changed.Failed?.[0]?.Code, 'ReceiptHandleIsInvalid');
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'd3', ReceiptHandle: r3?.ReceiptHandle },
            { Id: 'dx', ReceiptHandle: 'garbage' },
          ],
        }),
      );
      assert.deepEqual(deleted.Successful, [{ Id: 'd3' }]);
      assert.deepEqual(deleted.Failed, [
        {
          Id: 'dx',
          SenderFault: true,
          Code: 'ReceiptHandleIsInvalid',
          Message: sqsMessages.receiptHandleInvalid('garbage'),
        },
      ]);
      assert.deepEqual(await counts(url), [1, 0, 0]);
    });

    it('refuses malformed batches as a whole, with the legacy codes', async () => {
      const url = await newQueue();
      const batch = (Entries: { Id: string; MessageBody: string }[]) =>
        errorOf(() => sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries })));
      const cases: [{ Id: string; MessageBody: string }[], string, string][] = [
        [[], 'EmptyBatchRequest', 'AWS.SimpleQueueService.EmptyBatchRequest'],
        [
          Array.from({ length: 11 }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x' })),
          'TooManyEntriesInBatchRequest',
          'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
        ],
        [
          [
            { Id: 'same', MessageBody: 'x' },
            { Id: 'same', MessageBody: 'y' },
          ],
          'BatchEntryIdsNotDistinct',
          'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
        ],
        [[{ Id: 'bad id!', MessageBody: 'x' }], 'InvalidBatchEntryId', 'AWS.SimpleQueueService.InvalidBatchEntryId'],
        [
          [
            { Id: 'big1', MessageBody: 'x'.repeat(600_000) },
            { Id: 'big2', MessageBody: 'x'.repeat(600_000) },
          ],
          'BatchRequestTooLong',
          'AWS.SimpleQueueService.BatchRequestTooLong',
        ],
      ];
      for (const [entries, name, code] of cases) {
        const error = await batch(entries);
        assert.equal(error.name, name);
        assert.equal(error.Code, code);
        assert.equal(error.$metadata.httpStatusCode, 400);
      }
      assert.equal((await batch([{ Id: 'bad id!', MessageBody: 'x' }])).message, sqsMessages.invalidBatchEntryId());
      const emptyDelete = await errorOf(() => sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] })));
      assert.equal(emptyDelete.message, sqsMessages.emptyBatch('DeleteMessageBatchRequestEntry'));
    });

    it('refuses bad sends and receives with the SQS error of each', async () => {
      const url = await newQueue({ MaximumMessageSize: '1024' });
      const cases: [() => Promise<unknown>, string, string | RegExp][] = [
        [() => send(url, 'x'.repeat(1025)), 'InvalidParameterValue', sqsMessages.messageTooLong(1024)],
        [() => send(url, 'bell \u0007'), 'InvalidMessageContents', sqsMessages.invalidMessageContents()],
        [() => send(url, ''), 'MissingParameter', sqsMessages.missingParameter('MessageBody')],
        [() => send(url, 'x', { DelaySeconds: -1 }), 'InvalidParameterValue', /parameter DelaySeconds is invalid/],
        [
          () => send(url, 'x', { MessageDeduplicationId: 'd' }),
          'InvalidParameterValue',
          /not valid for this queue type/,
        ],
        [
          () => send(url, 'x', { MessageAttributes: { n: { DataType: 'Number', StringValue: 'many' } } }),
          'InvalidParameterValue',
          sqsMessages.invalidNumberAttribute('n'),
        ],
        [
          () => send(url, 'x', { MessageAttributes: { n: { DataType: 'Text', StringValue: 'v' } } }),
          'InvalidParameterValue',
          sqsMessages.invalidMessageAttributeType('n'),
        ],
        [
          () => send(url, 'x', { MessageAttributes: { n: { DataType: 'String', StringValue: '' } } }),
          'InvalidParameterValue',
          sqsMessages.missingMessageAttributeValue('n', 'String'),
        ],
        [
          () => send(url, 'x', { MessageAttributes: { 'AWS.x': { DataType: 'String', StringValue: 'v' } } }),
          'InvalidParameterValue',
          sqsMessages.invalidMessageAttributeName('AWS.x'),
        ],
        [
          () =>
            send(url, 'x', {
              MessageAttributes: Object.fromEntries(
                Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
              ),
            }),
          'InvalidParameterValue',
          sqsMessages.tooManyMessageAttributes(11),
        ],
        [
          () => receive(url, { MaxNumberOfMessages: 11 }),
          'InvalidParameterValue',
          sqsMessages.invalidParameter(11, 'MaxNumberOfMessages', 'Must be between 1 and 10, if provided.'),
        ],
        [() => receive(url, { MaxNumberOfMessages: 0 }), 'InvalidParameterValue', /MaxNumberOfMessages/],
        [
          () => receive(url, { WaitTimeSeconds: 21 }),
          'InvalidParameterValue',
          sqsMessages.invalidParameter(21, 'WaitTimeSeconds', 'Must be >= 0 and <= 20, if provided.'),
        ],
        [() => receive(url, { VisibilityTimeout: -1 }), 'InvalidParameterValue', /VisibilityTimeout/],
        [
          () => receive(url, { MessageSystemAttributeNames: ['Nope' as 'All'] }),
          'InvalidAttributeName',
          sqsMessages.unknownAttribute('Nope'),
        ],
        [
          () => sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'abc' })),
          'ReceiptHandleIsInvalid',
          sqsMessages.receiptHandleInvalid('abc'),
        ],
      ];
      for (const [call, name, message] of cases) {
        const error = await errorOf(call);
        assert.equal(error.name, name, String(message));
        if (typeof message === 'string') assert.equal(error.message, message);
        else assert.match(error.message, message);
      }
      // A handle of another queue is no handle of this one.
      const other = await newQueue();
      await send(other, 'elsewhere');
      const [message] = await receive(other);
      const foreign = await errorOf(() =>
        sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle })),
      );
      assert.equal(foreign.name, 'ReceiptHandleIsInvalid');
      assert.equal(foreign.$metadata.httpStatusCode, 404);
    });
  });
}
