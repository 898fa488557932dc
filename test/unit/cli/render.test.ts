/** Terminal rendering of the client commands: formatters, the progress views, describe and ls text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DescribePipelineExecutionResponse, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import { describeExecutionLines } from '../../../src/cli/render/execution.js';
import {
  formatAgo,
  formatDuration,
  formatTable,
  formatTimestamp,
  styleStatus,
} from '../../../src/cli/render/format.js';
import { executionListingLines, pipelineListingLines } from '../../../src/cli/render/listing.js';
import {
  createProgressView,
  liveFrame,
  plainProgressLines,
  summaryLines,
  type ExecutionSnapshot,
} from '../../../src/cli/render/progress.js';
import { stepDetails } from '../../../src/cli/render/steps.js';
import {
  createStyle,
  eraseLines,
  processTerminal,
  stripAnsi,
  truncateVisible,
  visibleWidth,
  type Terminal,
} from '../../../src/cli/render/terminal.js';

const ARN = 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/demo/execution/abc123def456';
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
const at = (ms: number): Date => new Date(T0 + ms);
const plain = createStyle(false);
const suggest = (args: string): string => `sluice ${args}`;

function makeExecution(overrides: Partial<DescribePipelineExecutionResponse> = {}): DescribePipelineExecutionResponse {
  return {
    PipelineArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/demo',
    PipelineExecutionArn: ARN,
    PipelineExecutionStatus: 'Executing',
    CreationTime: at(0),
    LastModifiedTime: at(0),
    PipelineVersionId: 2,
    ...overrides,
  };
}

function makeStep(name: string, status: string, overrides: Partial<PipelineExecutionStep> = {}): PipelineExecutionStep {
  return {
    StepName: name,
    StepStatus: status as PipelineExecutionStep['StepStatus'],
    StartTime: at(0),
    ...(status === 'Executing' || status === 'Stopping' ? {} : { EndTime: at(1500) }),
    AttemptCount: 1,
    Metadata: {},
    ...overrides,
  };
}

const waiting = makeStep('Wait', 'Executing', {
  Metadata: { Callback: { CallbackToken: 'Tok3nAbCd1', SqsQueueUrl: 'https://sqs/q' } },
});

/** A terminal that records what is written. */
function recordingTerminal(isTTY: boolean, rows = 24, columns = 80): Terminal & { written: string[] } {
  const written: string[] = [];
  return {
    isTTY,
    color: false,
    columns,
    rows,
    written,
    out: (line) => written.push(line + '\n'),
    err: (line) => written.push(`stderr:${line}\n`),
    write: (text) => written.push(text),
  };
}

