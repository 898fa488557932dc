/**
 * The `sluice` client commands (run, ls, describe, stop, callback) as child processes against a real Sluice, the
 * way a user types them: exit codes, the lines they print, and --json for scripts.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  ListPipelineParametersForExecutionCommand,
  ListPipelinesCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { CreateQueueCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { runValidate } from '../../src/cli/commands/validate.js';
import { executionMessages } from '../../src/services/sagemaker/messages.js';
import { freePort } from '../support/child-server.js';
import { REPO_ROOT } from '../support/definitions.js';
import { allSteps, conditionStep, definitionOf, waitForExecution } from '../support/executions.js';
import { sqsClient } from '../support/sqs.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';

/** What a finished CLI process left behind. */
interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A CLI process still running. */
interface RunningCli {
  readonly child: ChildProcess;
  readonly exited: Promise<CliResult>;
  output(): string;
}

/** Check > 5, else the Fail step TooSmall whose message names the size. */
const BRANCHING = definitionOf(
  [
    conditionStep('Check', {
      greaterThan: 5,
      elseSteps: [
        {
          Name: 'TooSmall',
          Type: 'Fail',
          Arguments: { ErrorMessage: { 'Std:Join': { On: ' ', Values: ['size', { Get: 'Parameters.Size' }] } } },
        },
      ],
    }),
  ],
  [{ Name: 'Size', Type: 'Integer', DefaultValue: 10 }],
);

/** A Condition, then the Callback step Approve on the queue `cli-callbacks` with one String output. */
const CALLBACK = definitionOf(
  [
    conditionStep('Prepare'),
    {
      Name: 'Approve',
      Type: 'Callback',
      DependsOn: ['Prepare'],
      SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/cli-callbacks',
      Arguments: { size: { Get: 'Parameters.Size' } },
      OutputParameters: [{ OutputName: 'answer', OutputType: 'String' }],
    },
  ],
  [{ Name: 'Size', Type: 'Integer', DefaultValue: 1 }],
);

/** A step that depends on a step that does not exist. */
const INVALID = definitionOf(
  [conditionStep('Check', { dependsOn: ['Trian'] }), conditionStep('Train')],
  [{ Name: 'Size', Type: 'Integer', DefaultValue: 1 }],
);

const CALLBACK_TOKEN = /waiting for its callback, token ([A-Za-z0-9]+)/;

