/**
 * Where runtimes send the log lines a user reads through CloudWatch Logs (src/services/logs): the Lambda host an
 * invocation's START / output / END / REPORT lines, the job executors a job's output. Injected, so a runtime never
 * knows how (or whether) lines are stored; the store's BufferedLogWriter batches them off the hot path.
 */

/** A log stream, named as CloudWatch Logs names it, in an account and region. */
export interface LogStreamRef {
  readonly accountId: string;
  readonly region: string;
  /** `/aws/lambda/<function>`, `/aws/sagemaker/TrainingJobs`, … */
  readonly group: string;
  /** `2026/01/31/[$LATEST]<32 hex>`, `<job name>/algo-1-<epoch seconds>`, … */
  readonly stream: string;
}

/** One line of a log. */
export interface LogLine {
  /** When it was written, epoch ms. */
  readonly timestamp: number;
  readonly message: string;
}

/** Accepts log lines. Never blocks and never throws: logging must not fail the work it describes. */
export interface LogSink {
  append(stream: LogStreamRef, lines: readonly LogLine[]): void;
}

/** A sink that drops everything (tests, and runtimes built without a log store). */
export const DISCARD_LOGS: LogSink = { append: () => undefined };
