/**
 * Sluice driven over real HTTP by the clients people actually use from Python: boto3 (the scripts in
 * test/clients/, which assert for themselves and exit non-zero on a failed check) and the AWS CLI v1, on every
 * store. Everything runs concurrently (the scripts and the CLI flow of one store share that store's server, and
 * the stores run side by side): the time goes into starting Python processes, not into Sluice. Each client uses
 * pipeline names of its own, so none sees another's pipelines.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ROLE_ARN } from '../support/definitions.js';
import {
  awsCliVersion,
  describeResult,
  runAwsCli,
  runPythonClient,
  versionAtLeast,
  type EndpointStyle,
  type ProcessResult,
} from '../support/python-client.js';
import { storeKinds } from '../support/stores.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * botocore reads AWS_ENDPOINT_URL since 1.31.0 (boto3 1.28.0: "configure the endpoint URL … via an environment
 * variable"); older CLIs are pointed at Sluice with --endpoint-url only.
 */
const ENDPOINT_ENV_SINCE = [1, 31, 0];
const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);
const NOT_STOPPABLE = "Only pipelines with 'Executing' status can be stopped";

/** Asked once, while the servers start (it never rejects: a missing `aws` resolves to undefined). */
const cliVersion = awsCliVersion();

/** Missing tools skip the test locally; in CI (CI=true) they fail it, so a broken setup cannot pass silently. */
function skipOrFailWhenMissing(result: ProcessResult, tool: string, skip: (message: string) => void): boolean {
  if (!result.missing) return false;
  if (process.env['CI'] === 'true') assert.fail(`${tool} is required in CI but was not found on PATH`);
  skip(`${tool} not found on PATH`);
  return true;
}

/** Runs a boto3 script and requires every one of its sections to pass. */
async function expectScriptPasses(script: string, url: string, skip: (message: string) => void): Promise<void> {
  const result = await runPythonClient(script, url);
  if (skipOrFailWhenMissing(result, 'python3', skip)) return;
  assert.equal(result.code, 0, describeResult(`python3 test/clients/${script}`, result));
  assert.match(result.stdout, new RegExp(`${script}: all \\d+ sections passed`), describeResult(script, result));
}

/** A Condition on an Integer parameter whose Else branch is a Fail step; pretty-printed, kept byte for byte. */
function cliDefinition(thresholdDefault: number): string {
  const definition = {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [{ Name: 'Threshold', Type: 'Integer', DefaultValue: thresholdDefault }],
    PipelineExperimentConfig: null,
    Steps: [
      {
        Name: 'Check',
        Type: 'Condition',
        Arguments: {
          Conditions: [{ Type: 'GreaterThan', LeftValue: { Get: 'Parameters.Threshold' }, RightValue: 1 }],
          IfSteps: [],
          ElseSteps: [{ Name: 'TooLow', Type: 'Fail', Arguments: { ErrorMessage: 'Threshold too low' } }],
        },
      },
    ],
  };
  return JSON.stringify(definition, null, 2) + '\n';
}

/** Epoch seconds (the CLI prints timestamps as the wire's numbers) within ten minutes of now. */
function assertEpochSeconds(value: unknown, what: string): void {
  assert.equal(typeof value, 'number', `${what} should be epoch seconds, got ${JSON.stringify(value)}`);
  assert.ok(Math.abs((value as number) - Date.now() / 1000) < 600, `${what} = ${String(value)} is not about now`);
}

const kinds = await storeKinds();

