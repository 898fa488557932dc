/**
 * The console's Queues and Functions pages (issue 8: "the built-in SQS queues with message counts (and a peek at
 * messages), the Lambda functions with their recent invocations"). In Chromium against a real Sluice:
 *
 * - a queue holds a Callback-like JSON message; Peek (from the keyboard) shows it pretty-printed with its id,
 *   attributes and message attributes, and says a peek counts as a receive; the SDK then still receives the
 *   message (it was not deleted), its ApproximateReceiveCount raised by the peek;
 * - a function invoked twice shows two invocations with their durations (from its REPORT lines in CloudWatch
 *   Logs); a click on one shows its lines and not the other's; a failing function's invocation says its error; a
 *   function never invoked says so; against a Sluice without the Logs API the page says so and keeps working.
 *
 * Screenshots go to test-artifacts/console-queues-functions-*.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { CreateFunctionCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Page } from 'playwright-core';
import { displayBody } from '../../web/src/components/format.js';
import { invocationsFrom, parseReport } from '../../web/src/live/report-lines.js';
import { LAMBDA_ROLE, lambdaClient, nodePackage } from '../support/lambda.js';
import { sqsClient } from '../support/sqs.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { ensureBuilt, launchChromium, screenshot, screenshotOnFailure, skipBrowser } from './chromium.js';

const QUEUE = 'console-peek';
const FUNCTION = 'console-fn';
const FAILING = 'console-fn-fails';
const IDLE = 'console-fn-idle';
/** A Callback step's message, as Sluice sends it. */
const CALLBACK_MESSAGE = {
  token: 'peek-token-0123456789',
  pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/p/execution/abc',
  arguments: { name: 'alice' },
  status: 'Executing',
};
/** A cold worker and the log writer's batching: generous waits (Playwright waits for what shows). */
const SLOW = { timeout: 60_000 };

