/**
 * Issue 8's path for a new user, in a real browser against a real Sluice, without a terminal: on an empty console,
 * "Try the example pipeline" creates the review example (queue, Lambda function, pipeline) through the public APIs;
 * the user starts it from the form, follows Score (the Lambda) and Review (the Callback) live, stops it while
 * Review waits and answers Review from the console; a second execution is answered (approve) and goes on to Train;
 * a third is stopped while Score runs and waits for the function to return. Trying the example again updates it. Screenshots go to test-artifacts/console-example-*.
 *
 * No timing assertions: Playwright waits for what the page shows, with generous timeouts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { GetFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  DescribePipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  ListPipelineVersionsCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Page } from 'playwright-core';
import { REVIEW_EXAMPLE } from '../../examples/review/resources.js';
import { placeDefinition } from '../../web/src/example/example-definition.js';
import { REPO_ROOT } from '../support/definitions.js';
import { allSteps } from '../support/executions.js';
import { lambdaClient } from '../support/lambda.js';
import { sqsClient } from '../support/sqs.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { ensureBuilt, launchChromium, screenshot, screenshotOnFailure, skipBrowser } from './chromium.js';

const PIPELINE = REVIEW_EXAMPLE.pipelineName;
/** A Lambda step may wait for a cold worker, and a stopped one for the function to return. */
const SLOW = { timeout: 60_000 };

describe("the example's definition as the console creates it", () => {
  const file = readFileSync(join(REPO_ROOT, 'examples', 'review', 'pipeline.json'), 'utf8');
  const stepsOf = (text: string) => (JSON.parse(text) as { Steps: Record<string, unknown>[] }).Steps;

  it('is pipeline.json itself in the default account and region', () => {
    const arn = `arn:aws:lambda:us-east-1:000000000000:function:${REVIEW_EXAMPLE.functionName}`;
    assert.equal(placeDefinition(file, arn, REVIEW_EXAMPLE), file);
    assert.equal(placeDefinition(file, undefined, REVIEW_EXAMPLE), file);
  });

  it('names the function and the queue where the console created them (another region and account)', () => {
    const arn = `arn:aws:lambda:eu-west-1:123456789012:function:${REVIEW_EXAMPLE.functionName}`;
    const [score, review] = stepsOf(placeDefinition(file, arn, REVIEW_EXAMPLE));
    assert.equal(score?.['FunctionArn'], arn);
    assert.equal(
      review?.['SqsQueueUrl'],
      `https://sqs.eu-west-1.amazonaws.com/123456789012/${REVIEW_EXAMPLE.queueName}`,
    );
  });
});

