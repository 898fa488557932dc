/**
 * A step's logs in the console's step details (issue 8: "Lambda logs, job logs"), read through the CloudWatch Logs
 * API. In Chromium against a real Sluice: a pipeline runs a Lambda step (a function that prints a distinctive line)
 * and a simulated Training step; the execution page shows, for each step, what the function printed and the job's
 * lines (the same lines the Logs API answers), appends a running step's lines without a reload, and says when there
 * are no logs yet, when a Logs call fails, and when the server has no Logs API at all. Screenshots go to
 * test-artifacts/console-logs-*.
 *
 * Where the console looks for a step's logs (web/src/pages/log-source.ts, pure) is checked without a browser.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CloudWatchLogsClient,
  DescribeLogStreamsCommand,
  GetLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreatePipelineCommand,
  DescribeTrainingJobCommand,
  StartPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { Locator, Page } from 'playwright-core';
import { parseSluiceConfig } from '../../src/sluice-config.js';
import { AFTER_MS, BEFORE_MS, functionNameOf, jobArnOf, logSourceOf } from '../../web/src/pages/log-source.js';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf } from '../support/executions.js';
import { LAMBDA_ROLE, lambdaClient } from '../support/lambda.js';
import { TEST_CREDENTIALS, sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { makeZip } from '../support/zip.js';
import { ensureBuilt, launchChromium, screenshot, screenshotOnFailure, skipBrowser } from './chromium.js';

const PIPELINE = 'console-logs';
const FUNCTION = 'console-logs-score';
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:000000000000:function:${FUNCTION}`;
/** What the function prints (Node's console.log adds the time, request id and level): distinctive, per execution. */
const printed = (item: string): string => `console-logs-score says: scored ${item}`;
/** Sleeps `sleep` seconds, then prints its line: a running step has not printed it yet. */
const HANDLER = `export const handler = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, (event.sleep ?? 0) * 1000));
  console.log('console-logs-score says: scored ' + event.item);
  return { score: 7 };
};
`;
/** A simulated job's duration: long enough to see its first lines while it runs. */
const JOB_MS = 5_000;
/** A cold worker, a job and the log writer's batching: generous waits (Playwright waits for what shows). */
const SLOW = { timeout: 60_000 };

const DEFINITION = definitionOf(
  [
    {
      Name: 'Score',
      Type: 'Lambda',
      FunctionArn: FUNCTION_ARN,
      Arguments: { item: { Get: 'Parameters.Item' }, sleep: { Get: 'Parameters.Sleep' } },
      OutputParameters: [{ OutputName: 'score', OutputType: 'Integer' }],
    },
    {
      Name: 'Train',
      Type: 'Training',
      DependsOn: ['Score'],
      Arguments: {
        AlgorithmSpecification: { TrainingImage: 'local/train:latest', TrainingInputMode: 'File' },
        OutputDataConfig: { S3OutputPath: 's3://bucket/console-logs' },
        ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        RoleArn: ROLE_ARN,
      },
    },
  ],
  [
    { Name: 'Item', Type: 'String', DefaultValue: 'first' },
    { Name: 'Sleep', Type: 'Integer', DefaultValue: 0 },
  ],
);

