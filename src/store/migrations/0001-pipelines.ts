import type { Kysely, Migration } from 'kysely';

/** Pipelines, their versions, tags and idempotency tokens. */
export const migration0001Pipelines: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('pipelines')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('role_arn', 'text', (c) => c.notNull())
      .addColumn('max_parallel_steps', 'integer')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('latest_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_modified_at', 'bigint', (c) => c.notNull())
      .addColumn('last_run_at', 'bigint')
      .addUniqueConstraint('pipelines_name_unique', ['account_id', 'region', 'name_key'])
      .execute();
    await db.schema
      .createIndex('pipelines_created_idx')
      .on('pipelines')
      .columns(['account_id', 'region', 'created_at'])
      .execute();

    await db.schema
      .createTable('pipeline_versions')
      .addColumn('pipeline_id', 'text', (c) => c.notNull().references('pipelines.id').onDelete('cascade'))
      .addColumn('version_id', 'integer', (c) => c.notNull())
      .addColumn('definition', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text')
      .addColumn('description', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_execution_arn', 'text')
      .addPrimaryKeyConstraint('pipeline_versions_pk', ['pipeline_id', 'version_id'])
      .execute();

    await db.schema
      .createTable('tags')
      .addColumn('resource_key', 'text', (c) => c.notNull())
      .addColumn('tag_key', 'text', (c) => c.notNull())
      .addColumn('tag_value', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('tags_pk', ['resource_key', 'tag_key'])
      .execute();

    await db.schema
      .createTable('idempotency_tokens')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('response_json', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_tokens_pk', ['account_id', 'region', 'operation', 'token'])
      .execute();
  },
};
