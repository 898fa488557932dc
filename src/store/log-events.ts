/**
 * Statements on CloudWatch Logs groups, streams and events (migration 0006). Every function takes the db or the
 * transaction it runs in. Events are paged by the cursor (event_at, id): their order in every answer.
 */
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from './pipelines.js';
import type { LogEventsTable, LogGroupsTable, LogStreamsTable } from './schema.js';

/** A group row. */
export type LogGroupRow = Selectable<LogGroupsTable>;
/** A stream row. */
export type LogStreamRow = Selectable<LogStreamsTable>;
/** An event row, with the name of its stream. */
export type LogEventRow = Pick<Selectable<LogEventsTable>, 'id' | 'event_at' | 'ingested_at' | 'message'> & {
  readonly stream_name: string;
};

/** A position between two events: (timestamp, id). */
export interface EventCursor {
  readonly at: number;
  readonly id: number;
}

/** An event to insert. */
export interface NewLogEvent {
  readonly group_id: number;
  readonly stream_id: number;
  readonly event_at: number;
  readonly ingested_at: number;
  readonly message: string;
}

/** Rows per INSERT: 5 parameters each stays under every SQLite build's variable limit. */
const INSERT_CHUNK = 500;

/** The id of the group, made if it does not exist. */
export async function ensureLogGroup(
  db: Db,
  key: { accountId: string; region: string; name: string },
  now: number,
): Promise<number> {
  await db
    .insertInto('log_groups')
    .values({ account_id: key.accountId, region: key.region, name: key.name, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'region', 'name']).doNothing())
    .execute();
  const row = await findLogGroup(db, key);
  if (row === undefined) throw new Error(`log group ${key.name} vanished while it was being written`);
  return row.id;
}

/** The id of the stream, made if it does not exist. */
export async function ensureLogStream(db: Db, groupId: number, name: string, now: number): Promise<number> {
  await db
    .insertInto('log_streams')
    .values({ group_id: groupId, name, created_at: now })
    .onConflict((oc) => oc.columns(['group_id', 'name']).doNothing())
    .execute();
  const row = await findLogStream(db, groupId, name);
  if (row === undefined) throw new Error(`log stream ${name} vanished while it was being written`);
  return row.id;
}

/** Inserts events, in chunks. */
export async function insertLogEvents(db: Db, events: readonly NewLogEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += INSERT_CHUNK) {
    await db
      .insertInto('log_events')
      .values(events.slice(i, i + INSERT_CHUNK))
      .execute();
  }
}

/** Widens a stream's first/last event times to include [first, last] and records the ingestion time. */
export async function touchLogStream(
  db: Db,
  streamId: number,
  first: number,
  last: number,
  ingestedAt: number,
): Promise<void> {
  await db
    .updateTable('log_streams')
    .set({
      first_event_at: sql<number>`case when first_event_at is null or first_event_at > ${first} then ${first} else first_event_at end`,
      last_event_at: sql<number>`case when last_event_at is null or last_event_at < ${last} then ${last} else last_event_at end`,
      last_ingestion_at: ingestedAt,
    })
    .where('id', '=', streamId)
    .execute();
}

/**
 * Keeps the newest `keep` events of a group (by timestamp, then id) and deletes the rest, then the streams left
 * without events. Answers how many events were deleted.
 */
export async function trimLogGroup(db: Db, groupId: number, keep: number): Promise<number> {
  const boundary = await db
    .selectFrom('log_events')
    .select(['event_at', 'id'])
    .where('group_id', '=', groupId)
    .orderBy('event_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .offset(keep)
    .executeTakeFirst();
  if (boundary === undefined) return 0;
  const deleted = await db
    .deleteFrom('log_events')
    .where('group_id', '=', groupId)
    .where((eb) =>
      eb.or([
        eb('event_at', '<', boundary.event_at),
        eb.and([eb('event_at', '=', boundary.event_at), eb('id', '<=', boundary.id)]),
      ]),
    )
    .executeTakeFirst();
  await db
    .deleteFrom('log_streams')
    .where('group_id', '=', groupId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('log_events').select('log_events.id').whereRef('log_events.stream_id', '=', 'log_streams.id'),
        ),
      ),
    )
    .execute();
  return Number(deleted.numDeletedRows);
}

/** The group, or undefined. */
export function findLogGroup(
  db: Db,
  key: { accountId: string; region: string; name: string },
): Promise<LogGroupRow | undefined> {
  return db
    .selectFrom('log_groups')
    .selectAll()
    .where('account_id', '=', key.accountId)
    .where('region', '=', key.region)
    .where('name', '=', key.name)
    .executeTakeFirst();
}

/** Which groups to list, and from where. */
export interface LogGroupQuery {
  readonly accountId: string;
  readonly region: string;
  readonly prefix?: string | undefined;
  /** A case-insensitive substring of the name. */
  readonly contains?: string | undefined;
  /** Only these names. */
  readonly names?: readonly string[] | undefined;
  /** Only names after this one (the page token). */
  readonly after?: string | undefined;
  readonly limit: number;
}

/** Groups in name order. */
export function listLogGroups(db: Db, q: LogGroupQuery): Promise<LogGroupRow[]> {
  let query = db
    .selectFrom('log_groups')
    .selectAll()
    .where('account_id', '=', q.accountId)
    .where('region', '=', q.region);
  if (q.prefix !== undefined) query = query.where('name', '>=', q.prefix).where(startsWith('name', q.prefix));
  if (q.contains !== undefined) {
    const escaped = q.contains.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where(sql<boolean>`lower(name) like ${`%${escaped}%`} escape '\\'`);
  }
  if (q.names !== undefined) query = query.where('name', 'in', q.names.length === 0 ? [''] : [...q.names]);
  if (q.after !== undefined) query = query.where('name', '>', q.after);
  return query.orderBy('name').limit(q.limit).execute();
}

