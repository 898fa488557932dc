/**
 * How Callback steps reach their consumers (api-spec §6.5). A message is handed over INSIDE the transaction that
 * changes the step, so that the step's state and its message commit together: with the built-in SQS the message
 * is a row of the same store (sent exactly once); with an external SQS it is an outbox task sent after commit
 * and retried until it goes through (at least once).
 */
import type { Db } from '../store/pipelines.js';

/** One message for a Callback step's queue. */
export interface CallbackMessage {
  /** The step's SqsQueueUrl as the definition writes it. */
  readonly queueUrl: string;
  readonly body: string;
  /** The execution's account and region: where a queue URL that names neither is looked up. */
  readonly accountId: string;
  readonly region: string;
  /** The step the message belongs to, so a send that fails for good can fail the step. */
  readonly executionArn: string;
  readonly stepName: string;
  readonly attempt: number;
}

/** Hands callback messages over within a transaction. */
export interface CallbackMessenger {
  /** Queues `message` in `trx`; answers why it cannot be delivered (no such queue), or undefined. */
  enqueue(trx: Db, message: CallbackMessage, now: number): Promise<string | undefined>;
  /** Called after the transaction committed (wakes local long polls or the outbox). */
  committed(): void;
  /**
   * For a messenger with an outbox: sends one message queued earlier (a task of kind `sqs-send`). Answers why it
   * can never be delivered (no such queue), or undefined once sent; throws to be tried again later.
   */
  deliver?(message: OutboxMessage): Promise<string | undefined>;
}

/** What an outbox task carries. */
export interface OutboxMessage {
  readonly queueUrl: string;
  readonly body: string;
  readonly region: string;
  readonly accountId: string;
}

/** The body AWS sends: `{token, pipelineExecutionArn, arguments, status}`, arguments with JSON types kept. */
export function callbackMessageBody(
  token: string,
  executionArn: string,
  args: unknown,
  status: 'Executing' | 'Stopping',
): string {
  return JSON.stringify({ token, pipelineExecutionArn: executionArn, arguments: args, status });
}
