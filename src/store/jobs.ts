/** Statements on jobs and resources created by job steps (migration 0005). */
import type { Insertable, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from './pipelines.js';
import type { JobsTable } from './schema.js';

export type JobRow = Selectable<JobsTable>;

/** A job's account, region and kind: the scope its name is unique in. */
export interface JobScope {
  readonly accountId: string;
  readonly region: string;
  readonly kind: string;
}

/** Inserts a job. Throws a unique violation when its name or its (execution, step, attempt) is taken. */
export async function insertJob(db: Db, row: Insertable<JobsTable>): Promise<void> {
  await db.insertInto('jobs').values(row).execute();
}

/** Inserts several jobs (a tuning job's training jobs). */
export async function insertJobs(db: Db, rows: Insertable<JobsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('jobs').values(rows).execute();
}

/** The job, or undefined. */
export function findJob(db: Db, arn: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('arn', '=', arn).executeTakeFirst();
}

/** The job of this kind with this name (any case), or undefined. */
export function findJobByName(db: Db, scope: JobScope, name: string): Promise<JobRow | undefined> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .where('kind', '=', scope.kind)
    .where('name_key', '=', name.toLowerCase())
    .executeTakeFirst();
}

/** The job one attempt of a step created, or undefined. */
export function findJobOfAttempt(
  db: Db,
  executionArn: string,
  stepName: string,
  attempt: number,
): Promise<JobRow | undefined> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('execution_arn', '=', executionArn)
    .where('step_name', '=', stepName)
    .where('attempt', '=', attempt)
    .executeTakeFirst();
}

/** The status of a job, or undefined when it does not exist. */
export async function findJobStatus(db: Db, arn: string): Promise<string | undefined> {
  const row = await db.selectFrom('jobs').select('status').where('arn', '=', arn).executeTakeFirst();
  return row?.status;
}

/** Jobs a tuning job launched, oldest first. */
export function listChildJobs(db: Db, parentArn: string): Promise<JobRow[]> {
  return db.selectFrom('jobs').selectAll().where('parent_arn', '=', parentArn).orderBy('created_at').execute();
}

/**
 * Changes a job, only while its status is one of `fromStatuses` (when given). Answers whether it changed: a
 * false answer means another writer (a stop, a completion) got there first.
 */
export async function updateJob(
  db: Db,
  arn: string,
  changes: Partial<Omit<JobRow, 'arn'>>,
  fromStatuses?: readonly string[],
): Promise<boolean> {
  let query = db.updateTable('jobs').set(changes).where('arn', '=', arn);
  if (fromStatuses) query = query.where('status', 'in', fromStatuses);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks the InProgress job of a step attempt Stopping; answers it, or undefined when none was running. */
export function requestStopOfAttempt(
  db: Db,
  where: { executionArn: string; stepName: string; attempt: number },
  now: number,
): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set({ status: 'Stopping', stop_requested: 'pipeline', last_modified_at: now })
    .where('execution_arn', '=', where.executionArn)
    .where('step_name', '=', where.stepName)
    .where('attempt', '=', where.attempt)
    .where('status', '=', 'InProgress')
    .returningAll()
    .executeTakeFirst();
}

/** Marks an InProgress job Stopping at a user's request (Stop*Job); answers it, or undefined when not running. */
export function requestStopByUser(db: Db, arn: string, now: number): Promise<JobRow | undefined> {
  return db
    .updateTable('jobs')
    .set({ status: 'Stopping', stop_requested: 'user', last_modified_at: now })
    .where('arn', '=', arn)
    .where('status', '=', 'InProgress')
    .returningAll()
    .executeTakeFirst();
}

/** Filters and order of a job listing. */
export interface JobListQuery extends JobScope {
  readonly nameContains?: string | undefined;
  readonly status?: string | undefined;
  readonly createdAfter?: number | undefined;
  readonly createdBefore?: number | undefined;
  readonly modifiedAfter?: number | undefined;
  readonly modifiedBefore?: number | undefined;
  readonly parentArn?: string | undefined;
  readonly groupName?: string | undefined;
  /** Model packages: only those in a group (true) or only those without (false). */
  readonly versioned?: boolean | undefined;
  /** Model packages: their ModelApprovalStatus (kept in secondary_status). */
  readonly secondaryStatus?: string | undefined;
  readonly sortBy: 'name' | 'created' | 'status';
  readonly ascending: boolean;
  readonly offset: number;
  readonly limit: number;
}

