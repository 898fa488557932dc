/**
 * Callback messages for Sluice's built-in SQS: the message is a row of the same store, written in the step's own
 * transaction, so a step's start or stop and its message commit together, exactly once.
 *
 * A Callback step's SqsQueueUrl is usually written AWS-style (`https://sqs.<region>.amazonaws.com/<account>/<name>`);
 * it maps to the local queue of that name in Sluice's account, in the URL's region, or else in the execution's
 * region (so a definition written for another region works against queues created with the default region).
 */
import { enqueueLocalMessage, queueAddressFromUrl, type QueueAddress } from '../services/sqs/local-queues.js';
import type { QueueNotifier } from '../services/sqs/local-queues.js';
import type { Db } from '../store/pipelines.js';
import type { CallbackMessage, CallbackMessenger } from './callback-messenger.js';

/** Sends callback messages to the built-in SQS. */
export class LocalCallbackMessenger implements CallbackMessenger {
  private readonly sent: QueueAddress[] = [];

  constructor(
    private readonly accountId: string,
    private readonly notifier: QueueNotifier,
  ) {}

  async enqueue(trx: Db, message: CallbackMessage, now: number): Promise<string | undefined> {
    const address = queueAddressFromUrl(message.queueUrl, message.region);
    if (!address) return `The SqsQueueUrl '${message.queueUrl}' does not name an SQS queue.`;
    const candidates = [{ ...address, accountId: this.accountId }];
    if (address.region !== message.region)
      candidates.push({ ...candidates[0], region: message.region } as QueueAddress);
    for (const queue of candidates) {
      if (await enqueueLocalMessage(trx, queue, message.body, now)) {
        this.sent.push(queue);
        return undefined;
      }
    }
    return `The SQS queue ${message.queueUrl} does not exist: create queue '${address.name}' in Sluice (region ${address.region}).`;
  }

  committed(): void {
    for (const queue of this.sent.splice(0)) this.notifier.notify(queue);
  }
}