describe('what the console makes of REPORT lines and message bodies', () => {
  it('parses a REPORT line, with and without init and status', () => {
    const id = '0b7c7f4e-1c6f-4d4a-9a8e-2f1d2c3b4a59';
    assert.deepEqual(
      parseReport({
        logStreamName: 's',
        timestamp: 5,
        message: `REPORT RequestId: ${id}\tDuration: 12.34 ms\tBilled Duration: 180 ms\tMemory Size: 128 MB\tMax Memory Used: 41 MB\tInit Duration: 166.20 ms\t\n`,
      }),
      {
        requestId: id,
        stream: 's',
        timestamp: 5,
        durationMs: 12.34,
        billedMs: 180,
        memorySizeMb: 128,
        maxMemoryUsedMb: 41,
        initMs: 166.2,
      },
    );
    const timedOut = parseReport({
      message: `REPORT RequestId: ${id}\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\t\tStatus: timeout\n`,
    });
    assert.equal(timedOut?.status, 'timeout');
    assert.equal(timedOut?.maxMemoryUsedMb, undefined);
    const exited = parseReport({
      message: `REPORT RequestId: ${id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\t\tStatus: error\tError Type: Runtime.ExitError\n`,
    });
    assert.deepEqual([exited?.status, exited?.error], ['error', 'Runtime.ExitError']);
    assert.equal(parseReport({ message: 'a line that says REPORT somewhere' }), undefined);
  });

  it('ties error lines to their invocations: by request id, or by stream', () => {
    const report = (id: string, stream: string, timestamp: number) => ({
      logStreamName: stream,
      timestamp,
      message: `REPORT RequestId: ${id}\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\t\n`,
    });
    const node = '11111111-1111-4111-8111-111111111111';
    const python = ['22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
    const invocations = invocationsFrom(
      [report(node, 'a', 10), report(python[0] ?? '', 'b', 20), report(python[1] ?? '', 'b', 30)],
      [
        {
          logStreamName: 'a',
          timestamp: 9,
          message: `2025-01-01T00:00:00.000Z\t${node}\tERROR\tInvoke Error \t{"errorType":"ItFailed","errorMessage":"no good"}\n`,
        },
        {
          logStreamName: 'b',
          timestamp: 25,
          message: '[ERROR] ValueError: bad input\nTraceback (most recent call last):',
        },
      ],
    );
    assert.deepEqual(
      invocations.map((i) => [i.requestId, i.status, i.error]),
      [
        [python[1], 'error', 'ValueError: bad input'],
        [python[0], undefined, undefined],
        [node, 'error', 'ItFailed: no good'],
      ],
    );
  });

  it('indents a JSON object or array, and leaves any other body as sent', () => {
    assert.equal(displayBody('{"a":1}'), '{\n  "a": 1\n}');
    assert.equal(displayBody('[1]'), '[\n  1\n]');
    assert.equal(displayBody('42'), '42');
    assert.equal(displayBody('not {json'), 'not {json');
  });
});

describe('the queues and functions pages', { skip: skipBrowser }, () => {
  let server: TestServer;
  let sqs: SQSClient;
  let functions: LambdaClient;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page;

  before(async () => {
    await ensureBuilt();
    server = await startTestServer('sqlite');
    sqs = sqsClient(server.url);
    functions = lambdaClient(server.url);
    for (const name of [FUNCTION, FAILING, IDLE]) {
      await functions.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: LAMBDA_ROLE,
          Timeout: 30,
          Code: { ZipFile: nodePackage() },
        }),
      );
    }
    browser = await launchChromium();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    sqs?.destroy();
    functions?.destroy();
    await server?.stop();
  });

  afterEach((t) => screenshotOnFailure(page, t));

  const shot = (name: string): Promise<void> => screenshot(page, `console-queues-functions-${name}`);

  it('peeks at a queue’s messages without deleting them', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: QUEUE }));
    assert.ok(QueueUrl);
    const { MessageId } = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: JSON.stringify(CALLBACK_MESSAGE),
        MessageAttributes: { origin: { DataType: 'String', StringValue: 'console-test' } },
      }),
    );
    assert.ok(MessageId);

    await page.goto(`${server.url}/queues`);
    await page.locator(`tr[data-queue="${QUEUE}"]`).waitFor();
    await page.getByText('each peek counts as a receive').waitFor();
    // The keyboard: focus Peek and press Enter; the messages' heading takes the focus.
    const peek = page.getByRole('button', { name: `Peek at messages in ${QUEUE}` });
    await peek.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('region', { name: `Messages in ${QUEUE}` });
    const message = panel.getByRole('article', { name: `Message ${MessageId}` });
    await message.waitFor();
    assert.equal(await page.evaluate('document.activeElement?.textContent'), `Messages in ${QUEUE}`);

    // The body pretty-printed, its id, its receive count (this peek) and its message attribute.
    const body = message.getByLabel(`Body of message ${MessageId}`);
    assert.equal(await body.textContent(), JSON.stringify(CALLBACK_MESSAGE, null, 2));
    await message.getByText(MessageId, { exact: true }).waitFor();
    assert.equal(await message.locator('[data-field="ApproximateReceiveCount"]').textContent(), '1');
    const attributes = message.getByRole('table', { name: 'Message attributes' });
    await attributes.getByRole('cell', { name: 'console-test' }).waitFor();
    await panel.getByText(/^1 message at /).waitFor();
    await shot('1-peek');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('2-peek-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Peek again counts a second receive; Close gives the focus back to Peek.
    await panel.getByRole('button', { name: 'Peek again' }).click();
    await message.locator('[data-field="ApproximateReceiveCount"]').getByText('2', { exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });
    assert.equal(
      await page.evaluate('document.activeElement?.getAttribute("aria-label")'),
      `Peek at messages in ${QUEUE}`,
    );

    // Still there for a consumer: the SDK receives it at once, its count raised by the two peeks.
    const received = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    assert.equal(received.Messages?.length, 1, 'the peeked message was not deleted');
    assert.equal(received.Messages?.[0]?.MessageId, MessageId);
    assert.equal(received.Messages?.[0]?.Body, JSON.stringify(CALLBACK_MESSAGE));
    assert.equal(received.Messages?.[0]?.Attributes?.ApproximateReceiveCount, '3');
  });

  it('shows a function’s invocations from its REPORT lines, and an invocation’s lines', async () => {
    for (const n of [1, 2]) {
      const answer = await functions.send(
        new InvokeCommand({ FunctionName: FUNCTION, Payload: JSON.stringify({ print: `console-fn handled ${n}` }) }),
      );
      assert.equal(answer.FunctionError, undefined);
    }
    await page.goto(`${server.url}/functions`);
    await page.getByRole('button', { name: `Show invocations of ${FUNCTION}`, exact: true }).click();
    assert.match(page.url(), /\/functions\?function=console-fn$/);
    const table = page.getByRole('table', { name: `Invocations of ${FUNCTION}`, exact: true });
    const rows = table.locator('tr[data-request-id]');
    await rows.nth(1).waitFor(SLOW);
    assert.equal(await rows.count(), 2);
    for (const duration of await table.locator('[data-field="duration"]').allTextContents()) {
      assert.match(duration, /^\d+\.\d\d ms$/);
    }
    await shot('3-invocations');

    // The newest first: its lines are the second call's, START to REPORT, and not the first call's.
    const newest = rows.first();
    const requestId = (await newest.getAttribute('data-request-id')) ?? '';
    await newest.getByRole('button', { name: requestId }).click();
    const lines = page.getByRole('log', { name: `Lines of invocation ${requestId}` });
    await lines.getByText('console-fn handled 2').waitFor();
    await lines.getByText(`START RequestId: ${requestId}`).waitFor();
    await lines.getByText(`REPORT RequestId: ${requestId}`).waitFor();
    assert.equal(await lines.getByText('console-fn handled 1').count(), 0);
    await shot('4-invocation-lines');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('5-invocation-lines-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('says an invocation failed, and when a function was never invoked', async () => {
    const answer = await functions.send(
      new InvokeCommand({ FunctionName: FAILING, Payload: JSON.stringify({ raise: 'no good' }) }),
    );
    assert.equal(answer.FunctionError, 'Unhandled');
    await page.goto(`${server.url}/functions?function=${FAILING}`);
    const table = page.getByRole('table', { name: `Invocations of ${FAILING}`, exact: true });
    await table.getByText('error: ItFailed: no good').waitFor(SLOW);
    await shot('6-failed');

    await page.getByRole('button', { name: `Show invocations of ${IDLE}`, exact: true }).click();
    await page
      .getByRole('region', { name: `Recent invocations of ${IDLE}` })
      .getByText('No invocations yet.')
      .waitFor();
  });

  it('says when Sluice has no Logs API, and still lists the functions', async () => {
    await page.route(
      (url) => url.pathname === '/',
      (route) =>
        (route.request().headers()['x-amz-target'] ?? '').startsWith('Logs_20140328.')
          ? route.fulfill({
              status: 400,
              headers: { 'content-type': 'application/x-amz-json-1.1' },
              body: JSON.stringify({
                __type: 'UnknownOperationException',
                message: "Sluice does not serve X-Amz-Target 'Logs_20140328.FilterLogEvents'.",
              }),
            })
          : route.fallback(),
    );
    try {
      await page.goto(`${server.url}/functions?function=${FUNCTION}`);
      await page.getByText('This Sluice has no Logs API').waitFor();
      await page.locator(`tr[data-function="${IDLE}"]`).waitFor();
      await shot('7-no-logs-api');
    } finally {
      await page.unrouteAll();
    }
  });
});
