/**
 * Real SQS clients other than the JS SDK against a real Sluice on every store: boto3 1.43 (JSON protocol) and
 * Debian's boto3 1.26 (query protocol) run test/clients/sqs_boto3.py; the AWS CLI v1 makes a few calls; raw HTTP
 * checks the query protocol's routing (queue-URL paths, GET) and error documents.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/definitions.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const run = promisify(execFile);
const SCRIPT = join(REPO_ROOT, 'test/clients/sqs_boto3.py');
/** Debian's interpreter, whose python3-boto3 (1.26) still speaks the query protocol. */
const DEBIAN_PYTHON = '/usr/bin/python3';

const CLIENT_ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'AKIDTEST',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/nonexistent/sluice-test-config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/sluice-test-credentials',
  AWS_PAGER: '',
  PYTHONDONTWRITEBYTECODE: '1',
};

/** Runs a command; on failure, fails the test with everything it printed. */
async function runOk(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { env: CLIENT_ENV, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return assert.fail(
      `${command} ${args.join(' ')} failed: ${failed.message}\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`,
    );
  }
}

/** Why Debian's boto3 cannot run here, or undefined when it can. CI installs it (.ci/run), so there it must. */
async function debianBoto3Missing(): Promise<string | undefined> {
  try {
    await run(DEBIAN_PYTHON, ['-c', 'import boto3']);
    return undefined;
  } catch {
    const reason = `${DEBIAN_PYTHON} has no boto3: apt-get install -y python3-boto3`;
    if (process.env['CI'] === 'true') throw new Error(reason);
    return reason;
  }
}
const debianSkip = await debianBoto3Missing();

for (const kind of await storeKinds()) {
  // The clients use queues of their own, so they run side by side.
  describe(`SQS clients (${kind})`, { concurrency: true }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer(kind);
    });
    after(() => server.stop());

    it('passes the boto3 checks over the JSON protocol (boto3 1.43)', async () => {
      const out = await runOk('python3', [SCRIPT, server.url, 'json']);
      assert.match(out, /all \d+ sections passed/);
    });

    it('passes the same checks over the query protocol (Debian boto3 1.26)', { skip: debianSkip }, async () => {
      const out = await runOk(DEBIAN_PYTHON, [SCRIPT, server.url, 'query']);
      assert.match(out, /\(query protocol\): all \d+ sections passed/);
    });

    it('serves the AWS CLI', async () => {
      const aws = async (...args: string[]) =>
        JSON.parse(
          (await runOk('aws', ['sqs', ...args, '--endpoint-url', server.url, '--output', 'json'])) || '{}',
        ) as Record<string, unknown>;
      const { QueueUrl } = (await aws(
        'create-queue',
        '--queue-name',
        'cli-queue',
        '--attributes',
        'VisibilityTimeout=40',
      )) as {
        QueueUrl: string;
      };
      assert.equal(QueueUrl, `${server.url}/000000000000/cli-queue`);
      const sent = await aws(
        'send-message',
        '--queue-url',
        QueueUrl,
        '--message-body',
        'hello from the CLI',
        '--message-attributes',
        '{"k":{"DataType":"String","StringValue":"v"}}',
      );
      assert.equal(sent['MD5OfMessageBody'], createHash('md5').update('hello from the CLI').digest('hex'));
      const received = (await aws(
        'receive-message',
        '--queue-url',
        QueueUrl,
        '--wait-time-seconds',
        '2',
        '--attribute-names',
        'All',
        '--message-attribute-names',
        'All',
      )) as { Messages: { Body: string; ReceiptHandle: string; Attributes: Record<string, string> }[] };
      assert.equal(received.Messages[0]?.Body, 'hello from the CLI');
      assert.equal(received.Messages[0]?.Attributes['ApproximateReceiveCount'], '1');
      await aws(
        'delete-message',
        '--queue-url',
        QueueUrl,
        '--receipt-handle',
        received.Messages[0]?.ReceiptHandle ?? '',
      );
      const counts = await fetch(server.url + '/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.GetQueueAttributes' },
        body: JSON.stringify({
          QueueUrl,
          AttributeNames: ['VisibilityTimeout', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      });
      assert.deepEqual(await counts.json(), {
        Attributes: { VisibilityTimeout: '40', ApproximateNumberOfMessagesNotVisible: '0' },
      });
      await assert.rejects(
        run('aws', ['sqs', 'get-queue-url', '--queue-name', 'missing', '--endpoint-url', server.url], {
          env: CLIENT_ENV,
        }),
        (error: { stderr?: string }) => /AWS\.SimpleQueueService\.NonExistentQueue/.test(error.stderr ?? ''),
      );
    });

    it('serves query requests sent to the queue URL, and GET requests', async () => {
      const form = (path: string, body: string) =>
        fetch(server.url + path, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          body,
        });
      const created = await form('/', 'Action=CreateQueue&Version=2012-11-05&QueueName=raw-queue');
      assert.equal(created.status, 200);
      assert.match(
        await created.text(),
        /<CreateQueueResult><QueueUrl>http:\/\/[^<]+\/000000000000\/raw-queue<\/QueueUrl>/,
      );
      const sent = await form('/000000000000/raw-queue', 'Action=SendMessage&MessageBody=a%22b%0D%0Ac');
      assert.equal(sent.headers.get('content-type'), 'text/xml');
      assert.match(
        await sent.text(),
        /<SendMessageResult><MessageId>[^<]+<\/MessageId><MD5OfMessageBody>[0-9a-f]{32}<\/MD5OfMessageBody>/,
      );
      const received = await fetch(`${server.url}/000000000000/raw-queue?Action=ReceiveMessage&Version=2012-11-05`);
      assert.match(await received.text(), /<Body>a&quot;b&#xD;\nc<\/Body>/);
      const listed = await fetch(`${server.url}/?Action=ListQueues&QueueNamePrefix=raw`);
      assert.match(await listed.text(), /<ListQueuesResult><QueueUrl>[^<]+raw-queue<\/QueueUrl><\/ListQueuesResult>/);
      const unknown = await form('/', 'Action=Frobnicate');
      assert.equal(unknown.status, 400);
      assert.match(await unknown.text(), /<Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
      const missing = await form('/000000000000/ghost', 'Action=GetQueueAttributes&AttributeName.1=All');
      assert.equal(missing.status, 400);
      assert.match(
        await missing.text(),
        /<Code>AWS\.SimpleQueueService\.NonExistentQueue<\/Code><Message>The specified queue does not exist for this wsdl version\.<\/Message>/,
      );
    });
  });
}
