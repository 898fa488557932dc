/**
 * Page tokens of CloudWatch Logs.
 *
 * - GetLogEvents: `f/<timestamp>/<id>` (nextForwardToken: the events after that position) and `b/<timestamp>/<id>`
 *   (nextBackwardToken: the events before it), shaped like AWS's `f/…`/`b/…` tokens. A client reading forward
 *   stops when the token it gets back is the one it sent, as AWS documents.
 * - The list and filter operations: base64url JSON of the last item's position and a scope, a hash of the
 *   request's filters, so a token replayed with other filters is refused rather than silently skipping items.
 */
import { createHash } from 'node:crypto';
import { InvalidParameterException } from '../../api/logs/errors.js';
import type { EventCursor } from '../../store/log-events.js';
import { logsMessages } from './messages.js';

/** A position and the direction to read from it. */
export interface StreamPosition {
  readonly direction: 'forward' | 'backward';
  readonly cursor: EventCursor;
}

const STREAM_TOKEN = /^([fb])\/(\d{1,16})\/(\d{1,16})$/;

/** Reads a GetLogEvents token. */
export function decodeStreamToken(token: string): StreamPosition {
  const match = STREAM_TOKEN.exec(token);
  const at = Number(match?.[2]);
  const id = Number(match?.[3]);
  if (match === null || !Number.isSafeInteger(at) || !Number.isSafeInteger(id)) {
    throw new InvalidParameterException(logsMessages.invalidToken());
  }
  return { direction: match[1] === 'f' ? 'forward' : 'backward', cursor: { at, id } };
}

/** Writes a GetLogEvents token. */
export function encodeStreamToken(position: StreamPosition): string {
  return `${position.direction === 'forward' ? 'f' : 'b'}/${position.cursor.at}/${position.cursor.id}`;
}

/** A short hash of everything that defines a listing besides the page. */
export function pageScope(operation: string, filters: unknown): string {
  return createHash('sha256')
    .update(operation + JSON.stringify(filters))
    .digest('base64url')
    .slice(0, 12);
}

/** A list token: `after` (the position of the last item answered) bound to `scope`. */
export function encodeListToken(after: unknown, scope: string): string {
  return Buffer.from(JSON.stringify({ a: after, s: scope })).toString('base64url');
}

/** The position a list token stands for, checked with `isPosition`; undefined without a token. */
export function decodeListToken<T>(
  token: string | undefined,
  scope: string,
  isPosition: (value: unknown) => value is T,
): T | undefined {
  if (token === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { a?: unknown; s?: unknown };
    if (parsed.s === scope && isPosition(parsed.a)) return parsed.a;
  } catch {
    // answered below
  }
  throw new InvalidParameterException(logsMessages.invalidToken());
}

/** Whether `value` is a JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
