/**
 * PostgreSQL may end a pooled connection while it sits idle (a server restart, an administrator's
 * pg_terminate_backend). Sluice must live on and answer the next call on a fresh connection: an idle client's
 * error, unheard, would crash the process (and this test with it).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListPipelinesCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import pg from 'pg';
import { POSTGRES_ADMIN_URL, storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';

const withPostgres = (await storeKinds()).includes('postgres');

describe('PostgreSQL ends idle connections', { skip: !withPostgres && 'no PostgreSQL' }, () => {
  let server: TestServer;
  let sm: SageMakerClient;
  before(async () => {
    server = await startTestServer('postgres');
    sm = sagemakerClient(server.url);
  });
  after(async () => {
    sm.destroy();
    await server.stop();
  });

  it('answers the next call after its idle connections were terminated', async () => {
    await Promise.all(Array.from({ length: 4 }, () => sm.send(new ListPipelinesCommand({}))));
    const database = new URL(server.config.databaseUrl ?? '').pathname.slice(1);
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ended: boolean }>(
        'select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [database],
      );
      assert.ok(rows.length > 0, 'Sluice held idle connections to end');
    } finally {
      await admin.end();
    }
    // Let the ended connections' errors reach the pool before the next call.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const answer = await sm.send(new ListPipelinesCommand({}));
    assert.deepEqual(answer.PipelineSummaries, []);
  });
});
