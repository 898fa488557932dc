/**
 * The web console in a real browser: Debian's Chromium (/usr/bin/chromium) driven by playwright-core, against a real
 * Sluice. It finds a pipeline, starts it from the form, watches its Callback step go Executing live, stops it, sees
 * what the stop waits for, answers the callback from the console and sees the execution end Stopped; and it searches
 * pipelines by name prefix. Screenshots go to test-artifacts/.
 *
 * Skipped (with a message) only where Chromium is missing outside CI; in CI a missing Chromium fails.
 * The console is built (vite) first when dist/web is missing or older than its sources (./chromium.ts).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Page } from 'playwright-core';
import { ROLE_ARN } from '../support/definitions.js';
import { allSteps, definitionOf } from '../support/executions.js';
import { sqsClient } from '../support/sqs.js';
import { startSluice } from '../../src/server/start-sluice.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { ensureBuilt, launchChromium, screenshot, screenshotOnFailure, skipBrowser } from './chromium.js';

/** Callback `Wait` (queue `queue`) whose `sum` output a Condition checks, with a Fail on its false branch. */
function callbackPipeline(queue: string): string {
  return definitionOf(
    [
      {
        Name: 'Prepare',
        Type: 'Condition',
        Arguments: {
          Conditions: [{ Type: 'GreaterThanOrEqualTo', LeftValue: { Get: 'Parameters.Count' }, RightValue: 0 }],
          IfSteps: [],
          ElseSteps: [],
        },
      },
      {
        Name: 'Wait',
        Type: 'Callback',
        DependsOn: ['Prepare'],
        SqsQueueUrl: `https://sqs.us-east-1.amazonaws.com/000000000000/${queue}`,
        Arguments: { name: { Get: 'Parameters.Name' }, count: { Get: 'Parameters.Count' } },
        OutputParameters: [{ OutputName: 'sum', OutputType: 'Integer' }],
      },
      {
        Name: 'Check',
        Type: 'Condition',
        Arguments: {
          Conditions: [
            { Type: 'GreaterThan', LeftValue: { Get: "Steps.Wait.OutputParameters['sum']" }, RightValue: 3 },
          ],
          IfSteps: [{ Name: 'Big', Type: 'Fail', Arguments: { ErrorMessage: 'big' } }],
          ElseSteps: [{ Name: 'Small', Type: 'Fail', Arguments: { ErrorMessage: 'small' } }],
        },
      },
    ],
    [
      { Name: 'Name', Type: 'String', DefaultValue: 'alice' },
      { Name: 'Count', Type: 'Integer', DefaultValue: 1 },
    ],
  );
}

/** 200 Condition steps in 20 layers of 10, each after one or two steps of the layer before. */
function largePipeline(): string {
  const steps = [];
  for (let layer = 0; layer < 20; layer++) {
    for (let i = 0; i < 10; i++) {
      const before =
        layer === 0 ? [] : [`L${layer - 1}S${i}`, ...(i % 3 === 0 ? [`L${layer - 1}S${(i + 1) % 10}`] : [])];
      steps.push({
        Name: `L${layer}S${i}`,
        Type: 'Condition',
        ...(before.length > 0 && { DependsOn: before }),
        Arguments: {
          Conditions: [{ Type: 'GreaterThan', LeftValue: { Get: 'Parameters.Size' }, RightValue: 0 }],
          IfSteps: [],
          ElseSteps: [],
        },
      });
    }
  }
  return definitionOf(steps, [{ Name: 'Size', Type: 'Integer', DefaultValue: 1 }]);
}

