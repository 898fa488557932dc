/** `sluice ls [PIPELINE]`: the pipelines and their recent executions, or one pipeline's executions. */
import type { DescribePipelineExecutionResponse, PipelineSummary, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  DescribePipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  ListPipelineVersionsCommand,
} from '@aws-sdk/client-sagemaker';
import { COMMON_HELP, parsePositiveInteger } from '../args.js';
import type { CommandContext } from '../client.js';
import { EXIT, printJson, runClientCommand, withoutMetadata } from '../client.js';
import type { PipelineListing } from '../render/listing.js';
import { executionListingLines, pipelineListingLines } from '../render/listing.js';
import type { Terminal } from '../render/terminal.js';
import { createStyle } from '../render/terminal.js';

/** How many of each pipeline's executions the overview shows. */
const RECENT_EXECUTIONS = 3;
/** Default of --limit. */
const DEFAULT_LIMIT = 20;
/** Most requests in flight at once. */
const CONCURRENCY = 8;
/** Largest page the list operations allow. */
const MAX_PAGE = 100;

const HELP = `Usage: sluice ls [PIPELINE] [--limit N]

Without PIPELINE: the pipelines, newest first (name, latest version, last run, created), each with its
${RECENT_EXECUTIONS} most recent executions (status, PIPELINE/ID, started, duration).
With PIPELINE: its executions, newest first (status, PIPELINE/ID, start time, duration, name).
'sluice describe' and 'sluice stop' accept the PIPELINE/ID shown.

Options:
  --limit N              show at most N pipelines, or N executions of PIPELINE (default ${DEFAULT_LIMIT})
${COMMON_HELP.join('\n')}

With --json: {"Pipelines": [PipelineSummary + "LatestPipelineVersionId" + "RecentExecutions":
[DescribePipelineExecution]]}, or with PIPELINE {"PipelineName", "PipelineExecutions": [DescribePipelineExecution]}.

Examples:
  sluice ls
  sluice ls my-pipeline --limit 50`;

const OPTIONS = { limit: { type: 'string' } } as const;

/** `sluice ls`. Returns the exit code. */
export async function runLs(argv: readonly string[], terminal?: Terminal): Promise<number> {
  return runClientCommand(
    { name: 'ls', help: HELP, options: OPTIONS, positionals: { min: 0, max: 1, names: 'the pipeline name' } },
    argv,
    ls,
    terminal,
  );
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function ls(context: CommandContext<typeof OPTIONS>): Promise<number> {
  const { args, sm, terminal } = context;
  const limit = parsePositiveInteger(args.values.limit, '--limit', DEFAULT_LIMIT);
  const style = createStyle(terminal.color);
  const name = args.positionals[0];
  if (name !== undefined) {
    const executions = await describeAll(sm, await listExecutionArns(sm, name, limit));
    if (args.values.json === true) printJson(terminal, { PipelineName: name, PipelineExecutions: executions });
    else for (const line of executionListingLines(name, executions, Date.now(), style)) terminal.out(line);
    return EXIT.ok;
  }
  const listings = await mapConcurrently(await listPipelines(sm, limit), CONCURRENCY, (pipeline) =>
    listingOf(sm, pipeline),
  );
  if (args.values.json === true) {
    printJson(terminal, {
      Pipelines: listings.map(({ pipeline, latestVersionId, executions }) => ({
        ...pipeline,
        LatestPipelineVersionId: latestVersionId,
        RecentExecutions: executions,
      })),
    });
  } else {
    for (const line of pipelineListingLines(listings, Date.now(), style)) terminal.out(line);
  }
  return EXIT.ok;
}

/** Up to `limit` pipelines, newest first, following NextToken. */
async function listPipelines(sm: SageMakerClient, limit: number): Promise<PipelineSummary[]> {
  const pipelines: PipelineSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sm.send(
      new ListPipelinesCommand({
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: Math.min(MAX_PAGE, limit - pipelines.length),
        NextToken,
      }),
    );
    pipelines.push(...(page.PipelineSummaries ?? []));
    NextToken = page.NextToken;
  } while (NextToken && pipelines.length < limit);
  return pipelines.slice(0, limit);
}

/** The ARNs of a pipeline's `limit` most recent executions, newest first, following NextToken. */
async function listExecutionArns(sm: SageMakerClient, pipelineName: string, limit: number): Promise<string[]> {
  const arns: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sm.send(
      new ListPipelineExecutionsCommand({
        PipelineName: pipelineName,
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: Math.min(MAX_PAGE, limit - arns.length),
        NextToken,
      }),
    );
    for (const summary of page.PipelineExecutionSummaries ?? []) arns.push(summary.PipelineExecutionArn ?? '');
    NextToken = page.NextToken;
  } while (NextToken && arns.length < limit);
  return arns.slice(0, limit);
}

/** DescribePipelineExecution of each (the summaries lack the last change time a duration needs). */
async function describeAll(sm: SageMakerClient, arns: readonly string[]): Promise<DescribePipelineExecutionResponse[]> {
  return mapConcurrently(arns, CONCURRENCY, async (arn) =>
    withoutMetadata(await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }))),
  );
}

async function listingOf(sm: SageMakerClient, pipeline: PipelineSummary): Promise<PipelineListing> {
  const name = pipeline.PipelineName ?? '';
  const [versions, arns] = await Promise.all([
    sm.send(new ListPipelineVersionsCommand({ PipelineName: name, SortOrder: 'Descending', MaxResults: 1 })),
    listExecutionArns(sm, name, RECENT_EXECUTIONS),
  ]);
  return {
    pipeline,
    latestVersionId: versions.PipelineVersionSummaries?.[0]?.PipelineVersionId,
    executions: await describeAll(sm, arns),
  };
}
