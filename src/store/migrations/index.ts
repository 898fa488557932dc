import type { Migration, MigrationProvider } from 'kysely';
import { migration0001Pipelines } from './0001-pipelines.js';
import { migration0002Executions } from './0002-executions.js';
import { migration0003Sqs } from './0003-sqs.js';
import { migration0004Lambda } from './0004-lambda.js';
import { migration0005Jobs } from './0005-jobs.js';
import { migration0006Logs } from './0006-logs.js';

/**
 * Every migration, in order. Names sort lexically, so keep the 4-digit prefix. A migration is never edited
 * once released: add a new one.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-pipelines': migration0001Pipelines,
  '0002-executions': migration0002Executions,
  '0003-sqs': migration0003Sqs,
  '0004-lambda': migration0004Lambda,
  '0005-jobs': migration0005Jobs,
  '0006-logs': migration0006Logs,
};

/** Serves MIGRATIONS to Kysely's Migrator (no file-system scanning, so the build output is self-contained). */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
