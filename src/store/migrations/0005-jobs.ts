import type { Kysely, Migration } from 'kysely';

/**
 * Jobs and resources created by job steps (training, processing, transform and tuning jobs, models, model
 * packages, AutoML jobs, EMR steps, endpoint configs and endpoints), as the Describe and List job APIs show them.
 *
 * Concurrency model: a job is created by the attempt of a step that runs it (unique per execution, step and
 * attempt, so a task run twice finds its job instead of making a second one). Its status changes only through
 * conditional updates (`… WHERE status = 'InProgress'`): a stop marks an InProgress job Stopping, and the run
 * completes it only if it is still InProgress, so a stop and a completion racing on two nodes cannot both win.
 */
export const migration0005Jobs: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('jobs')
      .addColumn('arn', 'text', (c) => c.primaryKey())
      // TrainingJob, ProcessingJob, TransformJob, HyperParameterTuningJob, Model, ModelPackage, AutoMLJob, …
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      // Lower-cased name: SageMaker resource names are case-insensitive.
      .addColumn('name_key', 'text', (c) => c.notNull())
      // InProgress, Completed, Failed, Stopping, Stopped (each kind's Describe maps these to its own words).
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('secondary_status', 'text')
      .addColumn('failure_reason', 'text')
      .addColumn('error_type', 'text')
      .addColumn('execution_arn', 'text')
      .addColumn('step_name', 'text')
      .addColumn('attempt', 'integer')
      // The tuning job of a training job it launched.
      .addColumn('parent_arn', 'text')
      // The resolved request (the step's Arguments).
      .addColumn('request_json', 'text', (c) => c.notNull())
      // What the run produced (metrics, best candidate, property files…).
      .addColumn('result_json', 'text')
      // Who asked for a stop: 'pipeline' (StopPipelineExecution) or 'user' (Stop*Job).
      .addColumn('stop_requested', 'text')
      .addColumn('group_name', 'text')
      .addColumn('version', 'integer')
      .addColumn('transitions_json', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('ended_at', 'bigint')
      .addColumn('last_modified_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('jobs_name_unique', ['account_id', 'region', 'kind', 'name_key'])
      .execute();
    await db.schema
      .createIndex('jobs_attempt_idx')
      .on('jobs')
      .columns(['execution_arn', 'step_name', 'attempt'])
      .unique()
      .execute();
    await db.schema
      .createIndex('jobs_list_idx')
      .on('jobs')
      .columns(['kind', 'account_id', 'region', 'created_at'])
      .execute();
    await db.schema.createIndex('jobs_parent_idx').on('jobs').column('parent_arn').execute();
  },
};
