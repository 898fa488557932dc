/** `sluice describe`'s text: the execution, its parameters and its steps with what each produced. */
import type { DescribePipelineExecutionResponse, Parameter, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import { durationBetween, formatAgo, formatDuration, formatTable, formatTimestamp, styleStatus } from './format.js';
import type { Suggest } from './progress.js';
import { callbackHints, executionDuration } from './progress.js';
import { stepDetails, waitingCallbackToken } from './steps.js';
import type { Style } from './terminal.js';

/** Everything `sluice describe` shows. */
export interface ExecutionDescription {
  readonly execution: DescribePipelineExecutionResponse;
  readonly parameters: readonly Parameter[];
  /** First started first. */
  readonly steps: readonly PipelineExecutionStep[];
}

function when(date: Date | undefined, now: number): string {
  return date === undefined ? '—' : `${formatTimestamp(date)} (${formatAgo(date, now)})`;
}

/** The execution's own fields, one `Label  value` line each (absent ones left out). */
function headerLines(execution: DescribePipelineExecutionResponse, now: number, style: Style): string[] {
  const pipeline = execution.PipelineArn?.slice(execution.PipelineArn.indexOf('/') + 1) ?? '';
  const version = execution.PipelineVersionId === undefined ? '' : ` (version ${execution.PipelineVersionId})`;
  const rows: [string, string | undefined][] = [
    ['Execution', execution.PipelineExecutionArn],
    ['Pipeline', `${pipeline}${version}`],
    ['Name', execution.PipelineExecutionDisplayName],
    ['Description', execution.PipelineExecutionDescription],
    ['Status', styleStatus(execution.PipelineExecutionStatus ?? '', style)],
    ['Started', when(execution.CreationTime, now)],
    ['Last change', when(execution.LastModifiedTime, now)],
    ['Duration', formatDuration(executionDuration(execution, now))],
    ['Failure', execution.FailureReason],
  ];
  return formatTable(
    rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== ''),
    '',
  );
}

/** One row per step (name, status, attempt, duration, start), each followed by its details, indented. */
export function stepLines(
  steps: readonly PipelineExecutionStep[],
  now: number,
  style: Style,
  suggest: Suggest,
): string[] {
  if (steps.length === 0) return ['  (no step has started)'];
  const header = ['STEP', 'STATUS', 'ATTEMPT', 'DURATION', 'STARTED'].map((title) => style.dim(title));
  const rows = steps.map((step) => {
    const ms = durationBetween(step.StartTime, step.EndTime, now);
    return [
      step.StepDisplayName ? `${step.StepName ?? ''} (${step.StepDisplayName})` : (step.StepName ?? ''),
      styleStatus(step.StepStatus ?? '', style),
      String(step.AttemptCount ?? ''),
      ms === undefined ? '' : formatDuration(ms),
      step.StartTime === undefined ? '' : formatTimestamp(step.StartTime).slice(11),
    ];
  });
  const [title = '', ...table] = formatTable([header, ...rows], '  ');
  return [
    title,
    ...table.flatMap((line, i) => {
      const step = steps[i];
      if (step === undefined) return [line];
      const token = waitingCallbackToken(step);
      const hints = token === undefined ? [] : callbackHints(token, suggest).map((hint) => style.dim(hint));
      return [line, ...[...stepDetails(step), ...hints].map((detail) => `      ${detail}`)];
    }),
  ];
}

/** The whole description. */
export function describeExecutionLines(
  description: ExecutionDescription,
  now: number,
  style: Style,
  suggest: Suggest,
): string[] {
  const parameters =
    description.parameters.length === 0
      ? ['  (none)']
      : formatTable(
          description.parameters.map((p) => [p.Name ?? '', p.Value ?? '']),
          '  ',
        );
  return [
    ...headerLines(description.execution, now, style),
    '',
    style.bold('Parameters'),
    ...parameters,
    '',
    style.bold('Steps'),
    ...stepLines(description.steps, now, style, suggest),
  ];
}
