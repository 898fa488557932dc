/**
 * Functions survive a restart: created on one Sluice, invoked by a new Sluice on the same data folder or database,
 * even after this node's unpacked code is gone (the package is in the store). On PostgreSQL a second node with a
 * data folder of its own runs the same functions.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CreateFunctionCommand, InvokeCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import type { Config } from '../../src/config.js';
import { DEFAULT_CONFIG } from '../../src/config.js';
import type { RunningSluice } from '../../src/server/start-sluice.js';
import { startSluice } from '../../src/server/start-sluice.js';
import { LAMBDA_ROLE, lambdaClient, nodePackage, payloadJson, pythonPackage } from '../support/lambda.js';
import { createPostgresDatabase, storeKinds } from '../support/stores.js';

const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-lambda-durable-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function invokeBoth(sluice: RunningSluice): Promise<unknown[]> {
  const client = lambdaClient(sluice.url);
  try {
    const results = [];
    for (const name of ['durable-python', 'durable-node']) {
      const result = await client.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"k":"v"}') }));
      assert.equal(result.FunctionError, undefined, Buffer.from(result.Payload ?? new Uint8Array()).toString());
      results.push((payloadJson(result.Payload) as { event: unknown }).event);
    }
    return results;
  } finally {
    client.destroy();
  }
}

for (const kind of await storeKinds()) {
  describe(`lambda durability (${kind})`, () => {
    it('invokes functions created before a restart, with the unpacked code removed in between', async () => {
      const database = kind === 'postgres' ? await createPostgresDatabase() : undefined;
      if (database) cleanups.push(database.drop);
      const config: Config = {
        ...DEFAULT_CONFIG,
        port: 0,
        dataDir: tempDir(),
        databaseUrl: database?.url,
        logLevel: 'error',
      };
      const first = await startSluice(config);
      const client = lambdaClient(first.url);
      try {
        for (const [name, runtime, handler, zip] of [
          ['durable-python', 'python3.11', 'app.handler', pythonPackage()],
          ['durable-node', 'nodejs18.x', 'index.handler', nodePackage()],
        ] as const) {
          await client.send(
            new CreateFunctionCommand({
              FunctionName: name,
              Runtime: runtime,
              Handler: handler,
              Role: LAMBDA_ROLE,
              Code: { ZipFile: zip },
            }),
          );
        }
        assert.deepEqual(await invokeBoth(first), [{ k: 'v' }, { k: 'v' }]);
      } finally {
        client.destroy();
        await first.close();
      }
      rmSync(join(config.dataDir, 'lambda'), { recursive: true, force: true });

      const second = await startSluice(config);
      cleanups.push(() => second.close());
      const lister = lambdaClient(second.url);
      const listed = await lister.send(new ListFunctionsCommand({}));
      lister.destroy();
      assert.deepEqual(
        listed.Functions?.map((f) => f.FunctionName),
        ['durable-node', 'durable-python'],
      );
      assert.deepEqual(await invokeBoth(second), [{ k: 'v' }, { k: 'v' }]);

      if (kind === 'postgres') {
        // Another node with a data folder of its own: the code comes from the database.
        const other = await startSluice({ ...config, dataDir: tempDir() });
        cleanups.push(() => other.close());
        assert.deepEqual(await invokeBoth(other), [{ k: 'v' }, { k: 'v' }]);
      }
    });
  });
}
