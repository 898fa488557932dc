/** The log group a request names, by `logGroupName` or `logGroupIdentifier` (a name or an ARN). */
import { InvalidParameterException, ResourceNotFoundException } from '../../api/logs/errors.js';
import type { RequestContext } from '../../protocol/context.js';
import type { JsonObject } from '../../shared/json.js';
import type { LogGroupRow, LogStreamRow } from '../../store/log-events.js';
import { findLogGroup, findLogStream } from '../../store/log-events.js';
import type { LogsDeps } from './context.js';
import { logsMessages } from './messages.js';

/** A group named in a request: its account, region and name. */
export interface LogGroupKey {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

const GROUP_ARN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:]+)(?::\*)?$/;

/** Reads `logGroupName` / `logGroupIdentifier`: exactly one must be given. */
export function logGroupKeyOf(input: JsonObject, ctx: RequestContext): LogGroupKey {
  const name = input['logGroupName'];
  const identifier = input['logGroupIdentifier'];
  if (typeof name === 'string' && typeof identifier === 'string') {
    throw new InvalidParameterException(logsMessages.nameAndIdentifier());
  }
  if (typeof name === 'string') return { accountId: ctx.accountId, region: ctx.region, name };
  if (typeof identifier !== 'string') throw new InvalidParameterException(logsMessages.noGroup());
  return identifierKey(identifier, ctx);
}

/** A group name or ARN, as `logGroupIdentifier` and `logGroupIdentifiers` take them. */
export function identifierKey(identifier: string, ctx: RequestContext): LogGroupKey {
  if (!identifier.startsWith('arn:')) return { accountId: ctx.accountId, region: ctx.region, name: identifier };
  const arn = GROUP_ARN.exec(identifier);
  if (arn === null) throw new InvalidParameterException(logsMessages.badIdentifier(identifier));
  return { region: arn[1] ?? ctx.region, accountId: arn[2] ?? ctx.accountId, name: arn[3] ?? '' };
}

/** The group, or ResourceNotFoundException. */
export async function requireLogGroup(deps: LogsDeps, key: LogGroupKey): Promise<LogGroupRow> {
  const group = await findLogGroup(deps.db, key);
  if (group === undefined) throw new ResourceNotFoundException(logsMessages.groupNotFound());
  return group;
}

/** The stream of the group, or ResourceNotFoundException. */
export async function requireLogStream(deps: LogsDeps, group: LogGroupRow, name: string): Promise<LogStreamRow> {
  const stream = await findLogStream(deps.db, group.id, name);
  if (stream === undefined) throw new ResourceNotFoundException(logsMessages.streamNotFound());
  return stream;
}

/** An optional string member. */
export function optionalString(input: JsonObject, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

/** An optional number member (the model has checked its type and range). */
export function optionalNumber(input: JsonObject, member: string): number | undefined {
  const value = input[member];
  return typeof value === 'number' ? value : undefined;
}

/** `[startTime, endTime)`, refusing an end before the start. */
export function timeRange(input: JsonObject): { startTime?: number; endTime?: number } {
  const startTime = optionalNumber(input, 'startTime');
  const endTime = optionalNumber(input, 'endTime');
  if (startTime !== undefined && endTime !== undefined && endTime < startTime) {
    throw new InvalidParameterException(logsMessages.endBeforeStart());
  }
  return { ...(startTime !== undefined && { startTime }), ...(endTime !== undefined && { endTime }) };
}
