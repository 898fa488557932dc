/**
 * FilterLogEvents: the events of a group (or of some of its streams) that match a filter pattern, oldest first
 * across streams (AWS's interleaved order; `interleaved` is deprecated and ignored).
 *
 * Events are scanned in batches and matched here (the pattern language is not SQL). One call scans at most
 * SCAN_BUDGET events: when that is reached before `limit` matches, the answer may hold few (or no) events and a
 * nextToken, as AWS's own answers may. `searchedLogStreams` is empty, as AWS has answered since 2020.
 */
import { InvalidParameterException } from '../../api/logs/errors.js';
import type { OperationHandler } from '../../protocol/json-service.js';
import type { EventCursor, LogEventRow } from '../../store/log-events.js';
import { findLogStream, listLogStreams, scanGroupEvents } from '../../store/log-events.js';
import type { LogsDeps } from './context.js';
import { compileFilterPattern } from './filter-pattern.js';
import { DEFAULT_EVENTS_LIMIT, MAX_EVENTS_BYTES } from './get-events.js';
import { logGroupKeyOf, optionalNumber, optionalString, requireLogGroup, timeRange } from './log-group-ref.js';
import { logsMessages } from './messages.js';
import { decodeListToken, encodeListToken, isRecord, pageScope } from './tokens.js';
import { eventBytes, toFilteredLogEvent } from './wire.js';

/** Events read per query. */
const SCAN_BATCH = 1_000;
/** Events scanned per call at most. */
const SCAN_BUDGET = 20_000;
/** Streams a logStreamNamePrefix may select. */
const MAX_PREFIX_STREAMS = 10_000;

/** The handler. */
export function filterLogEventsHandler(deps: LogsDeps): OperationHandler {
  return async (input, ctx) => {
    const key = logGroupKeyOf(input, ctx);
    const names = Array.isArray(input['logStreamNames'])
      ? input['logStreamNames'].filter((n): n is string => typeof n === 'string')
      : undefined;
    const prefix = optionalString(input, 'logStreamNamePrefix');
    if (names !== undefined && prefix !== undefined) {
      throw new InvalidParameterException(logsMessages.streamNamesAndPrefix());
    }
    const pattern = optionalString(input, 'filterPattern') ?? '';
    const matches = compileFilterPattern(pattern);
    const range = timeRange(input);
    const limit = optionalNumber(input, 'limit') ?? DEFAULT_EVENTS_LIMIT;
    const scope = pageScope('FilterLogEvents', [key, names, prefix, pattern, range]);
    let after = decodeListToken(optionalString(input, 'nextToken'), scope, isCursor);
    await deps.flushPending();
    const group = await requireLogGroup(deps, key);
    const streamIds = await selectedStreams(deps, group.id, names, prefix);

    const found: LogEventRow[] = [];
    let bytes = 0;
    let scanned = 0;
    let more = true;
    while (more && found.length < limit && scanned < SCAN_BUDGET) {
      const rows = await scanGroupEvents(deps.db, { groupId: group.id, streamIds, ...range, after, limit: SCAN_BATCH });
      more = rows.length === SCAN_BATCH;
      for (const row of rows) {
        scanned++;
        after = { at: row.event_at, id: row.id };
        if (!matches(row.message)) continue;
        bytes += eventBytes(row);
        if (bytes > MAX_EVENTS_BYTES && found.length > 0) {
          // This event starts the next page.
          after = { at: row.event_at, id: row.id - 1 };
          more = true;
          break;
        }
        found.push(row);
        if (found.length === limit) {
          more = more || row !== rows[rows.length - 1];
          break;
        }
      }
      if (bytes > MAX_EVENTS_BYTES) break;
    }
    return {
      events: found.map(toFilteredLogEvent),
      searchedLogStreams: [],
      ...(more && after !== undefined && { nextToken: encodeListToken(after, scope) }),
    };
  };
}

/** The ids of the streams to search; undefined for the whole group. Unknown names select nothing. */
async function selectedStreams(
  deps: LogsDeps,
  groupId: number,
  names: readonly string[] | undefined,
  prefix: string | undefined,
): Promise<number[] | undefined> {
  if (names !== undefined) {
    const rows = await Promise.all(names.map((name) => findLogStream(deps.db, groupId, name)));
    return rows.flatMap((row) => (row === undefined ? [] : [row.id]));
  }
  if (prefix === undefined) return undefined;
  const rows = await listLogStreams(deps.db, {
    groupId,
    prefix,
    orderBy: 'LogStreamName',
    descending: false,
    limit: MAX_PREFIX_STREAMS,
  });
  return rows.map((row) => row.id);
}

function isCursor(value: unknown): value is EventCursor {
  return isRecord(value) && Number.isSafeInteger(value['at']) && Number.isSafeInteger(value['id']);
}
