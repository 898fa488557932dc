/**
 * Invoke through @aws-sdk/client-lambda against a real Sluice over HTTP, on every store, for a Python and a
 * Node.js function: payloads, context, environment, logs, function errors, timeouts, async and dry runs, limits.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateFunctionCommand,
  InvokeCommand,
  type InvokeCommandOutput,
  type LambdaClient,
  type Runtime as RuntimeName,
} from '@aws-sdk/client-lambda';
import { messages } from '../../src/services/lambda/messages.js';
import { LAMBDA_ROLE, lambdaClient, nodePackage, payloadJson, pythonPackage } from '../support/lambda.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:';

interface Runtime {
  readonly label: string;
  readonly runtime: RuntimeName;
  readonly handler: string;
  readonly zip: () => Buffer;
  /** The context member names of the runtime (snake_case in Python, camelCase in Node). */
  readonly requestIdKey: string;
}

const RUNTIMES: readonly Runtime[] = [
  {
    label: 'python',
    runtime: 'python3.12',
    handler: 'app.handler',
    zip: pythonPackage,
    requestIdKey: 'aws_request_id',
  },
  { label: 'node', runtime: 'nodejs20.x', handler: 'index.handler', zip: nodePackage, requestIdKey: 'awsRequestId' },
];

type Json = Record<string, unknown>;

