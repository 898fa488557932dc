import type { Kysely, Migration } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

/**
 * Functions of the built-in Lambda endpoint and their deployment packages.
 *
 * The zip itself lives in the database (`lambda_code.zip`, bytea on PostgreSQL, blob on SQLite), so that every node
 * sharing a PostgreSQL store can run every function: a node unpacks it into its local cache on first use. The
 * package is kept in a table of its own so that listing and invoking functions never read it.
 */
export const migration0004Lambda: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    const binary = postgres ? 'bytea' : 'blob';
    // ListFunctions pages by name: compared byte by byte on both stores (SQLite's default BINARY collation).
    const nameType = postgres ? sql`text collate "C"` : 'text';
    await db.schema
      .createTable('lambda_functions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      // Function names are case-sensitive in Lambda.
      .addColumn('name', nameType, (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('runtime', 'text', (c) => c.notNull())
      .addColumn('handler', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
      .addColumn('memory_size', 'integer', (c) => c.notNull())
      .addColumn('environment_json', 'text')
      .addColumn('tags_json', 'text', (c) => c.notNull())
      // Base64 of the SHA-256 of the zip, as Lambda reports it.
      .addColumn('code_sha256', 'text', (c) => c.notNull())
      .addColumn('code_size', 'bigint', (c) => c.notNull())
      // Changes on every update of code or configuration: warm workers of an older revision are discarded.
      .addColumn('revision_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_modified_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('lambda_functions_name_unique', ['account_id', 'region', 'name'])
      .execute();

    await db.schema
      .createTable('lambda_code')
      .addColumn('function_id', 'text', (c) => c.primaryKey().references('lambda_functions.id').onDelete('cascade'))
      .addColumn('code_sha256', 'text', (c) => c.notNull())
      .addColumn('zip', binary, (c) => c.notNull())
      .execute();
  },
};