/** One page of jobs. Status filters are on the stored status words (the caller maps the kind's wording). */
export function listJobRows(db: Db, q: JobListQuery): Promise<JobRow[]> {
  let query = db
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', q.kind)
    .where('account_id', '=', q.accountId)
    .where('region', '=', q.region);
  if (q.nameContains !== undefined) {
    const pattern = `%${escapeLike(q.nameContains)}%`;
    query = query.where(sql<boolean>`${sql.ref('name_key')} like ${pattern} escape '\\'`);
  }
  if (q.secondaryStatus !== undefined) query = query.where('secondary_status', '=', q.secondaryStatus);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  if (q.createdAfter !== undefined) query = query.where('created_at', '>', q.createdAfter);
  if (q.createdBefore !== undefined) query = query.where('created_at', '<', q.createdBefore);
  if (q.modifiedAfter !== undefined) query = query.where('last_modified_at', '>', q.modifiedAfter);
  if (q.modifiedBefore !== undefined) query = query.where('last_modified_at', '<', q.modifiedBefore);
  if (q.parentArn !== undefined) query = query.where('parent_arn', '=', q.parentArn);
  if (q.groupName !== undefined) query = query.where('group_name', '=', q.groupName);
  if (q.versioned !== undefined) query = query.where('group_name', q.versioned ? 'is not' : 'is', null);
  const direction = q.ascending ? 'asc' : 'desc';
  const column = q.sortBy === 'name' ? 'name_key' : q.sortBy === 'status' ? 'status' : 'created_at';
  return query
    .orderBy(column, direction)
    .orderBy('created_at', direction)
    .orderBy('arn', direction)
    .offset(q.offset)
    .limit(q.limit)
    .execute();
}

/** A LIKE operand matching `text` literally (lower-cased, as name_key is), with `\` as the escape character. */
function escapeLike(text: string): string {
  return text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The highest version in a model package group (0 when it has none). */
export async function latestPackageVersion(db: Db, scope: Omit<JobScope, 'kind'>, group: string): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.max('version').as('latest'))
    .where('kind', '=', 'ModelPackage')
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .where('group_name', '=', group)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

/** Model packages of a group, newest version first. */
export function listPackagesOfGroup(db: Db, scope: Omit<JobScope, 'kind'>, group: string): Promise<JobRow[]> {
  return db
    .selectFrom('jobs')
    .selectAll()
    .where('kind', '=', 'ModelPackage')
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region)
    .where('group_name', '=', group)
    .where('status', '=', 'Completed')
    .orderBy('version', 'desc')
    .execute();
}

/** True while the step row of this attempt is Starting or Executing (not stopping, not settled, not retried). */
export async function isAttemptRunning(
  db: Db,
  executionArn: string,
  stepName: string,
  attempt: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('execution_steps')
    .select(['status', 'attempt'])
    .where('execution_arn', '=', executionArn)
    .where('step_name', '=', stepName)
    .executeTakeFirst();
  return row !== undefined && row.attempt === attempt && (row.status === 'Starting' || row.status === 'Executing');
}

/**
 * Shows the job's Metadata (its ARN) on the step while it runs, as ListPipelineExecutionSteps does on AWS. Only a
 * running attempt whose metadata is still empty is touched, so this never overwrites what the engine recorded.
 */
export async function showStepMetadata(
  db: Db,
  where: { executionArn: string; stepName: string; attempt: number },
  metadataJson: string,
): Promise<void> {
  await db
    .updateTable('execution_steps')
    .set({ metadata_json: metadataJson })
    .where('execution_arn', '=', where.executionArn)
    .where('step_name', '=', where.stepName)
    .where('attempt', '=', where.attempt)
    .where('status', 'in', ['Starting', 'Executing'])
    .where('metadata_json', '=', '{}')
    .execute();
}
