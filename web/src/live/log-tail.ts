/**
 * Reads a step's log lines incrementally: each read asks only for what came after the previous one (FilterLogEvents
 * from the last timestamp seen, GetLogEvents from each stream's forward token), so a running step's lines are
 * appended rather than read again in full.
 */
import { AwsCallError, UnreachableError } from '../api/aws';
import type { FilteredLogEvent } from '../api/logs';
import { logs } from '../api/logs';
import { sagemaker } from '../api/sagemaker';
import type { LogSource } from '../pages/log-source';

export interface LogLine {
  /** Unique within one tail (React key). */
  readonly id: string;
  readonly stream: string;
  readonly timestamp: number;
  readonly message: string;
}

/** What a tail has read so far. Treated as immutable: each read returns a new one. */
export interface TailState {
  readonly lines: readonly LogLine[];
  /** Lines dropped from the start to stay under MAX_LINES. */
  readonly dropped: number;
  /** The streams read, group and name, each with the token to read on from (jobs). */
  readonly streams: ReadonlyMap<string, { readonly group: string; readonly name: string; readonly token?: string }>;
  /** FilterLogEvents: the ids of the lines at the last timestamp read (read again from there, not twice). */
  readonly lastTimestamp?: number;
  readonly idsAtLast: ReadonlySet<string>;
  /** The job's exact name, once Describe* said it. */
  readonly jobName?: string;
  readonly counter: number;
}

export const EMPTY_TAIL: TailState = { lines: [], dropped: 0, streams: new Map(), idsAtLast: new Set(), counter: 0 };

/** A console view keeps this many lines, the newest. */
export const MAX_LINES = 5_000;
/** Pages one read follows at most; the next read goes on from there. */
const MAX_PAGES = 10;

/** Is this the answer of a Sluice without the Logs API (older than the console)? */
export function isNoLogsApi(error: unknown): boolean {
  return error instanceof AwsCallError && /UnknownOperation|InvalidAction/.test(error.code);
}

/** A group that does not exist yet is a function or job that logged nothing yet. */
const isMissingGroup = (error: unknown): boolean =>
  error instanceof AwsCallError && error.code === 'ResourceNotFoundException';

/** Reads the lines that came since `state`. */
export async function readMore(state: TailState, source: LogSource): Promise<TailState> {
  if (source.kind === 'lambda') return readLambda(state, source);
  if (source.kind === 'job') return readJob(state, source);
  return state;
}

function appended(state: TailState, added: LogLine[], changes: Partial<TailState>): TailState {
  // Sorted by time (stable: lines of one timestamp keep their order), the newest MAX_LINES kept.
  const all = added.length === 0 ? state.lines : [...state.lines, ...added].sort((a, b) => a.timestamp - b.timestamp);
  const over = Math.max(0, all.length - MAX_LINES);
  return {
    ...state,
    ...changes,
    lines: over > 0 ? all.slice(over) : all,
    dropped: state.dropped + over,
  };
}

async function readLambda(state: TailState, source: Extract<LogSource, { kind: 'lambda' }>): Promise<TailState> {
  const added: LogLine[] = [];
  let counter = state.counter;
  let lastTimestamp = state.lastTimestamp;
  let idsAtLast = new Set(state.idsAtLast);
  const take = (event: FilteredLogEvent): void => {
    const timestamp = event.timestamp ?? 0;
    const id = event.eventId ?? `${event.logStreamName ?? ''}:${timestamp}:${event.message ?? ''}`;
    if (timestamp === lastTimestamp && idsAtLast.has(id)) return;
    if (lastTimestamp === undefined || timestamp > lastTimestamp) {
      lastTimestamp = timestamp;
      idsAtLast = new Set();
    }
    if (timestamp === lastTimestamp) idsAtLast.add(id);
    added.push({ id: String(counter++), stream: event.logStreamName ?? '', timestamp, message: event.message ?? '' });
  };
  let nextToken: string | undefined;
  let pages = 0;
  try {
    do {
      const page = await logs.filterLogEvents({
        logGroupName: source.logGroupName,
        // From the last timestamp read, inclusive: lines logged in that same millisecond may have come since.
        startTime: Math.max(source.startMs, state.lastTimestamp ?? source.startMs),
        ...(source.endMs !== undefined && { endTime: source.endMs }),
        ...(nextToken && { nextToken }),
      });
      for (const event of page.events ?? []) take(event);
      nextToken = page.nextToken;
    } while (nextToken && ++pages < MAX_PAGES);
  } catch (error) {
    if (!isMissingGroup(error)) throw error;
  }
  return appended(state, added, {
    counter,
    idsAtLast,
    ...(lastTimestamp !== undefined && { lastTimestamp }),
  });
}

async function readJob(state: TailState, source: Extract<LogSource, { kind: 'job' }>): Promise<TailState> {
  const jobName = state.jobName ?? (await exactJobName(source));
  const streams = new Map(state.streams);
  for (const group of source.logGroupNames) {
    try {
      for (const stream of await logs.streamsWithPrefix(group, jobName)) {
        const name = stream.logStreamName;
        if (name && !streams.has(`${group}\u0000${name}`)) streams.set(`${group}\u0000${name}`, { group, name });
      }
    } catch (error) {
      if (!isMissingGroup(error)) throw error;
    }
  }
  const added: LogLine[] = [];
  let counter = state.counter;
  for (const [key, stream] of streams) {
    let token = stream.token;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page = await logs.getLogEvents({
        logGroupName: stream.group,
        logStreamName: stream.name,
        startFromHead: true,
        ...(token && { nextToken: token }),
      });
      for (const event of page.events ?? [])
        added.push({
          id: String(counter++),
          stream: stream.name,
          timestamp: event.timestamp ?? 0,
          message: event.message ?? '',
        });
      // The end of a stream, for now, is when the forward token comes back unchanged.
      const next = page.nextForwardToken;
      const done = !next || next === token || (page.events ?? []).length === 0;
      if (next) token = next;
      if (done) break;
    }
    streams.set(key, { ...stream, ...(token && { token }) });
  }
  return appended(state, added, { counter, streams, jobName });
}

/** The job's name as Describe* says it; its ARN's when the job cannot be described. */
async function exactJobName(source: Extract<LogSource, { kind: 'job' }>): Promise<string> {
  try {
    const described = await sagemaker.describeResource(source.describe, source.member, source.arnName);
    const name = described[source.member];
    return typeof name === 'string' ? name : source.arnName;
  } catch (error) {
    // Unreachable: the read is tried again later. Otherwise the ARN's name is the best there is.
    if (error instanceof UnreachableError) throw error;
    return source.arnName;
  }
}
