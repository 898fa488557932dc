/**
 * Callback messages for a real SQS-compatible service (`--sqs-endpoint`): each message is an outbox task written
 * in the step's transaction and sent after commit through @aws-sdk/client-sqs, retried with backoff until it goes
 * through, so nothing is lost if Sluice dies between commit and send (at least once).
 */
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { insertTasks } from '../store/executions.js';
import type { Db } from '../store/pipelines.js';
import type { CallbackMessage, CallbackMessenger, OutboxMessage } from './callback-messenger.js';

/** The task kind of an outbox message. */
export const SQS_SEND_TASK = 'sqs-send';

/** Sends callback messages to an external SQS endpoint through an outbox. */
export class ExternalSqsMessenger implements CallbackMessenger {
  private readonly clients = new Map<string, SQSClient>();

  constructor(
    private readonly endpoint: string,
    private readonly wake: () => void,
  ) {}

  async enqueue(trx: Db, message: CallbackMessage, now: number): Promise<string | undefined> {
    const payload: OutboxMessage = {
      queueUrl: message.queueUrl,
      body: message.body,
      region: message.region,
      accountId: message.accountId,
    };
    await insertTasks(trx, [
      {
        id: randomUUID(),
        execution_arn: message.executionArn,
        step_name: message.stepName,
        attempt: message.attempt,
        kind: SQS_SEND_TASK,
        payload_json: JSON.stringify(payload),
        due_at: now,
        tries: 0,
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
        created_at: now,
      },
    ]);
    return undefined;
  }

  committed(): void {
    this.wake();
  }

  async deliver(message: OutboxMessage): Promise<string | undefined> {
    try {
      await this.client(message.region).send(
        new SendMessageCommand({ QueueUrl: message.queueUrl, MessageBody: message.body }),
      );
      return undefined;
    } catch (error) {
      const name = (error as { name?: unknown }).name;
      if (name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue') {
        return `The SQS queue ${message.queueUrl} does not exist.`;
      }
      throw error;
    }
  }

  /** Closes the clients. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
  }

  private client(region: string): SQSClient {
    let client = this.clients.get(region);
    if (!client) {
      client = new SQSClient({ endpoint: this.endpoint, region });
      this.clients.set(region, client);
    }
    return client;
  }
}
