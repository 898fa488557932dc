import type { Migration, MigrationProvider } from 'kysely';
import { migration0001Pipelines } from './0001-pipelines.js';
import { migration0002Executions } from './0002-executions.js';
import { migration0003Sqs } from './0003-sqs.js';

/**
 * Every migration, in order. Names sort lexically, so keep the 4-digit prefix. A migration is never edited
 * once released: add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-pipelines': migration0001Pipelines,
  '0002-executions': migration0002Executions,
  '0003-sqs': migration0003Sqs,
};

/** Serves MIGRATIONS to Kysely's Migrator (no file-system scanning, so the build output is self-contained). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
