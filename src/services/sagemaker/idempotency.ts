/**
 * ClientRequestToken semantics (api-spec §1.6, an [INF] choice documented here): keyed by (account, region,
 * operation, token). A repeat with the same parameters returns the first answer without side effects; a
 * repeat with different parameters is refused with ValidationException, so a bug in a caller's token
 * handling is visible instead of silently answered with another resource. Tokens are kept for 24 hours.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../protocol/context.js';
import { ValidationException } from '../../protocol/errors.js';
import type { JsonObject } from '../../shared/json.js';
import { isUniqueViolation } from '../../store/errors.js';
import { deleteIdempotentAnswer, findIdempotentAnswer, insertIdempotentAnswer } from '../../store/idempotency.js';
import type { Db } from '../../store/pipelines.js';
import type { Database } from '../../store/schema.js';

/** How long an answer is replayed for a token. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Hash of a request without its token, with keys sorted so member order does not matter. */
export function requestHash(input: JsonObject, tokenMember: string): string {
  const rest: JsonObject = { ...input };
  delete rest[tokenMember];
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs `perform` in a transaction at most once per token and returns its answer, or the stored answer of
 * the first call with this token.
 */
export async function runIdempotent<T extends object>(
  db: Kysely<Database>,
  ctx: RequestContext,
  call: { operation: string; input: JsonObject; tokenMember?: string; now: number },
  perform: (trx: Db) => Promise<T>,
): Promise<T> {
  const tokenMember = call.tokenMember ?? 'ClientRequestToken';
  const token = call.input[tokenMember];
  if (typeof token !== 'string') return db.transaction().execute(perform);
  const key = { account_id: ctx.accountId, region: ctx.region, operation: call.operation, token };
  const hash = requestHash(call.input, tokenMember);
  const attempt = (): Promise<T> =>
    db.transaction().execute(async (trx) => {
      const previous = await findIdempotentAnswer(trx, key);
      if (previous && previous.created_at >= call.now - IDEMPOTENCY_WINDOW_MS) {
        return replay<T>(previous, hash, call.operation, token);
      }
      if (previous) await deleteIdempotentAnswer(trx, key);
      const answer = await perform(trx);
      await insertIdempotentAnswer(trx, {
        ...key,
        request_hash: hash,
        response_json: JSON.stringify(answer),
        created_at: call.now,
      });
      return answer;
    });
  try {
    return await attempt();
  } catch (error) {
    // Two calls with the same token raced and the other committed first: answer as it did.
    if (!isUniqueViolation(error)) throw error;
    const previous = await findIdempotentAnswer(db, key);
    if (!previous) throw error;
    return replay<T>(previous, hash, call.operation, token);
  }
}

/**
 * runIdempotent for work that has something to do once its transaction committed (tell listeners, let the
 * scheduler go on): `perform` answers the result and that follow-up, which runs only when this call's own
 * transaction committed, not when the answer is a replay of an earlier call's.
 */
export async function runIdempotentThen<T extends object>(
  db: Kysely<Database>,
  ctx: RequestContext,
  call: { operation: string; input: JsonObject; tokenMember?: string; now: number },
  perform: (trx: Db) => Promise<{ readonly answer: T; readonly afterCommit: () => void }>,
): Promise<T> {
  let mine: { readonly answer: T; readonly afterCommit: () => void } | undefined;
  const answer = await runIdempotent(db, ctx, call, async (trx) => {
    mine = await perform(trx);
    return mine.answer;
  });
  // The very object this call's transaction answered (a replay parses a new one).
  if (mine !== undefined && mine.answer === answer) mine.afterCommit();
  return answer;
}

function replay<T>(
  previous: { request_hash: string; response_json: string },
  hash: string,
  operation: string,
  token: string,
): T {
  if (previous.request_hash !== hash) {
    throw new ValidationException(
      `ClientRequestToken '${token}' was already used for a ${operation} request with different parameters.`,
    );
  }
  return JSON.parse(previous.response_json) as T;
}
