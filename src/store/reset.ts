/**
 * Wipes every table but the migration bookkeeping, for moto's reset convention (`POST /moto-api/reset`). The
 * tables are read from the database catalogue, so tables added by later migrations are included without a list
 * to keep in step.
 */
import { sql } from 'kysely';
import type { OpenDatabase } from './open-database.js';

/** Deletes all rows of all of Sluice's tables in one transaction. */
export async function resetStore(store: OpenDatabase): Promise<void> {
  const { db, dialect } = store;
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') {
      const { rows } = await sql<{ name: string }>`
        select tablename as name from pg_tables
        where schemaname = current_schema() and tablename not like 'sluice_migration%'`.execute(trx);
      if (rows.length === 0) return;
      await sql`truncate table ${sql.join(rows.map((r) => sql.table(r.name)))} cascade`.execute(trx);
      return;
    }
    const { rows } = await sql<{ name: string }>`
      select name from sqlite_master
      where type = 'table' and name not like 'sluice_migration%' and name not like 'sqlite_%'`.execute(trx);
    // Children before parents: retry the tables a foreign key held back until none is left.
    let pending = rows.map((r) => r.name);
    for (let pass = 0; pending.length > 0 && pass <= rows.length; pass++) {
      const held: string[] = [];
      for (const name of pending) {
        try {
          await sql`delete from ${sql.table(name)}`.execute(trx);
        } catch {
          held.push(name);
        }
      }
      pending = held;
    }
    if (pending.length > 0) throw new Error(`could not empty tables ${pending.join(', ')}`);
  });
}