/** The stream, or undefined. */
export function findLogStream(db: Db, groupId: number, name: string): Promise<LogStreamRow | undefined> {
  return db
    .selectFrom('log_streams')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Which streams to list, and from where. */
export interface LogStreamQuery {
  readonly groupId: number;
  readonly prefix?: string | undefined;
  readonly orderBy: 'LogStreamName' | 'LastEventTime';
  readonly descending: boolean;
  /** The last stream of the previous page: its name, and (LastEventTime) its last event time. */
  readonly after?: { readonly name: string; readonly lastEventAt: number } | undefined;
  readonly limit: number;
}

/** Streams of a group, by name or by last event time (then name). */
export function listLogStreams(db: Db, q: LogStreamQuery): Promise<LogStreamRow[]> {
  const dir = q.descending ? 'desc' : 'asc';
  const beyond = q.descending ? '<' : '>';
  let query = db.selectFrom('log_streams').selectAll().where('group_id', '=', q.groupId);
  if (q.prefix !== undefined) query = query.where('name', '>=', q.prefix).where(startsWith('name', q.prefix));
  const after = q.after;
  if (q.orderBy === 'LogStreamName') {
    if (after !== undefined) query = query.where('name', beyond, after.name);
    return query.orderBy('name', dir).limit(q.limit).execute();
  }
  const lastAt = sql<number>`coalesce(last_event_at, 0)`;
  if (after !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb(lastAt, beyond, after.lastEventAt),
        eb.and([eb(lastAt, '=', after.lastEventAt), eb('name', beyond, after.name)]),
      ]),
    );
  }
  return query.orderBy(lastAt, dir).orderBy('name', dir).limit(q.limit).execute();
}

/** Which events of a stream to read. */
export interface StreamEventQuery {
  readonly streamId: number;
  /** Inclusive. */
  readonly startTime?: number | undefined;
  /** Exclusive. */
  readonly endTime?: number | undefined;
  /** Forward: events after the cursor, oldest first. Backward: events before it, newest first. */
  readonly direction: 'forward' | 'backward';
  readonly cursor?: EventCursor | undefined;
  readonly limit: number;
}

/** Events with the name of their stream: the columns every read answers. */
function selectEvents(db: Db) {
  return db
    .selectFrom('log_events')
    .innerJoin('log_streams', 'log_streams.id', 'log_events.stream_id')
    .select([
      'log_events.id',
      'log_events.event_at',
      'log_events.ingested_at',
      'log_events.message',
      'log_streams.name as stream_name',
    ]);
}

/** Events of one stream, in the query's direction. */
export function readStreamEvents(db: Db, q: StreamEventQuery): Promise<LogEventRow[]> {
  const forward = q.direction === 'forward';
  const dir = forward ? 'asc' : 'desc';
  let query = selectEvents(db).where('log_events.stream_id', '=', q.streamId);
  if (q.startTime !== undefined) query = query.where('log_events.event_at', '>=', q.startTime);
  if (q.endTime !== undefined) query = query.where('log_events.event_at', '<', q.endTime);
  const cursor = q.cursor;
  if (cursor !== undefined) {
    const beyond = forward ? '>' : '<';
    query = query.where((eb) =>
      eb.or([
        eb('log_events.event_at', beyond, cursor.at),
        eb.and([eb('log_events.event_at', '=', cursor.at), eb('log_events.id', beyond, cursor.id)]),
      ]),
    );
  }
  return query.orderBy('log_events.event_at', dir).orderBy('log_events.id', dir).limit(q.limit).execute();
}

/** Which events of a group to scan. */
export interface GroupEventQuery {
  readonly groupId: number;
  /** Only these streams; undefined for all. */
  readonly streamIds?: readonly number[] | undefined;
  readonly startTime?: number | undefined;
  readonly endTime?: number | undefined;
  /** Events after this position. */
  readonly after?: EventCursor | undefined;
  readonly limit: number;
}

/** Events of a group (or of some of its streams), oldest first. */
export function scanGroupEvents(db: Db, q: GroupEventQuery): Promise<LogEventRow[]> {
  let query = selectEvents(db).where('log_events.group_id', '=', q.groupId);
  if (q.streamIds !== undefined) {
    query = query.where('log_events.stream_id', 'in', q.streamIds.length === 0 ? [-1] : [...q.streamIds]);
  }
  if (q.startTime !== undefined) query = query.where('log_events.event_at', '>=', q.startTime);
  if (q.endTime !== undefined) query = query.where('log_events.event_at', '<', q.endTime);
  const after = q.after;
  if (after !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb('log_events.event_at', '>', after.at),
        eb.and([eb('log_events.event_at', '=', after.at), eb('log_events.id', '>', after.id)]),
      ]),
    );
  }
  return query.orderBy('log_events.event_at').orderBy('log_events.id').limit(q.limit).execute();
}

/** `column` begins with `prefix` (compared as characters on both stores; LIKE would treat `_` and `%` specially). */
function startsWith(column: 'name', prefix: string) {
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${[...prefix].length}) = ${prefix}`;
}
