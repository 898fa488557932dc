/**
 * The LambdaInvoker the pipeline engine uses, in both implementations, against functions created over HTTP on a
 * real Sluice: the built-in host (a second Lambda part opened on the same store, as another node would be, so the
 * code also comes from the store) and the external one pointed at that Sluice with `lambdaEndpoint`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { LambdaNotFoundError } from '../../src/runtimes/lambda/invoker.js';
import type { LambdaComponents } from '../../src/services/lambda/create-lambda.js';
import { createLambda } from '../../src/services/lambda/create-lambda.js';
import { systemClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import type { OpenDatabase } from '../../src/store/open-database.js';
import { databaseTarget, openDatabase } from '../../src/store/open-database.js';
import { LAMBDA_ROLE, lambdaClient, nodePackage, pythonPackage } from '../support/lambda.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const ACCOUNT = { accountId: '000000000000', region: 'us-east-1' };

for (const kind of await storeKinds()) {
  describe(`lambda invokers (${kind})`, () => {
    let server: TestServer;
    let store: OpenDatabase;
    let local: LambdaComponents;
    let external: LambdaComponents;
    const cacheDir = mkdtempSync(join(tmpdir(), 'sluice-invoker-'));
    before(async () => {
      server = await startTestServer(kind);
      const client = lambdaClient(server.url);
      await client.send(
        new CreateFunctionCommand({
          FunctionName: 'step-python',
          Runtime: 'python3.12',
          Handler: 'app.handler',
          Role: LAMBDA_ROLE,
          Timeout: 120,
          Code: { ZipFile: pythonPackage() },
        }),
      );
      await client.send(
        new CreateFunctionCommand({
          FunctionName: 'step-node',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: LAMBDA_ROLE,
          Code: { ZipFile: nodePackage() },
        }),
      );
      client.destroy();
      store = await openDatabase(databaseTarget(server.config));
      const common = { db: store.db, clock: systemClock, logger: createLogger('error'), dataDir: cacheDir };
      local = createLambda(common);
      external = createLambda({ ...common, lambdaEndpoint: server.url });
    });
    after(async () => {
      await local.close();
      await external.close();
      await store.close();
      await server.stop();
      rmSync(cacheDir, { recursive: true, force: true });
    });

    for (const [label, components] of [
      ['built-in host', () => local],
      ['external endpoint', () => external],
    ] as const) {
      it(`${label}: invokes by name and by ARN and returns the payload and the log tail`, async () => {
        const invoker = components().invoker;
        for (const name of ['step-python', 'arn:aws:lambda:us-east-1:000000000000:function:step-node']) {
          const result = await invoker.invoke(name, '{"model_name":"m-1"}', ACCOUNT);
          assert.equal(result.functionError, undefined);
          assert.equal(result.timedOut, false);
          assert.deepEqual((JSON.parse(result.payload) as { event: unknown }).event, { model_name: 'm-1' });
          assert.match(result.logTail, /START RequestId: [\w-]+ Version: \$LATEST\n[\s\S]*REPORT RequestId: /);
        }
      });

      it(`${label}: returns function errors and timeouts as results`, async () => {
        const invoker = components().invoker;
        const failed = await invoker.invoke('step-node', '{"raise":"no model"}', ACCOUNT);
        assert.equal(failed.functionError, 'Unhandled');
        assert.equal((JSON.parse(failed.payload) as { errorMessage: string }).errorMessage, 'no model');
        const slow = await invoker.invoke('step-python', '{"sleep":30}', { ...ACCOUNT, timeoutCapMs: 1000 });
        assert.equal(slow.timedOut, true);
        assert.equal(slow.functionError, 'Unhandled');
        assert.match(
          (JSON.parse(slow.payload) as { errorMessage: string }).errorMessage,
          /Task timed out after 1\.00 seconds$/,
        );
      });

      it(`${label}: throws LambdaNotFoundError for a missing function and reads timeouts`, async () => {
        const invoker = components().invoker;
        await assert.rejects(invoker.invoke('no-such-function', '{}', ACCOUNT), LambdaNotFoundError);
        assert.equal(await invoker.functionTimeoutMs('step-python', ACCOUNT), 120_000);
        assert.equal(await invoker.functionTimeoutMs('step-node', ACCOUNT), 3_000);
        assert.equal(await invoker.functionTimeoutMs('no-such-function', ACCOUNT), undefined);
      });
    }
  });
}