for (const kind of await storeKinds()) {
  describe(`lambda invoke (${kind})`, () => {
    let server: TestServer;
    let lambda: LambdaClient;
    const scratch = mkdtempSync(join(tmpdir(), 'sluice-invoke-'));
    before(async () => {
      server = await startTestServer(kind);
      lambda = lambdaClient(server.url);
      for (const rt of RUNTIMES) {
        // `echo-*` for everything, `sleepy-*` (1 s) for the timeout.
        for (const [name, timeout] of [
          [`echo-${rt.label}`, 5],
          [`sleepy-${rt.label}`, 1],
        ] as const) {
          await lambda.send(
            new CreateFunctionCommand({
              FunctionName: name,
              Runtime: rt.runtime,
              Handler: rt.handler,
              Role: LAMBDA_ROLE,
              MemorySize: 256,
              Timeout: timeout,
              Environment: { Variables: { GREETING: `hello from ${rt.label}` } },
              Code: { ZipFile: rt.zip() },
            }),
          );
        }
      }
    });
    after(async () => {
      lambda.destroy();
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    });

    const invoke = (rt: Runtime, payload: unknown, extra: Record<string, unknown> = {}): Promise<InvokeCommandOutput> =>
      lambda.send(
        new InvokeCommand({
          FunctionName: `echo-${rt.label}`,
          Payload: Buffer.from(JSON.stringify(payload)),
          ...extra,
        }),
      );

    for (const rt of RUNTIMES) {
      it(`${rt.label}: round-trips the payload and shows the context and environment Lambda gives`, async () => {
        const event = { text: 'héllo ✓', n: 42, list: [1, 2, { deep: null }] };
        const result = await invoke(rt, event);
        assert.equal(result.StatusCode, 200);
        assert.equal(result.FunctionError, undefined);
        assert.equal(result.ExecutedVersion, '$LATEST');
        const body = payloadJson(result.Payload) as Json;
        assert.deepEqual(body['event'], event);
        const context = body['context'] as Json;
        assert.equal(context[rt.requestIdKey], result.$metadata.requestId);
        assert.deepEqual(Object.values(context).slice(0, 4), [
          `echo-${rt.label}`,
          '$LATEST',
          `${ARN_PREFIX}echo-${rt.label}`,
          '256',
        ]);
        assert.match(String(Object.values(context)[5]), /^\/aws\/lambda\/echo-/);
        assert.match(String(Object.values(context)[6]), /^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
        const remaining = Number(context['remaining']);
        assert.ok(remaining > 0 && remaining <= 5000, `remaining ${remaining}`);
        assert.deepEqual(body['env'], {
          GREETING: `hello from ${rt.label}`,
          AWS_LAMBDA_FUNCTION_NAME: `echo-${rt.label}`,
          AWS_REGION: 'us-east-1',
          AWS_LAMBDA_FUNCTION_TIMEOUT: '5',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        });
      });

      it(`${rt.label}: keeps a warm worker, so module state carries over`, async () => {
        const first = (payloadJson((await invoke(rt, {})).Payload) as Json)['calls'] as number;
        const second = (payloadJson((await invoke(rt, {})).Payload) as Json)['calls'] as number;
        assert.equal(second, first + 1);
      });

      it(`${rt.label}: returns the log tail with LogType Tail`, async () => {
        const result = await invoke(rt, { print: 'a line from the handler' }, { LogType: 'Tail' });
        const log = Buffer.from(result.LogResult ?? '', 'base64').toString('utf8');
        const id = result.$metadata.requestId ?? '';
        assert.match(log, new RegExp(`START RequestId: ${id} Version: \\$LATEST\\n`));
        assert.match(log, /a line from the handler\n/);
        assert.match(log, new RegExp(`END RequestId: ${id}\\nREPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\t`));
        assert.equal((await invoke(rt, {})).LogResult, undefined);
        const noisy = await invoke(rt, { printBytes: 3_000_000 }, { LogType: 'Tail' });
        assert.equal(noisy.FunctionError, undefined);
        const tail = Buffer.from(noisy.LogResult ?? '', 'base64');
        assert.ok(tail.length <= 4096, `tail of ${tail.length} bytes`);
        assert.match(tail.toString(), /REPORT RequestId: /);
      });

      it(`${rt.label}: answers a function error as 200 with X-Amz-Function-Error and AWS's payload`, async () => {
        const result = await invoke(rt, { raise: 'it broke' }, { LogType: 'Tail' });
        assert.equal(result.StatusCode, 200);
        assert.equal(result.FunctionError, 'Unhandled');
        const error = payloadJson(result.Payload) as Json;
        assert.equal(error['errorMessage'], 'it broke');
        assert.equal(error['errorType'], 'ItFailed');
        if (rt.label === 'python') {
          assert.deepEqual(Object.keys(error), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
          assert.equal(error['requestId'], result.$metadata.requestId);
          assert.match((error['stackTrace'] as string[])[0] ?? '', /app\.py", line \d+, in handler/);
        } else {
          assert.deepEqual(Object.keys(error), ['errorType', 'errorMessage', 'trace']);
          assert.equal((error['trace'] as string[])[0], 'ItFailed: it broke');
        }
        const log = Buffer.from(result.LogResult ?? '', 'base64').toString('utf8');
        assert.match(log, /ItFailed/);
      });

      it(`${rt.label}: kills a function at its timeout with AWS's message`, async () => {
        const started = Date.now();
        const result = await lambda.send(
          new InvokeCommand({ FunctionName: `sleepy-${rt.label}`, Payload: Buffer.from('{"sleep":30}') }),
        );
        assert.ok(Date.now() - started < 4000, 'killed at the 1 s timeout');
        assert.equal(result.StatusCode, 200);
        assert.equal(result.FunctionError, 'Unhandled');
        const id = result.$metadata.requestId ?? '';
        assert.match(
          (payloadJson(result.Payload) as Json)['errorMessage'] as string,
          new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${id} Task timed out after 1\\.00 seconds$`),
        );
        const next = await lambda.send(new InvokeCommand({ FunctionName: `sleepy-${rt.label}` }));
        assert.equal((payloadJson(next.Payload) as Json)['calls'], 1, 'a fresh worker');
      });

      it(`${rt.label}: reports a runtime that exits as Runtime.ExitError`, async () => {
        const result = await invoke(rt, { exit: 3 });
        assert.equal(result.FunctionError, 'Unhandled');
        assert.deepEqual(payloadJson(result.Payload), {
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${result.$metadata.requestId} Error: Runtime exited with error: exit status 3`,
        });
      });

      it(`${rt.label}: runs an Event invocation in the background (202) and a DryRun not at all (204)`, async () => {
        const marker = join(scratch, `event-${rt.label}-${kind}`);
        const event = await invoke(rt, { touch: marker }, { InvocationType: 'Event' });
        assert.equal(event.StatusCode, 202);
        assert.equal(Buffer.from(event.Payload ?? new Uint8Array()).length, 0);
        for (let i = 0; i < 100 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
        assert.equal(existsSync(marker) ? readFileSync(marker, 'utf8') : '', event.$metadata.requestId);
        const dryRun = await invoke(rt, { touch: `${marker}-dry` }, { InvocationType: 'DryRun' });
        assert.equal(dryRun.StatusCode, 204);
        assert.equal(existsSync(`${marker}-dry`), false);
      });

      it(`${rt.label}: turns a result over 6 MB into a function error`, async () => {
        const result = await invoke(rt, { returnBytes: 7_000_000 });
        assert.equal(result.FunctionError, 'Unhandled');
        assert.deepEqual(payloadJson(result.Payload), {
          errorMessage: 'Response payload size (7000002 bytes) exceeded maximum allowed payload size (6291556 bytes).',
          errorType: 'Function.ResponseSizeTooLarge',
        });
      });
    }

    it('passes an empty payload as {} and refuses one that is not JSON', async () => {
      const empty = await lambda.send(new InvokeCommand({ FunctionName: 'echo-node' }));
      assert.deepEqual((payloadJson(empty.Payload) as Json)['event'], {});
      const error = await lambda
        .send(new InvokeCommand({ FunctionName: 'echo-node', Payload: Buffer.from('{"unclosed": ') }))
        .then(
          () => assert.fail('expected InvalidRequestContentException'),
          (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
        );
      assert.equal(error.name, 'InvalidRequestContentException');
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.match(error.message, /^Could not parse request body into json: Could not parse payload into json: /);
    });

    it('refuses a request payload over 6 MB with RequestTooLargeException (413)', async () => {
      const big = Buffer.from(JSON.stringify({ data: 'x'.repeat(6_291_456) }));
      const error = await lambda.send(new InvokeCommand({ FunctionName: 'echo-node', Payload: big })).then(
        () => assert.fail('expected RequestTooLargeException'),
        (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
      );
      assert.equal(error.name, 'RequestTooLargeException');
      assert.equal(error.$metadata.httpStatusCode, 413);
      assert.equal(error.message, messages.invokeTooLarge());
    });

    it('answers ResourceNotFoundException for an unknown function', async () => {
      const error = await lambda.send(new InvokeCommand({ FunctionName: 'missing' })).then(
        () => assert.fail('expected ResourceNotFoundException'),
        (e: unknown) => e as { name: string; message: string; $metadata: { httpStatusCode: number } },
      );
      assert.equal(error.name, 'ResourceNotFoundException');
      assert.equal(error.$metadata.httpStatusCode, 404);
      assert.equal(error.message, messages.functionNotFound(`${ARN_PREFIX}missing`));
    });
  });
}
