/** Where Lambda writes a function's log in CloudWatch Logs, and how the function host splits it into events. */
import { randomBytes } from 'node:crypto';
import type { LogLine } from '../log-sink.js';
import { splitLogLines } from '../log-lines.js';

/** `/aws/lambda/<function name>`, as Lambda names the group (and tells the function in AWS_LAMBDA_LOG_GROUP_NAME). */
export function lambdaLogGroup(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/**
 * A new stream name for one execution environment (here: one worker process), as Lambda names them:
 * `YYYY/MM/DD/[$LATEST]<32 hex>`, dated the day (UTC) the environment started.
 */
export function newLambdaLogStream(startedAt: Date): string {
  const day = [
    startedAt.getUTCFullYear(),
    String(startedAt.getUTCMonth() + 1).padStart(2, '0'),
    String(startedAt.getUTCDate()).padStart(2, '0'),
  ].join('/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * The events of one invocation's log. Lambda timestamps each line as it is written; the host sees the output only
 * once the invocation ends, so the output before START and START itself get the start time, the rest the end time.
 * TODO(parity): Lambda's events keep their trailing newline and a multi-line console.log is one event; here
 * every line is an event without its newline.
 */
export function invocationLogLines(
  parts: { readonly before: Buffer; readonly start: string; readonly during: Buffer; readonly end: string },
  startedAt: number,
  endedAt: number,
): LogLine[] {
  const at = (timestamp: number) => (message: string) => ({ timestamp, message });
  return [
    ...splitLogLines(parts.before.toString('utf8')).map(at(startedAt)),
    ...splitLogLines(parts.start).map(at(startedAt)),
    ...splitLogLines(parts.during.toString('utf8')).map(at(endedAt)),
    ...splitLogLines(parts.end).map(at(endedAt)),
  ];
}