describe("where the console reads a step's logs", () => {
  const training = 'arn:aws:sagemaker:us-east-1:000000000000:training-job/pipelines-abc-Train-XyZ';

  it('reads a Lambda step in its function group, within the step’s time plus a margin', () => {
    const source = logSourceOf(
      'Lambda',
      { FunctionArn: { Get: 'Parameters.Fn' } },
      { StartTime: 100.5, EndTime: 102.25, Metadata: { Lambda: { Arn: `${FUNCTION_ARN}:live` } } },
    );
    assert.deepEqual(source, {
      kind: 'lambda',
      functionName: FUNCTION,
      logGroupName: `/aws/lambda/${FUNCTION}`,
      startMs: 100_500 - BEFORE_MS,
      endMs: 102_250 + AFTER_MS,
    });
    // Running: no end yet; the definition names the function while the metadata does not yet.
    const running = logSourceOf('Lambda', { FunctionArn: FUNCTION_ARN }, { StartTime: 100 });
    assert.equal(running?.kind === 'lambda' && running.endMs, undefined);
    assert.equal(running?.kind === 'lambda' && running.functionName, FUNCTION);
    assert.deepEqual(logSourceOf('Lambda', {}, undefined), { kind: 'pending' });
    const cached = { StartTime: 1, CacheHitResult: { SourcePipelineExecutionArn: 'arn:x' } };
    assert.deepEqual(logSourceOf('Lambda', { FunctionArn: FUNCTION_ARN }, cached), { kind: 'cached' });
    assert.equal(functionNameOf('000000000000:function:short'), 'short');
    assert.equal(functionNameOf('plain-name'), 'plain-name');
  });

  it("reads a job step in its kind's group, streams named after the job", () => {
    assert.deepEqual(logSourceOf('Training', {}, { Metadata: { TrainingJob: { Arn: training } } }), {
      kind: 'job',
      arnName: 'pipelines-abc-Train-XyZ',
      describe: 'DescribeTrainingJob',
      member: 'TrainingJobName',
      logGroupNames: ['/aws/sagemaker/TrainingJobs'],
    });
    const check = 'arn:aws:sagemaker:us-east-1:000000000000:processing-job/check-1';
    assert.deepEqual(jobArnOf({ QualityCheck: { CheckType: 'DATA_QUALITY', CheckJobArn: check } }), {
      arn: check,
      type: 'processing-job',
      name: 'check-1',
    });
    const tuning = logSourceOf('Tuning', {}, { Metadata: { TuningJob: { Arn: training.replace('training', 'x') } } });
    assert.deepEqual(tuning, { kind: 'pending' }, 'an unknown kind of ARN is no job (yet)');
    assert.deepEqual(logSourceOf('Training', {}, { Metadata: {} }), { kind: 'pending' });
    assert.equal(logSourceOf('Condition', {}, { Metadata: {} }), undefined);
    assert.equal(logSourceOf('Callback', {}, { Metadata: { Callback: { CallbackToken: 't' } } }), undefined);
  });
});

