/**
 * The progress of a watched execution: on a terminal, a table redrawn in place each poll; otherwise, one plain line
 * per change, for logs and pipes. Both end with the same summary.
 */
import type { DescribePipelineExecutionResponse, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import {
  durationBetween,
  executionId,
  formatDuration,
  formatTable,
  pipelineNameOf,
  statusSymbol,
  styleStatus,
  TERMINAL_STATUSES,
} from './format.js';
import { stepDetails, waitingCallbackToken } from './steps.js';
import type { Style, Terminal } from './terminal.js';
import { createStyle, eraseLines, HIDE_CURSOR, SHOW_CURSOR, truncateVisible } from './terminal.js';

/** What one poll saw: the execution and its started steps, first started first. */
export interface ExecutionSnapshot {
  readonly execution: DescribePipelineExecutionResponse;
  readonly steps: readonly PipelineExecutionStep[];
}

/** Shows snapshots as they come and the summary at the end. */
export interface ProgressView {
  update(snapshot: ExecutionSnapshot, now: number): void;
  /** Ends the view: the last snapshot stays on screen and the cursor is back. */
  close(): void;
}

/** `sluice ARGS`, with the flags the user gave that a suggested command also needs (such as `--endpoint`). */
export type Suggest = (args: string) => string;

/** The suggested answers to a waiting callback. */
export function callbackHints(token: string, suggest: Suggest): string[] {
  return [
    `answer with: ${suggest(`callback succeed ${token}`)} [--output NAME=VALUE …]`,
    `         or: ${suggest(`callback fail ${token}`)} [--reason TEXT]`,
  ];
}

function stepDuration(step: PipelineExecutionStep, now: number): string {
  const ms = durationBetween(step.StartTime, step.EndTime, now);
  return ms === undefined ? '' : formatDuration(ms);
}

/** What a step produced (outcome, outputs, job ARNs, cache hit), on one line. */
function outcomes(step: PipelineExecutionStep): string {
  return stepDetails(step, { failure: false }).join('; ');
}

/** How long the execution ran (to its last change once it has ended). */
export function executionDuration(execution: DescribePipelineExecutionResponse, now: number): number {
  const status = execution.PipelineExecutionStatus ?? '';
  const end = TERMINAL_STATUSES.has(status) ? execution.LastModifiedTime : undefined;
  return durationBetween(execution.CreationTime, end, now) ?? 0;
}

/** What changed since the last call, one line each: `Check: Succeeded (0.1s)`; `seen` remembers what was shown. */
export function plainProgressLines(
  seen: Map<string, string>,
  snapshot: ExecutionSnapshot,
  now: number,
  suggest: Suggest,
): string[] {
  const lines: string[] = [];
  for (const step of snapshot.steps) {
    const name = step.StepName ?? '';
    const status = step.StepStatus ?? '';
    const token = waitingCallbackToken(step);
    const key = `${status}|${step.AttemptCount ?? ''}|${token ?? ''}`;
    if (seen.get(`step:${name}`) === key) continue;
    seen.set(`step:${name}`, key);
    let line = `${name}: ${status}`;
    if (TERMINAL_STATUSES.has(status)) line += ` (${stepDuration(step, now)})`;
    if ((step.AttemptCount ?? 1) > 1) line += ` attempt ${step.AttemptCount}`;
    if (step.FailureReason) line += `: ${step.FailureReason}`;
    if (token !== undefined) line += ` — waiting for its callback, token ${token}`;
    else if (status === 'Succeeded' && outcomes(step) !== '') line += ` — ${outcomes(step)}`;
    lines.push(line);
    if (token !== undefined && !seen.has(`token:${token}`)) {
      seen.set(`token:${token}`, name);
      lines.push(...callbackHints(token, suggest).map((hint) => `  ${hint}`));
    }
  }
  const status = snapshot.execution.PipelineExecutionStatus ?? '';
  const previous = seen.get('execution');
  seen.set('execution', status);
  // The first status (Executing) is what starting meant; later changes (Stopping, the end) are news.
  if (previous !== undefined && previous !== status && !TERMINAL_STATUSES.has(status)) {
    lines.push(`Execution: ${status}`);
  }
  return lines;
}

/** The live table: a header line for the execution, a row per step, the answers to waiting callbacks. */
export function liveFrame(snapshot: ExecutionSnapshot, now: number, style: Style, suggest: Suggest): string[] {
  const { execution } = snapshot;
  const status = execution.PipelineExecutionStatus ?? '';
  const arn = execution.PipelineExecutionArn ?? '';
  const header = [
    `${statusSymbol(status)} ${styleStatus(status, style)}`,
    style.bold(`${pipelineNameOf(arn)} ${executionId(arn)}`),
    style.dim(formatDuration(executionDuration(execution, now))),
  ].join('  ');
  const rows = snapshot.steps.map((step) => {
    const stepStatus = step.StepStatus ?? '';
    const token = waitingCallbackToken(step);
    const note = token !== undefined ? `callback token ${style.cyan(token)}` : (step.FailureReason ?? outcomes(step));
    const attempt = (step.AttemptCount ?? 1) > 1 ? `attempt ${step.AttemptCount} ` : '';
    return [
      `${statusSymbol(stepStatus)} ${step.StepName ?? ''}`,
      styleStatus(stepStatus, style),
      style.dim(stepDuration(step, now)),
      attempt + note,
    ];
  });
  const hints = snapshot.steps.flatMap((step) => {
    const token = waitingCallbackToken(step);
    return token === undefined ? [] : callbackHints(token, suggest).map((hint) => style.dim(`  ${hint}`));
  });
  return [header, ...formatTable(rows, '  '), ...hints];
}

/** The closing lines: how it ended, after how long, and why it failed. */
export function summaryLines(snapshot: ExecutionSnapshot, now: number, style: Style): string[] {
  const { execution } = snapshot;
  const status = execution.PipelineExecutionStatus ?? '';
  const took = formatDuration(executionDuration(execution, now));
  if (status === 'Succeeded') return [`Execution ${styleStatus(status, style)} in ${took}.`];
  if (status !== 'Failed') return [`Execution ${styleStatus(status, style)} after ${took}.`];
  const reason = execution.FailureReason ? `: ${execution.FailureReason}` : '.';
  const failed = snapshot.steps.filter((step) => step.StepStatus === 'Failed');
  return [
    `Execution ${styleStatus(status, style)} after ${took}${reason}`,
    ...failed.map((step) => `  ${step.StepName ?? ''}: ${step.FailureReason ?? 'failed'}`),
  ];
}

/** The plain view: prints changes as lines. */
function plainView(terminal: Terminal, suggest: Suggest): ProgressView {
  const seen = new Map<string, string>();
  return {
    update: (snapshot, now) => {
      for (const line of plainProgressLines(seen, snapshot, now, suggest)) terminal.out(line);
    },
    close: () => undefined,
  };
}

/** The live view: redraws the frame in place, keeping it inside the screen so the cursor can get back to its top. */
function liveView(terminal: Terminal, style: Style, suggest: Suggest): ProgressView {
  let drawn = 0;
  return {
    update: (snapshot, now) => {
      let frame = liveFrame(snapshot, now, style, suggest);
      const room = Math.max(3, terminal.rows - 1);
      if (frame.length > room) {
        const hidden = frame.length - room + 1;
        frame = [frame[0] ?? '', style.dim(`  … ${hidden} more lines above`), ...frame.slice(hidden + 1)];
      }
      const lines = frame.map((line) => truncateVisible(line, Math.max(10, terminal.columns - 1)));
      terminal.write((drawn === 0 ? HIDE_CURSOR : eraseLines(drawn)) + lines.join('\n') + '\n');
      drawn = lines.length;
    },
    close: () => terminal.write(SHOW_CURSOR),
  };
}

/** The live view on a terminal, the plain one elsewhere. */
export function createProgressView(terminal: Terminal, suggest: Suggest): ProgressView {
  return terminal.isTTY ? liveView(terminal, createStyle(terminal.color), suggest) : plainView(terminal, suggest);
}