// Each CLI process loads tsx and the SageMaker SDK (about 2 s of CPU): two at a time keep a small machine responsive.
describe('sluice client commands', { concurrency: 2 }, () => {
  let server: TestServer;
  let sm: SageMakerClient;
  let sqs: SQSClient;
  let dir: string;
  const file = (name: string): string => join(dir, name);

  before(async () => {
    server = await startTestServer('sqlite');
    sm = sagemakerClient(server.url);
    sqs = sqsClient(server.url);
    await sqs.send(new CreateQueueCommand({ QueueName: 'cli-callbacks' }));
    dir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
    writeFileSync(file('branching.json'), BRANCHING);
    writeFileSync(file('callback.json'), CALLBACK);
    writeFileSync(file('invalid.json'), INVALID);
  });
  after(async () => {
    sm.destroy();
    sqs.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function spawnCli(args: string[], endpoint = server.url): RunningCli {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, SLUICE_ENDPOINT: endpoint, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<CliResult>((resolve) =>
      child.once('close', (code) => resolve({ code, stdout, stderr })),
    );
    return { child, exited, output: () => stdout + stderr };
  }

  const cli = (...args: string[]): Promise<CliResult> => spawnCli(args).exited;

  /** Polls a running CLI's output until `pattern` matches; answers the match. */
  async function waitForOutput(running: RunningCli, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(running.output());
      if (match) return match;
      if (running.child.exitCode !== null || Date.now() > deadline) {
        assert.fail(`no ${String(pattern)} in the output:\n${running.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Runs `sluice run FILE --wait` and answers the process and the token its Callback step waits with. */
  async function runUntilCallback(name: string): Promise<{ running: RunningCli; token: string }> {
    const running = spawnCli(['run', file('callback.json'), '--name', name, '--wait']);
    const [, token = ''] = await waitForOutput(running, CALLBACK_TOKEN);
    return { running, token };
  }

  describe('run, ls, describe and stop on one pipeline', { concurrency: 1 }, () => {
    let succeededArn = '';
    let failedArn = '';

    it('creates the pipeline, runs it to Succeeded with each step shown, and exits 0', async () => {
      const result = await cli('run', file('branching.json'), '--wait');
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /^Created pipeline 'branching'\.$/m);
      const lines = result.stdout.split('\n');
      succeededArn = lines[0] ?? '';
      assert.match(succeededArn, /^arn:aws:sagemaker:us-east-1:000000000000:pipeline\/branching\/execution\/\w{12}$/);
      assert.match(result.stdout, /^Check: Succeeded \(\d+\.\ds\) — outcome: True$/m);
      assert.match(result.stdout, /^Execution Succeeded in \d+\.\ds\.$/m);
    });

    it('updates the pipeline, passes --param, shows the failure reasons, and exits 1 on Failed', async () => {
      const result = await cli('run', file('branching.json'), '--param', 'Size=2', '--wait');
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^Updated pipeline 'branching' \(version 2\)\.$/m);
      failedArn = result.stdout.split('\n')[0] ?? '';
      assert.match(result.stdout, /^Check: Succeeded \(.*\) — outcome: False$/m);
      assert.match(result.stdout, /^TooSmall: Failed \(\d+\.\ds\): size 2$/m);
      assert.match(result.stdout, /^Execution Failed after .*: Step failure: One or multiple steps failed\. size 2$/m);
      const parameters = await sm.send(
        new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: failedArn }),
      );
      assert.deepEqual(parameters.PipelineParameters, [{ Name: 'Size', Value: '2' }]);
    });

    it('lists the pipelines with their recent executions, and one pipeline’s newest executions as JSON', async () => {
      const overview = await cli('ls');
      assert.equal(overview.code, 0, overview.stderr);
      assert.match(overview.stdout, /^PIPELINE +VERSION +LAST RUN +CREATED$/m);
      assert.match(overview.stdout, /^branching +2 +/m);
      assert.match(overview.stdout, new RegExp(`^  Failed +branching/${failedArn.split('/').pop()} +started `, 'm'));
      assert.match(overview.stdout, new RegExp(`^  Succeeded +branching/${succeededArn.split('/').pop()} `, 'm'));
      const executions = await cli('ls', 'branching', '--limit', '1', '--json');
      assert.equal(executions.code, 0, executions.stderr);
      const listed = JSON.parse(executions.stdout) as {
        PipelineName: string;
        PipelineExecutions: { PipelineExecutionArn: string; PipelineExecutionStatus: string }[];
      };
      assert.equal(listed.PipelineName, 'branching');
      assert.deepEqual(
        listed.PipelineExecutions.map((e) => [e.PipelineExecutionArn, e.PipelineExecutionStatus]),
        [[failedArn, 'Failed']],
        '--limit 1: the newest execution only',
      );
    });

    it('describes an execution by ARN and the latest by pipeline name, and prints parseable --json', async () => {
      const text = await cli('describe', failedArn);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^Status +Failed$/m);
      assert.match(text.stdout, /^Failure +Step failure: One or multiple steps failed\. size 2$/m);
      assert.match(text.stdout, /^ {2}Size {2}2$/m);
      assert.match(text.stdout, /^ {2}Check +Succeeded +1 +\d+\.\ds/m);
      assert.match(text.stdout, /^ {6}outcome: False$/m);
      assert.match(text.stdout, /^ {2}TooSmall +Failed +1 /m);
      assert.match(text.stdout, /^ {6}failure: size 2$/m);

      const json = await cli('describe', 'branching/' + (succeededArn.split('/').pop() ?? ''), '--json');
      assert.equal(json.code, 0, json.stderr);
      const described = JSON.parse(json.stdout);
      assert.equal(described.Execution.PipelineExecutionArn, succeededArn);
      assert.equal(described.Execution.PipelineExecutionStatus, 'Succeeded');
      assert.deepEqual(described.Parameters, [{ Name: 'Size', Value: '10' }]);
      assert.deepEqual(described.Steps[0].Metadata, { Condition: { Outcome: 'True' } });
      assert.equal(described.Execution.$metadata, undefined);
    });

    it('refuses to stop a finished execution with the ValidationException line and exit 1', async () => {
      const result = await cli('stop', 'branching');
      assert.equal(result.code, 1);
      assert.equal(result.stderr, `sluice: ValidationException: ${executionMessages.notStoppable()}\n`);
      assert.equal(result.stdout, '');
    });
  });

  it('prints what `sluice validate` prints and exits 1, before calling Sluice, for an invalid definition', async () => {
    const expected: string[] = [];
    const record = (line: string): number => expected.push(line);
    assert.equal(await runValidate([file('invalid.json')], { stdout: record, stderr: record }), 1);
    const result = await cli('run', file('invalid.json'), '--wait');
    assert.equal(result.code, 1);
    assert.equal(result.stderr, expected.map((line) => line + '\n').join(''));
    assert.match(result.stderr, /Step 'Trian' is undefined/);
    const pipelines = await sm.send(new ListPipelinesCommand({}));
    assert.ok(!pipelines.PipelineSummaries?.some((p) => p.PipelineName === 'invalid'));
  });

  it('answers a waiting Callback step with `callback succeed` from another process; the waiting run exits 0', async () => {
    const { running, token } = await runUntilCallback('cb-succeed');
    assert.match(running.output(), new RegExp(`answer with: sluice callback succeed ${token}`));
    const answer = await cli('callback', 'succeed', token, '--output', 'answer=yes', '--json');
    assert.equal(answer.code, 0, answer.stderr);
    const arn = running.output().split('\n')[0];
    assert.deepEqual(JSON.parse(answer.stdout), { PipelineExecutionArn: arn });
    const result = await running.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Approve: Succeeded \(.*\) — outputs: answer=yes$/m);
    assert.match(result.stdout, /^Execution Succeeded in /m);
  });

  it('stops watching on Ctrl-C (exit 130, how to stop it), and `callback fail --reason` fails the step', async () => {
    const { running, token } = await runUntilCallback('cb-fail');
    const arn = running.output().split('\n')[0] ?? '';
    running.child.kill('SIGINT');
    const result = await running.exited;
    assert.equal(result.code, 130);
    assert.match(result.stderr, new RegExp(`To stop it: sluice stop ${arn}$`, 'm'));
    const answer = await cli('callback', 'fail', token, '--reason', 'not approved');
    assert.equal(answer.code, 0, answer.stderr);
    assert.equal(answer.stdout, `Sent failure to ${arn}\n`);
    assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
    const approve = (await allSteps(sm, arn)).find((step) => step.StepName === 'Approve');
    assert.deepEqual([approve?.StepStatus, approve?.FailureReason], ['Failed', 'not approved']);
  });

  it('stops the latest execution by pipeline name; the waiting run exits 2 once the callback is answered', async () => {
    const { running, token } = await runUntilCallback('cb-stop');
    const stopped = await cli('stop', 'cb-stop');
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, /^arn:aws:sagemaker:.*\/cb-stop\/execution\/\w+: Stopping$/m);
    assert.match(stopped.stdout, new RegExp(`^Step 'Approve' waits for its callback \\(token ${token}\\)`, 'm'));
    await waitForOutput(running, /^Execution: Stopping$/m);
    const answer = await cli('callback', 'succeed', token);
    assert.equal(answer.code, 0, answer.stderr);
    const result = await running.exited;
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stdout, /^Approve: Stopped /m);
    assert.match(result.stdout, /^Execution Stopped after /m);
  });

  it('says in one line that nothing answers at the endpoint, and exits 3', async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const result = await spawnCli(['ls'], endpoint).exited;
    assert.equal(result.code, 3);
    assert.equal(
      result.stderr,
      `sluice: cannot reach Sluice at ${endpoint} (connection refused). Is it running? Start it with \`npm start\` or \`sluice serve\`.\n`,
    );
  });
});
