/**
 * The web console's server side without a browser: static files (content types, caching, client-side routes, the
 * page shown without a build), the precedence of the AWS routes over the console, and the event stream.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  SendPipelineExecutionStepSuccessCommand,
  StartPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { ChangeFeed } from '../../src/store/change-feed.js';
import { createWebConsole, type WebConsole } from '../../src/server/console/web-console.js';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { sqsClient } from '../support/sqs.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';

/** A plain server in front of a console on `webDir`. */
async function serveConsole(webDir: string, feed = new ChangeFeed(), events = {}) {
  const web: WebConsole = createWebConsole({ feed, webDir, events });
  const server: Server = createServer((req, res) => {
    if (!web.serve(req, res)) {
      res.writeHead(418);
      res.end('not the console');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    feed,
    close: async () => {
      web.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads an event stream until `until` says enough (or `timeoutMs` passed); answers the parsed events. */
function readEvents(
  url: string,
  until: (events: { event: string; data: string }[], raw: string) => boolean,
  timeoutMs = 5_000,
): Promise<{ events: { event: string; data: string }[]; raw: string; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const request = get(url, (response) => {
      let raw = '';
      const events: { event: string; data: string }[] = [];
      const timer = setTimeout(() => {
        request.destroy();
        reject(new Error(`no match within ${timeoutMs} ms; got:\n${raw}`));
      }, timeoutMs);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        raw += chunk;
        events.length = 0;
        for (const block of raw.split('\n\n')) {
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) events.push({ event, data });
        }
        if (until(events, raw)) {
          clearTimeout(timer);
          request.destroy();
          resolve({ events, raw, response });
        }
      });
    });
    request.on('error', (error) => {
      if (!request.destroyed) reject(error);
    });
  });
}

