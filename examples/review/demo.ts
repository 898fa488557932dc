/**
 * The review example's walk-through: creates (or updates) the Lambda function, the reviewer's queue and the
 * pipeline of pipeline.json, then runs four executions one after another and shows each step's status as it
 * changes: one that succeeds, a stop while the Lambda step runs, a stop while the Callback step waits, and a stop
 * while the Lambda step runs into its timeout. Exit 0 when every execution ended as AWS documents, 1 otherwise.
 *
 * Needs a running Sluice (`npm start`) and the reviewer (`npm run example:reviewer`); the endpoint and credentials
 * come from the AWS environment (see aws.ts).
 * Run: npm run example
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  SageMakerClient,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { SQSClient } from '@aws-sdk/client-sqs';
import { connectionProblem } from '../../src/cli/client.js';
import { executionId, formatDuration } from '../../src/cli/render/format.js';
import { summaryLines } from '../../src/cli/render/progress.js';
import type { Style, Terminal } from '../../src/cli/render/terminal.js';
import { createStyle, processTerminal } from '../../src/cli/render/terminal.js';
import { clientConfig, endpointFor } from './aws.js';
import { REVIEW_EXAMPLE } from './resources.js';
import type { DemoContext, Scenario } from './scenarios.js';
import { checkReviewer, SCENARIOS } from './scenarios.js';
import { ensureQueue, upsertFunction, upsertPipeline } from './setup.js';
import { DemoError, timedTerminal, watchUntilEnd } from './watch.js';

/** The longest one execution may take before the demo gives up (each takes seconds). */
const EXECUTION_TIMEOUT_MS = 90_000;

/** `text` broken into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return line === '' ? lines : [...lines, line];
}

/** Creates or updates the function, the queue and the pipeline; answers the queue's URL. */
async function setUp(context: Omit<DemoContext, 'queueUrl'>, style: Style): Promise<string> {
  const { terminal } = context;
  const fn = await upsertFunction(context.lambda);
  terminal.out(`${style.green('✓')} Lambda function ${REVIEW_EXAMPLE.functionName} ${fn}`);
  const queueUrl = await ensureQueue(context.sqs);
  terminal.out(`${style.green('✓')} SQS queue ${queueUrl}`);
  const pipeline = await upsertPipeline(context.sm);
  terminal.out(`${style.green('✓')} pipeline ${REVIEW_EXAMPLE.pipelineName} ${pipeline.upserted}`);
  return queueUrl;
}

/** Runs one scenario to its end; throws a DemoError when it ends otherwise than expected. */
async function runScenario(context: DemoContext, scenario: Scenario, style: Style): Promise<string> {
  const { sm, terminal } = context;
  await scenario.around?.before(context);
  let final;
  let arn = '';
  try {
    const start = Date.now();
    const started = await sm.send(
      new StartPipelineExecutionCommand({
        PipelineName: REVIEW_EXAMPLE.pipelineName,
        PipelineExecutionDescription: `sluice example: ${scenario.title}`,
        PipelineParameters: Object.entries(scenario.parameters).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
    arn = started.PipelineExecutionArn ?? '';
    const parameters = Object.entries(scenario.parameters).map(([name, value]) => `${name}=${value}`);
    terminal.out(`Started execution ${executionId(arn)} with ${parameters.join(', ')}`);
    const timed = timedTerminal(terminal, style, () => start);
    let stopped = false;
    final = await watchUntilEnd({
      sm,
      arn,
      terminal: timed,
      timeoutMs: EXECUTION_TIMEOUT_MS,
      onSnapshot: async (snapshot, now) => {
        await checkReviewer(snapshot, now, context);
        if (stopped || scenario.stop === undefined || !(await scenario.stop.when(snapshot, now, context))) return;
        stopped = true;
        timed.out(style.bold(`→ ${scenario.stop.says}`));
        await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
      },
    });
  } finally {
    await scenario.around?.after(context);
  }
  for (const line of summaryLines(final, Date.now(), style)) terminal.out(line);
  const status = final.execution.PipelineExecutionStatus ?? '';
  const problem =
    status === scenario.expected
      ? scenario.check(final.steps)
      : `it should have ended ${scenario.expected}, but it ended ${status}`;
  if (problem !== undefined) throw new DemoError(`execution ${arn}: ${problem}`);
  terminal.out(`${style.green('✓')} ${status}, as expected`);
  return status;
}

/** The walk-through; answers the exit code. */
async function main(): Promise<number> {
  const terminal: Terminal = processTerminal();
  const style = createStyle(terminal.color);
  const endpoint = endpointFor('SAGEMAKER') ?? 'AWS';
  const clients = {
    sm: new SageMakerClient(clientConfig('SAGEMAKER')),
    sqs: new SQSClient(clientConfig('SQS')),
    lambda: new LambdaClient(clientConfig('LAMBDA')),
    terminal,
  };
  const width = Math.min(100, terminal.columns - 1);
  const began = Date.now();
  try {
    terminal.out(style.bold(`Setting up the review example on ${endpoint}`));
    const context: DemoContext = { ...clients, queueUrl: await setUp(clients, style) };
    const outcomes: string[] = [];
    for (const [index, scenario] of SCENARIOS.entries()) {
      terminal.out('');
      terminal.out(style.bold(`── ${index + 1}/${SCENARIOS.length}  ${scenario.title}`));
      for (const line of wrap(scenario.about, width)) terminal.out(style.dim(line));
      outcomes.push(await runScenario(context, scenario, style));
    }
    terminal.out('');
    terminal.out(
      style.bold(
        `All ${outcomes.length} executions ended as expected (${outcomes.join(', ')}) in ${formatDuration(Date.now() - began)}.`,
      ),
    );
    if (endpoint !== 'AWS')
      terminal.out(`See them in the console at ${endpoint}/ or with: npx sluice ls ${REVIEW_EXAMPLE.pipelineName}`);
    return 0;
  } catch (error) {
    const problem = connectionProblem(error);
    if (problem !== undefined) {
      terminal.err(`example: cannot reach Sluice at ${endpoint} (${problem}). Start it first: npm start`);
    } else if (error instanceof DemoError) {
      terminal.err(`example: ${error.message}`);
    } else {
      const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      terminal.err(`example: ${text}`);
    }
    return 1;
  } finally {
    clients.sm.destroy();
    clients.sqs.destroy();
    clients.lambda.destroy();
  }
}

process.exitCode = await main();
