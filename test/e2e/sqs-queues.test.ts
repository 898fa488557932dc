/**
 * SQS queue operations through @aws-sdk/client-sqs (JSON protocol) against a real Sluice over HTTP, on every store:
 * create (idempotent, conflicting), look up, list, attributes, tags, purge, delete, and the errors each refusal
 * carries, including the legacy code in `x-amzn-query-error`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  QueueDoesNotExist,
  QueueNameExists,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
  UntagQueueCommand,
  type QueueAttributeName,
} from '@aws-sdk/client-sqs';
import { sqsMessages } from '../../src/services/sqs/messages.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/test-server.js';
import { errorOf, type AwsErrorShape } from '../support/errors.js';
import { sqsClient } from '../support/sqs.js';

for (const kind of await storeKinds()) {
  describe(`SQS queues (${kind})`, () => {
    let server: TestServer;
    let sqs: SQSClient;
    before(async () => {
      server = await startTestServer(kind);
      sqs = sqsClient(server.url);
    });
    after(async () => {
      sqs.destroy();
      await server.stop();
    });

    const create = (QueueName: string, Attributes?: Record<string, string>) =>
      sqs.send(new CreateQueueCommand({ QueueName, ...(Attributes && { Attributes }) }));
    const attributesOf = async (QueueUrl: string, names: QueueAttributeName[] = ['All']) =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: names }))).Attributes ?? {};

    it('creates a queue whose URL reaches this Sluice and reports its attributes', async () => {
      const before = Math.floor(Date.now() / 1000);
      const { QueueUrl } = await create('orders', { VisibilityTimeout: '45', DelaySeconds: '2' });
      const host = new URL(server.url).host;
      assert.equal(QueueUrl, `http://${host}/000000000000/orders`);
      const attributes = await attributesOf(QueueUrl);
      assert.equal(attributes['QueueArn'], 'arn:aws:sqs:us-east-1:000000000000:orders');
      assert.equal(attributes['VisibilityTimeout'], '45');
      assert.equal(attributes['DelaySeconds'], '2');
      assert.equal(attributes['MessageRetentionPeriod'], '345600');
      assert.equal(attributes['MaximumMessageSize'], '262144');
      assert.equal(attributes['ReceiveMessageWaitTimeSeconds'], '0');
      assert.equal(attributes['ApproximateNumberOfMessages'], '0');
      assert.equal(attributes['ApproximateNumberOfMessagesNotVisible'], '0');
      assert.equal(attributes['ApproximateNumberOfMessagesDelayed'], '0');
      assert.ok(Number(attributes['CreatedTimestamp']) >= before - 1);
      assert.equal(attributes['LastModifiedTimestamp'], attributes['CreatedTimestamp']);
      const named = await attributesOf(QueueUrl, ['QueueArn', 'DelaySeconds']);
      assert.deepEqual(Object.keys(named).sort(), ['DelaySeconds', 'QueueArn']);
    });

    it('answers CreateQueue again with the same URL unless an attribute differs', async () => {
      const first = await create('idem', { VisibilityTimeout: '60' });
      assert.equal((await create('idem', { VisibilityTimeout: '60' })).QueueUrl, first.QueueUrl);
      assert.equal((await create('idem')).QueueUrl, first.QueueUrl);
      assert.equal((await create('idem', { DelaySeconds: '0' })).QueueUrl, first.QueueUrl, 'defaults match');
      const error = await errorOf(() => create('idem', { VisibilityTimeout: '61' }));
      assert.ok(error instanceof QueueNameExists);
      assert.equal((error as AwsErrorShape).Code, 'QueueAlreadyExists');
      assert.equal(error.message, sqsMessages.queueNameExists('VisibilityTimeout'));
    });

    it('keeps queue names case-sensitive', async () => {
      const lower = await create('casey');
      const upper = await create('Casey');
      assert.notEqual(lower.QueueUrl, upper.QueueUrl);
    });

    it('finds queues by name and lists them by prefix, in pages', async () => {
      for (const name of ['list-a', 'list-b', 'list-c', 'list_d', 'other']) await create(name);
      const url = await sqs.send(new GetQueueUrlCommand({ QueueName: 'list-b' }));
      assert.match(url.QueueUrl ?? '', /\/000000000000\/list-b$/);
      const all = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list' }));
      assert.deepEqual(
        all.QueueUrls?.map((u) => u.split('/').pop()),
        ['list-a', 'list-b', 'list-c', 'list_d'],
      );
      assert.equal(all.NextToken, undefined);
      // '_' is no wildcard: only list_d starts with 'list_'.
      const underscore = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list_' }));
      assert.deepEqual(
        underscore.QueueUrls?.map((u) => u.split('/').pop()),
        ['list_d'],
      );
      const names: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'list', MaxResults: 3, NextToken }));
        names.push(...(page.QueueUrls ?? []).map((u) => u.split('/').pop() ?? ''));
        NextToken = page.NextToken;
      } while (NextToken);
      assert.deepEqual(names, ['list-a', 'list-b', 'list-c', 'list_d']);
      const none = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'zzz' }));
      assert.equal(none.QueueUrls, undefined);
    });

    it('changes attributes, moving LastModifiedTimestamp, and removes a redrive policy with ""', async () => {
      const { QueueUrl } = await create('settable');
      const dlq = await create('settable-dlq');
      const dlqArn = (await attributesOf(dlq.QueueUrl!, ['QueueArn']))['QueueArn'];
      const policy = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
      await sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl,
          Attributes: { VisibilityTimeout: '0', ReceiveMessageWaitTimeSeconds: '20', RedrivePolicy: policy },
        }),
      );
      const changed = await attributesOf(QueueUrl!);
      assert.equal(changed['VisibilityTimeout'], '0');
      assert.equal(changed['ReceiveMessageWaitTimeSeconds'], '20');
      assert.equal(changed['RedrivePolicy'], policy);
      await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: '' } }));
      assert.equal((await attributesOf(QueueUrl!))['RedrivePolicy'], undefined);
    });

    it('refuses bad attributes with InvalidAttributeName, InvalidAttributeValue or InvalidParameterValue', async () => {
      const { QueueUrl } = await create('strict');
      const cases: [Record<string, string>, string, string][] = [
        [{ Colour: 'blue' }, 'InvalidAttributeName', sqsMessages.unknownAttribute('Colour')],
        [{ QueueArn: 'x' }, 'InvalidAttributeName', sqsMessages.unknownAttribute('QueueArn')],
        [
          { VisibilityTimeout: '43201' },
          'InvalidAttributeValue',
          sqsMessages.invalidAttributeValue('VisibilityTimeout'),
        ],
        [{ DelaySeconds: 'soon' }, 'InvalidAttributeValue', sqsMessages.invalidAttributeValue('DelaySeconds')],
        [
          { MessageRetentionPeriod: '59' },
          'InvalidAttributeValue',
          sqsMessages.invalidAttributeValue('MessageRetentionPeriod'),
        ],
        [
          { ReceiveMessageWaitTimeSeconds: '21' },
          'InvalidAttributeValue',
          sqsMessages.invalidAttributeValue('ReceiveMessageWaitTimeSeconds'),
        ],
        [
          { MaximumMessageSize: '1023' },
          'InvalidAttributeValue',
          sqsMessages.invalidAttributeValue('MaximumMessageSize'),
        ],
        [{ Policy: 'not json' }, 'InvalidAttributeValue', sqsMessages.invalidAttributeValue('Policy')],
      ];
      for (const [Attributes, code, message] of cases) {
        for (const call of [
          () => create('strict-new', Attributes),
          () => sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes })),
        ]) {
          const error = await errorOf(call);
          assert.equal(error.name, code, JSON.stringify(Attributes));
          assert.equal(error.message, message);
          assert.equal(error.$metadata.httpStatusCode, 400);
        }
      }
      const redrive = await errorOf(() =>
        create('strict-new', {
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:missing',
            maxReceiveCount: 2,
          }),
        }),
      );
      assert.equal(redrive.name, 'InvalidParameterValue');
      assert.match(redrive.message, /Reason: Dead letter target does not exist\.$/);
      const attributeName = await errorOf(() => attributesOf(QueueUrl!, ['Bogus' as QueueAttributeName]));
      assert.equal(attributeName.name, 'InvalidAttributeName');
      assert.equal(attributeName.message, sqsMessages.unknownAttribute('Bogus'));
    });

    it('refuses invalid queue names, and FIFO queues clearly', async () => {
      for (const name of ['has space', 'x'.repeat(81), 'dot.name', 'plain.fifo']) {
        const error = await errorOf(() => create(name));
        assert.equal(error.name, 'InvalidParameterValue', name);
        assert.equal(error.message, sqsMessages.invalidQueueName());
      }
      const fifo = await errorOf(() => create('jobs.fifo', { FifoQueue: 'true' }));
      assert.equal(fifo.name, 'InvalidAttributeName');
      assert.match(fifo.message, /does not support FIFO queues/);
      const dedup = await errorOf(() => create('dedup', { ContentBasedDeduplication: 'true' }));
      assert.equal(dedup.name, 'InvalidAttributeName');
      assert.ok((await create('explicitly-standard', { FifoQueue: 'false' })).QueueUrl);
    });

    it('answers QueueDoesNotExist with the legacy code, for names and URLs', async () => {
      const byName = await errorOf(() => sqs.send(new GetQueueUrlCommand({ QueueName: 'ghost' })));
      assert.ok(byName instanceof QueueDoesNotExist);
      assert.equal((byName as AwsErrorShape).Code, 'AWS.SimpleQueueService.NonExistentQueue');
      assert.equal(byName.message, sqsMessages.queueDoesNotExist());
      const url = server.url + '/000000000000/ghost';
      for (const call of [
        () => attributesOf(url),
        () => sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })),
        () => sqs.send(new PurgeQueueCommand({ QueueUrl: url })),
        () => sqs.send(new DeleteQueueCommand({ QueueUrl: url })),
      ]) {
        assert.ok((await errorOf(call)) instanceof QueueDoesNotExist);
      }
      // Another region of the same URL is another queue.
      await create('regional');
      const elsewhere = new SQSClient({
        endpoint: server.url,
        region: 'eu-west-1',
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
      });
      const error = await errorOf(() =>
        elsewhere.send(new GetQueueAttributesCommand({ QueueUrl: server.url + '/000000000000/regional' })),
      );
      elsewhere.destroy();
      assert.ok(error instanceof QueueDoesNotExist);
    });

    it('answers InvalidAddress for a QueueUrl that is no queue URL, MissingParameter without one', async () => {
      const invalid = await errorOf(() => sqs.send(new PurgeQueueCommand({ QueueUrl: 'not-a-url' })));
      assert.equal(invalid.name, 'InvalidAddress');
      assert.equal(invalid.$metadata.httpStatusCode, 404);
      const raw = await fetch(server.url + '/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.SendMessage' },
        body: JSON.stringify({ MessageBody: 'x' }),
      });
      assert.equal(raw.status, 400);
      assert.equal(raw.headers.get('x-amzn-query-error'), 'MissingParameter;Sender');
      const body = (await raw.json()) as Record<string, string>;
      assert.equal(body['__type'], 'MissingParameter');
      assert.equal(body['message'], sqsMessages.missingParameter('QueueUrl'));
    });

    it('tags, untags and lists tags', async () => {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'tagged', tags: { team: 'ml' } }));
      await sqs.send(new TagQueueCommand({ QueueUrl, Tags: { env: 'dev', tier: '1' } }));
      await sqs.send(new UntagQueueCommand({ QueueUrl, TagKeys: ['tier'] }));
      const { Tags } = await sqs.send(new ListQueueTagsCommand({ QueueUrl }));
      assert.deepEqual(Tags, { team: 'ml', env: 'dev' });
    });

    it('purges messages and deletes queues', async () => {
      const { QueueUrl } = await create('doomed');
      for (const body of ['a', 'b', 'c']) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
      assert.equal((await attributesOf(QueueUrl!))['ApproximateNumberOfMessages'], '3');
      await sqs.send(new PurgeQueueCommand({ QueueUrl }));
      assert.equal((await attributesOf(QueueUrl!))['ApproximateNumberOfMessages'], '0');
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'd' }));
      await sqs.send(new DeleteQueueCommand({ QueueUrl }));
      assert.ok(
        (await errorOf(() => sqs.send(new GetQueueUrlCommand({ QueueName: 'doomed' })))) instanceof QueueDoesNotExist,
      );
      const again = await create('doomed');
      assert.equal((await attributesOf(again.QueueUrl!))['ApproximateNumberOfMessages'], '0');
    });
  });
}
