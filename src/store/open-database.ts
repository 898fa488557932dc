import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

/** Which SQL dialect a database speaks; the few statements that differ branch on this. */
export type Dialect = 'sqlite' | 'postgres';

/** An open, migrated database. */
export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** Where it lives, for logs: a file path or a URL without its password. */
  readonly location: string;
  close(): Promise<void>;
}

/** Where to store: SQLite in a folder (the default) or a PostgreSQL URL. */
export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

/** Picks the target from the config: a database URL wins over the data folder. */
export function databaseTarget(config: { dataDir: string; databaseUrl?: string | undefined }): DatabaseTarget {
  if (config.databaseUrl) return { kind: 'postgres', url: config.databaseUrl };
  return { kind: 'sqlite', file: config.dataDir === ':memory:' ? ':memory:' : join(config.dataDir, 'sluice.db') };
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Opens the database and brings its schema up to date. Refuses a database migrated by a newer Sluice. */
export async function openDatabase(target: DatabaseTarget): Promise<OpenDatabase> {
  const opened = target.kind === 'sqlite' ? openSqlite(target.file) : openPostgres(target.url);
  try {
    await migrate(opened.db);
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

function openSqlite(file: string): OpenDatabase {
  if (file !== ':memory:') mkdirSync(join(file, '..'), { recursive: true });
  const sqlite = new BetterSqlite3(file);
  // WAL lets readers run beside the writer; NORMAL sync is durable across process crashes (not power loss),
  // which is what "kill -9 loses nothing" needs. busy_timeout covers a second process opening the file.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

/** Most prepared statements kept per SQLite connection. */
const STATEMENT_CACHE_SIZE = 512;

/**
 * Kysely's SQLite driver prepares every statement anew, which costs more than running it (a third of a
 * DescribePipeline's CPU in profiles). Queries are built from a fixed set of shapes, so their SQL texts repeat:
 * keep the prepared statements by text. Kysely runs each statement to completion before the next, so a cached
 * statement is never in use twice at once.
 */
function withStatementCache(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (sql: string) => {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string): OpenDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Timestamps are epoch-ms bigints: read them as numbers (safe up to 2^53), not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        oid === INT8_OID || oid === NUMERIC_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
    },
  });
  // An idle pooled connection that the server ends (a restart, an administrator's terminate) makes the pool emit
  // 'error', which would crash the process if nobody listened. The pool has already dropped that connection and
  // the next query opens a new one, so there is nothing to do; a query that fails still fails loudly.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const location = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { db, dialect: 'postgres', location, close: () => db.destroy() };
}

async function migrate(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'sluice_migrations',
    migrationLockTableName: 'sluice_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    const hint = /missing/.test(reason)
      ? ' The database was migrated by a newer Sluice; upgrade Sluice or point it at another database.'
      : '';
    throw new Error(`Database migration ${failed ?? ''} failed: ${reason}.${hint}`, { cause: error });
  }
}
