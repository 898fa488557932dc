/**
 * The CloudWatch Logs operations the console uses (awsJson 1.1, `Logs_20140328.<Operation>`), typed with the members
 * it reads: where a step's Lambda function and jobs wrote their lines. Timestamps are epoch milliseconds here.
 */
import { awsJson } from './aws';

export type EpochMillis = number;

export interface LogGroup {
  logGroupName?: string;
  creationTime?: EpochMillis;
  storedBytes?: number;
  arn?: string;
}

export interface LogStream {
  logStreamName?: string;
  creationTime?: EpochMillis;
  firstEventTimestamp?: EpochMillis;
  lastEventTimestamp?: EpochMillis;
  lastIngestionTime?: EpochMillis;
  storedBytes?: number;
  arn?: string;
}

/** An event as FilterLogEvents answers it. */
export interface FilteredLogEvent {
  logStreamName?: string;
  timestamp?: EpochMillis;
  message?: string;
  ingestionTime?: EpochMillis;
  eventId?: string;
}

/** An event as GetLogEvents answers it (one stream, so no stream name, and no id). */
export interface OutputLogEvent {
  timestamp?: EpochMillis;
  message?: string;
  ingestionTime?: EpochMillis;
}

export interface FilterLogEventsInput {
  logGroupName: string;
  logStreamNames?: string[];
  logStreamNamePrefix?: string;
  startTime?: EpochMillis;
  endTime?: EpochMillis;
  filterPattern?: string;
  nextToken?: string;
  limit?: number;
}

export interface GetLogEventsInput {
  logGroupName: string;
  logStreamName: string;
  startTime?: EpochMillis;
  endTime?: EpochMillis;
  startFromHead?: boolean;
  nextToken?: string;
  limit?: number;
}

const call = <T>(operation: string, input: object): Promise<T> =>
  awsJson<T>(`Logs_20140328.${operation}`, input, '1.1', 'logs');

/** Pages read by one listing at most: a console view, not an export. */
const MAX_PAGES = 20;

export const logs = {
  describeLogGroups: (input: { logGroupNamePrefix?: string; nextToken?: string; limit?: number }) =>
    call<{ logGroups?: LogGroup[]; nextToken?: string }>('DescribeLogGroups', input),
  describeLogStreams: (input: {
    logGroupName: string;
    logStreamNamePrefix?: string;
    orderBy?: 'LogStreamName' | 'LastEventTime';
    descending?: boolean;
    nextToken?: string;
    limit?: number;
  }) => call<{ logStreams?: LogStream[]; nextToken?: string }>('DescribeLogStreams', input),
  getLogEvents: (input: GetLogEventsInput) =>
    call<{ events?: OutputLogEvent[]; nextForwardToken?: string; nextBackwardToken?: string }>('GetLogEvents', input),
  filterLogEvents: (input: FilterLogEventsInput) =>
    call<{ events?: FilteredLogEvent[]; nextToken?: string }>('FilterLogEvents', input),
  /** The streams of a group whose names start with `prefix`, all pages (up to a bound), by name. */
  streamsWithPrefix: async (logGroupName: string, logStreamNamePrefix: string): Promise<LogStream[]> => {
    const streams: LogStream[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await logs.describeLogStreams({
        logGroupName,
        logStreamNamePrefix,
        orderBy: 'LogStreamName',
        ...(nextToken && { nextToken }),
      });
      streams.push(...(page.logStreams ?? []));
      nextToken = page.nextToken;
    } while (nextToken && ++pages < MAX_PAGES);
    return streams;
  },
};
