/**
 * Sluice's Lambda endpoint driven by the Python clients: boto3 (test/clients/lambda_functions.py, which asserts
 * for itself) on every store, and the AWS CLI (`aws lambda create-function … invoke … delete-function`) on the
 * first (each CLI start costs seconds, and the CLI sees only the wire, which no store changes). The boto3 script
 * and the CLI flow share a server and run side by side; each uses function names of its own.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LAMBDA_ROLE, NODE_APP } from '../support/lambda.js';
import { awsCliVersion, describeResult, runAwsCli, runPythonClient } from '../support/python-client.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { makeZip } from '../support/zip.js';

/** Missing tools skip the test locally; in CI (CI=true) they fail it. */
function requireTool(missing: boolean | undefined, tool: string, skip: (message: string) => void): boolean {
  if (!missing) return true;
  if (process.env['CI'] === 'true') assert.fail(`${tool} is required in CI but was not found on PATH`);
  skip(`${tool} not found on PATH`);
  return false;
}

const kinds = await storeKinds();
/** Asked once, on first use. */
let cliVersion: ReturnType<typeof awsCliVersion> | undefined;

describe('boto3 and the AWS CLI against the Lambda endpoint', { concurrency: true }, () => {
  for (const kind of kinds) {
    describe(kind, { concurrency: true }, () => {
      let server: TestServer;
      let workDir: string;
      before(async () => {
        server = await startTestServer(kind);
        workDir = mkdtempSync(join(tmpdir(), 'sluice-lambda-cli-'));
      });
      after(async () => {
        rmSync(workDir, { recursive: true, force: true });
        await server.stop();
      });

      it('boto3: create, waiters, invoke, errors, paginator, updates, delete (test/clients/lambda_functions.py)', async (t) => {
        const result = await runPythonClient('lambda_functions.py', server.url);
        if (!requireTool(result.missing, 'python3', (m) => t.skip(m))) return;
        assert.equal(result.code, 0, describeResult('python3 test/clients/lambda_functions.py', result));
        assert.match(result.stdout, /lambda_functions\.py: all \d+ sections passed/, describeResult('boto3', result));
      });

      if (kind !== kinds[0]) return;
      it('AWS CLI: create-function from a zip file, invoke with a log tail, errors, delete-function', async (t) => {
        const version = await (cliVersion ??= awsCliVersion());
        if (!requireTool(version === undefined, 'aws (AWS CLI)', (m) => t.skip(m))) return;
        const cli = async (args: string[]): Promise<Record<string, unknown>> => {
          const result = await runAwsCli(['lambda', ...args], server.url);
          assert.equal(result.code, 0, describeResult(`aws lambda ${args.join(' ')}`, result));
          return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, unknown>);
        };
        const name = `cli-${kind}-${Date.now().toString(36)}`;
        const zipFile = join(workDir, 'function.zip');
        writeFileSync(zipFile, makeZip({ 'index.mjs': NODE_APP }));

        const created = await cli([
          'create-function',
          '--function-name',
          name,
          '--runtime',
          'nodejs20.x',
          '--handler',
          'index.handler',
          '--role',
          LAMBDA_ROLE,
          '--zip-file',
          `fileb://${zipFile}`,
        ]);
        assert.equal(created['FunctionArn'], `arn:aws:lambda:us-east-1:000000000000:function:${name}`);
        assert.equal(created['State'], 'Active');

        // Independent calls side by side: the time goes into starting the CLI.
        const outFile = join(workDir, 'out.json');
        const errorFile = join(workDir, 'error.json');
        const [invoked, failed, listed] = await Promise.all([
          cli([
            'invoke',
            '--function-name',
            name,
            '--payload',
            '{"print":"from the cli","n":7}',
            '--log-type',
            'Tail',
            outFile,
          ]),
          cli(['invoke', '--function-name', name, '--payload', '{"raise":"cli error"}', errorFile]),
          cli(['list-functions']),
        ]);
        assert.equal(invoked['StatusCode'], 200);
        assert.equal(invoked['ExecutedVersion'], '$LATEST');
        assert.equal(invoked['FunctionError'], undefined);
        assert.match(Buffer.from(String(invoked['LogResult']), 'base64').toString(), /INFO\tfrom the cli\n/);
        const output = JSON.parse(readFileSync(outFile, 'utf8')) as {
          event: unknown;
          context: { functionName: string };
        };
        assert.deepEqual(output.event, { print: 'from the cli', n: 7 });
        assert.equal(output.context.functionName, name);

        assert.equal(failed['FunctionError'], 'Unhandled');
        assert.equal(
          (JSON.parse(readFileSync(errorFile, 'utf8')) as { errorMessage: string }).errorMessage,
          'cli error',
        );
        assert.ok((listed['Functions'] as { FunctionName: string }[]).some((f) => f.FunctionName === name));
        await cli(['delete-function', '--function-name', name]);
        const missing = await runAwsCli(['lambda', 'get-function', '--function-name', name], server.url);
        assert.notEqual(missing.code, 0);
        assert.match(
          missing.stderr,
          /\(ResourceNotFoundException\).*Function not found: arn:aws:lambda:us-east-1:000000000000:function:/,
        );
      });
    });
  }
});
