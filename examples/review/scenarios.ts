/**
 * The demo's executions, one after another: one that runs to the end, then a stop while each kind of step runs,
 * each ending as AWS documents StopPipelineExecution (a Lambda function cannot be interrupted; a Callback step's
 * consumer is told and must answer).
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { PipelineExecutionStep, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { ExecutionSnapshot } from '../../src/cli/render/progress.js';
import type { Terminal } from '../../src/cli/render/terminal.js';
import { REVIEW_EXAMPLE } from './resources.js';
import { setFunctionTimeout } from './setup.js';
import { DemoError } from './watch.js';

/** What the scenarios act through. */
export interface DemoContext {
  readonly sm: SageMakerClient;
  readonly sqs: SQSClient;
  readonly lambda: LambdaClient;
  readonly queueUrl: string;
  readonly terminal: Terminal;
}

/** One execution of the demo. */
export interface Scenario {
  readonly title: string;
  /** What will happen and why, for the reader. */
  readonly about: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly expected: 'Succeeded' | 'Stopped' | 'Failed';
  /** When to call StopPipelineExecution, and the line printed when it is called. */
  readonly stop?: { readonly when: StopCondition; readonly says: string };
  /** What else must be true of the ended execution: a problem in words, or undefined. */
  readonly check: (steps: readonly PipelineExecutionStep[]) => string | undefined;
  /** Done before the execution starts, and undone after it ended (whichever way). */
  readonly around?: {
    readonly before: (c: DemoContext) => Promise<void>;
    readonly after: (c: DemoContext) => Promise<void>;
  };
}

type StopCondition = (snapshot: ExecutionSnapshot, now: number, context: DemoContext) => Promise<boolean>;

function stepNamed(steps: readonly PipelineExecutionStep[], name: string): PipelineExecutionStep | undefined {
  return steps.find((step) => step.StepName === name);
}

/** How long `name` has been Executing, or -1 when it is not. */
function executingFor(snapshot: ExecutionSnapshot, name: string, now: number): number {
  const step = stepNamed(snapshot.steps, name);
  if (step?.StepStatus !== 'Executing' || step.StartTime === undefined) return -1;
  return now - step.StartTime.getTime();
}

/** How many messages of the reviewer's queue wait to be received. */
export async function waitingMessages(context: DemoContext): Promise<number> {
  const answer = await context.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: context.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(answer.Attributes?.['ApproximateNumberOfMessages'] ?? 0);
}

/** How long a Review request may wait in the queue before the demo concludes that no reviewer runs. */
export const REVIEWER_GRACE_MS = 10_000;

/** Gives up when the Review step's request has waited untaken for too long: nobody consumes the queue. */
export async function checkReviewer(snapshot: ExecutionSnapshot, now: number, context: DemoContext): Promise<void> {
  const waited = executingFor(snapshot, 'Review', now);
  if (waited < REVIEWER_GRACE_MS || (await waitingMessages(context)) === 0) return;
  throw new DemoError(
    `the Review step's request has waited ${Math.round(waited / 1000)} s in the queue and nobody took it. ` +
      'Start the reviewer first: npm run example:reviewer (it will answer this execution too)',
  );
}

/** The function timeout of the last scenario: shorter than its ScoreSeconds. */
const SHORT_TIMEOUT_SECONDS = 2;

const status = (steps: readonly PipelineExecutionStep[], name: string): string | undefined =>
  stepNamed(steps, name)?.StepStatus;

/** A problem when `name` started, for scenarios where it must not. */
function neverStarted(steps: readonly PipelineExecutionStep[], name: string): string | undefined {
  const found = status(steps, name);
  return found === undefined ? undefined : `the ${name} step should not have started, but it is ${found}`;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    title: 'Run to the end',
    about:
      'Score runs the Lambda function, Review waits until the reviewer answers its SQS message (approve: the ' +
      'score is above MinScore), then the Condition sends the execution to Train.',
    parameters: { ScoreSeconds: '2', ReviewSeconds: '3' },
    expected: 'Succeeded',
    check: (steps) => {
      const decision = stepNamed(steps, 'Review')?.Metadata?.Callback?.OutputParameters?.find(
        (o) => o.Name === 'decision',
      )?.Value;
      if (decision !== 'approve') return `the reviewer should have answered approve, not ${String(decision)}`;
      return status(steps, 'Train') === 'Succeeded' ? undefined : 'the Train step should have succeeded';
    },
  },
  {
    title: 'Stop while the Lambda step runs',
    about:
      'A running Lambda function cannot be interrupted: the execution stays Stopping until the function returns, ' +
      'then ends Stopped, and no further step (Review) starts.',
    parameters: { ScoreSeconds: '4', ReviewSeconds: '3' },
    expected: 'Stopped',
    stop: {
      when: (snapshot, now) => Promise.resolve(executingFor(snapshot, 'Score', now) >= 1000),
      says: 'StopPipelineExecution while Score runs; the function goes on to its end',
    },
    check: (steps) => neverStarted(steps, 'Review'),
  },
  {
    title: 'Stop while the Callback step waits',
    about:
      'The reviewer takes the Review request and works on it (ReviewSeconds=60). The stop sends the queue one ' +
      'more message, "status": "Stopping"; the reviewer cancels its work and answers ' +
      'SendPipelineExecutionStepFailure, and the execution ends Stopped.',
    parameters: { ScoreSeconds: '1', ReviewSeconds: '60' },
    expected: 'Stopped',
    stop: {
      // Only once the reviewer has taken the request, so that it holds the work the Stopping message cancels.
      when: async (snapshot, now, context) =>
        executingFor(snapshot, 'Review', now) >= 1000 && (await waitingMessages(context)) === 0,
      says: 'StopPipelineExecution while Review waits; the reviewer gets a "Stopping" message (see its log)',
    },
    check: (steps) =>
      status(steps, 'Review') === 'Stopped'
        ? neverStarted(steps, 'Train')
        : `the Review step should have ended Stopped, not ${String(status(steps, 'Review'))}`,
  },
  {
    title: 'Stop while the Lambda step runs past its timeout',
    about:
      `With the function's timeout set to ${SHORT_TIMEOUT_SECONDS} s for this run, Score times out: a stop does ` +
      "not cancel the function, so its failure is the execution's outcome, Failed.",
    parameters: { ScoreSeconds: '10', ReviewSeconds: '3' },
    expected: 'Failed',
    stop: {
      when: (snapshot, now) => Promise.resolve(executingFor(snapshot, 'Score', now) >= 500),
      says: 'StopPipelineExecution while Score runs; the function runs into its timeout',
    },
    check: (steps) =>
      status(steps, 'Score') === 'Failed'
        ? neverStarted(steps, 'Review')
        : `the Score step should have failed, not ${String(status(steps, 'Score'))}`,
    around: {
      before: (context) => setFunctionTimeout(context.lambda, SHORT_TIMEOUT_SECONDS),
      after: (context) => setFunctionTimeout(context.lambda, REVIEW_EXAMPLE.functionTimeoutSeconds),
    },
  },
];
