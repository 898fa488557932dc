/** Statements on executions, their steps and tasks. */
import type { Selectable } from 'kysely';
import type { Dialect } from './open-database.js';
import type { Db } from './pipelines.js';
import { reusableQuery } from './reusable-query.js';
import type { ExecutionStepsTable, ExecutionsTable, TasksTable } from './schema.js';

export type ExecutionRow = Selectable<ExecutionsTable>;
export type ExecutionStepRow = Selectable<ExecutionStepsTable>;
export type TaskRow = Selectable<TasksTable>;

const selectExecution = reusableQuery((db, p: { arn: string }) =>
  db.selectFrom('executions').selectAll().where('arn', '=', p.arn),
);

/** The execution, or undefined. */
export async function findExecution(db: Db, arn: string): Promise<ExecutionRow | undefined> {
  return (await selectExecution(db, { arn })).rows[0];
}

function lockQuery(due: boolean) {
  return reusableQuery((db, p: { arn: string; now: number }, dialect) => {
    let query = db.selectFrom('executions').selectAll().where('arn', '=', p.arn);
    if (due) query = query.where('wake_at', '<=', p.now);
    if (dialect === 'postgres') query = due ? query.forUpdate().skipLocked() : query.forUpdate();
    return query;
  });
}
const lockAny = lockQuery(false);
const lockDue = lockQuery(true);

/**
 * Locks an execution for the rest of the transaction and returns it. Every transaction that changes an
 * execution or its steps calls this first, so such changes are serialised across nodes (SQLite has a single
 * writer already). With `onlyIfDue`, answers undefined unless the execution is due and not locked by another
 * node (which is then advancing it).
 */
export async function lockExecution(
  db: Db,
  _dialect: Dialect,
  arn: string,
  onlyIfDue?: { now: number },
): Promise<ExecutionRow | undefined> {
  const query = onlyIfDue ? lockDue : lockAny;
  return (await query(db, { arn, now: onlyIfDue?.now ?? 0 })).rows[0];
}

const selectDue = reusableQuery((db, p: { now: number; limit: number }) =>
  db.selectFrom('executions').select('arn').where('wake_at', '<=', p.now).orderBy('wake_at').limit(p.limit),
);

/** Arns of executions whose scheduler should run now, oldest wake first. */
export async function listDueExecutions(db: Db, now: number, limit: number): Promise<string[]> {
  return (await selectDue(db, { now, limit })).rows.map((r) => r.arn);
}

const insertExecutionRow = reusableQuery((db, p: ExecutionRow) => db.insertInto('executions').values(p));

/** Inserts an execution. */
export async function insertExecution(db: Db, row: ExecutionRow): Promise<void> {
  await insertExecutionRow(db, row);
}

/** Changes columns of an execution. */
export async function updateExecution(
  db: Db,
  arn: string,
  changes: Partial<Omit<ExecutionRow, 'arn' | 'id'>>,
): Promise<void> {
  await db.updateTable('executions').set(changes).where('arn', '=', arn).execute();
}

const wakeAt = reusableQuery((db, p: { arn: string; at: number }) =>
  db
    .updateTable('executions')
    .set({ wake_at: p.at })
    .where('arn', '=', p.arn)
    .where((eb) => eb.or([eb('wake_at', 'is', null), eb('wake_at', '>', p.at)])),
);

/** Asks the scheduler to look at an execution at `at` (now by default), unless it is due earlier already. */
export async function wakeExecution(db: Db, arn: string, at: number): Promise<void> {
  await wakeAt(db, { arn, at });
}

const setWake = reusableQuery((db, p: { arn: string; wakeAt: number | null }) =>
  db.updateTable('executions').set({ wake_at: p.wakeAt }).where('arn', '=', p.arn),
);

/** Sets when the scheduler looks at an execution next (null: not until something wakes it). */
export async function setExecutionWake(db: Db, arn: string, wakeAt: number | null): Promise<void> {
  await setWake(db, { arn, wakeAt });
}

const settle = reusableQuery(
  (
    db,
    p: {
      arn: string;
      status: string;
      failureReason: string | null;
      endedAt: number | null;
      now: number;
      wakeAt: number | null;
    },
  ) =>
    db
      .updateTable('executions')
      .set({
        status: p.status,
        failure_reason: p.failureReason,
        ended_at: p.endedAt,
        last_modified_at: p.now,
        wake_at: p.wakeAt,
      })
      .where('arn', '=', p.arn),
);

/** Records an execution's new status. */
export async function setExecutionStatus(
  db: Db,
  arn: string,
  change: { status: string; failureReason: string | null; endedAt: number | null; now: number; wakeAt: number | null },
): Promise<void> {
  await settle(db, { arn, ...change });
}

const selectSteps = reusableQuery((db, p: { arn: string }) =>
  db.selectFrom('execution_steps').selectAll().where('execution_arn', '=', p.arn),
);

/** The step rows of an execution. */
export async function listStepRows(db: Db, executionArn: string): Promise<ExecutionStepRow[]> {
  return (await selectSteps(db, { arn: executionArn })).rows;
}

/** The step a callback token belongs to, or undefined. */
export function findStepByCallbackToken(db: Db, token: string): Promise<ExecutionStepRow | undefined> {
  return db.selectFrom('execution_steps').selectAll().where('callback_token', '=', token).executeTakeFirst();
}

const upsertStep = reusableQuery((db, p: ExecutionStepRow) =>
  db
    .insertInto('execution_steps')
    .values(p)
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
        timed_out: eb.ref('excluded.timed_out'),
      })),
    ),
);

/** Inserts or replaces step rows (the caller holds the execution's lock). */
export async function upsertStepRows(db: Db, rows: readonly ExecutionStepRow[]): Promise<void> {
  for (const row of rows) await upsertStep(db, row);
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

const insertTask = reusableQuery((db, p: TaskRow) => db.insertInto('tasks').values(p));

/** Inserts tasks. */
export async function insertTasks(db: Db, rows: readonly TaskRow[]): Promise<void> {
  for (const row of rows) await insertTask(db, row);
}

/**
 * Claims up to `limit` due tasks whose lease is free or expired, in one statement: sets the lease and counts
 * the try (graphile-worker's claim). PostgreSQL skips rows other nodes are claiming at the same moment.
 *
 * Most scheduler passes find nothing due, and an UPDATE that changes no row still writes and commits: a read
 * first answers those passes without writing.
 */
export async function claimDueTasks(
  db: Db,
  dialect: Dialect,
  owner: string,
  now: number,
  leaseMs: number,
  limit: number,
): Promise<TaskRow[]> {
  const due = () =>
    db
      .selectFrom('tasks')
      .select('id')
      .where('due_at', '<=', now)
      .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
      .orderBy('due_at')
      .limit(limit);
  if ((await due().executeTakeFirst()) === undefined) return [];
  const candidates = dialect === 'postgres' ? due().forUpdate().skipLocked() : due();
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
