/**
 * Lambda function resources through @aws-sdk/client-lambda against a real Sluice over HTTP, on every store:
 * CreateFunction (and what it refuses), GetFunction, GetFunctionConfiguration, ListFunctions, the two updates and
 * DeleteFunction.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  InvokeCommand,
  type LambdaClient,
  ListFunctionsCommand,
  paginateListFunctions,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { messages } from '../../src/services/lambda/messages.js';
import { LAMBDA_ROLE, lambdaClient, nodePackage, payloadJson, PYTHON_APP, pythonPackage } from '../support/lambda.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { makeZip } from '../support/zip.js';
import { errorOf } from '../support/errors.js';

const ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

for (const kind of await storeKinds()) {
  describe(`lambda functions (${kind})`, () => {
    let server: TestServer;
    let lambda: LambdaClient;
    before(async () => {
      server = await startTestServer(kind);
      lambda = lambdaClient(server.url);
    });
    after(async () => {
      lambda.destroy();
      await server.stop();
    });

    const createPython = (name: string, extra: Record<string, unknown> = {}) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'python3.12',
          Handler: 'app.handler',
          Role: LAMBDA_ROLE,
          Code: { ZipFile: pythonPackage() },
          ...extra,
        }),
      );

    it('creates a Python function and describes it as Lambda does', async () => {
      const zip = pythonPackage();
      const created = await createPython('describe-me', {
        Code: { ZipFile: zip },
        Description: 'a test function',
        Timeout: 30,
        MemorySize: 256,
        Environment: { Variables: { GREETING: 'hi' } },
        Tags: { team: 'data' },
      });
      assert.equal(created.$metadata.httpStatusCode, 201);
      assert.equal(created.FunctionArn, `${ARN_PREFIX}describe-me`);
      assert.equal(created.Runtime, 'python3.12');
      assert.equal(created.Handler, 'app.handler');
      assert.equal(created.Timeout, 30);
      assert.equal(created.MemorySize, 256);
      assert.equal(created.CodeSize, zip.length);
      assert.match(created.CodeSha256 ?? '', /^[A-Za-z0-9+/]{43}=$/);
      assert.equal(created.Version, '$LATEST');
      assert.equal(created.State, 'Active');
      assert.equal(created.PackageType, 'Zip');
      assert.deepEqual(created.Environment, { Variables: { GREETING: 'hi' } });
      assert.match(created.LastModified ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);

      const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'describe-me' }));
      const { $metadata: _metadata, ...configuration } = created;
      assert.deepEqual(got.Configuration, configuration);
      assert.deepEqual(got.Tags, { team: 'data' });
      assert.equal(got.Code?.RepositoryType, 'S3');
      const download = await fetch(got.Code?.Location ?? '');
      assert.equal(download.status, 200);
      assert.deepEqual(Buffer.from(await download.arrayBuffer()), zip);

      const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'describe-me' }));
      assert.equal(config.Description, 'a test function');
      assert.equal(config.CodeSha256, created.CodeSha256);
    });

    it('accepts the name, a partial ARN, the full ARN and $LATEST wherever a FunctionName goes', async () => {
      await createPython('named');
      for (const name of ['named', '000000000000:function:named', `${ARN_PREFIX}named`, 'named:$LATEST']) {
        const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: name }));
        assert.equal(config.FunctionName, 'named', name);
      }
      const invoked = await lambda.send(new InvokeCommand({ FunctionName: `${ARN_PREFIX}named` }));
      assert.equal(invoked.StatusCode, 200);
    });

    it('creates a Node.js function with a handler in a subfolder (.js, .mjs or .cjs)', async () => {
      for (const [file, source] of [
        ['src/lib/main.js', 'exports.go = async () => "js";'],
        ['src/lib/main.mjs', 'export const go = async () => "mjs";'],
        ['src/lib/main.cjs', 'module.exports.go = async () => "cjs";'],
      ] as const) {
        const name = `node-${file.split('.').pop()}`;
        await lambda.send(
          new CreateFunctionCommand({
            FunctionName: name,
            Runtime: 'nodejs22.x',
            Handler: 'src/lib/main.go',
            Role: LAMBDA_ROLE,
            Code: { ZipFile: makeZip({ [file]: source }) },
          }),
        );
        const invoked = await lambda.send(new InvokeCommand({ FunctionName: name }));
        assert.equal(payloadJson(invoked.Payload), file.split('.').pop());
      }
    });

    it('refuses a package that is not a zip', async () => {
      const error = await errorOf(() => createPython('not-a-zip', { Code: { ZipFile: Buffer.from('plain text') } }));
      assert.equal(error.name, 'InvalidParameterValueException');
      assert.equal(error.message, messages.couldNotUnzip());
      assert.equal(error.$metadata.httpStatusCode, 400);
    });

    it('refuses a package without the handler file, naming it', async () => {
      const error = await errorOf(() =>
        createPython('no-handler', { Code: { ZipFile: makeZip({ 'other.py': PYTHON_APP }) } }),
      );
      assert.equal(error.name, 'InvalidParameterValueException');
      assert.equal(error.message, messages.handlerFileMissing('app.handler', ['app.py', 'app/__init__.py']));
      const node = await errorOf(() =>
        lambda.send(
          new CreateFunctionCommand({
            FunctionName: 'no-node-handler',
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: LAMBDA_ROLE,
            Code: { ZipFile: makeZip({ 'main.mjs': 'export const handler = () => 1;' }) },
          }),
        ),
      );
      assert.match(node.message, /'index\.js' or 'index\.mjs' or 'index\.cjs'/);
    });

    it('refuses runtimes it cannot run, listing those it can', async () => {
      for (const runtime of ['java17', 'python2.7', 'nodejs16.x', 'provided.al2023']) {
        const error = await errorOf(() => createPython(`rt-${runtime.replace(/\./g, '-')}`, { Runtime: runtime }));
        assert.equal(error.name, 'InvalidParameterValueException', runtime);
        assert.equal(error.message, messages.unsupportedRuntime(runtime));
        assert.match(error.message, /python3\.8, .*python3\.13, nodejs18\.x, nodejs20\.x, nodejs22\.x/);
      }
      const garbage = await errorOf(() => createPython('rt-garbage', { Runtime: 'cobol85' }));
      assert.equal(garbage.name, 'ValidationException');
      assert.match(garbage.message, /Member must satisfy enum value set/);
    });

    it('refuses a duplicate name, an over-long timeout and reserved variables', async () => {
      await createPython('taken');
      const duplicate = await errorOf(() => createPython('taken'));
      assert.equal(duplicate.name, 'ResourceConflictException');
      assert.equal(duplicate.message, messages.functionExists('taken'));
      assert.equal(duplicate.$metadata.httpStatusCode, 409);
      const timeout = await errorOf(() => createPython('too-slow', { Timeout: 901 }));
      assert.equal(timeout.name, 'ValidationException');
      assert.equal(timeout.message, messages.timeoutTooLarge(901));
      const reserved = await errorOf(() =>
        createPython('reserved', { Environment: { Variables: { AWS_REGION: 'x', OK: 'y' } } }),
      );
      assert.equal(reserved.name, 'InvalidParameterValueException');
      assert.equal(reserved.message, messages.reservedEnvironmentKeys(['AWS_REGION']));
      const missing = await errorOf(() => createPython('no-runtime', { Runtime: undefined }));
      assert.equal(missing.message, messages.runtimeAndHandlerRequired());
      const s3 = await errorOf(() => createPython('from-s3', { Code: { S3Bucket: 'bucket', S3Key: 'k.zip' } }));
      assert.equal(s3.message, messages.onlyZipFile());
    });

    it('answers ResourceNotFoundException (404) for unknown functions and qualifiers', async () => {
      for (const name of ['nope', `${ARN_PREFIX}nope`, 'arn:aws:lambda:eu-west-1:000000000000:function:named']) {
        const error = await errorOf(() => lambda.send(new GetFunctionCommand({ FunctionName: name })));
        assert.equal(error.name, 'ResourceNotFoundException', name);
        assert.equal(error.$metadata.httpStatusCode, 404);
        assert.match(
          error.message,
          /^Function not found: arn:aws:lambda:[a-z0-9-]+:000000000000:function:(nope|named)$/,
        );
        assert.equal(error.$response?.headers['x-amzn-errortype'], 'ResourceNotFoundException');
      }
      const qualified = await errorOf(() => lambda.send(new GetFunctionCommand({ FunctionName: 'named:prod' })));
      assert.equal(qualified.message, messages.functionNotFound(`${ARN_PREFIX}named:prod`));
      const del = await errorOf(() => lambda.send(new DeleteFunctionCommand({ FunctionName: 'nope' })));
      assert.equal(del.name, 'ResourceNotFoundException');
    });

    it('lists functions by name, page by page', async () => {
      const names = ['list-a', 'list-b', 'list-c', 'list-d', 'list-e'];
      for (const name of names) await createPython(name);
      const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
      assert.equal(first.Functions?.length, 2);
      assert.ok(first.NextMarker);
      const all: string[] = [];
      for await (const page of paginateListFunctions({ client: lambda, pageSize: 2 }, {})) {
        for (const fn of page.Functions ?? []) all.push(fn.FunctionName ?? '');
      }
      assert.deepEqual(
        all.filter((n) => n.startsWith('list-')),
        names,
      );
      assert.deepEqual([...all].sort(), all);
      const bad = await errorOf(() => lambda.send(new ListFunctionsCommand({ Marker: '!!!' })));
      assert.equal(bad.name, 'InvalidParameterValueException');
    });

    it('updates code: a new hash and revision, and fresh workers running the new code', async () => {
      await createPython('update-code');
      const first = payloadJson((await lambda.send(new InvokeCommand({ FunctionName: 'update-code' }))).Payload);
      const second = payloadJson((await lambda.send(new InvokeCommand({ FunctionName: 'update-code' }))).Payload);
      assert.equal((first as { calls: number }).calls, 1);
      assert.equal((second as { calls: number }).calls, 2);
      const before = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'update-code' }));
      const updated = await lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: 'update-code',
          ZipFile: pythonPackage(PYTHON_APP.replace('event.get("version", 1)', 'event.get("version", 2)')),
        }),
      );
      assert.notEqual(updated.CodeSha256, before.CodeSha256);
      assert.notEqual(updated.RevisionId, before.RevisionId);
      const after = payloadJson((await lambda.send(new InvokeCommand({ FunctionName: 'update-code' }))).Payload);
      assert.deepEqual([(after as { calls: number }).calls, (after as { version: number }).version], [1, 2]);
      const stale = await errorOf(() =>
        lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: 'update-code',
            ZipFile: pythonPackage(),
            RevisionId: before.RevisionId,
          }),
        ),
      );
      assert.equal(stale.name, 'PreconditionFailedException');
      const notZip = await errorOf(() =>
        lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'update-code', ZipFile: Buffer.from('x') })),
      );
      assert.equal(notZip.message, messages.couldNotUnzip());
    });

    it('updates configuration: timeout, memory, environment, handler and runtime', async () => {
      await createPython('update-config', { Environment: { Variables: { GREETING: 'one' } } });
      const env = (): Promise<unknown> =>
        lambda
          .send(new InvokeCommand({ FunctionName: 'update-config' }))
          .then((r) => (payloadJson(r.Payload) as { env: Record<string, string> }).env['GREETING']);
      assert.equal(await env(), 'one');
      const updated = await lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'update-config',
          Timeout: 60,
          MemorySize: 512,
          Description: 'changed',
          Environment: { Variables: { GREETING: 'two' } },
        }),
      );
      assert.deepEqual(
        [updated.Timeout, updated.MemorySize, updated.Description, updated.Environment?.Variables?.['GREETING']],
        [60, 512, 'changed', 'two'],
      );
      assert.equal(await env(), 'two');
      const cleared = await lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'update-config', Environment: { Variables: {} } }),
      );
      assert.equal(cleared.Environment, undefined);
      const badHandler = await errorOf(() =>
        lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: 'update-config', Handler: 'other.handler' }),
        ),
      );
      assert.equal(badHandler.name, 'InvalidParameterValueException');
      const badRuntime = await errorOf(() =>
        lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'update-config', Runtime: 'nodejs20.x' })),
      );
      assert.match(badRuntime.message, /'app\.js' or 'app\.mjs' or 'app\.cjs'/);
      const runtime = await lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'update-config', Runtime: 'python3.11' }),
      );
      assert.equal(runtime.Runtime, 'python3.11');
    });

    it('deletes a function, which then no longer exists', async () => {
      await lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'doomed',
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Role: LAMBDA_ROLE,
          Code: { ZipFile: nodePackage() },
        }),
      );
      await lambda.send(new InvokeCommand({ FunctionName: 'doomed' }));
      const deleted = await lambda.send(new DeleteFunctionCommand({ FunctionName: 'doomed' }));
      assert.equal(deleted.$metadata.httpStatusCode, 204);
      const error = await errorOf(() => lambda.send(new InvokeCommand({ FunctionName: 'doomed' })));
      assert.equal(error.name, 'ResourceNotFoundException');
      await createPython('doomed'); // the name is free again
    });

    it('answers unserved Lambda paths with UnknownOperationException', async () => {
      const response = await fetch(`${server.url}/2015-03-31/functions/named/policy`);
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('x-amzn-errortype'), 'UnknownOperationException');
      const body = (await response.json()) as { Type: string; message: string };
      assert.equal(body.Type, 'User');
      assert.match(body.message, /Sluice does not serve GET \/2015-03-31\/functions\/named\/policy/);
    });
  });
}
