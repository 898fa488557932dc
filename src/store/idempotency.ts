/** Statements on idempotency tokens. */
import type { Db } from './pipelines.js';
import { reusableQuery } from './reusable-query.js';
import type { IdempotencyTokensTable } from './schema.js';

const selectAnswer = reusableQuery((db, p: { account: string; region: string; operation: string; token: string }) =>
  db
    .selectFrom('idempotency_tokens')
    .select(['request_hash', 'response_json', 'created_at'])
    .where('account_id', '=', p.account)
    .where('region', '=', p.region)
    .where('operation', '=', p.operation)
    .where('token', '=', p.token),
);

/** The stored answer to an idempotent call, or undefined. */
export async function findIdempotentAnswer(
  db: Db,
  key: Pick<IdempotencyTokensTable, 'account_id' | 'region' | 'operation' | 'token'>,
): Promise<{ request_hash: string; response_json: string; created_at: number } | undefined> {
  const params = { account: key.account_id, region: key.region, operation: key.operation, token: key.token };
  return (await selectAnswer(db, params)).rows[0];
}

const insertAnswer = reusableQuery((db, p: IdempotencyTokensTable) => db.insertInto('idempotency_tokens').values(p));

/** Records the answer to an idempotent call. */
export async function insertIdempotentAnswer(db: Db, row: IdempotencyTokensTable): Promise<void> {
  await insertAnswer(db, { ...row });
}

/** Forgets one token (its window has passed). */
export async function deleteIdempotentAnswer(
  db: Db,
  key: Pick<IdempotencyTokensTable, 'account_id' | 'region' | 'operation' | 'token'>,
): Promise<void> {
  await db
    .deleteFrom('idempotency_tokens')
    .where('account_id', '=', key.account_id)
    .where('region', '=', key.region)
    .where('operation', '=', key.operation)
    .where('token', '=', key.token)
    .execute();
}

/** Forgets every token recorded before `before`. */
export async function pruneIdempotentAnswers(db: Db, before: number): Promise<void> {
  await db.deleteFrom('idempotency_tokens').where('created_at', '<', before).execute();
}
