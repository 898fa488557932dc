/** What the CloudWatch Logs handlers need from the outside world. */
import type { Db } from '../../store/pipelines.js';

/** Dependencies of the CloudWatch Logs handlers. */
export interface LogsDeps {
  readonly db: Db;
  /**
   * Writes the lines this process has buffered (store/log-writer.ts) before a read, so that a caller reads what
   * it just caused (an Invoke's log) rather than what the last periodic flush wrote.
   */
  readonly flushPending: () => Promise<void>;
}
