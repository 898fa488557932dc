/**
 * The reviewer of the review example: the consumer of examples/callback-consumer.ts answering the pipeline's
 * Callback step `Review`. For each request it waits `arguments.seconds`, then approves when `score >= minScore` and
 * rejects otherwise; on the extra `"status": "Stopping"` message of a stopped execution it cancels that review and
 * answers SendPipelineExecutionStepFailure, as AWS advises, so the execution can end Stopped.
 *
 * Configured only by the AWS environment (see aws.ts): unchanged, it serves the same queue on AWS.
 * Run: npm run example:reviewer (Ctrl-C to stop)
 */
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { CallbackConsumer, CallbackEvent, CallbackWork } from '../callback-consumer.js';
import { startCallbackConsumer } from '../callback-consumer.js';
import { clientConfig } from './aws.js';
import { REVIEW_EXAMPLE } from './resources.js';

/** `arguments[name]` as a number (Sluice keeps JSON types; strings are accepted too). */
function numberArgument(args: Record<string, unknown>, name: string): number {
  const value = Number(args[name]);
  if (args[name] === undefined || args[name] === '' || !Number.isFinite(value)) {
    throw new Error(`the review request has no numeric '${name}' argument`);
  }
  return value;
}

/** The review: takes `seconds` (cancelled by `signal`), then decides on the score. */
export const review: CallbackWork = async (args, signal) => {
  const score = numberArgument(args, 'score');
  const minScore = numberArgument(args, 'minScore');
  await sleep(Math.max(0, Number(args['seconds']) || 0) * 1000, undefined, { signal });
  return { decision: score >= minScore ? 'approve' : 'reject' };
};

/** `sluice-example/abc123` from an execution ARN, for log lines. */
function executionName(arn: string): string {
  const match = /:pipeline\/([^/]+)\/execution\/(.+)$/.exec(arn);
  return match ? `${match[1] ?? ''}/${match[2] ?? ''}` : arn;
}

/** One line per message taken and per answer given. */
export function describeEvent(event: CallbackEvent): string {
  const { request } = event;
  const who = executionName(request.pipelineExecutionArn);
  const args = request.arguments;
  if (event.kind === 'started') {
    const show = (name: string): string => JSON.stringify(args[name]) ?? 'none';
    return `${who}: review requested (score ${show('score')}, minimum ${show('minScore')}); deciding in ${show('seconds')} s`;
  }
  switch (event.answer) {
    case 'success':
      return `${who}: answered ${event.outputs?.['decision'] ?? '?'} (SendPipelineExecutionStepSuccess)`;
    case 'failure':
      return `${who}: could not review: ${event.reason ?? ''} (SendPipelineExecutionStepFailure)`;
    case 'stopped':
      return `${who}: execution stopping; cancelled the review and answered SendPipelineExecutionStepFailure so it can end Stopped`;
  }
}

/**
 * A logger of error texts that drops repeats of a text within `ms`: sqs-consumer polls again at once after a failed
 * receive, so an unreachable endpoint would otherwise print dozens of identical lines a second.
 */
function onceIn(ms: number, log: (text: string) => void): (error: Error) => void {
  const last = new Map<string, number>();
  return (error) => {
    const now = Date.now();
    if (now - (last.get(error.message) ?? -Infinity) < ms) return;
    last.set(error.message, now);
    log(error.message);
  };
}

/** A running reviewer. */
export interface Reviewer {
  readonly queueUrl: string;
  readonly consumer: CallbackConsumer;
}

/** Creates the queue when missing (CreateQueue is idempotent) and starts answering its messages. */
export async function startReviewer(log: (line: string) => void): Promise<Reviewer> {
  const sqs = new SQSClient(clientConfig('SQS'));
  const sagemaker = new SageMakerClient(clientConfig('SAGEMAKER'));
  const created = await sqs.send(new CreateQueueCommand({ QueueName: REVIEW_EXAMPLE.queueName }));
  const queueUrl = created.QueueUrl ?? '';
  const consumer = startCallbackConsumer({
    queueUrl,
    sqs,
    sagemaker,
    work: review,
    onEvent: (event) => log(describeEvent(event)),
    onError: onceIn(10_000, (text) => log(`error: ${text}`)),
  });
  return { queueUrl, consumer };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const time = (): string => new Date().toTimeString().slice(0, 8);
  const log = (line: string): void => void process.stdout.write(`${time()}  ${line}\n`);
  try {
    const { queueUrl, consumer } = await startReviewer(log);
    log(`Reviewing requests from ${queueUrl}; Ctrl-C to stop.`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => void consumer.stop().then(() => process.exit(0)));
    }
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`reviewer: cannot create the queue ${REVIEW_EXAMPLE.queueName}: ${text}\n`);
    process.stderr.write('Is Sluice running? Start it with `npm start` (or set AWS_ENDPOINT_URL).\n');
    process.exit(1);
  }
}
