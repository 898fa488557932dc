/** Statements on pipelines and their versions. Every function takes the db or the transaction it runs in. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, PipelinesTable, PipelineVersionsTable } from './schema.js';

/** A database handle or an open transaction. */
export type Db = Kysely<Database>;
export type PipelineRow = Selectable<PipelinesTable>;
export type PipelineVersionRow = Selectable<PipelineVersionsTable>;

/** Identifies a pipeline inside one account and region. */
export interface PipelineKey {
  readonly accountId: string;
  readonly region: string;
  /** The name in any case. */
  readonly name: string;
}

/** The pipeline, or undefined. */
export function findPipeline(db: Db, key: PipelineKey): Promise<PipelineRow | undefined> {
  return db
    .selectFrom('pipelines')
    .selectAll()
    .where('account_id', '=', key.accountId)
    .where('region', '=', key.region)
    .where('name_key', '=', key.name.toLowerCase())
    .executeTakeFirst();
}

/** One version of a pipeline, or undefined. */
export function findPipelineVersion(
  db: Db,
  pipelineId: string,
  versionId: number,
): Promise<PipelineVersionRow | undefined> {
  return db
    .selectFrom('pipeline_versions')
    .selectAll()
    .where('pipeline_id', '=', pipelineId)
    .where('version_id', '=', versionId)
    .executeTakeFirst();
}

/** Inserts a pipeline with its first version. */
export async function insertPipeline(db: Db, pipeline: PipelineRow, version: PipelineVersionRow): Promise<void> {
  await db.insertInto('pipelines').values(pipeline).execute();
  await db.insertInto('pipeline_versions').values(version).execute();
}

/** Changes the given columns of a pipeline. */
export async function updatePipelineRow(
  db: Db,
  id: string,
  changes: Partial<Omit<PipelineRow, 'id' | 'account_id' | 'region' | 'name' | 'name_key' | 'arn'>>,
): Promise<void> {
  await db.updateTable('pipelines').set(changes).where('id', '=', id).execute();
}

/** Adds a version row. */
export async function insertPipelineVersion(db: Db, version: PipelineVersionRow): Promise<void> {
  await db.insertInto('pipeline_versions').values(version).execute();
}

/** Changes a version's display name and description. */
export async function updatePipelineVersionRow(
  db: Db,
  pipelineId: string,
  versionId: number,
  changes: Partial<Pick<PipelineVersionRow, 'display_name' | 'description' | 'last_execution_arn'>>,
): Promise<void> {
  await db
    .updateTable('pipeline_versions')
    .set(changes)
    .where('pipeline_id', '=', pipelineId)
    .where('version_id', '=', versionId)
    .execute();
}

/** Deletes a pipeline, its versions and its tags. */
export async function deletePipelineRow(db: Db, pipeline: PipelineRow): Promise<void> {
  await db.deleteFrom('pipeline_versions').where('pipeline_id', '=', pipeline.id).execute();
  await db.deleteFrom('tags').where('resource_key', '=', pipeline.arn.toLowerCase()).execute();
  await db.deleteFrom('pipelines').where('id', '=', pipeline.id).execute();
}

/** Filters, order and page of ListPipelines. */
export interface PipelineListQuery {
  readonly accountId: string;
  readonly region: string;
  readonly namePrefix?: string | undefined;
  readonly createdAfter?: number | undefined;
  readonly createdBefore?: number | undefined;
  readonly sortBy: 'Name' | 'CreationTime';
  readonly ascending: boolean;
  readonly offset: number;
  readonly limit: number;
}

/** One page of pipelines; filtering and sorting happen before paging. */
export function listPipelineRows(db: Db, q: PipelineListQuery): Promise<PipelineRow[]> {
  let query = db
    .selectFrom('pipelines')
    .selectAll()
    .where('account_id', '=', q.accountId)
    .where('region', '=', q.region);
  // Names hold only [a-zA-Z0-9-] (checked by the model), so LIKE has no wildcard to escape.
  if (q.namePrefix !== undefined) query = query.where('name_key', 'like', `${q.namePrefix.toLowerCase()}%`);
  if (q.createdAfter !== undefined) query = query.where('created_at', '>', q.createdAfter);
  if (q.createdBefore !== undefined) query = query.where('created_at', '<', q.createdBefore);
  const direction = q.ascending ? 'asc' : 'desc';
  query =
    q.sortBy === 'Name'
      ? query.orderBy('name_key', direction).orderBy('name', direction)
      : query.orderBy('created_at', direction).orderBy('name_key', direction);
  return query.limit(q.limit).offset(q.offset).execute();
}

/** One page of a pipeline's versions. */
export function listPipelineVersionRows(
  db: Db,
  q: {
    pipelineId: string;
    createdAfter?: number | undefined;
    createdBefore?: number | undefined;
    ascending: boolean;
    offset: number;
    limit: number;
  },
): Promise<PipelineVersionRow[]> {
  let query = db.selectFrom('pipeline_versions').selectAll().where('pipeline_id', '=', q.pipelineId);
  if (q.createdAfter !== undefined) query = query.where('created_at', '>', q.createdAfter);
  if (q.createdBefore !== undefined) query = query.where('created_at', '<', q.createdBefore);
  return query
    .orderBy('version_id', q.ascending ? 'asc' : 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
}
