import type { Kysely, Migration } from 'kysely';

/**
 * Executions, their steps and the tasks that carry work outside the engine (invocations, messages, timers).
 *
 * Concurrency model: every transaction that changes an execution or its steps first locks the execution row
 * (PostgreSQL `FOR UPDATE`; SQLite has one writer), so changes to one execution are serialised across nodes.
 * Work that outlives a transaction (a Lambda invocation, a job) is a task claimed by lease: a node that dies
 * loses its leases and another node runs the task again (at least once).
 */
export const migration0002Executions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('executions')
      .addColumn('arn', 'text', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('pipeline_id', 'text', (c) => c.notNull())
      .addColumn('pipeline_version', 'integer', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('pipeline_name', 'text', (c) => c.notNull())
      .addColumn('pipeline_arn', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('failure_reason', 'text')
      .addColumn('parameters_json', 'text', (c) => c.notNull())
      .addColumn('max_parallel_steps', 'integer')
      .addColumn('selective_json', 'text')
      .addColumn('experiment_json', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_modified_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      // When the scheduler should look at this execution again; null when it waits on nothing it owns.
      .addColumn('wake_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('executions_pipeline_idx')
      .on('executions')
      .columns(['pipeline_id', 'created_at'])
      .execute();
    await db.schema.createIndex('executions_wake_idx').on('executions').column('wake_at').execute();

    await db.schema
      .createTable('execution_steps')
      .addColumn('execution_arn', 'text', (c) => c.notNull())
      .addColumn('step_name', 'text', (c) => c.notNull())
      .addColumn('step_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      // Order of starting within the execution: ListPipelineExecutionSteps sorts by it (ties of StartTime).
      .addColumn('sequence', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('failure_reason', 'text')
      .addColumn('metadata_json', 'text', (c) => c.notNull())
      .addColumn('properties_json', 'text')
      .addColumn('property_files_json', 'text')
      .addColumn('inputs_json', 'text')
      .addColumn('cache_hit_json', 'text')
      .addColumn('selective_json', 'text')
      .addColumn('callback_token', 'text')
      // The exception type of a failed attempt until the retry policies have been applied to it.
      .addColumn('error_type', 'text')
      // Hash of the step's cache signature (type, name, the arguments that matter), for CacheConfig lookups.
      .addColumn('cache_key', 'text')
      // 1 when the attempt failed by hitting its time limit (Lambda): a stopping execution then ends Failed.
      .addColumn('timed_out', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('execution_steps_pk', ['execution_arn', 'step_name'])
      .execute();
    await db.schema.createIndex('execution_steps_cache_idx').on('execution_steps').column('cache_key').execute();
    await db.schema
      .createIndex('execution_steps_token_idx')
      .on('execution_steps')
      .column('callback_token')
      .unique()
      .execute();

    await db.schema
      .createTable('tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('execution_arn', 'text', (c) => c.notNull())
      .addColumn('step_name', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('tries', 'integer', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('tasks_due_idx').on('tasks').column('due_at').execute();
    await db.schema.createIndex('tasks_execution_idx').on('tasks').column('execution_arn').execute();
  },
};
