/**
 * Sluice's own use of its queues: the pipeline engine's Callback steps send their messages through
 * `enqueueLocalMessage`, inside the transaction that records the step's state change, so that both commit or
 * neither does. After the commit the caller calls `QueueNotifier.notify`, which wakes this process's long-polling
 * receivers at once; receivers on other nodes see the message at their next store check (every ~200 ms).
 *
 * The notifier is one object per Sluice (built in src/server/start-sluice.ts and passed to whoever sends), not a
 * module singleton, so that two Sluices in one process (tests) do not wake each other's receivers by mistake.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../store/pipelines.js';
import type { SqsMessagesTable } from '../../store/schema.js';
import { findSqsQueue, insertSqsMessages } from '../../store/sqs.js';
import type { StoredAttributes } from './message-attributes.js';
import { md5OfBody } from './message-attributes.js';
import type { Queue } from './queue-attributes.js';
import { toQueue } from './queue-attributes.js';
import type { QueueAddress } from './queue-urls.js';

export type { QueueAddress } from './queue-urls.js';
export { queueAddressFromUrl } from './queue-urls.js';

/**
 * Inserts a message into a local queue within the caller's transaction (`db` may be a transaction); undefined when
 * the queue does not exist. The queue's DelaySeconds and MessageRetentionPeriod apply. The body is stored as given:
 * the caller sends JSON it produced, within SQS's size and character limits.
 */
export async function enqueueLocalMessage(
  db: Db,
  queue: QueueAddress,
  body: string,
  now: number,
): Promise<{ messageId: string } | undefined> {
  const row = await findSqsQueue(db, queue);
  if (row === undefined) return undefined;
  const message = newMessageRow(toQueue(row), { body, now });
  await insertSqsMessages(db, [message]);
  return { messageId: message.id };
}

/** What a new message carries besides its queue. */
export interface NewMessage {
  readonly body: string;
  readonly now: number;
  /** Overrides the queue's DelaySeconds. */
  readonly delaySeconds?: number | undefined;
  readonly attributes?: StoredAttributes | undefined;
  readonly systemAttributes?: StoredAttributes | undefined;
}

/** The row of a new message in `queue`. */
export function newMessageRow(queue: Queue, message: NewMessage): Insertable<SqsMessagesTable> & { id: string } {
  const { attributes, systemAttributes } = message;
  return {
    id: randomUUID(),
    queue_id: queue.id,
    body: message.body,
    md5_of_body: md5OfBody(message.body),
    attributes_json: attributes && Object.keys(attributes).length > 0 ? JSON.stringify(attributes) : null,
    system_attributes_json:
      systemAttributes && Object.keys(systemAttributes).length > 0 ? JSON.stringify(systemAttributes) : null,
    sent_at: message.now,
    visible_at: message.now + (message.delaySeconds ?? queue.delaySeconds) * 1000,
    expires_at: message.now + queue.retentionSeconds * 1000,
    receive_count: 0,
    first_received_at: null,
    receipt_token: null,
  };
}

/** Wakes long-polling receivers of this process when a message is committed to their queue. */
export class QueueNotifier {
  private readonly waiters = new Map<string, Set<() => void>>();
  private closing = false;

  /** Wakes the receivers waiting on `queue`; call after the transaction that added its messages committed. */
  notify(queue: QueueAddress): void {
    const key = keyOf(queue);
    const waiting = this.waiters.get(key);
    if (waiting === undefined) return;
    this.waiters.delete(key);
    for (const wake of [...waiting]) wake();
  }

  /**
   * Resolves when `queue` is notified, after `ms`, when `signal` aborts, or when the notifier closes, whichever
   * comes first.
   */
  wait(queue: QueueAddress, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.closing || signal?.aborted === true) return Promise.resolve();
    const key = keyOf(queue);
    return new Promise((resolve) => {
      let waiting = this.waiters.get(key);
      if (waiting === undefined) this.waiters.set(key, (waiting = new Set()));
      const set = waiting;
      const wake = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', wake);
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      signal?.addEventListener('abort', wake, { once: true });
      set.add(wake);
    });
  }

  /** True once `close` was called: receivers stop waiting and answer with what they have. */
  get closed(): boolean {
    return this.closing;
  }

  /** Releases every waiting receiver, for shutdown (a 20 s long poll must not hold the server open). */
  close(): void {
    this.closing = true;
    for (const waiting of [...this.waiters.values()]) for (const wake of [...waiting]) wake();
  }
}

function keyOf(queue: QueueAddress): string {
  return `${queue.accountId}\n${queue.region}\n${queue.name}`;
}