describe('step logs in the console', { skip: skipBrowser }, () => {
  let server: TestServer;
  let sm: SageMakerClient;
  let functions: LambdaClient;
  let cwl: CloudWatchLogsClient;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page;

  before(async () => {
    await ensureBuilt();
    server = await startTestServer('sqlite', { configFile: parseSluiceConfig({ simulate: { durationMs: JOB_MS } }) });
    sm = sagemakerClient(server.url);
    functions = lambdaClient(server.url);
    cwl = new CloudWatchLogsClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
    });
    await functions.send(
      new CreateFunctionCommand({
        FunctionName: FUNCTION,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: LAMBDA_ROLE,
        Timeout: 30,
        Code: { ZipFile: makeZip({ 'index.mjs': HANDLER }) },
      }),
    );
    await sm.send(
      new CreatePipelineCommand({ PipelineName: PIPELINE, RoleArn: ROLE_ARN, PipelineDefinition: DEFINITION }),
    );
    browser = await launchChromium();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    sm?.destroy();
    functions?.destroy();
    cwl?.destroy();
    await server?.stop();
  });

  afterEach((t) => screenshotOnFailure(page, t));

  const shot = (name: string): Promise<void> => screenshot(page, `console-logs-${name}`);
  const step = (name: string, status: string) => page.locator(`[data-step="${name}"][data-status="${status}"]`);
  const panelOf = (name: string) => page.getByRole('region', { name: `Step ${name}` });
  const logOf = (name: string) => panelOf(name).getByRole('log', { name: `Logs of step ${name}` });

  /** Starts an execution through the API and opens its page; answers its ARN. */
  const startAndOpen = async (item: string, sleepSeconds: number): Promise<string> => {
    const { PipelineExecutionArn: arn } = await sm.send(
      new StartPipelineExecutionCommand({
        PipelineName: PIPELINE,
        PipelineParameters: [
          { Name: 'Item', Value: item },
          { Name: 'Sleep', Value: String(sleepSeconds) },
        ],
        ClientRequestToken: randomUUID(),
      }),
    );
    assert.ok(arn);
    await page.goto(`${server.url}/pipelines/${PIPELINE}/executions/${arn.slice(arn.lastIndexOf('/') + 1)}`);
    await page.locator('[data-step="Score"]').waitFor();
    return arn;
  };

  /** The messages of the training job's streams, as the Logs API answers them (waits for the first ones). */
  const jobMessages = async (arn: string): Promise<string[]> => {
    const train = (await allSteps(sm, arn)).find((s) => s.StepName === 'Train');
    const jobArn = (train?.Metadata?.TrainingJob as { Arn?: string } | undefined)?.Arn ?? '';
    const job = await sm.send(
      new DescribeTrainingJobCommand({ TrainingJobName: jobArn.slice(jobArn.indexOf('/') + 1) }),
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      const messages: string[] = [];
      try {
        const { logStreams = [] } = await cwl.send(
          new DescribeLogStreamsCommand({
            logGroupName: '/aws/sagemaker/TrainingJobs',
            logStreamNamePrefix: job.TrainingJobName,
          }),
        );
        for (const stream of logStreams) {
          const { events = [] } = await cwl.send(
            new GetLogEventsCommand({
              logGroupName: '/aws/sagemaker/TrainingJobs',
              logStreamName: stream.logStreamName,
              startFromHead: true,
            }),
          );
          messages.push(...events.map((e) => e.message ?? ''));
        }
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
      if (messages.length > 0) return messages;
      assert.ok(Date.now() < deadline, `the training job ${job.TrainingJobName} logged no line`);
      await sleep(250);
    }
  };

  /** The messages a log view shows. */
  const shownMessages = (log: Locator): Promise<string[]> => log.locator('.log-message').allTextContents();

  it("shows the Lambda function's printed line and the training job's lines", async () => {
    const health = (await (await fetch(`${server.url}/_sluice/health`)).json()) as { operations: { logs?: unknown } };
    assert.ok(health.operations.logs, 'this Sluice serves the CloudWatch Logs API (operations.logs in its health)');

    const arn = await startAndOpen('first', 0);
    await page.locator('[data-testid="execution-status"] [data-status="Succeeded"]').waitFor(SLOW);

    // The Lambda step: the function's lines of the step's time window, START … REPORT around what it printed.
    await page.locator('[data-step="Score"]').click();
    const score = logOf('Score');
    await score.getByText(printed('first')).waitFor(SLOW);
    await score.getByText(/^START RequestId: /).waitFor();
    await score.getByText(/^REPORT RequestId: /).waitFor(SLOW);
    await panelOf('Score').getByText('Lines logged by the function while this step ran').waitFor();
    assert.equal(await score.getAttribute('tabindex'), '0', 'the keyboard reaches (and scrolls) the lines');
    await score.focus();
    assert.equal(await page.evaluate("document.activeElement?.getAttribute('aria-label')"), 'Logs of step Score');
    await shot('1-lambda');

    // The Training step: its job's streams, the same lines the Logs API answers for them.
    const expected = await jobMessages(arn);
    await page.locator('[data-step="Train"]').click();
    const train = logOf('Train');
    await train
      .getByText(expected.at(-1) ?? '', { exact: true })
      .first()
      .waitFor(SLOW);
    // The job may still have been flushing lines when they were first read: compare until both settle.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [shown, answered] = [(await shownMessages(train)).sort(), (await jobMessages(arn)).sort()];
      if (JSON.stringify(shown) === JSON.stringify(answered)) break;
      if (Date.now() > deadline) assert.deepEqual(shown, answered, 'the console shows the lines the API answers');
      await sleep(500);
    }
    await shot('2-job');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('3-job-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it("appends a running step's lines without a reload", async () => {
    // The window of this step starts BEFORE_MS before it: leave the first execution's lines out of it.
    await sleep(BEFORE_MS + 500);
    const arn = await startAndOpen('second', 6);
    await step('Score', 'Executing').waitFor(SLOW);
    await page.locator('[data-step="Score"]').click();
    await panelOf('Score').getByRole('heading', { name: 'Logs' }).waitFor();
    await page.evaluate("window.sluiceMarker = 'no reload'");
    // The function sleeps before it prints: while it runs its line is not there (the view is empty or has START).
    await panelOf('Score')
      .getByText(/No logs yet\.|Lines logged by the function/)
      .first()
      .waitFor();
    assert.equal(await step('Score', 'Executing').count(), 1, 'the step still runs');
    assert.equal(await panelOf('Score').getByText(printed('second')).count(), 0);
    await shot('4-running');
    await logOf('Score').getByText(printed('second')).waitFor(SLOW);
    // Only this step's window: the first execution's line is not among them.
    assert.equal(await logOf('Score').getByText(printed('first')).count(), 0);
    await shot('5-appended');

    // The job: its first lines while it runs, the last one appended when it ends.
    await step('Train', 'Executing').waitFor(SLOW);
    await page.locator('[data-step="Train"]').click();
    const early = await jobMessages(arn);
    await logOf('Train')
      .getByText(early[0] ?? '', { exact: true })
      .waitFor();
    assert.equal(await step('Train', 'Executing').count(), 1, 'the job still runs');
    const whileRunning = (await shownMessages(logOf('Train'))).length;
    await shot('6-job-running');
    await step('Train', 'Succeeded').waitFor(SLOW);
    const all = await jobMessages(arn);
    await logOf('Train')
      .getByText(all.at(-1) ?? '', { exact: true })
      .waitFor();
    assert.ok((await shownMessages(logOf('Train'))).length > whileRunning, 'lines were appended');
    assert.equal(await page.evaluate('window.sluiceMarker'), 'no reload');
  });

  it('says when there are no logs yet, when a Logs call fails, and when Sluice has no Logs API', async () => {
    // The answers of the Logs API are the browser's here, so the console's side is tested whatever the server has.
    let answer: { status: number; body: object } = { status: 200, body: { events: [] } };
    await page.route(
      (url) => url.pathname === '/',
      (route) =>
        (route.request().headers()['x-amz-target'] ?? '').startsWith('Logs_20140328.')
          ? route.fulfill({
              status: answer.status,
              headers: { 'content-type': 'application/x-amz-json-1.1' },
              body: JSON.stringify(answer.body),
            })
          : route.fallback(),
    );
    try {
      await startAndOpen('third', 0);
      await page.locator('[data-testid="execution-status"] [data-status="Succeeded"]').waitFor(SLOW);
      await page.locator('[data-step="Score"]').click();
      const panel = panelOf('Score');
      await panel.getByText('No logs yet.', { exact: true }).waitFor();

      answer = { status: 400, body: { __type: 'InvalidParameterException', message: 'Something about the window.' } };
      await page.locator('[data-step="Train"]').click();
      await panelOf('Train').getByRole('alert').getByText('Something about the window.').waitFor();
      assert.match((await panelOf('Train').getByRole('alert').textContent()) ?? '', /Logs: InvalidParameterException/);

      // An older Sluice: the operation is unknown. The console says so, and the rest of the details still show.
      answer = {
        status: 400,
        body: { __type: 'UnknownOperationException', message: "Sluice does not serve X-Amz-Target 'Logs_20140328.X'." },
      };
      await page.locator('[data-step="Score"]').click();
      await panel.getByText('This Sluice has no Logs API').waitFor();
      await panel.getByRole('table', { name: 'Output parameters' }).getByText('score', { exact: true }).waitFor();
      await shot('7-no-logs-api');
    } finally {
      await page.unrouteAll();
    }
  });
});
