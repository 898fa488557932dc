/**
 * A Lambda function's recent invocations, read from its CloudWatch Logs group as on AWS: each invocation ends with
 * a `REPORT RequestId: … Duration: …` line, so the newest REPORT lines are the newest invocations. Reads are
 * incremental (from the last timestamp seen), since FilterLogEvents answers oldest first and has no "newest N".
 * A second filter finds the error lines (./report-lines.ts ties them to their invocations).
 */
import { AwsCallError } from '../api/aws';
import type { FilteredLogEvent } from '../api/logs';
import { logs } from '../api/logs';
import type { Invocation } from './report-lines';
import { invocationsFrom } from './report-lines';

export type { Invocation } from './report-lines';

/** The invocations a view shows, the newest. */
export const MAX_INVOCATIONS = 20;
/** Error lines kept (more than invocations: a Python error may log several). */
const MAX_ERROR_LINES = 100;
/** Pages one read follows at most; the next read goes on from the last timestamp. */
const MAX_PAGES = 20;
export const REPORT_PATTERN = 'REPORT';
export const ERROR_PATTERN = '?"Invoke Error" ?"[ERROR]"';

/** The events a filtered tail has kept, oldest first, and where to read on from. */
export interface FilterTail {
  readonly events: readonly FilteredLogEvent[];
  readonly lastTimestamp?: number;
  /** The ids read at lastTimestamp (that millisecond is read again, not its events twice). */
  readonly idsAtLast: ReadonlySet<string>;
}

export const EMPTY_FILTER_TAIL: FilterTail = { events: [], idsAtLast: new Set() };

export interface InvocationsState {
  readonly reports: FilterTail;
  readonly errors: FilterTail;
}

export const EMPTY_INVOCATIONS: InvocationsState = { reports: EMPTY_FILTER_TAIL, errors: EMPTY_FILTER_TAIL };

const idOf = (event: FilteredLogEvent): string =>
  event.eventId ?? `${event.logStreamName ?? ''}:${event.timestamp ?? 0}:${event.message ?? ''}`;

/** A group that does not exist yet is a function that was never invoked. */
const isMissingGroup = (error: unknown): boolean =>
  error instanceof AwsCallError && error.code === 'ResourceNotFoundException';

/** Reads the events matching `filterPattern` since `tail`, keeping the newest `keep`. */
export async function readFiltered(
  tail: FilterTail,
  logGroupName: string,
  filterPattern: string,
  keep: number,
): Promise<FilterTail> {
  let events = [...tail.events];
  let lastTimestamp = tail.lastTimestamp;
  let idsAtLast = new Set(tail.idsAtLast);
  let nextToken: string | undefined;
  let pages = 0;
  try {
    do {
      const page = await logs.filterLogEvents({
        logGroupName,
        filterPattern,
        ...(tail.lastTimestamp !== undefined && { startTime: tail.lastTimestamp }),
        ...(nextToken && { nextToken }),
      });
      for (const event of page.events ?? []) {
        const timestamp = event.timestamp ?? 0;
        const id = idOf(event);
        if (timestamp === lastTimestamp && idsAtLast.has(id)) continue;
        if (lastTimestamp === undefined || timestamp > lastTimestamp) {
          lastTimestamp = timestamp;
          idsAtLast = new Set();
        }
        idsAtLast.add(id);
        events.push(event);
      }
      // Only the newest are shown: a long history is not held while it is paged through.
      if (events.length > keep) events = events.slice(-keep);
      nextToken = page.nextToken;
    } while (nextToken && ++pages < MAX_PAGES);
  } catch (error) {
    if (!isMissingGroup(error)) throw error;
  }
  return { events, idsAtLast, ...(lastTimestamp !== undefined && { lastTimestamp }) };
}

/** Reads the REPORT and error lines logged since `state`. */
export async function readInvocations(state: InvocationsState, functionName: string): Promise<InvocationsState> {
  const group = `/aws/lambda/${functionName}`;
  const reports = await readFiltered(state.reports, group, REPORT_PATTERN, MAX_INVOCATIONS);
  const errors = await readFiltered(state.errors, group, ERROR_PATTERN, MAX_ERROR_LINES);
  return { reports, errors };
}

/** The invocations of a state, newest first, with what the error lines say about them. */
export function invocationsOf(state: InvocationsState): Invocation[] {
  return invocationsFrom(state.reports.events, state.errors.events);
}

/**
 * The lines of one invocation: its START and REPORT (found by its request id as a quoted phrase), then everything
 * its stream holds between them — what the handler printed need not name the request id (a Python print).
 */
export async function readInvocationLines(functionName: string, invocation: Invocation): Promise<FilteredLogEvent[]> {
  const logGroupName = `/aws/lambda/${functionName}`;
  const named = await logs.filterLogEvents({
    logGroupName,
    filterPattern: `"${invocation.requestId}"`,
    logStreamNames: [invocation.stream],
  });
  const marked = named.events ?? [];
  const start = marked.find((e) => (e.message ?? '').startsWith(`START RequestId: ${invocation.requestId}`));
  const report = marked.find((e) => (e.message ?? '').startsWith(`REPORT RequestId: ${invocation.requestId}`));
  if (!start || !report || start.timestamp === undefined || report.timestamp === undefined) return marked;
  const window: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await logs.filterLogEvents({
      logGroupName,
      logStreamNames: [invocation.stream],
      startTime: start.timestamp,
      // The end is exclusive.
      endTime: report.timestamp + 1,
      ...(nextToken && { nextToken }),
    });
    window.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken && ++pages < MAX_PAGES);
  // Lines of the same millisecond as START or REPORT may belong to the invocation before or after.
  const from = window.findIndex((e) => idOf(e) === idOf(start));
  const to = window.findIndex((e) => idOf(e) === idOf(report));
  return from >= 0 && to >= from ? window.slice(from, to + 1) : window;
}
