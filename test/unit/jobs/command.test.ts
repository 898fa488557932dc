/** Commands of the process executor: templates, exit codes, logs, deadlines and stops. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { commandLine, expandCommand, logTail, runCommand } from '../../../src/runtimes/jobs/executors/command.js';

const ENV = { PATH: process.env['PATH'] ?? '' };

describe('job commands', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-cmd-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('expands list placeholders into elements and others into text', () => {
    const argv = expandCommand(['python3', '{entrypoint}', '--dir={job_dir}', '{arguments}', '{unknown}'], {
      entrypoint: ['/opt/ml/code/a.py'],
      arguments: ['--x', '1'],
      job_dir: '/jobs/j',
    });
    assert.deepEqual(argv, ['python3', '/opt/ml/code/a.py', '--dir=/jobs/j', '--x', '1', '{unknown}']);
    assert.deepEqual(expandCommand(['run {arguments}'], { arguments: ['a', 'b'] }), ['run a b']);
  });

  it('captures output in the log and answers the exit code', async () => {
    const log = join(dir, 'exit.log');
    const result = await runCommand({
      argv: [process.execPath, '-e', 'console.log("out"); console.error("err"); process.exit(4)'],
      cwd: dir,
      env: ENV,
      logFile: log,
      signal: new AbortController().signal,
    });
    assert.deepEqual(result, { kind: 'exited', code: 4 });
    assert.equal(readFileSync(log, 'utf8'), 'out\nerr\n');
    assert.equal(await logTail(log, 1), 'err');
  });

  it('tells a line listener each line of stdout and stderr, and still writes the log', async () => {
    const log = join(dir, 'lines.log');
    const lines: string[] = [];
    const result = await runCommand({
      argv: [process.execPath, '-e', 'process.stdout.write("a\\nb"); console.error("err"); process.exit(2)'],
      cwd: dir,
      env: ENV,
      logFile: log,
      signal: new AbortController().signal,
      onLine: (line) => lines.push(line),
    });
    assert.deepEqual(result, { kind: 'exited', code: 2 });
    assert.deepEqual([...lines].sort(), ['a', 'b', 'err']);
    // The file holds the bytes as they came: stdout's unterminated 'b' and stderr's line may be in either order.
    assert.ok(['a\nberr\n', 'err\na\nb', 'a\nerr\nb'].includes(readFileSync(log, 'utf8')));
  });

  it('says when the program does not exist', async () => {
    const result = await runCommand({
      argv: ['/no/such/program'],
      cwd: dir,
      env: ENV,
      logFile: join(dir, 'none.log'),
      signal: new AbortController().signal,
    });
    assert.deepEqual(result, { kind: 'not-started', reason: "'/no/such/program' was not found" });
  });

  it('kills a command past its deadline, and one that is stopped', async () => {
    const sleeper = [process.execPath, '-e', 'setTimeout(() => {}, 30000)'];
    const base = { argv: sleeper, cwd: dir, env: ENV, logFile: join(dir, 'sleep.log') };
    const started = Date.now();
    assert.deepEqual(await runCommand({ ...base, timeoutMs: 100, signal: new AbortController().signal }), {
      kind: 'timed-out',
    });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    assert.deepEqual(await runCommand({ ...base, signal: stop.signal }), { kind: 'aborted' });
    assert.ok(Date.now() - started < 10_000);
  });
});

describe('job command lines', () => {
  const parts = {
    containerEntrypoint: ['python3', '/opt/ml/processing/input/code/p.py'],
    containerArguments: ['--x', '1'],
    jobDir: '/j',
    jobName: 'job',
  };

  it("runs the container's entrypoint and arguments when no image rule applies", () => {
    assert.deepEqual(commandLine(undefined, parts, 'python3'), [
      'python3',
      '/opt/ml/processing/input/code/p.py',
      '--x',
      '1',
    ]);
  });

  it('lets a rule replace the interpreter, appending the arguments it does not place', () => {
    assert.deepEqual(commandLine(['/venv/bin/python', '{entrypoint}'], parts, 'python3'), [
      '/venv/bin/python',
      '/opt/ml/processing/input/code/p.py',
      '--x',
      '1',
    ]);
    assert.deepEqual(commandLine(['run', '{arguments}', '--', '{command}'], parts, 'python3'), [
      'run',
      '--x',
      '1',
      '--',
      'python3',
      '/opt/ml/processing/input/code/p.py',
    ]);
  });

  it('runs a training program with its hyperparameters', () => {
    const training = {
      containerEntrypoint: [],
      containerArguments: [],
      program: '/opt/ml/code/train.py',
      hyperparameters: ['--epochs', '3'],
      jobDir: '/j',
      jobName: 'job',
    };
    assert.deepEqual(commandLine(undefined, training, 'py'), ['py', '/opt/ml/code/train.py', '--epochs', '3']);
    assert.deepEqual(commandLine(['python3', '{entrypoint}'], training, 'py'), [
      'python3',
      '/opt/ml/code/train.py',
      '--epochs',
      '3',
    ]);
    assert.equal(commandLine(undefined, { ...training, program: undefined }, 'py'), undefined);
  });
});
