import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/**
 * CloudWatch Logs: the log groups, streams and events of Lambda functions and jobs (src/services/logs).
 *
 * - A group is unique per (account, region, name), a stream per (group, name); both are made on first write.
 * - An event belongs to a stream (and, denormalised, to its group, so a group-wide FilterLogEvents and the
 *   retention trim read one index). `id` orders events written in the same millisecond, and is the tiebreak of
 *   every page token; it only grows (SQLite AUTOINCREMENT, PostgreSQL identity), so a token stays meaningful
 *   after older events are trimmed.
 * - Growth is bounded by the writer (src/store/log-writer.ts): the newest events of each group are kept.
 * - No foreign key from events to streams: the writer inserts events in bulk on the hot path of Lambda, and
 *   trimming removes events and then the streams left empty, in one transaction.
 */
export const migration0006Logs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    // Names are listed in byte order on both stores, as SQLite's default BINARY collation compares them.
    const nameType = postgres ? sql`text collate "C"` : 'text';
    const id = (big: boolean) => (postgres ? (big ? 'bigserial' : 'serial') : 'integer');
    await db.schema
      .createTable('log_groups')
      .addColumn('id', id(false), (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('name', nameType, (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('log_groups_name_unique', ['account_id', 'region', 'name'])
      .execute();

    await db.schema
      .createTable('log_streams')
      .addColumn('id', id(false), (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('group_id', 'integer', (c) => c.notNull().references('log_groups.id').onDelete('cascade'))
      .addColumn('name', nameType, (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('first_event_at', 'bigint')
      .addColumn('last_event_at', 'bigint')
      .addColumn('last_ingestion_at', 'bigint')
      .addUniqueConstraint('log_streams_name_unique', ['group_id', 'name'])
      .execute();
    // DescribeLogStreams with orderBy LastEventTime.
    await db.schema
      .createIndex('log_streams_last_event_idx')
      .on('log_streams')
      .columns(['group_id', 'last_event_at', 'name'])
      .execute();

    await db.schema
      .createTable('log_events')
      .addColumn('id', id(true), (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('group_id', 'integer', (c) => c.notNull())
      .addColumn('stream_id', 'integer', (c) => c.notNull())
      .addColumn('event_at', 'bigint', (c) => c.notNull())
      .addColumn('ingested_at', 'bigint', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .execute();
    // GetLogEvents pages through one stream by (timestamp, id); FilterLogEvents and the trim through one group.
    await db.schema
      .createIndex('log_events_stream_idx')
      .on('log_events')
      .columns(['stream_id', 'event_at', 'id'])
      .execute();
    await db.schema
      .createIndex('log_events_group_idx')
      .on('log_events')
      .columns(['group_id', 'event_at', 'id'])
      .execute();
  },
};
