/** Store rows → the CloudWatch Logs wire shapes (times are epoch ms, as the model's `long` members). */
import type { LogEventRow, LogGroupRow, LogStreamRow } from '../../store/log-events.js';

/** `arn:aws:logs:<region>:<account>:log-group:<name>`, the group's ARN without the `:*` suffix. */
export function logGroupArn(group: Pick<LogGroupRow, 'account_id' | 'region' | 'name'>): string {
  return `arn:aws:logs:${group.region}:${group.account_id}:log-group:${group.name}`;
}

/** A LogGroup of DescribeLogGroups. */
export function toLogGroup(row: LogGroupRow): Record<string, unknown> {
  const arn = logGroupArn(row);
  return {
    logGroupName: row.name,
    creationTime: row.created_at,
    metricFilterCount: 0,
    // `arn` ends in `:*` (it names the group's streams too); `logGroupArn` does not, as AWS answers both.
    arn: `${arn}:*`,
    logGroupArn: arn,
    // AWS reports a size; Sluice does not track one. No retentionInDays: the events never expire by age (the
    // store keeps the newest events of each group instead, see store/log-writer.ts).
    storedBytes: 0,
    logGroupClass: 'STANDARD',
  };
}

/** A LogStream of DescribeLogStreams. */
export function toLogStream(group: LogGroupRow, row: LogStreamRow): Record<string, unknown> {
  return {
    logStreamName: row.name,
    creationTime: row.created_at,
    ...(row.first_event_at !== null && { firstEventTimestamp: row.first_event_at }),
    ...(row.last_event_at !== null && { lastEventTimestamp: row.last_event_at }),
    ...(row.last_ingestion_at !== null && { lastIngestionTime: row.last_ingestion_at }),
    arn: `${logGroupArn(group)}:log-stream:${row.name}`,
    // Deprecated by AWS, which answers 0.
    storedBytes: 0,
  };
}

/** An OutputLogEvent of GetLogEvents. */
export function toOutputLogEvent(row: LogEventRow): Record<string, unknown> {
  return { timestamp: row.event_at, message: row.message, ingestionTime: row.ingested_at };
}

/** A FilteredLogEvent of FilterLogEvents. */
export function toFilteredLogEvent(row: LogEventRow): Record<string, unknown> {
  return {
    logStreamName: row.stream_name,
    timestamp: row.event_at,
    message: row.message,
    ingestionTime: row.ingested_at,
    // Unique and stable: the event's position.
    eventId: `${String(row.event_at).padStart(20, '0')}${String(row.id).padStart(20, '0')}`,
  };
}

/** The bytes CloudWatch Logs counts for an event in an answer's 1 MB: its UTF-8 message plus 26. */
export function eventBytes(row: LogEventRow): number {
  return Buffer.byteLength(row.message, 'utf8') + 26;
}
