/**
 * Opaque NextTokens: base64url of {offset, scope}. The scope binds a token to the operation and filters it
 * was issued for, so a token replayed with other filters is refused rather than silently skipping items.
 */
import { createHash } from 'node:crypto';
import { ValidationException } from '../../protocol/errors.js';

/** A page of items and the token for the next one (absent on the last page, as clients require). */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken: string | undefined;
}

/** A short hash of everything that defines a listing besides the page. */
export function pageScope(operation: string, filters: Record<string, unknown>): string {
  return createHash('sha256')
    .update(operation + JSON.stringify(filters))
    .digest('base64url')
    .slice(0, 12);
}

/** The offset a token stands for (0 without a token). */
export function decodeNextToken(token: string | undefined, scope: string): number {
  if (token === undefined || token === '') return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.s === scope) {
      return parsed.o;
    }
  } catch {
    // fall through to the error below
  }
  throw new ValidationException('The NextToken is invalid or was issued for a different request.');
}

/** Builds a page from `limit + 1` fetched rows: the extra row only tells that another page exists. */
export function toPage<T>(rows: T[], limit: number, offset: number, scope: string): Page<T> {
  if (rows.length <= limit) return { items: rows, nextToken: undefined };
  const next = Buffer.from(JSON.stringify({ o: offset + limit, s: scope })).toString('base64url');
  return { items: rows.slice(0, limit), nextToken: next };
}
