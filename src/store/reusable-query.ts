/**
 * Queries built once and run many times. Building a query with Kysely costs about 20 µs, four times what running
 * it on SQLite costs, and a StartPipelineExecution runs a dozen statements. A reusable query is built once per
 * dialect with placeholder values, compiled, and then run with the real values in their places; the SQL text is
 * the same each time, so SQLite's statement cache (open-database.ts) also hits.
 *
 * Only for queries whose shape never depends on the values: every value must appear as a parameter as it is given
 * (equality, inserts, plain set clauses), never transformed (`like` patterns, lists of varying length).
 */
import type { CompiledQuery, Compilable, QueryResult } from 'kysely';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Db } from './pipelines.js';
import type { Database } from './schema.js';

import type { Dialect } from './open-database.js';

/** Kysely instances that only compile, one per dialect. */
const compilers: Record<Dialect, Kysely<Database>> = {
  sqlite: new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgres: new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};

function dialectOf(db: Db): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** A placeholder standing for the value of `key`. */
export type Placeholders<P> = { readonly [K in keyof P]: P[K] };

/**
 * Defines a reusable query: `build` receives placeholders (unique marker values) where the real values go.
 * Answers a function that runs the query on `db` (a database or a transaction) with `params`.
 */
export function reusableQuery<P extends object, R>(
  build: (db: Kysely<Database>, p: Placeholders<P>, dialect: Dialect) => Compilable<R>,
): (db: Db, params: P) => Promise<QueryResult<R>> {
  const compiled = new Map<Dialect, { query: CompiledQuery<R>; slots: (keyof P | undefined)[] }>();
  return (db, params) => {
    const dialect = dialectOf(db);
    let entry = compiled.get(dialect);
    if (!entry) {
      const markers = new Map<unknown, keyof P>();
      const placeholders = Object.fromEntries(
        (Object.keys(params) as (keyof P & string)[]).map((key) => {
          const marker = `\u0000placeholder:${key}\u0000`;
          markers.set(marker, key);
          return [key, marker];
        }),
      ) as unknown as Placeholders<P>;
      const query = build(compilers[dialect], placeholders, dialect).compile();
      entry = { query, slots: query.parameters.map((value) => markers.get(value)) };
      compiled.set(dialect, entry);
    }
    const { query, slots } = entry;
    const parameters = slots.map((key, i) => (key === undefined ? query.parameters[i] : params[key]));
    return db.executeQuery<R>({ ...query, parameters });
  };
}