describe('the example pipeline in the console', { skip: skipBrowser }, () => {
  let server: TestServer;
  let sm: SageMakerClient;
  let sqs: SQSClient;
  let functions: LambdaClient;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page;

  before(async () => {
    await ensureBuilt();
    server = await startTestServer('sqlite');
    sm = sagemakerClient(server.url);
    sqs = sqsClient(server.url);
    functions = lambdaClient(server.url);
    browser = await launchChromium();
    page = browser.page;
  });

  after(async () => {
    await browser?.close();
    sm?.destroy();
    sqs?.destroy();
    functions?.destroy();
    await server?.stop();
  });

  afterEach((t) => screenshotOnFailure(page, t));

  const shot = (name: string): Promise<void> => screenshot(page, `console-example-${name}`);
  const executionStatus = (status: string) =>
    page.locator(`[data-testid="execution-status"] [data-status="${status}"]`);
  const step = (name: string, status: string) => page.locator(`[data-step="${name}"][data-status="${status}"]`);

  /** Starts the example from its pipeline page's form; answers the new execution's ARN. */
  const startFromForm = async (scoreSeconds: string): Promise<string> => {
    await page.locator('[data-step="Review"]').waitFor();
    await page.getByLabel('ScoreSeconds').fill(scoreSeconds);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.waitForURL(new RegExp(`/pipelines/${PIPELINE}/executions/`));
    const id = page.url().slice(page.url().lastIndexOf('/') + 1);
    const listed = await sm.send(new ListPipelineExecutionsCommand({ PipelineName: PIPELINE }));
    const arn = listed.PipelineExecutionSummaries?.map((e) => e.PipelineExecutionArn).find((a) => a?.endsWith(id));
    assert.ok(arn, `execution ${id} is listed`);
    return arn;
  };

  it('creates the example from an empty console, stops it while Review waits and answers Review', async () => {
    await page.goto(`${server.url}/`);
    const card = page.getByRole('region', { name: 'Try the example pipeline' });
    await card.getByText('waits for your answer').waitFor();
    await shot('1-empty');

    // A refused call shows the AWS error as the server words it, and which call it was. (Sluice accepts the
    // example, so this one refusal is answered by the browser, in Lambda's error shape.)
    const refuse = '**/2015-03-31/functions';
    await page.route(refuse, (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 400,
            headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'InvalidParameterValueException' },
            body: JSON.stringify({ Type: 'User', message: 'The runtime parameter of nodejs20.x is not supported.' }),
          })
        : route.fallback(),
    );
    await card.getByRole('button', { name: 'Try the example pipeline' }).click();
    const progress = card.getByRole('list', { name: 'Creating the example' });
    await card.getByRole('alert').getByText('The runtime parameter of nodejs20.x is not supported.').waitFor();
    assert.match((await card.getByRole('alert').textContent()) ?? '', /CreateFunction: InvalidParameterValueException/);
    assert.equal(await progress.locator('li[data-state="done"]').count(), 1, 'the queue was created');
    assert.equal(await progress.locator('li[data-state="failed"]').count(), 1, 'the function was refused');
    await shot('2-refused');
    await page.unroute(refuse);

    // Again, accepted: the pipeline page opens, saying what to do next, with its Start form.
    await card.getByRole('button', { name: 'Try the example pipeline' }).click();
    await page.waitForURL(new RegExp(`/pipelines/${PIPELINE}\\?example$`));
    await page.getByRole('note').getByText('The example is ready').waitFor();
    await sqs.send(new GetQueueUrlCommand({ QueueName: REVIEW_EXAMPLE.queueName }));
    const created = await functions.send(new GetFunctionCommand({ FunctionName: REVIEW_EXAMPLE.functionName }));
    assert.equal(created.Configuration?.Handler, REVIEW_EXAMPLE.functionHandler);
    assert.equal(created.Configuration?.Timeout, REVIEW_EXAMPLE.functionTimeoutSeconds);
    await page.locator('[data-step="Train"]').waitFor();
    await page.getByLabel('ScoreSeconds').fill('2');
    await shot('3-pipeline');
    const arn = await startFromForm('2');

    // Score (the Lambda function) runs and succeeds; Review (the Callback) waits for an answer.
    await step('Score', 'Executing').waitFor(SLOW);
    await step('Score', 'Succeeded').waitFor(SLOW);
    await step('Review', 'Executing').waitFor();
    const waiting = page.getByRole('status', { name: 'Steps waiting for an answer' });
    await waiting.getByRole('button', { name: 'Answer Review' }).waitFor();
    // Score's output, as the function returned it, is in its details.
    await page.locator('[data-step="Score"]').click();
    await page
      .getByRole('region', { name: 'Step Score' })
      .getByRole('table', { name: 'Output parameters' })
      .getByText('score', { exact: true })
      .waitFor();
    await shot('4-review-waits');

    // Stop: the execution is Stopping and says it waits for Review's callback token.
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await executionStatus('Stopping').waitFor();
    const review = (await allSteps(sm, arn)).find((s) => s.StepName === 'Review');
    const token = (review?.Metadata?.Callback as { CallbackToken: string } | undefined)?.CallbackToken;
    assert.ok(token, 'Review has a callback token');
    const stopping = page.getByRole('status', { name: 'What the execution waits for' });
    await stopping.getByRole('button', { name: 'Review', exact: true }).waitFor();
    await stopping.getByText(token).waitFor();
    await stopping.getByRole('button', { name: 'in its details' }).click();
    const panel = page.getByRole('region', { name: 'Step Review' });
    await panel.getByText('The execution is stopping').waitFor();
    await shot('5-stopping-review');

    // Answer Review from the console (Fail): the execution ends Stopped, and nothing after Review ran.
    await panel.getByLabel('Failure reason').fill('Not reviewed: the execution was stopped.');
    await panel.getByRole('button', { name: 'Fail', exact: true }).click();
    await executionStatus('Stopped').waitFor();
    await step('Review', 'Stopped').waitFor();
    await step('Train', 'NotReached').waitFor();
    await step('Rejected', 'NotReached').waitFor();
    await shot('6-stopped');
    const described = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    assert.equal(described.PipelineExecutionStatus, 'Stopped');
  });

  it('answers Review from the console: approve goes on to Train and the execution succeeds', async () => {
    await page.goto(`${server.url}/pipelines/${PIPELINE}`);
    await startFromForm('1');
    await step('Review', 'Executing').waitFor(SLOW);
    await page
      .getByRole('status', { name: 'Steps waiting for an answer' })
      .getByRole('button', { name: 'Answer Review' })
      .click();
    const panel = page.getByRole('region', { name: 'Step Review' });
    await panel.getByLabel('decision').fill('approve');
    await shot('7-answer');
    await panel.getByRole('button', { name: 'Succeed', exact: true }).click();
    await executionStatus('Succeeded').waitFor(SLOW);
    await step('Train', 'Succeeded').waitFor();
    await step('Rejected', 'NotReached').waitFor();
    await panel.getByRole('table', { name: 'Output parameters' }).getByText('approve', { exact: true }).waitFor();
    // Train's properties are its training job, as DescribeTrainingJob answers it.
    await page.locator('[data-step="Train"]').click();
    const train = page.getByRole('region', { name: 'Step Train' });
    await train.getByText('Properties (DescribeTrainingJob)').click();
    await train.getByText('"TrainingJobStatus": "Completed"').waitFor();
    await shot('8-succeeded');
  });

  it('stops an execution while Score runs: it waits for the function to return, then ends Stopped', async () => {
    await page.goto(`${server.url}/pipelines/${PIPELINE}`);
    // Long enough to be running when Stop is clicked (the function's timeout is 30 s).
    await startFromForm('8');
    await step('Score', 'Executing').waitFor(SLOW);
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await executionStatus('Stopping').waitFor();
    const stopping = page.getByRole('status', { name: 'What the execution waits for' });
    await stopping.getByRole('button', { name: 'Score', exact: true }).waitFor();
    await stopping.getByText(/waits for its Lambda function .*sluice-example-score\s+to return/).waitFor();
    await shot('9-stopping-score');
    await executionStatus('Stopped').waitFor(SLOW);
    await step('Review', 'NotReached').waitFor();
    await shot('10-stopped-score');
  });

  it('offers the example again beside a non-empty list, updating the function and the pipeline', async () => {
    await page.goto(`${server.url}/`);
    await page.locator(`tr[data-pipeline="${PIPELINE}"]`).waitFor();
    await shot('11-pipelines');
    await page.getByRole('button', { name: 'Try the example pipeline' }).click();
    await page.waitForURL(new RegExp(`/pipelines/${PIPELINE}\\?example$`));
    const versions = await sm.send(new ListPipelineVersionsCommand({ PipelineName: PIPELINE }));
    assert.equal(versions.PipelineVersionSummaries?.length, 2, 'UpdatePipeline made a second version');
  });
});
