/** Statements on pipelines and their versions. Every function takes the db or the transaction it runs in. */
import type { Kysely, Selectable } from 'kysely';
import { reusableQuery } from './reusable-query.js';
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

const selectPipeline = reusableQuery((db, p: { accountId: string; region: string; nameKey: string }) =>
  db
    .selectFrom('pipelines')
    .selectAll()
    .where('account_id', '=', p.accountId)
    .where('region', '=', p.region)
    .where('name_key', '=', p.nameKey),
);

/** The pipeline, or undefined. */
export async function findPipeline(db: Db, key: PipelineKey): Promise<PipelineRow | undefined> {
  const { rows } = await selectPipeline(db, {
    accountId: key.accountId,
    region: key.region,
    nameKey: key.name.toLowerCase(),
  });
  return rows[0];
}

/** A pipeline with one of its versions (the latest when `versionId` is undefined), read in one statement. */
export interface PipelineWithVersion {
  readonly pipeline: PipelineRow;
  /** Undefined when the pipeline has no such version. */
  readonly version: Pick<PipelineVersionRow, 'definition' | 'display_name' | 'description'> | undefined;
}

function pipelineWithVersionQuery(latest: boolean) {
  return reusableQuery((db, p: { accountId: string; region: string; nameKey: string; versionId: number }) =>
    db
      .selectFrom('pipelines as p')
      .leftJoin('pipeline_versions as v', (join) =>
        join
          .onRef('v.pipeline_id', '=', 'p.id')
          .on((eb) =>
            latest ? eb('v.version_id', '=', eb.ref('p.latest_version')) : eb('v.version_id', '=', p.versionId),
          ),
      )
      .selectAll('p')
      .select(['v.definition', 'v.display_name as version_display_name', 'v.description as version_description'])
      .where('p.account_id', '=', p.accountId)
      .where('p.region', '=', p.region)
      .where('p.name_key', '=', p.nameKey),
  );
}
const selectPipelineWithLatestVersion = pipelineWithVersionQuery(true);
const selectPipelineWithVersion = pipelineWithVersionQuery(false);

/** The pipeline and a version of it, or undefined when there is no such pipeline. */
export async function findPipelineWithVersion(
  db: Db,
  key: PipelineKey,
  versionId: number | undefined,
): Promise<PipelineWithVersion | undefined> {
  const params = {
    accountId: key.accountId,
    region: key.region,
    nameKey: key.name.toLowerCase(),
    versionId: versionId ?? 0,
  };
  const query = versionId === undefined ? selectPipelineWithLatestVersion : selectPipelineWithVersion;
  const row = (await query(db, params)).rows[0];
  if (!row) return undefined;
  const { definition, version_display_name, version_description, ...pipeline } = row;
  return {
    pipeline,
    version:
      definition === null
        ? undefined
        : { definition, display_name: version_display_name, description: version_description },
  };
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

const updatePipelineRun = reusableQuery((db, p: { id: string; now: number }) =>
  db.updateTable('pipelines').set({ last_run_at: p.now, last_modified_at: p.now }).where('id', '=', p.id),
);

/** Records that an execution of the pipeline started now (LastRunTime and LastModifiedTime move). */
export async function markPipelineRun(db: Db, id: string, now: number): Promise<void> {
  await updatePipelineRun(db, { id, now });
}

const updateVersionLastExecution = reusableQuery((db, p: { pipelineId: string; versionId: number; arn: string }) =>
  db
    .updateTable('pipeline_versions')
    .set({ last_execution_arn: p.arn })
    .where('pipeline_id', '=', p.pipelineId)
    .where('version_id', '=', p.versionId),
);

/** Records the latest execution started from a version. */
export async function markVersionRun(db: Db, pipelineId: string, versionId: number, arn: string): Promise<void> {
  await updateVersionLastExecution(db, { pipelineId, versionId, arn });
}