describe('boto3 and the AWS CLI against Sluice', { concurrency: true }, () => {
  for (const kind of kinds) {
    describe(kind, { concurrency: true }, () => {
      let server: TestServer;
      let workDir: string;
      before(async () => {
        server = await startTestServer(kind);
        workDir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
      });
      after(async () => {
        rmSync(workDir, { recursive: true, force: true });
        await server.stop();
      });

      it('boto3: pipelines, versions, paginators, tags, the SDK upsert and errors (test/clients/pipelines.py)', (t) =>
        expectScriptPasses('pipelines.py', server.url, (m) => t.skip(m)));

      it('boto3: executions, steps, parameters, definition snapshots, stop, errors (test/clients/executions.py)', (t) =>
        expectScriptPasses('executions.py', server.url, (m) => t.skip(m)));

      it('AWS CLI: create, list, describe, update, start, describe and stop an execution, delete', async (t) => {
        const version = await cliVersion;
        if (version === undefined) {
          if (process.env['CI'] === 'true') assert.fail('aws (AWS CLI) is required in CI but was not found on PATH');
          t.skip('aws (AWS CLI) not found on PATH');
          return;
        }
        const envStyle: EndpointStyle = versionAtLeast(version.botocore, ENDPOINT_ENV_SINCE) ? 'env' : 'flag';
        if (envStyle === 'flag') t.diagnostic(`${version.text}: no AWS_ENDPOINT_URL support, using --endpoint-url`);

        const cli = async (args: string[], style: EndpointStyle = 'flag'): Promise<Record<string, unknown>> => {
          const result = await runAwsCli(['sagemaker', ...args], server.url, style);
          assert.equal(result.code, 0, describeResult(`aws sagemaker ${args.join(' ')}`, result));
          return JSON.parse(result.stdout) as Record<string, unknown>;
        };
        const cliError = async (args: string[], style: EndpointStyle = 'flag'): Promise<string> => {
          const result = await runAwsCli(['sagemaker', ...args], server.url, style);
          assert.notEqual(result.code, 0, describeResult(`aws sagemaker ${args.join(' ')} should have failed`, result));
          return result.stderr;
        };

        const name = `cli-${kind}-${Date.now().toString(36)}`;
        const arn = `arn:aws:sagemaker:us-east-1:000000000000:pipeline/${name}`;
        const v1File = join(workDir, 'v1.json');
        const v2File = join(workDir, 'v2.json');
        writeFileSync(v1File, cliDefinition(3));
        writeFileSync(v2File, cliDefinition(5));

        const created = await cli([
          'create-pipeline',
          '--pipeline-name',
          name,
          '--pipeline-definition',
          `file://${v1File}`,
          '--role-arn',
          ROLE_ARN,
          '--pipeline-description',
          'made by the AWS CLI',
          '--tags',
          'Key=made-by,Value=aws-cli',
        ]);
        assert.deepEqual(created, { PipelineArn: arn });

        // Independent calls in parallel (each CLI start costs seconds); list-pipelines finds the server through
        // AWS_ENDPOINT_URL alone. describe-pipeline asks for version 1, so the concurrent update cannot change it.
        const [listed, described, updated] = await Promise.all([
          cli(['list-pipelines', '--pipeline-name-prefix', name], envStyle),
          cli(['describe-pipeline', '--pipeline-name', name, '--pipeline-version-id', '1']),
          cli(['update-pipeline', '--pipeline-name', name, '--pipeline-definition', `file://${v2File}`]),
        ]);
        const summaries = listed['PipelineSummaries'] as Record<string, unknown>[];
        assert.equal(summaries.length, 1, JSON.stringify(listed));
        const summary = summaries[0]!;
        assert.equal(summary['PipelineName'], name);
        assert.equal(summary['PipelineArn'], arn);
        assert.equal(summary['PipelineDisplayName'], name);
        assert.equal(summary['PipelineDescription'], 'made by the AWS CLI');
        assert.equal(summary['RoleArn'], ROLE_ARN);
        assertEpochSeconds(summary['CreationTime'], 'PipelineSummary.CreationTime');
        assert.equal(listed['NextToken'], undefined);
        assert.equal(described['PipelineDefinition'], cliDefinition(3), 'definition returned byte for byte');
        assert.equal(described['PipelineName'], name);
        assert.equal(described['PipelineDescription'], 'made by the AWS CLI');
        assert.equal(described['PipelineStatus'], 'Active');
        assert.equal(described['RoleArn'], ROLE_ARN);
        assertEpochSeconds(described['CreationTime'], 'DescribePipeline.CreationTime');
        assert.deepEqual(updated, { PipelineArn: arn, PipelineVersionId: 2 });

        const started = await cli([
          'start-pipeline-execution',
          '--pipeline-name',
          name,
          '--pipeline-parameters',
          'Name=Threshold,Value=0',
          '--pipeline-execution-display-name',
          'from-the-cli',
        ]);
        const executionArn = started['PipelineExecutionArn'] as string;
        assert.match(executionArn, new RegExp(`^${arn}/execution/[a-z0-9]{12}$`));

        const deadline = Date.now() + 30_000;
        let execution: Record<string, unknown>;
        for (;;) {
          execution = await cli(['describe-pipeline-execution', '--pipeline-execution-arn', executionArn]);
          if (TERMINAL.has(execution['PipelineExecutionStatus'] as string)) break;
          assert.ok(Date.now() < deadline, `still ${String(execution['PipelineExecutionStatus'])} after 30 s`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.equal(execution['PipelineExecutionStatus'], 'Failed', JSON.stringify(execution));
        assert.equal(execution['PipelineArn'], arn);
        assert.equal(execution['PipelineExecutionDisplayName'], 'from-the-cli');
        assert.equal(execution['PipelineVersionId'], 2);
        assertEpochSeconds(execution['CreationTime'], 'DescribePipelineExecution.CreationTime');

        const stopError = await cliError(['stop-pipeline-execution', '--pipeline-execution-arn', executionArn]);
        assert.match(stopError, /\(ValidationException\)/, stopError);
        assert.ok(stopError.includes(NOT_STOPPABLE), stopError);

        assert.deepEqual(await cli(['delete-pipeline', '--pipeline-name', name]), { PipelineArn: arn });
        const gone = await cliError(['describe-pipeline', '--pipeline-name', name], envStyle);
        assert.match(gone, /\(ResourceNotFound\)/, gone);
        assert.match(gone, /does not exist\.\s*$/, gone);
      });
    });
  }
});
