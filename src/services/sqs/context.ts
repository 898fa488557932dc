import type { Clock } from '../../shared/clock.js';
import type { Dialect } from '../../store/open-database.js';
import type { Db } from '../../store/pipelines.js';
import type { QueueNotifier } from './local-queues.js';

/** What the SQS handlers need from the outside world. */
export interface SqsDeps {
  readonly db: Db;
  readonly dialect: Dialect;
  readonly clock: Clock;
  /** Wakes this process's long-polling receivers when a message is committed. */
  readonly notifier: QueueNotifier;
  /** How often a long poll re-checks the store for messages other nodes wrote; 200 ms unless a test says so. */
  readonly pollIntervalMs?: number;
}
