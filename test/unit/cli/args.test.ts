/** Argument parsing and client set-up of the client commands, without a server. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAssignments, parseCommandLine, parsePositiveInteger, UsageError } from '../../../src/cli/args.js';
import {
  CliError,
  connectionProblem,
  DEFAULT_ENDPOINT,
  EXIT,
  reportError,
  resolveCredentials,
  resolveEndpoint,
  resolveRegion,
  unreachableLine,
} from '../../../src/cli/client.js';
import { exitCodeOf, pipelineNameFromFile } from '../../../src/cli/commands/run.js';
import type { Terminal } from '../../../src/cli/render/terminal.js';

const RUN_OPTIONS = {
  name: { type: 'string' },
  param: { type: 'string', multiple: true },
  wait: { type: 'boolean' },
} as const;
const ONE_FILE = { min: 1, max: 1, names: 'the definition file' };

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof UsageError, `expected a UsageError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a UsageError');
}

describe('command lines', () => {
  it('parses options, repeated options and the common ones', () => {
    const { values, positionals } = parseCommandLine(
      ['p.json', '--param', 'a=1', '--param=b=2', '--wait', '--endpoint', 'http://h:1', '--json'],
      RUN_OPTIONS,
      ONE_FILE,
    );
    assert.deepEqual(positionals, ['p.json']);
    assert.deepEqual(values.param, ['a=1', 'b=2']);
    assert.equal(values.wait, true);
    assert.equal(values.endpoint, 'http://h:1');
    assert.equal(values.json, true);
  });

  it('refuses unknown options, missing values and wrong argument counts', () => {
    assert.equal(
      usageMessage(() => parseCommandLine(['p.json', '--bogus'], RUN_OPTIONS, ONE_FILE)),
      "unknown option '--bogus'.",
    );
    assert.match(
      usageMessage(() => parseCommandLine(['p.json', '--name'], RUN_OPTIONS, ONE_FILE)),
      /--name/,
    );
    assert.equal(
      usageMessage(() => parseCommandLine([], RUN_OPTIONS, ONE_FILE)),
      'missing the definition file.',
    );
    assert.equal(
      usageMessage(() => parseCommandLine(['a', 'b'], RUN_OPTIONS, ONE_FILE)),
      "unexpected argument 'b'.",
    );
  });

  it('lets --help through whatever the arguments', () => {
    assert.equal(parseCommandLine(['-h'], RUN_OPTIONS, ONE_FILE).values.help, true);
  });

  it('reads NAME=VALUE pairs, keeping later equals signs in the value', () => {
    assert.deepEqual(parseAssignments(['a=1', 'expr=x=y', 'empty='], '--param'), [
      { Name: 'a', Value: '1' },
      { Name: 'expr', Value: 'x=y' },
      { Name: 'empty', Value: '' },
    ]);
    assert.deepEqual(parseAssignments(undefined, '--param'), []);
    assert.equal(
      usageMessage(() => parseAssignments(['novalue'], '--param')),
      "--param expects NAME=VALUE, got 'novalue'.",
    );
    assert.equal(
      usageMessage(() => parseAssignments(['=1'], '--output')),
      "--output expects NAME=VALUE, got '=1'.",
    );
  });

  it('reads positive whole numbers', () => {
    assert.equal(parsePositiveInteger(undefined, '--limit', 20), 20);
    assert.equal(parsePositiveInteger('5', '--limit', 20), 5);
    for (const bad of ['0', '-1', '2.5', 'x']) {
      assert.equal(
        usageMessage(() => parsePositiveInteger(bad, '--limit', 20)),
        '--limit expects a positive whole number.',
      );
    }
  });

  it("makes a valid pipeline name of the file's base name", () => {
    assert.equal(pipelineNameFromFile('defs/sdk-fail-join-outcome.json'), 'sdk-fail-join-outcome');
    assert.equal(pipelineNameFromFile('/x/my pipeline_v2.json'), 'my-pipeline-v2');
    assert.equal(pipelineNameFromFile('__weird__.json'), 'weird');
    assert.equal(pipelineNameFromFile('_.json'), 'pipeline');
    assert.equal(pipelineNameFromFile(`${'a'.repeat(300)}.json`).length, 256);
    for (const file of ['a.b.c.json', 'ü-name.json', '---.json', 'x--y.json']) {
      assert.match(pipelineNameFromFile(file), /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/);
    }
  });

  it('maps final statuses to exit codes', () => {
    assert.deepEqual(['Succeeded', 'Failed', 'Stopped'].map(exitCodeOf), [0, 1, 2]);
  });
});

describe('client set-up', () => {
  it('takes the endpoint from the flag, then SLUICE_ENDPOINT, then the default', () => {
    assert.equal(resolveEndpoint('http://a:1/', { SLUICE_ENDPOINT: 'http://b:2' }), 'http://a:1');
    assert.equal(resolveEndpoint(undefined, { SLUICE_ENDPOINT: 'http://b:2' }), 'http://b:2');
    assert.equal(resolveEndpoint(undefined, {}), DEFAULT_ENDPOINT);
    assert.match(
      usageMessage(() => resolveEndpoint('localhost:4599', {})),
      /must be an http\(s\) URL/,
    );
    assert.match(
      usageMessage(() => resolveEndpoint('nonsense', {})),
      /got 'nonsense'/,
    );
  });

  it('takes the region from AWS_REGION, then AWS_DEFAULT_REGION, else us-east-1', () => {
    assert.equal(resolveRegion({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'us-west-2' }), 'eu-west-1');
    assert.equal(resolveRegion({ AWS_DEFAULT_REGION: 'us-west-2' }), 'us-west-2');
    assert.equal(resolveRegion({}), 'us-east-1');
  });

  it('uses the credentials of the environment, else dummy ones', () => {
    assert.deepEqual(
      resolveCredentials({ AWS_ACCESS_KEY_ID: 'k', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' }),
      {
        accessKeyId: 'k',
        secretAccessKey: 's',
        sessionToken: 't',
      },
    );
    assert.deepEqual(resolveCredentials({}), { accessKeyId: 'sluice', secretAccessKey: 'sluice' });
  });
});

describe('errors', () => {
  const capture = (): Terminal & { lines: string[] } => {
    const lines: string[] = [];
    return {
      isTTY: false,
      color: false,
      columns: 80,
      rows: 24,
      lines,
      out: (line) => lines.push(`out:${line}`),
      err: (line) => lines.push(`err:${line}`),
      write: (text) => lines.push(`out:${text}`),
    };
  };

  it('recognises an unreachable endpoint directly, as a cause, or inside an AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    assert.equal(connectionProblem(refused), 'connection refused');
    assert.equal(connectionProblem(new Error('wrapped', { cause: refused })), 'connection refused');
    assert.equal(connectionProblem(new AggregateError([refused], 'all failed')), 'connection refused');
    assert.equal(connectionProblem(Object.assign(new Error('x'), { code: 'ENOTFOUND' })), 'host not found');
    assert.equal(connectionProblem(Object.assign(new Error('x'), { name: 'TimeoutError' })), 'timed out');
    assert.equal(connectionProblem(new Error('other')), undefined);
  });

  it('prints one line per error kind with its exit code', () => {
    const terminal = capture();
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    assert.equal(reportError(refused, DEFAULT_ENDPOINT, terminal), EXIT.unreachable);
    const aws = Object.assign(new Error('Only pipelines with Executing status can be stopped.'), {
      name: 'ValidationException',
      $fault: 'client',
    });
    assert.equal(reportError(aws, DEFAULT_ENDPOINT, terminal), EXIT.failed);
    assert.equal(reportError(new CliError("pipeline 'x' has no executions."), DEFAULT_ENDPOINT, terminal), 1);
    assert.deepEqual(terminal.lines, [
      'err:sluice: cannot reach Sluice at http://127.0.0.1:4599 (connection refused). Is it running? Start it with `npm start` or `sluice serve`.',
      'err:sluice: ValidationException: Only pipelines with Executing status can be stopped.',
      "err:sluice: pipeline 'x' has no executions.",
    ]);
    assert.equal(`err:${unreachableLine(DEFAULT_ENDPOINT, 'connection refused')}`, terminal.lines[0]);
  });
});