describe('web console: static files', () => {
  let dir: string;
  let site: Awaited<ReturnType<typeof serveConsole>>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1);');
    writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    site = await serveConsole(dir);
  });
  after(async () => {
    await site.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, never cached', async () => {
    for (const path of ['/', '/pipelines/demo', '/pipelines/demo/executions/abc', '/queues']) {
      const response = await fetch(site.url + path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.match(await response.text(), /<title>console<\/title>/);
    }
  });

  it('serves hashed assets with their content type, cached for a year', async () => {
    const js = await fetch(site.url + '/assets/index-abc123.js');
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await js.text(), 'console.log(1);');
    const css = await fetch(site.url + '/assets/index-abc123.css');
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    const icon = await fetch(site.url + '/favicon.svg');
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    assert.equal(icon.headers.get('cache-control'), 'no-cache');
    const again = await fetch(site.url + '/favicon.svg', { headers: { 'if-none-match': icon.headers.get('etag')! } });
    assert.equal(again.status, 304);
  });

  it('answers 404 for a missing asset rather than index.html, and stays inside its folder', async () => {
    assert.equal((await fetch(site.url + '/assets/index-old.js')).status, 404);
    assert.equal((await fetch(site.url + '/missing.png')).status, 404);
    // Raw paths: fetch would resolve the dots itself.
    for (const path of ['/..%2F..%2F..%2F..%2Fetc%2Fpasswd', '/assets/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd']) {
      const body = await new Promise<string>((resolve, reject) => {
        get(site.url + path, (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => resolve(text));
        }).on('error', reject);
      });
      assert.doesNotMatch(body, /root:/, path);
    }
  });

  it('answers HEAD without a body', async () => {
    const response = await fetch(site.url + '/assets/index-abc123.js', { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), '15');
    assert.equal(await response.text(), '');
  });

  it('leaves other methods, AWS-looking paths and X-Amz-Target requests alone', async () => {
    assert.equal((await fetch(site.url + '/', { method: 'POST', body: '{}' })).status, 418);
    assert.equal((await fetch(site.url + '/', { headers: { 'x-amz-target': 'SageMaker.ListPipelines' } })).status, 418);
    assert.equal((await fetch(site.url + '/2015-03-31/functions/x/policy')).status, 418);
    assert.equal((await fetch(site.url + '/_sluice/other')).status, 418);
  });

  it('says to run npm run build when there is no build', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sluice-web-empty-'));
    const bare = await serveConsole(empty);
    try {
      const response = await fetch(bare.url + '/');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
      assert.match(await response.text(), /npm run build/);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('web console: event stream', () => {
  it('streams changes, ticks and heartbeats, and forgets a client that left', async () => {
    const feed = new ChangeFeed();
    const site = await serveConsole(mkdtempSync(join(tmpdir(), 'sluice-web-')), feed, { tickMs: 50, heartbeatMs: 80 });
    try {
      const publish = setInterval(
        () =>
          feed.publish([
            { type: 'execution', executionArn: 'arn:x', pipelineName: 'p', status: 'Executing' },
            { type: 'step', executionArn: 'arn:x', stepName: 'S', status: 'Succeeded' },
          ]),
        30,
      );
      const { events, raw, response } = await readEvents(
        site.url + '/_sluice/events',
        (events, raw) =>
          ['execution', 'step', 'tick'].every((e) => events.some((x) => x.event === e)) && raw.includes(': heartbeat'),
      );
      clearInterval(publish);
      assert.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.ok(raw.startsWith('retry: 1000\n\n'));
      const execution = events.find((e) => e.event === 'execution');
      assert.deepEqual(JSON.parse(execution!.data), { executionArn: 'arn:x', pipelineName: 'p', status: 'Executing' });
      const step = events.find((e) => e.event === 'step');
      assert.deepEqual(JSON.parse(step!.data), { executionArn: 'arn:x', stepName: 'S', status: 'Succeeded' });
      assert.equal(typeof (JSON.parse(events.find((e) => e.event === 'tick')!.data) as { at: number }).at, 'number');
      for (let i = 0; i < 50 && feed.size > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(feed.size, 0, 'the subscriber of a closed stream is removed');
    } finally {
      await site.close();
    }
  });
});

describe('web console on a running Sluice', () => {
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

  it('serves the console on unknown GET paths while the AWS protocols keep their routes', async () => {
    const page = await fetch(server.url + '/pipelines/anything');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    // SQS query protocol, GET with Action=.
    const query = await fetch(server.url + '/?Action=ListQueues&Version=2012-11-05');
    assert.equal(query.status, 200);
    assert.match(await query.text(), /<ListQueuesResponse/);
    // awsJson with X-Amz-Target.
    const json = await fetch(server.url + '/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.ListPipelines' },
      body: '{}',
    });
    assert.equal(json.status, 200);
    assert.deepEqual(await json.json(), { PipelineSummaries: [] });
    // Lambda's REST paths, including ones it does not serve.
    const functions = await fetch(server.url + '/2015-03-31/functions/');
    assert.equal(functions.status, 200);
    assert.deepEqual(((await functions.json()) as { Functions: unknown[] }).Functions, []);
    const unserved = await fetch(server.url + '/2015-03-31/functions/named/policy');
    assert.equal(unserved.headers.get('x-amzn-errortype'), 'UnknownOperationException');
    // Sluice's own paths.
    assert.equal((await fetch(server.url + '/_sluice/health')).status, 200);
    const unknownOwn = await fetch(server.url + '/_sluice/nothing');
    assert.equal(unknownOwn.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  });

  it('streams the changes an execution goes through, after they are committed', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'feed-callbacks' }));
    await sm.send(
      new CreatePipelineCommand({
        PipelineName: 'feed',
        RoleArn: ROLE_ARN,
        PipelineDefinition: definitionOf([
          {
            Name: 'Wait',
            Type: 'Callback',
            SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/feed-callbacks',
            Arguments: {},
            OutputParameters: [],
          },
        ]),
      }),
    );
    let arn = '';
    const seen = readEvents(
      server.url + '/_sluice/events',
      (events) =>
        arn !== '' &&
        events.some((e) => e.event === 'step' && e.data.includes('"Wait"') && e.data.includes('Succeeded')) &&
        events.some((e) => e.event === 'execution' && e.data.includes('Succeeded')),
      10_000,
    );
    // The stream is open before the execution starts.
    await new Promise((resolve) => setTimeout(resolve, 100));
    arn = (await sm.send(new StartPipelineExecutionCommand({ PipelineName: 'feed' }))).PipelineExecutionArn!;
    let token: string | undefined;
    for (let i = 0; i < 200 && token === undefined; i++) {
      const [wait] = await allSteps(sm, arn);
      token = (wait?.Metadata?.Callback as { CallbackToken?: string } | undefined)?.CallbackToken;
      if (token === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await sm.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: token }));
    await waitForExecution(sm, arn);
    const { events } = await seen;
    const mine = events
      .filter((e) => e.event !== 'tick')
      .map((e) => ({ event: e.event, ...(JSON.parse(e.data) as { stepName?: string; status?: string }) }));
    assert.deepEqual(mine[0], { event: 'execution', executionArn: arn, pipelineName: 'feed', status: 'Executing' });
    assert.ok(mine.some((e) => e.event === 'step' && e.stepName === 'Wait' && e.status === 'Executing'));
    assert.ok(mine.some((e) => e.event === 'step' && e.stepName === 'Wait' && e.status === 'Succeeded'));
    assert.deepEqual(mine.at(-1), { event: 'execution', executionArn: arn, pipelineName: 'feed', status: 'Succeeded' });
  });
});
