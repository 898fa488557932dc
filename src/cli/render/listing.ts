/** `sluice ls`'s text: pipelines with their recent executions, or one pipeline's executions. */
import type { DescribePipelineExecutionResponse, PipelineSummary } from '@aws-sdk/client-sagemaker';
import {
  executionId,
  formatAgo,
  formatDuration,
  formatTable,
  formatTimestamp,
  pipelineNameOf,
  styleStatus,
} from './format.js';
import { executionDuration } from './progress.js';
import type { Style } from './terminal.js';

/** A pipeline with its latest version and its most recent executions, newest first. */
export interface PipelineListing {
  readonly pipeline: PipelineSummary;
  readonly latestVersionId: number | undefined;
  readonly executions: readonly DescribePipelineExecutionResponse[];
}

/** `PIPELINE/ID`, the short reference `sluice describe` and `sluice stop` accept. */
export function executionReference(execution: DescribePipelineExecutionResponse): string {
  const arn = execution.PipelineExecutionArn ?? '';
  return `${pipelineNameOf(arn)}/${executionId(arn)}`;
}

function executionRow(execution: DescribePipelineExecutionResponse, now: number, style: Style): string[] {
  return [
    styleStatus(execution.PipelineExecutionStatus ?? '', style),
    executionReference(execution),
    execution.CreationTime === undefined ? '' : `started ${formatAgo(execution.CreationTime, now)}`,
    formatDuration(executionDuration(execution, now)),
  ];
}

/** The overview: a row per pipeline (name, latest version, last run, created), its recent executions below it. */
export function pipelineListingLines(listings: readonly PipelineListing[], now: number, style: Style): string[] {
  if (listings.length === 0) return ['No pipelines yet. Start one with: sluice run pipeline.json'];
  const header = ['PIPELINE', 'VERSION', 'LAST RUN', 'CREATED'].map((title) => style.dim(title));
  const pipelineRows = formatTable([
    header,
    ...listings.map(({ pipeline, latestVersionId }) => [
      style.bold(pipeline.PipelineName ?? ''),
      latestVersionId === undefined ? '' : String(latestVersionId),
      formatAgo(pipeline.LastExecutionTime, now),
      formatAgo(pipeline.CreationTime, now),
    ]),
  ]);
  const executionRows = formatTable(
    listings.flatMap(({ executions }) => executions.map((execution) => executionRow(execution, now, style))),
    '  ',
  );
  const lines = [pipelineRows[0] ?? ''];
  let next = 0;
  listings.forEach((listing, i) => {
    lines.push(pipelineRows[i + 1] ?? '');
    lines.push(...executionRows.slice(next, next + listing.executions.length));
    next += listing.executions.length;
  });
  return lines;
}

/** One pipeline's executions, newest first: status, reference, start, duration, display name. */
export function executionListingLines(
  pipelineName: string,
  executions: readonly DescribePipelineExecutionResponse[],
  now: number,
  style: Style,
): string[] {
  if (executions.length === 0) return [`Pipeline '${pipelineName}' has no executions yet.`];
  const header = ['STATUS', 'EXECUTION', 'STARTED', 'DURATION', 'NAME'].map((title) => style.dim(title));
  return formatTable([
    header,
    ...executions.map((execution) => [
      styleStatus(execution.PipelineExecutionStatus ?? '', style),
      executionReference(execution),
      execution.CreationTime === undefined ? '' : formatTimestamp(execution.CreationTime),
      formatDuration(executionDuration(execution, now)),
      execution.PipelineExecutionDisplayName ?? '',
    ]),
  ]);
}
