/** Statements on executions, their steps and tasks. */
import type { Insertable, Selectable } from 'kysely';
import type { Dialect } from './open-database.js';
import type { Db } from './pipelines.js';
import type { ExecutionStepsTable, ExecutionsTable, TasksTable } from './schema.js';

export type ExecutionRow = Selectable<ExecutionsTable>;
export type ExecutionStepRow = Selectable<ExecutionStepsTable>;
export type TaskRow = Selectable<TasksTable>;

/** The execution, or undefined. */
export function findExecution(db: Db, arn: string): Promise<ExecutionRow | undefined> {
  return db.selectFrom('executions').selectAll().where('arn', '=', arn).executeTakeFirst();
}

/**
 * Locks an execution for the rest of the transaction and returns it. Every transaction that changes an
 * execution or its steps calls this first, so such changes are serialised across nodes (SQLite has a single
 * writer already). With `onlyIfDue`, answers undefined unless the execution is due and not locked by another
 * node (which is then advancing it).
 */
export async function lockExecution(
  db: Db,
  dialect: Dialect,
  arn: string,
  onlyIfDue?: { now: number },
): Promise<ExecutionRow | undefined> {
  let query = db.selectFrom('executions').selectAll().where('arn', '=', arn);
  if (onlyIfDue) query = query.where('wake_at', '<=', onlyIfDue.now);
  if (dialect === 'postgres') query = onlyIfDue ? query.forUpdate().skipLocked() : query.forUpdate();
  return query.executeTakeFirst();
}