describe('web console in Chromium', { skip: skipBrowser }, () => {
  let server: TestServer;
  let sm: SageMakerClient;
  let sqs: SQSClient;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page;

  before(async () => {
    await ensureBuilt();
    server = await startTestServer('sqlite');
    sm = sagemakerClient(server.url);
    sqs = sqsClient(server.url);
    await sqs.send(new CreateQueueCommand({ QueueName: 'console-callbacks' }));
    await sm.send(
      new CreatePipelineCommand({
        PipelineName: 'console-callback',
        PipelineDescription: 'Waits for a callback on console-callbacks',
        RoleArn: ROLE_ARN,
        PipelineDefinition: callbackPipeline('console-callbacks'),
      }),
    );
    for (const name of ['alpha-train', 'alpha-score', 'beta-report']) {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: name,
          RoleArn: ROLE_ARN,
          PipelineDefinition: definitionOf([{ Name: 'Only', Type: 'Fail', Arguments: { ErrorMessage: name } }]),
        }),
      );
    }
    await sm.send(
      new CreatePipelineCommand({ PipelineName: 'large-200', RoleArn: ROLE_ARN, PipelineDefinition: largePipeline() }),
    );
    browser = await launchChromium();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    sm?.destroy();
    sqs?.destroy();
    await server?.stop();
  });

  // A failing test leaves a picture of the page it failed on.
  afterEach((t) => screenshotOnFailure(page, t));

  const shot = (name: string): Promise<void> => screenshot(page, `console-${name}`);

  it('starts a pipeline from the form, follows it live, stops it and answers its callback', async () => {
    await page.goto(`${server.url}/`);
    const row = page.locator('tr[data-pipeline="console-callback"]');
    await row.waitFor();
    await shot('1-pipelines');
    await row.getByRole('link', { name: 'console-callback' }).click();

    // The pipeline page: the graph with its branches, the parameters and the Start form.
    await page.locator('[data-step="Wait"]').waitFor();
    assert.equal(await page.locator('.edge-label-true').count(), 1);
    assert.equal(await page.locator('.edge-label-false').count(), 1);
    await page.getByLabel('Count').fill('many');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText('Count must be a whole number').waitFor();
    const before = await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'console-callback' }));
    assert.equal(before.PipelineExecutionSummaries?.length ?? 0, 0, 'a badly typed parameter is not sent');
    await page.getByLabel('Count').fill('2');
    await shot('2-pipeline');
    // A marker on the window: it survives only if nothing reloads the page from here on.
    await page.evaluate("window.sluiceMarker = 'still here'");
    await page.getByRole('button', { name: 'Start', exact: true }).click();

    // The execution page follows the Callback step to Executing, live.
    await page.waitForURL(/\/pipelines\/console-callback\/executions\//);
    await page.locator('[data-step="Wait"][data-status="Executing"]').waitFor();
    await page.locator('[data-step="Check"][data-status="NotReached"]').waitFor();
    const arn = (await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'console-callback' })))
      .PipelineExecutionSummaries?.[0]?.PipelineExecutionArn;
    assert.ok(arn);
    assert.ok(page.url().endsWith(arn.slice(arn.lastIndexOf('/') + 1)));
    await page.locator('[data-step="Wait"]').click();
    await page.getByRole('region', { name: 'Step Wait' }).waitFor();
    await shot('3-executing');

    // Stop: the execution is Stopping, and says it waits for the callback token.
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.locator('[data-testid="execution-status"] [data-status="Stopping"]').waitFor();
    const [wait] = await allSteps(sm, arn);
    const token = (wait?.Metadata?.Callback as { CallbackToken: string }).CallbackToken;
    const note = page.getByRole('status', { name: 'What the execution waits for' });
    await note.getByText(token).waitFor();
    await page.locator('[data-step="Wait"][data-status="Stopping"]').waitFor();
    await shot('4-stopping');

    // Answer the callback from the console: the step and the execution end Stopped.
    await page.getByLabel('sum').fill('7');
    await page.getByRole('button', { name: 'Succeed', exact: true }).click();
    await page.locator('[data-testid="execution-status"] [data-status="Stopped"]').waitFor();
    await page.locator('[data-step="Wait"][data-status="Stopped"]').waitFor();
    await page.getByRole('button', { name: 'Retry', exact: true }).and(page.locator(':enabled')).waitFor();
    await shot('5-stopped');
    const described = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    assert.equal(described.PipelineExecutionStatus, 'Stopped');
    assert.equal(await page.evaluate('window.sluiceMarker'), 'still here');
  });

  it('lists the pipelines and searches them by name prefix', async () => {
    await page.goto(`${server.url}/`);
    const pipelineNames = async () =>
      Promise.all(
        (await page.locator('tbody tr[data-pipeline]').all()).map((row) => row.getAttribute('data-pipeline')),
      );
    await page.locator('tr[data-pipeline="beta-report"]').waitFor();
    assert.deepEqual((await pipelineNames()).sort(), [
      'alpha-score',
      'alpha-train',
      'beta-report',
      'console-callback',
      'large-200',
    ]);
    await page.getByLabel('Name starts with').fill('alpha');
    await page.waitForURL(/\?prefix=alpha$/);
    await page.locator('tr[data-pipeline="beta-report"]').waitFor({ state: 'detached' });
    assert.deepEqual((await pipelineNames()).sort(), ['alpha-score', 'alpha-train']);
    await shot('6-search');
    await page.getByLabel('Name starts with').fill('zzz');
    await page.getByText('No pipeline name starts with “zzz”.').waitFor();
  });

  it('draws a 200-step pipeline that zooms, pans and fits', async () => {
    await page.goto(`${server.url}/pipelines/large-200`);
    await page.locator('[data-step="L19S9"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('[data-step]').count(), 200);
    const canvas = page.locator('.graph-canvas');
    const transform = () => page.locator('.graph-canvas svg > g').getAttribute('transform');
    // It opens readable (at its start), rather than shrunk to dots.
    const opened = await transform();
    assert.match(opened ?? '', /scale\(0\.8\)/);
    await shot('7-large-start');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(
      `document.querySelector('.graph-canvas svg > g')?.getAttribute('transform') !== ${JSON.stringify(opened)}`,
    );
    const zoomed = await transform();
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 - 40, { steps: 4 });
    await page.mouse.up();
    assert.notEqual(await transform(), zoomed, 'dragging pans');
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await shot('8-large-fit');
    const fitted = /scale\(([\d.]+)\)/.exec((await transform()) ?? '')?.[1];
    assert.ok(Number(fitted) < 0.8, `fit zooms out to show all 200 steps (scale ${fitted})`);
  });

  it('shows the queues and the functions', async () => {
    await page.goto(`${server.url}/queues`);
    await page.locator('tr[data-queue="console-callbacks"]').waitFor();
    await shot('9-queues');
    await page.getByRole('link', { name: 'Functions', exact: true }).click();
    await page.getByText('No functions.').waitFor();
  });

  it('says when Sluice is down and recovers when it is back', async () => {
    await page.goto(`${server.url}/pipelines/console-callback`);
    await page.locator('[data-step="Wait"]').waitFor();
    await page.evaluate("window.sluiceMarker = 'before the outage'");
    await server.close();
    const banner = page.getByText('Sluice is not answering');
    await banner.waitFor();
    await shot('10-down');
    // The same data on the same port: the page reconnects by itself and refreshes.
    const again = await startSluice({ ...server.config, port: server.port });
    try {
      await banner.waitFor({ state: 'detached' });
      await page.locator('[data-step="Wait"]').waitFor();
      assert.equal(await page.evaluate('window.sluiceMarker'), 'before the outage');
    } finally {
      await page.goto('about:blank');
      await again.close();
    }
  });
});