describe('formatters', () => {
  it('formats durations in tenths below ten seconds and in whole units above', () => {
    assert.deepEqual([0, 340, 9_990, 42_000, 184_000, 7_500_000, 280_000_000, -5, Number.NaN].map(formatDuration), [
      '0.0s',
      '0.3s',
      '9.9s',
      '42s',
      '3m 04s',
      '2h 05m',
      '3d 5h',
      '0.0s',
      '0.0s',
    ]);
  });

  it('says how long ago, and the date once it is more than a day ago', () => {
    const now = T0 + 90_000;
    assert.equal(formatAgo(undefined, now), 'never');
    assert.equal(formatAgo(at(89_500), now), 'just now');
    assert.equal(formatAgo(at(60_000), now), '30s ago');
    assert.equal(formatAgo(at(0), now), '1m ago');
    assert.equal(formatAgo(at(0), T0 + 3 * 3600_000), '3h ago');
    assert.equal(formatAgo(at(0), T0 + 2 * 86_400_000), formatTimestamp(at(0)).slice(0, 16));
    assert.match(formatTimestamp(at(0)), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('aligns table columns by visible width, ignoring colour codes, and trims trailing blanks', () => {
    const color = createStyle(true);
    const lines = formatTable([
      ['a', color.green('Succeeded'), ''],
      ['longer', 'Failed', 'x'],
    ]);
    assert.deepEqual(lines.map(stripAnsi), ['a       Succeeded', 'longer  Failed     x']);
  });

  it('colours only when asked', () => {
    assert.equal(styleStatus('Failed', plain), 'Failed');
    assert.equal(styleStatus('Failed', createStyle(true)), '\x1b[31mFailed\x1b[39m');
    assert.equal(styleStatus('Succeeded', createStyle(true)), '\x1b[32mSucceeded\x1b[39m');
  });

  it('measures and cuts text without counting or breaking escape sequences', () => {
    const red = createStyle(true).red('abcdefgh');
    assert.equal(visibleWidth(red), 8);
    assert.equal(stripAnsi(truncateVisible(red, 5)), 'abcd…');
    assert.ok(truncateVisible(red, 5).endsWith('\x1b[0m'));
    assert.equal(truncateVisible('short', 10), 'short');
    assert.equal(eraseLines(3), '\r\x1b[3A\x1b[0J');
  });

  it('turns colours off with NO_COLOR or without a TTY', () => {
    const terminal = processTerminal({ NO_COLOR: '1' });
    assert.equal(terminal.color, false);
  });
});

describe('step details', () => {
  it('names the outcome, outputs, job ARNs, cache hit, failure and a waiting token', () => {
    assert.deepEqual(stepDetails(makeStep('C', 'Succeeded', { Metadata: { Condition: { Outcome: 'True' } } })), [
      'outcome: True',
    ]);
    assert.deepEqual(
      stepDetails(
        makeStep('L', 'Succeeded', {
          Metadata: { Lambda: { Arn: 'arn:lambda', OutputParameters: [{ Name: 'n', Value: '1' }] } },
          CacheHitResult: { SourcePipelineExecutionArn: 'arn:old' },
        }),
      ),
      ['outputs: n=1', 'lambda: arn:lambda', 'cache hit: reused arn:old'],
    );
    assert.deepEqual(
      stepDetails(makeStep('T', 'Failed', { FailureReason: 'boom', Metadata: { TrainingJob: { Arn: 'arn:job' } } })),
      ['failure: boom', 'training job: arn:job'],
    );
    assert.deepEqual(stepDetails(waiting), ['callback token: Tok3nAbCd1']);
    const answered = makeStep('Wait', 'Succeeded', {
      Metadata: { Callback: { CallbackToken: 'Tok3nAbCd1', OutputParameters: [{ Name: 'sum', Value: '7' }] } },
    });
    assert.deepEqual(stepDetails(answered), ['outputs: sum=7'], 'an answered token is no longer shown');
  });
});

describe('plain progress', () => {
  it('prints one line per change, the callback token with how to answer it once, and then the end', () => {
    const seen = new Map<string, string>();
    const snap = (status: string, steps: PipelineExecutionStep[]): ExecutionSnapshot => ({
      execution: makeExecution({ PipelineExecutionStatus: status as 'Executing' }),
      steps,
    });
    const check = makeStep('Check', 'Succeeded', { Metadata: { Condition: { Outcome: 'False' } } });
    assert.deepEqual(plainProgressLines(seen, snap('Executing', [check, waiting]), T0, suggest), [
      'Check: Succeeded (1.5s) — outcome: False',
      'Wait: Executing — waiting for its callback, token Tok3nAbCd1',
      '  answer with: sluice callback succeed Tok3nAbCd1 [--output NAME=VALUE …]',
      '           or: sluice callback fail Tok3nAbCd1 [--reason TEXT]',
    ]);
    assert.deepEqual(plainProgressLines(seen, snap('Executing', [check, waiting]), T0 + 250, suggest), []);
    const stopping = { ...waiting, StepStatus: 'Stopping' as const };
    assert.deepEqual(plainProgressLines(seen, snap('Stopping', [check, stopping]), T0 + 500, suggest), [
      'Wait: Stopping — waiting for its callback, token Tok3nAbCd1',
      'Execution: Stopping',
    ]);
    const failed = makeStep('Wait', 'Failed', { FailureReason: 'nope', AttemptCount: 2 });
    assert.deepEqual(plainProgressLines(seen, snap('Failed', [check, failed]), T0 + 750, suggest), [
      'Wait: Failed (1.5s) attempt 2: nope',
    ]);
  });

  it('sums up how the execution ended, with the failed steps and their reasons', () => {
    const failed = {
      execution: makeExecution({
        PipelineExecutionStatus: 'Failed',
        LastModifiedTime: at(2300),
        FailureReason: 'Step failure: One or multiple steps failed. too small',
      }),
      steps: [makeStep('Check', 'Succeeded'), makeStep('TooSmall', 'Failed', { FailureReason: 'too small' })],
    };
    assert.deepEqual(summaryLines(failed, T0 + 60_000, plain), [
      'Execution Failed after 2.3s: Step failure: One or multiple steps failed. too small',
      '  TooSmall: too small',
    ]);
    const done = { execution: makeExecution({ PipelineExecutionStatus: 'Succeeded', LastModifiedTime: at(400) }) };
    assert.deepEqual(summaryLines({ ...done, steps: [] }, T0 + 60_000, plain), ['Execution Succeeded in 0.4s.']);
    const stopped = { execution: makeExecution({ PipelineExecutionStatus: 'Stopped', LastModifiedTime: at(42_000) }) };
    assert.deepEqual(summaryLines({ ...stopped, steps: [] }, T0 + 60_000, plain), ['Execution Stopped after 42s.']);
  });
});

describe('live progress', () => {
  it('draws a header, a row per step with running durations, and the callback answers', () => {
    const frame = liveFrame(
      { execution: makeExecution(), steps: [makeStep('Check', 'Succeeded'), waiting] },
      T0 + 3200,
      plain,
      suggest,
    );
    assert.deepEqual(frame, [
      '● Executing  demo abc123def456  3.2s',
      '  ✓ Check  Succeeded  1.5s',
      '  ● Wait   Executing  3.2s  callback token Tok3nAbCd1',
      '  answer with: sluice callback succeed Tok3nAbCd1 [--output NAME=VALUE …]',
      '           or: sluice callback fail Tok3nAbCd1 [--reason TEXT]',
    ]);
  });

  it('redraws in place: moves the cursor up over the last frame and clears it, then shows the cursor at the end', () => {
    const terminal = recordingTerminal(true);
    const view = createProgressView(terminal, suggest);
    const snapshot = { execution: makeExecution(), steps: [makeStep('Check', 'Executing')] };
    view.update(snapshot, T0);
    view.update(snapshot, T0 + 250);
    view.close();
    const [first, second, last] = terminal.written;
    assert.ok(first?.startsWith('\x1b[?25l'), 'hides the cursor');
    assert.ok(second?.startsWith('\r\x1b[2A\x1b[0J'), 'goes back over the two lines drawn');
    assert.equal(
      stripAnsi(second ?? '').replace(/^\r/, ''),
      '● Executing  demo abc123def456  0.2s\n  ● Check  Executing  0.2s\n',
    );
    assert.equal(last, '\x1b[?25h');
  });

  it('keeps the frame inside the screen and each line inside its width', () => {
    const terminal = recordingTerminal(true, 6, 30);
    const steps = Array.from({ length: 10 }, (_, i) => makeStep(`Step${i}-with-a-long-name`, 'Succeeded'));
    createProgressView(terminal, suggest).update({ execution: makeExecution(), steps }, T0);
    const lines = stripAnsi(terminal.written[0] ?? '')
      .trimEnd()
      .split('\n');
    assert.equal(lines.length, 5);
    assert.match(lines[1] ?? '', /… 7 more lines above/);
    assert.match(lines[4] ?? '', /Step9/);
    assert.ok(lines.every((line) => [...line].length <= 29));
  });

  it('prints plain lines, without escape sequences, when stdout is not a terminal', () => {
    const terminal = recordingTerminal(false);
    const view = createProgressView(terminal, suggest);
    view.update({ execution: makeExecution(), steps: [makeStep('Check', 'Executing')] }, T0);
    view.close();
    assert.deepEqual(terminal.written, ['Check: Executing\n']);
  });
});

describe('describe and ls text', () => {
  it('describes the execution, its parameters and each step with its details', () => {
    const lines = describeExecutionLines(
      {
        execution: makeExecution({
          PipelineExecutionStatus: 'Failed',
          LastModifiedTime: at(1500),
          FailureReason: 'Step failure: boom',
        }),
        parameters: [{ Name: 'Size', Value: '2' }],
        steps: [
          makeStep('Check', 'Succeeded', { Metadata: { Condition: { Outcome: 'False' } } }),
          makeStep('Boom', 'Failed', { FailureReason: 'boom' }),
        ],
      },
      T0 + 5000,
      plain,
      suggest,
    );
    const text = lines.join('\n');
    assert.match(text, /^Execution {4}arn:aws:sagemaker:.*abc123def456$/m);
    assert.match(text, /^Pipeline {5}demo \(version 2\)$/m);
    assert.match(text, /^Status {7}Failed$/m);
    assert.match(text, /^Duration {5}1\.5s$/m);
    assert.match(text, /^Failure {6}Step failure: boom$/m);
    assert.match(text, /^ {2}Size {2}2$/m);
    assert.match(text, /^ {2}Check {2}Succeeded {2}1 {8}1\.5s/m);
    assert.match(text, /^ {6}outcome: False$/m);
    assert.match(text, /^ {6}failure: boom$/m);
  });

  it('lists pipelines with their recent executions below each, as PIPELINE/ID', () => {
    const lines = pipelineListingLines(
      [
        {
          pipeline: { PipelineName: 'demo', CreationTime: at(0), LastExecutionTime: at(50_000) },
          latestVersionId: 2,
          executions: [makeExecution({ PipelineExecutionStatus: 'Succeeded', LastModifiedTime: at(400) })],
        },
        { pipeline: { PipelineName: 'other', CreationTime: at(0) }, latestVersionId: 1, executions: [] },
      ],
      T0 + 60_000,
      plain,
    );
    assert.deepEqual(lines, [
      'PIPELINE  VERSION  LAST RUN  CREATED',
      'demo      2        10s ago   1m ago',
      '  Succeeded  demo/abc123def456  started 1m ago  0.4s',
      'other     1        never     1m ago',
    ]);
    assert.deepEqual(pipelineListingLines([], T0, plain), [
      'No pipelines yet. Start one with: sluice run pipeline.json',
    ]);
  });

  it("lists one pipeline's executions", () => {
    const lines = executionListingLines(
      'demo',
      [makeExecution({ PipelineExecutionDisplayName: 'nightly' })],
      T0 + 1000,
      plain,
    );
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^STATUS +EXECUTION +STARTED +DURATION +NAME$/);
    assert.match(lines[1] ?? '', /^Executing +demo\/abc123def456 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +1\.0s +nightly$/);
    assert.deepEqual(executionListingLines('demo', [], T0, plain), ["Pipeline 'demo' has no executions yet."]);
  });
});
