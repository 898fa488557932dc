/** DescribeLogGroups and DescribeLogStreams: names in byte order (or streams by last event time), paged. */
import { InvalidParameterException } from '../../api/logs/errors.js';
import type { OperationHandler } from '../../protocol/json-service.js';
import { listLogGroups, listLogStreams } from '../../store/log-events.js';
import type { LogsDeps } from './context.js';
import { identifierKey, logGroupKeyOf, optionalNumber, optionalString, requireLogGroup } from './log-group-ref.js';
import { logsMessages } from './messages.js';
import { decodeListToken, encodeListToken, isRecord, pageScope } from './tokens.js';
import { toLogGroup, toLogStream } from './wire.js';

/** Groups and streams per page unless `limit` says fewer (the model's maximum). */
const DEFAULT_LIMIT = 50;

/** The handlers. */
export function describeHandlers(deps: LogsDeps): Record<'describeLogGroups' | 'describeLogStreams', OperationHandler> {
  return {
    describeLogGroups: async (input, ctx) => {
      const prefix = optionalString(input, 'logGroupNamePrefix');
      const contains = optionalString(input, 'logGroupNamePattern');
      if (prefix !== undefined && contains !== undefined) {
        throw new InvalidParameterException(logsMessages.prefixAndPattern());
      }
      const identifiers = input['logGroupIdentifiers'];
      const keys = Array.isArray(identifiers)
        ? identifiers.filter((i): i is string => typeof i === 'string').map((i) => identifierKey(i, ctx))
        : undefined;
      // A group of another account or region named by ARN is not this caller's to list.
      const names = keys?.filter((k) => k.accountId === ctx.accountId && k.region === ctx.region).map((k) => k.name);
      const limit = optionalNumber(input, 'limit') ?? DEFAULT_LIMIT;
      const scope = pageScope('DescribeLogGroups', [ctx.accountId, ctx.region, prefix, contains, names]);
      const after = decodeListToken(optionalString(input, 'nextToken'), scope, isString);
      await deps.flushPending();
      const rows = await listLogGroups(deps.db, {
        accountId: ctx.accountId,
        region: ctx.region,
        prefix,
        contains: contains === '' ? undefined : contains,
        names,
        after,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        logGroups: page.map(toLogGroup),
        ...(rows.length > limit && last !== undefined && { nextToken: encodeListToken(last.name, scope) }),
      };
    },

    describeLogStreams: async (input, ctx) => {
      const key = logGroupKeyOf(input, ctx);
      const prefix = optionalString(input, 'logStreamNamePrefix');
      const orderBy = input['orderBy'] === 'LastEventTime' ? 'LastEventTime' : 'LogStreamName';
      if (orderBy === 'LastEventTime' && prefix !== undefined) {
        throw new InvalidParameterException(logsMessages.orderByWithPrefix());
      }
      const descending = input['descending'] === true;
      const limit = optionalNumber(input, 'limit') ?? DEFAULT_LIMIT;
      const scope = pageScope('DescribeLogStreams', [key, prefix, orderBy, descending]);
      const after = decodeListToken(optionalString(input, 'nextToken'), scope, isStreamPosition);
      await deps.flushPending();
      const group = await requireLogGroup(deps, key);
      const rows = await listLogStreams(deps.db, {
        groupId: group.id,
        prefix,
        orderBy,
        descending,
        after: after === undefined ? undefined : { name: after.n, lastEventAt: after.t },
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        logStreams: page.map((row) => toLogStream(group, row)),
        ...(rows.length > limit &&
          last !== undefined && { nextToken: encodeListToken({ n: last.name, t: last.last_event_at ?? 0 }, scope) }),
      };
    },
  };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isStreamPosition(value: unknown): value is { n: string; t: number } {
  return isRecord(value) && typeof value['n'] === 'string' && typeof value['t'] === 'number';
}
