/** Statements on Lambda functions and their deployment packages. Every function takes the db or the transaction. */
import type { Selectable } from 'kysely';
import type { Db } from './pipelines.js';
import type { LambdaFunctionsTable } from './schema.js';

/** A function as stored (its package is in `lambda_code`). */
export type LambdaFunctionRow = Selectable<LambdaFunctionsTable>;

/** Identifies a function: names are case-sensitive. */
export interface LambdaFunctionKey {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

/** The function, or undefined. Never reads the package. */
export function findLambdaFunction(db: Db, key: LambdaFunctionKey): Promise<LambdaFunctionRow | undefined> {
  return db
    .selectFrom('lambda_functions')
    .selectAll()
    .where('account_id', '=', key.accountId)
    .where('region', '=', key.region)
    .where('name', '=', key.name)
    .executeTakeFirst();
}

/** Inserts a function and its package; fails with a unique violation when the name is taken. */
export async function insertLambdaFunction(db: Db, row: LambdaFunctionRow, zip: Buffer): Promise<void> {
  await db.insertInto('lambda_functions').values(row).execute();
  await db.insertInto('lambda_code').values({ function_id: row.id, code_sha256: row.code_sha256, zip }).execute();
}

/** Changes the configuration of a function. Returns false when it no longer exists. */
export async function updateLambdaFunction(
  db: Db,
  id: string,
  changes: Partial<Omit<LambdaFunctionRow, 'id' | 'account_id' | 'region' | 'name' | 'arn' | 'created_at'>>,
): Promise<boolean> {
  const result = await db.updateTable('lambda_functions').set(changes).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Replaces the package of a function (its row's `code_sha256` and `code_size` are set by the caller). */
export async function replaceLambdaCode(db: Db, functionId: string, codeSha256: string, zip: Buffer): Promise<void> {
  await db
    .updateTable('lambda_code')
    .set({ code_sha256: codeSha256, zip })
    .where('function_id', '=', functionId)
    .execute();
}

/** The package of a function if it still has the expected hash, else undefined (it was replaced or deleted). */
export async function findLambdaCode(db: Db, functionId: string, codeSha256: string): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('lambda_code')
    .select('zip')
    .where('function_id', '=', functionId)
    .where('code_sha256', '=', codeSha256)
    .executeTakeFirst();
  return row === undefined ? undefined : Buffer.from(row.zip);
}

/** Deletes a function and its package. */
export async function deleteLambdaFunction(db: Db, id: string): Promise<void> {
  await db.deleteFrom('lambda_code').where('function_id', '=', id).execute();
  await db.deleteFrom('lambda_functions').where('id', '=', id).execute();
}

/** Functions of an account and region by name, after `afterName`. */
export function listLambdaFunctions(
  db: Db,
  scope: { accountId: string; region: string },
  page: { afterName: string | undefined; limit: number },
): Promise<LambdaFunctionRow[]> {
  let query = db
    .selectFrom('lambda_functions')
    .selectAll()
    .where('account_id', '=', scope.accountId)
    .where('region', '=', scope.region);
  if (page.afterName !== undefined) query = query.where('name', '>', page.afterName);
  return query.orderBy('name').limit(page.limit).execute();
}
