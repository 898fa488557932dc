/** Statements on SQS queues and messages. Every function takes the db or the transaction it runs in. */
import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Dialect } from './open-database.js';
import type { Db } from './pipelines.js';
import type { SqsMessagesTable, SqsQueuesTable } from './schema.js';

/** A queue row. */
export type SqsQueueRow = Selectable<SqsQueuesTable>;
/** A message row. */
export type SqsMessageRow = Selectable<SqsMessagesTable>;

/** Identifies a queue: names are case-sensitive. */
export interface SqsQueueKey {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

/** The queue, or undefined. */
export function findSqsQueue(db: Db, key: SqsQueueKey): Promise<SqsQueueRow | undefined> {
  return db
    .selectFrom('sqs_queues')
    .selectAll()
    .where('account_id', '=', key.accountId)
    .where('region', '=', key.region)
    .where('name', '=', key.name)
    .executeTakeFirst();
}

/** Inserts a queue; fails with a unique violation when the name is taken (see `isUniqueViolation`). */
export async function insertSqsQueue(db: Db, row: SqsQueueRow): Promise<void> {
  await db.insertInto('sqs_queues').values(row).execute();
}

/** Changes the attributes or tags of a queue. */
export async function updateSqsQueue(
  db: Db,
  id: string,
  changes: Partial<Pick<SqsQueueRow, 'attributes_json' | 'tags_json' | 'last_modified_at'>>,
): Promise<void> {
  await db.updateTable('sqs_queues').set(changes).where('id', '=', id).execute();
}

/** Deletes a queue and (by cascade) its messages. */
export async function deleteSqsQueue(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sqs_messages').where('queue_id', '=', id).execute();
  await db.deleteFrom('sqs_queues').where('id', '=', id).execute();
}

/** Queues of an account and region whose name starts with `prefix`, by name, after `afterName`. */
export function listSqsQueues(
  db: Db,
  scope: { accountId: string; region: string },
  page: { prefix: string; afterName: string | undefined; limit: number },
): Promise<SqsQueueRow[]> {
  let query = db
    .selectFrom('sqs_queues')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region);
  // substr rather than LIKE: '_' is both a queue-name character and a LIKE wildcard.
  if (page.prefix !== '') {
    query = query.where(sql<string>`substr(name, 1, ${page.prefix.length})`, '=', page.prefix);
  }
  if (page.afterName !== undefined) query = query.where('name', '>', page.afterName);
  return query.orderBy('name').limit(page.limit).execute();
}

/** Inserts messages. */
export async function insertSqsMessages(db: Db, rows: readonly Insertable<SqsMessagesTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('sqs_messages')
    .values([...rows])
    .execute();
}

/** True when the queue holds a message that a receive could claim now (a read, to spare idle polls a write). */
export async function hasReceivableSqsMessage(db: Db, queueId: string, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('sqs_messages')
    .select('id')
    .where('queue_id', '=', queueId)
    .where('visible_at', '<=', now)
    .where('expires_at', '>', now)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** What a receive sets on the messages it claims. */
export interface SqsClaim {
  readonly queueId: string;
  readonly now: number;
  readonly limit: number;
  /** The new receipt token; handles carrying an older one stop working. */
  readonly token: string;
  readonly visibleAt: number;
}

/**
 * Claims up to `limit` visible messages in one statement: new receipt token, hidden until `visibleAt`, receive count
 * + 1. PostgreSQL skips rows another node is claiming (`FOR UPDATE SKIP LOCKED`); SQLite has a single writer. The
 * rows come back in the order they became visible.
 */
export async function claimSqsMessages(db: Db, dialect: Dialect, claim: SqsClaim): Promise<SqsMessageRow[]> {
  let pick = db
    .selectFrom('sqs_messages')
    .select('id')
    .where('queue_id', '=', claim.queueId)
    .where('visible_at', '<=', claim.now)
    .where('expires_at', '>', claim.now)
    .orderBy('visible_at')
    .orderBy('sent_at')
    .limit(claim.limit);
  if (dialect === 'postgres') pick = pick.forUpdate().skipLocked();
  const rows = await db
    .updateTable('sqs_messages')
    .set((eb) => ({
      receipt_token: claim.token,
      visible_at: claim.visibleAt,
      receive_count: eb('receive_count', '+', 1),
      first_received_at: eb.fn.coalesce('first_received_at', eb.val(claim.now)),
    }))
    .where('id', 'in', pick)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.sent_at - b.sent_at || a.id.localeCompare(b.id));
}

/** Deletes a message if `token` is still its receipt token; answers whether it did. */
export async function deleteSqsMessage(db: Db, queueId: string, messageId: string, token: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sqs_messages')
    .where('id', '=', messageId)
    .where('queue_id', '=', queueId)
    .where('receipt_token', '=', token)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The message, or undefined. */
export function findSqsMessage(db: Db, queueId: string, messageId: string): Promise<SqsMessageRow | undefined> {
  return db
    .selectFrom('sqs_messages')
    .selectAll()
    .where('id', '=', messageId)
    .where('queue_id', '=', queueId)
    .executeTakeFirst();
}

/**
 * Sets when an in-flight message becomes visible again, if `token` is still its receipt token and it is still in
 * flight at `now`; answers whether it did.
 */
export async function changeSqsMessageVisibility(
  db: Db,
  change: { queueId: string; messageId: string; token: string; now: number; visibleAt: number },
): Promise<boolean> {
  const result = await db
    .updateTable('sqs_messages')
    .set({ visible_at: change.visibleAt })
    .where('id', '=', change.messageId)
    .where('queue_id', '=', change.queueId)
    .where('receipt_token', '=', change.token)
    .where('visible_at', '>', change.now)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes every message of a queue. */
export async function purgeSqsMessages(db: Db, queueId: string): Promise<void> {
  await db.deleteFrom('sqs_messages').where('queue_id', '=', queueId).execute();
}

/** Deletes the messages of a queue whose retention period ended. */
export async function deleteExpiredSqsMessages(db: Db, queueId: string, now: number): Promise<void> {
  await db.deleteFrom('sqs_messages').where('queue_id', '=', queueId).where('expires_at', '<=', now).execute();
}

/** The approximate message counts GetQueueAttributes reports. */
export interface SqsMessageCounts {
  /** Receivable now. */
  readonly visible: number;
  /** Received and not yet visible again (in flight). */
  readonly notVisible: number;
  /** Never received and still within their delay. */
  readonly delayed: number;
}

/** Counts the unexpired messages of a queue by state. */
export async function countSqsMessages(db: Db, queueId: string, now: number): Promise<SqsMessageCounts> {
  const row = await db
    .selectFrom('sqs_messages')
    .select([
      sql<number | null>`sum(case when visible_at <= ${now} then 1 else 0 end)`.as('visible'),
      sql<number | null>`sum(case when visible_at > ${now} and receive_count > 0 then 1 else 0 end)`.as('not_visible'),
      sql<number | null>`sum(case when visible_at > ${now} and receive_count = 0 then 1 else 0 end)`.as('delayed'),
    ])
    .where('queue_id', '=', queueId)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return {
    visible: Number(row?.visible ?? 0),
    notVisible: Number(row?.not_visible ?? 0),
    delayed: Number(row?.delayed ?? 0),
  };
}
