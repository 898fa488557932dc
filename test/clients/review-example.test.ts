/**
 * The README's review-example walk-through, for real: a Sluice process, the reviewer (`npm run example:reviewer`)
 * and the demo (`npm run example`), each run with the command its npm script names, pointed at the Sluice through
 * AWS_ENDPOINT_URL only. The outcome is checked through the SageMaker API, not only through the demo's exit code.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ListPipelineExecutionsCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { REVIEW_EXAMPLE } from '../../examples/review/resources.js';
import { startChildSluice, type ChildSluice } from '../support/child-server.js';
import { REPO_ROOT } from '../support/definitions.js';
import { allSteps } from '../support/executions.js';
import { clientEnv, describeResult, runProcess } from '../support/python-client.js';
import { sagemakerClient } from '../support/test-server.js';

/** The program and arguments of an npm script of the form `node …`, run with this test's node. */
function npmScript(name: string): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  const [program, ...args] = (scripts[name] ?? '').split(' ');
  assert.equal(program, 'node', `npm script ${name} should run node`);
  return args;
}

/** Resolves once `child` printed `text` on stdout (rejects when it exits first). */
function printed(child: ChildProcess, output: () => string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (output().includes(text)) resolve();
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing '${text}':\n${output()}`)));
    check();
  });
}

describe('review example walk-through', () => {
  let sluice: ChildSluice | undefined;
  let reviewer: ChildProcess | undefined;
  let reviewerOutput = '';
  let sm: SageMakerClient;
  let env: NodeJS.ProcessEnv;
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-example-'));

  before(async () => {
    // Relative, as `npm start`'s default `.sluice` is: the Lambda host must not depend on an absolute data folder.
    sluice = await startChildSluice(['--data-dir', relative(REPO_ROOT, dataDir)]);
    sm = sagemakerClient(sluice.url);
    env = clientEnv({ AWS_ENDPOINT_URL: sluice.url });
    reviewer = spawn(process.execPath, npmScript('example:reviewer'), { cwd: REPO_ROOT, env });
    reviewer.stdout?.on('data', (chunk: Buffer) => (reviewerOutput += chunk.toString()));
    reviewer.stderr?.on('data', (chunk: Buffer) => (reviewerOutput += chunk.toString()));
    await printed(reviewer, () => reviewerOutput, 'Reviewing requests from');
  });

  after(async () => {
    if (reviewer && reviewer.exitCode === null && reviewer.signalCode === null) {
      const exited = new Promise((resolve) => reviewer?.once('exit', resolve));
      reviewer.kill('SIGTERM');
      const force = setTimeout(() => reviewer?.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(force);
    }
    sm?.destroy();
    await sluice?.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends one execution Succeeded, two Stopped (during the Lambda and the Callback step), one Failed', async () => {
    const demo = await runProcess(process.execPath, npmScript('example'), env, 180_000);
    assert.equal(demo.code, 0, `${describeResult('npm run example', demo)}\n--- reviewer\n${reviewerOutput}`);

    const page = await sm.send(
      new ListPipelineExecutionsCommand({ PipelineName: REVIEW_EXAMPLE.pipelineName, SortOrder: 'Ascending' }),
    );
    const executions = page.PipelineExecutionSummaries ?? [];
    assert.deepEqual(
      executions.map((e) => e.PipelineExecutionStatus),
      ['Succeeded', 'Stopped', 'Stopped', 'Failed'],
    );
    const steps = await Promise.all(executions.map((e) => allSteps(sm, e.PipelineExecutionArn ?? '')));
    const statuses = steps.map((list) =>
      Object.fromEntries(list.map((s): [string, string] => [s.StepName ?? '', s.StepStatus ?? ''])),
    );
    assert.deepEqual(statuses[0], {
      Score: 'Succeeded',
      Review: 'Succeeded',
      Approved: 'Succeeded',
      Train: 'Succeeded',
    });
    // Stopped while Score ran: the function finished, nothing after it started.
    assert.deepEqual(statuses[1], { Score: 'Succeeded' });
    // Stopped while Review waited: the reviewer answered the Stopping message.
    assert.deepEqual(statuses[2], { Score: 'Succeeded', Review: 'Stopped' });
    // Stopped while Score ran into its timeout.
    assert.deepEqual(statuses[3], { Score: 'Failed' });
    assert.match(reviewerOutput, /execution stopping; cancelled the review/);
    assert.doesNotMatch(reviewerOutput, /error:/);
  });
});
