/**
 * The compatibility suite: every scenario in test/clients/scenarios runs, unchanged, through each real client —
 * boto3 (configured only through AWS_ENDPOINT_URL), Debian's boto3 1.26 (older botocore, SQS over the query
 * protocol) and the AWS JS SDK v3 — against one real Sluice, reset before each run. Then every operation the
 * server says it serves (GET /_sluice/health) must have succeeded through at least two of those clients.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSluiceConfigFile } from '../../src/sluice-config.js';
import { CLIENTS_DIR, clientEnv, describeResult, runProcess } from '../support/python-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import type { Scenario, StepResult } from './drivers/sdk-scenario.js';
import { runScenarioWithSdk } from './drivers/sdk-scenario.js';

const SCENARIOS_DIR = join(CLIENTS_DIR, 'scenarios');
const BOTO3_DRIVER = join(CLIENTS_DIR, 'drivers', 'boto3_scenario.py');
/** Debian's interpreter, whose python3-boto3 (1.26) CI installs. */
const DEBIAN_PYTHON = '/usr/bin/python3';

/** A real client that can run a scenario. */
interface Client {
  readonly kind: 'boto3' | 'boto3-debian' | 'sdk-js';
  /** Older clients may lack operations or members newer than they are; the others must run every step. */
  readonly mayLackOperations: boolean;
  run(file: string, scenario: Scenario, endpoint: string, run: string): Promise<StepResult[]>;
}

/** Runs the boto3 driver with `python`; `endpointArg` false means only AWS_ENDPOINT_URL points it at Sluice. */
function boto3Client(kind: 'boto3' | 'boto3-debian', python: string, endpointArg: boolean): Client {
  return {
    kind,
    mayLackOperations: kind === 'boto3-debian',
    run: async (file, _scenario, endpoint, run) => {
      const env = clientEnv({ SCENARIO_RUN: run, ...(endpointArg ? {} : { AWS_ENDPOINT_URL: endpoint }) });
      const args = [BOTO3_DRIVER, file, kind, ...(endpointArg ? [endpoint] : [])];
      const result = await runProcess(python, args, env, 300_000);
      const lines = result.stdout.split('\n').filter((line) => line.startsWith('{'));
      if (lines.length === 0) assert.fail(describeResult(`${kind} driver`, result));
      const results = lines.map((line) => JSON.parse(line) as StepResult);
      if (result.code !== 0 && !results.some((r) => r.status === 'failed'))
        assert.fail(describeResult(`${kind} driver`, result));
      return results;
    },
  };
}

const sdkClient: Client = {
  kind: 'sdk-js',
  mayLackOperations: false,
  run: (_file, scenario, endpoint, run) =>
    runScenarioWithSdk(scenario, endpoint, { run, region: 'us-east-1', account: '000000000000' }),
};

/** Debian's boto3 runs when installed; CI installs it, so there it is required (a missing one fails the run). */
const withDebianBoto3 =
  process.env['CI'] !== undefined || existsSync('/usr/lib/python3/dist-packages/boto3/__init__.py');

const clients: readonly Client[] = [
  boto3Client('boto3', 'python3', false),
  ...(withDebianBoto3 ? [boto3Client('boto3-debian', DEBIAN_PYTHON, true)] : []),
  sdkClient,
];

/** SCENARIO=name runs only the scenarios whose file name contains it (and skips the coverage check). */
const only = process.env['SCENARIO'];
const scenarioFiles = readdirSync(SCENARIOS_DIR)
  .filter((name) => name.endsWith('.json') && name !== 'sluice-config.json')
  .filter((name) => only === undefined || name.includes(only))
  .sort();

describe('compatibility: every scenario through every real client', () => {
  let server: TestServer;
  /** operation → the clients it succeeded through. */
  const succeeded = new Map<string, Set<string>>();

  before(async () => {
    const configPath = join(SCENARIOS_DIR, 'sluice-config.json');
    server = await startTestServer('sqlite', {
      allowReset: true,
      ...(existsSync(configPath) ? { configFile: readSluiceConfigFile(configPath) } : {}),
    });
  });
  after(() => server?.stop());

  for (const file of scenarioFiles) {
    const scenario = JSON.parse(readFileSync(join(SCENARIOS_DIR, file), 'utf8')) as Scenario;
    for (const client of clients) {
      it(`${file} through ${client.kind}`, async () => {
        const reset = await fetch(`${server.url}/moto-api/reset`, { method: 'POST' });
        assert.equal(reset.status, 200);
        const run = `${client.kind}-${Date.now().toString(36)}`;
        const results = await client.run(join(SCENARIOS_DIR, file), scenario, server.url, run);
        const problems = results.filter(
          (r) => r.status === 'failed' || (r.status === 'unsupported' && !client.mayLackOperations),
        );
        assert.deepEqual(
          problems.map((r) => `step ${r.index} ${r.call}: ${r.status}: ${r.message}`),
          [],
          `${file} through ${client.kind}`,
        );
        assert.equal(results.length, scenario.steps.length, 'every step ran');
        for (const r of results) {
          if (r.status !== 'ok' || r.call === 'sleep') continue;
          const operation = r.call;
          if (!succeeded.has(operation)) succeeded.set(operation, new Set());
          succeeded.get(operation)!.add(client.kind);
        }
      });
    }
  }

  it('every operation Sluice serves succeeded through at least two clients', { skip: only !== undefined }, async () => {
    const health = (await (await fetch(`${server.url}/_sluice/health`)).json()) as {
      operations: Record<string, string[]>;
    };
    const served = Object.entries(health.operations).flatMap(([service, ops]) => ops.map((op) => `${service}.${op}`));
    assert.ok(served.length > 50, `the health answer lists the operations (${served.length})`);
    const short = served
      .map((op) => ({ op, clients: [...(succeeded.get(op) ?? [])].sort() }))
      .filter(({ clients }) => clients.length < 2)
      .map(({ op, clients }) => `${op}: ${clients.join(', ') || 'no client'}`);
    assert.deepEqual(short, [], 'operations not exercised by two clients');
  });
});