/** Arns of executions whose scheduler should run now, oldest wake first. */
export async function listDueExecutions(db: Db, now: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('executions')
    .select('arn')
    .where('wake_at', '<=', now)
    .orderBy('wake_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.arn);
}

/** Inserts an execution. */
export async function insertExecution(db: Db, row: Insertable<ExecutionsTable>): Promise<void> {
  await db.insertInto('executions').values(row).execute();
}

/** Changes columns of an execution. */
export async function updateExecution(
  db: Db,
  arn: string,
  changes: Partial<Omit<ExecutionRow, 'arn' | 'id'>>,
): Promise<void> {
  await db.updateTable('executions').set(changes).where('arn', '=', arn).execute();
}

/** Asks the scheduler to look at an execution at `at` (now by default), unless it is due earlier already. */
export async function wakeExecution(db: Db, arn: string, at: number): Promise<void> {
  await db
    .updateTable('executions')
    .set({ wake_at: at })
    .where('arn', '=', arn)
    .where((eb) => eb.or([eb('wake_at', 'is', null), eb('wake_at', '>', at)]))
    .execute();
}

/** The step rows of an execution. */
export function listStepRows(db: Db, executionArn: string): Promise<ExecutionStepRow[]> {
  return db.selectFrom('execution_steps').selectAll().where('execution_arn', '=', executionArn).execute();
}

/** The step a callback token belongs to, or undefined. */
export function findStepByCallbackToken(db: Db, token: string): Promise<ExecutionStepRow | undefined> {
  return db.selectFrom('execution_steps').selectAll().where('callback_token', '=', token).executeTakeFirst();
}

/** Inserts or replaces step rows (the caller holds the execution's lock). */
export async function upsertStepRows(db: Db, rows: readonly ExecutionStepRow[]): Promise<void> {
  if (rows.length === 0) return;
  // Chunked: SQLite limits bound parameters per statement.
  for (let i = 0; i < rows.length; i += 50) {
    await db
      .insertInto('execution_steps')
      .values(rows.slice(i, i + 50))
      .onConflict((oc) =>
        oc.columns(['execution_arn', 'step_name']).doUpdateSet((eb) => ({
          status: eb.ref('excluded.status'),
          attempt: eb.ref('excluded.attempt'),
          ended_at: eb.ref('excluded.ended_at'),
          failure_reason: eb.ref('excluded.failure_reason'),
          metadata_json: eb.ref('excluded.metadata_json'),
          properties_json: eb.ref('excluded.properties_json'),
          property_files_json: eb.ref('excluded.property_files_json'),
          inputs_json: eb.ref('excluded.inputs_json'),
          started_at: eb.ref('excluded.started_at'),
          sequence: eb.ref('excluded.sequence'),
          cache_hit_json: eb.ref('excluded.cache_hit_json'),
          selective_json: eb.ref('excluded.selective_json'),
          callback_token: eb.ref('excluded.callback_token'),
          error_type: eb.ref('excluded.error_type'),
          cache_key: eb.ref('excluded.cache_key'),
        })),
      )
      .execute();
  }
}

/** Filters, order and page of ListPipelineExecutions. */
export interface ExecutionListQuery {
  readonly pipelineId: string;
  readonly createdAfter?: number | undefined;
  readonly createdBefore?: number | undefined;
  readonly sortBy: 'CreationTime' | 'PipelineExecutionArn';
  readonly ascending: boolean;
  readonly offset: number;
  readonly limit: number;
}

/** One page of a pipeline's executions. */
export function listExecutionRows(db: Db, q: ExecutionListQuery): Promise<ExecutionRow[]> {
  let query = db.selectFrom('executions').selectAll().where('pipeline_id', '=', q.pipelineId);
  if (q.createdAfter !== undefined) query = query.where('created_at', '>', q.createdAfter);
  if (q.createdBefore !== undefined) query = query.where('created_at', '<', q.createdBefore);
  const direction = q.ascending ? 'asc' : 'desc';
  query =
    q.sortBy === 'PipelineExecutionArn'
      ? query.orderBy('arn', direction)
      : query.orderBy('created_at', direction).orderBy('arn', direction);
  return query.limit(q.limit).offset(q.offset).execute();
}

/** Whether a pipeline has executions that are not finished. */
export async function hasRunningExecutions(db: Db, pipelineId: string): Promise<boolean> {
  const row = await db
    .selectFrom('executions')
    .select('arn')
    .where('pipeline_id', '=', pipelineId)
    .where('status', 'in', ['Executing', 'Stopping'])
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes the executions of a pipeline with their steps and tasks. */
export async function deleteExecutionsOf(db: Db, pipelineId: string): Promise<void> {
  const arns = db.selectFrom('executions').select('arn').where('pipeline_id', '=', pipelineId);
  await db.deleteFrom('tasks').where('execution_arn', 'in', arns).execute();
  await db.deleteFrom('execution_steps').where('execution_arn', 'in', arns).execute();
  await db.deleteFrom('executions').where('pipeline_id', '=', pipelineId).execute();
}

/** Inserts tasks. */
export async function insertTasks(db: Db, rows: readonly TaskRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 50) {
    await db
      .insertInto('tasks')
      .values(rows.slice(i, i + 50))
      .execute();
  }
}

/**
 * Claims up to `limit` due tasks whose lease is free or expired, in one statement: sets the lease and counts
 * the try (graphile-worker's claim). PostgreSQL skips rows other nodes are claiming at the same moment.
 */
export async function claimDueTasks(
  db: Db,
  dialect: Dialect,
  owner: string,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<TaskRow[]> {
  let candidates = db
    .selectFrom('tasks')
    .select('id')
    .where('due_at', '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
    .orderBy('due_at')
    .limit(limit);
  if (dialect === 'postgres') candidates = candidates.forUpdate().skipLocked();
  return db
    .updateTable('tasks')
    .set((eb) => ({ lease_owner: owner, lease_expires_at: now + leaseMs, tries: eb('tries', '+', 1) }))
    .where('id', 'in', candidates)
    .returningAll()
    .execute();
}

/** Extends the lease of a task still held by `owner`; false when the lease was lost. */
export async function extendTaskLease(db: Db, id: string, owner: string, until: number): Promise<boolean> {
  const result = await db
    .updateTable('tasks')
    .set({ lease_expires_at: until })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Removes a finished task. */
export async function deleteTask(db: Db, id: string): Promise<void> {
  await db.deleteFrom('tasks').where('id', '=', id).execute();
}

/** Gives a task back for a later try, with the error of this one. */
export async function releaseTask(db: Db, id: string, dueAt: number, error: string): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ lease_owner: null, lease_expires_at: null, due_at: dueAt, last_error: error })
    .where('id', '=', id)
    .execute();
}

/** The earliest due time of any task, to sleep until it. */
export async function nextTaskDue(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('tasks')
    .select((eb) => eb.fn.min('due_at').as('due'))
    .executeTakeFirst();
  return row?.due === null || row?.due === undefined ? undefined : Number(row.due);
}

/**
 * The most recent successful run of a step with this cache key in any execution of the pipeline, ended at or
 * after `notBefore` (CacheConfig.ExpireAfter), or undefined.
 */
export async function findCacheHit(
  db: Db,
  pipelineId: string,
  cacheKey: string,
  notBefore: number,
): Promise<ExecutionStepRow | undefined> {
  return db
    .selectFrom('execution_steps')
    .innerJoin('executions', 'executions.arn', 'execution_steps.execution_arn')
    .selectAll('execution_steps')
    .where('executions.pipeline_id', '=', pipelineId)
    .where('execution_steps.cache_key', '=', cacheKey)
    .where('execution_steps.status', '=', 'Succeeded')
    .where('execution_steps.ended_at', '>=', notBefore)
    .orderBy('execution_steps.ended_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
