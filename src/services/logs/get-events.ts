/**
 * GetLogEvents: a page of one stream's events, always oldest first in the answer.
 *
 * Without a token, `startFromHead` picks the oldest events (true) or the newest (false, the default, as AWS).
 * A token continues in its own direction. Each answer carries both tokens; at the end of the stream the token
 * sent comes back unchanged, which is how AWS tells a reader to stop. A page holds at most `limit` events (10,000
 * by default) and 1 MB (message bytes plus 26 per event).
 */
import type { OperationHandler } from '../../protocol/json-service.js';
import type { EventCursor, LogEventRow } from '../../store/log-events.js';
import { readStreamEvents } from '../../store/log-events.js';
import type { LogsDeps } from './context.js';
import {
  logGroupKeyOf,
  optionalNumber,
  optionalString,
  requireLogGroup,
  requireLogStream,
  timeRange,
} from './log-group-ref.js';
import type { StreamPosition } from './tokens.js';
import { decodeStreamToken, encodeStreamToken } from './tokens.js';
import { eventBytes, toOutputLogEvent } from './wire.js';

/** Events per page unless `limit` says fewer. */
export const DEFAULT_EVENTS_LIMIT = 10_000;
/** The most bytes of events in one answer. */
export const MAX_EVENTS_BYTES = 1_048_576;

/** Before every event. */
const HEAD: EventCursor = { at: 0, id: 0 };
/** After every event. */
const TAIL: EventCursor = { at: Number.MAX_SAFE_INTEGER, id: Number.MAX_SAFE_INTEGER };

/** The handler. */
export function getLogEventsHandler(deps: LogsDeps): OperationHandler {
  return async (input, ctx) => {
    const key = logGroupKeyOf(input, ctx);
    const streamName = optionalString(input, 'logStreamName') ?? '';
    const token = optionalString(input, 'nextToken');
    const given: StreamPosition | undefined = token === undefined ? undefined : decodeStreamToken(token);
    const position: StreamPosition =
      given ??
      (input['startFromHead'] === true
        ? { direction: 'forward', cursor: HEAD }
        : { direction: 'backward', cursor: TAIL });
    const limit = optionalNumber(input, 'limit') ?? DEFAULT_EVENTS_LIMIT;
    const range = timeRange(input);
    await deps.flushPending();
    const group = await requireLogGroup(deps, key);
    const stream = await requireLogStream(deps, group, streamName);
    const rows = await readStreamEvents(deps.db, { streamId: stream.id, ...range, ...position, limit });
    const page = withinBytes(rows);
    // Backward reads come newest first: the answer is oldest first either way.
    const events = position.direction === 'forward' ? page : page.reverse();
    const first = events[0];
    const last = events[events.length - 1];
    const forward =
      last !== undefined
        ? encodeStreamToken({ direction: 'forward', cursor: { at: last.event_at, id: last.id } })
        : position.direction === 'forward'
          ? encodeStreamToken(position)
          : // Nothing before the backward cursor: read forward from where it stood (from the head when at the tail).
            encodeStreamToken({
              direction: 'forward',
              cursor: position.cursor.at === TAIL.at ? HEAD : justBefore(position.cursor),
            });
    const backward =
      first !== undefined
        ? encodeStreamToken({ direction: 'backward', cursor: { at: first.event_at, id: first.id } })
        : position.direction === 'backward'
          ? encodeStreamToken(position)
          : encodeStreamToken({ direction: 'backward', cursor: justAfter(position.cursor) });
    return { events: events.map(toOutputLogEvent), nextForwardToken: forward, nextBackwardToken: backward };
  };
}

/** The rows, in reading order, that fit in one answer. */
function withinBytes(rows: LogEventRow[]): LogEventRow[] {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    bytes += eventBytes(rows[i] as LogEventRow);
    if (bytes > MAX_EVENTS_BYTES) return rows.slice(0, Math.max(1, i));
  }
  return rows;
}

/** The position whose forward read starts with the event at `cursor`. */
function justBefore(cursor: EventCursor): EventCursor {
  return cursor.id > 0
    ? { at: cursor.at, id: cursor.id - 1 }
    : { at: Math.max(0, cursor.at - 1), id: Number.MAX_SAFE_INTEGER };
}

/** The position whose backward read starts with the event at `cursor`. */
function justAfter(cursor: EventCursor): EventCursor {
  return { at: cursor.at, id: cursor.id + 1 };
}
