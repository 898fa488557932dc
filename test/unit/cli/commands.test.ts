/** The client commands' help and usage errors, in process: both are answered before any request is made. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCallback } from '../../../src/cli/commands/callback.js';
import { runDescribe } from '../../../src/cli/commands/describe.js';
import { runLs } from '../../../src/cli/commands/ls.js';
import { runRun } from '../../../src/cli/commands/run.js';
import { runStop } from '../../../src/cli/commands/stop.js';
import type { Terminal } from '../../../src/cli/render/terminal.js';

type Command = (argv: readonly string[], terminal?: Terminal) => Promise<number>;

/** Runs `command` with a terminal that records stdout and stderr. */
async function invoke(command: Command, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const terminal: Terminal = {
    isTTY: false,
    color: false,
    columns: 80,
    rows: 24,
    out: (line) => (stdout += line + '\n'),
    err: (line) => (stderr += line + '\n'),
    write: (text) => (stdout += text),
  };
  const code = await command(argv, terminal);
  return { code, stdout, stderr };
}

const COMMANDS: [string, Command][] = [
  ['run', runRun],
  ['stop', runStop],
  ['ls', runLs],
  ['describe', runDescribe],
  ['callback', runCallback],
];

describe('client command lines', () => {
  for (const [name, command] of COMMANDS) {
    it(`'${name} --help' explains the command with an example and exits 0`, async () => {
      const { code, stdout, stderr } = await invoke(command, ['--help']);
      assert.equal(code, 0);
      assert.equal(stderr, '');
      assert.match(stdout, new RegExp(`^Usage: sluice ${name}`));
      assert.match(stdout, /^ {2}--endpoint URL/m);
      assert.match(stdout, /^ {2}--json/m);
      assert.match(stdout, /^Examples?:\n {2}sluice /m);
    });

    it(`'${name}' with an unknown flag shows its usage and exits 2`, async () => {
      const { code, stdout, stderr } = await invoke(command, ['x', '--bogus']);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, new RegExp(`^sluice ${name}: unknown option '--bogus'\\.\\n\\nUsage: sluice ${name}`));
    });
  }

  it('explains missing and surplus arguments, bad values and a bad endpoint', async () => {
    const cases: [Command, string[], RegExp][] = [
      [runRun, [], /^sluice run: missing the definition file\./],
      [runStop, ['a', 'b'], /^sluice stop: unexpected argument 'b'\./],
      [runLs, ['--limit', '0'], /^sluice ls: --limit expects a positive whole number\./],
      [runRun, ['p.json', '--param', 'Size'], /^sluice run: --param expects NAME=VALUE, got 'Size'\./],
      [runCallback, ['maybe', 'tok'], /^sluice callback: expected 'succeed' or 'fail', got 'maybe'\./],
      [runCallback, ['succeed', 'tok', '--reason', 'x'], /^sluice callback: --reason goes with 'fail'/],
      [runCallback, ['fail', 'tok', '--output', 'a=1'], /^sluice callback: --output goes with 'succeed'/],
      [runDescribe, ['arn', '--endpoint', 'localhost:4599'], /^sluice describe: the endpoint must be an http\(s\) URL/],
    ];
    for (const [command, argv, message] of cases) {
      const { code, stderr } = await invoke(command, argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(stderr, message);
    }
  });
});
