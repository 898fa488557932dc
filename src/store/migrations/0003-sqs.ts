import type { Kysely, Migration } from 'kysely';

/**
 * Queues and messages of the built-in SQS endpoint.
 *
 * Concurrency model: a receive claims messages in one UPDATE whose subquery picks visible rows (PostgreSQL adds
 * `FOR UPDATE SKIP LOCKED`; SQLite has one writer), setting a new `receipt_token` and `visible_at`. So two nodes
 * never hand out the same message at once, and a receipt handle names the token of the receive that made it: a
 * later receive replaces the token and the old handle no longer deletes or changes the message.
 */
export const migration0003Sqs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('sqs_queues')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      // Queue names are case-sensitive in SQS.
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('attributes_json', 'text', (c) => c.notNull())
      .addColumn('tags_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_modified_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('sqs_queues_name_unique', ['account_id', 'region', 'name'])
      .execute();

    await db.schema
      .createTable('sqs_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('queue_id', 'text', (c) => c.notNull().references('sqs_queues.id').onDelete('cascade'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('md5_of_body', 'text', (c) => c.notNull())
      .addColumn('attributes_json', 'text')
      .addColumn('system_attributes_json', 'text')
      .addColumn('sent_at', 'bigint', (c) => c.notNull())
      // When the message can next be received: after its delay, or after the visibility timeout of a receive.
      .addColumn('visible_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('receive_count', 'integer', (c) => c.notNull())
      .addColumn('first_received_at', 'bigint')
      .addColumn('receipt_token', 'text')
      .execute();
    await db.schema
      .createIndex('sqs_messages_visible_idx')
      .on('sqs_messages')
      .columns(['queue_id', 'visible_at'])
      .execute();
  },
};
