/**
 * The stores every storage-touching test runs on: SQLite always, PostgreSQL when reachable. CI (CI=true)
 * requires PostgreSQL, so a broken PostgreSQL path cannot pass silently there. Each PostgreSQL test server
 * gets a database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type StoreKind = 'sqlite' | 'postgres';

/** Admin URL for creating per-test databases; SLUICE_TEST_POSTGRES=off skips PostgreSQL locally. */
export const POSTGRES_ADMIN_URL = process.env['SLUICE_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let probed: Promise<boolean> | undefined;

async function postgresReachable(): Promise<boolean> {
  if (POSTGRES_ADMIN_URL === 'off') return false;
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    if (process.env['CI'] === 'true')
      throw new Error(`PostgreSQL is required in CI but unreachable at ${POSTGRES_ADMIN_URL}`, { cause: error });
    return false;
  }
}

/** The stores to run on. */
export async function storeKinds(): Promise<StoreKind[]> {
  probed ??= postgresReachable();
  return (await probed) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh PostgreSQL database and the means to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `sluice_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
