/**
 * `sluice run DEFINITION.json`: checks the definition offline, creates the pipeline or updates it (the SageMaker
 * Python SDK's upsert), starts an execution and, with `--wait`, shows its progress until it ends.
 */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  CreatePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  type PipelineExecutionStep,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-sagemaker';
import { COMMON_HELP, parseAssignments } from '../args.js';
import type { CommandContext } from '../client.js';
import { EXIT, printJson, runClientCommand, withoutMetadata } from '../client.js';
import { TERMINAL_STATUSES } from '../render/format.js';
import type { ExecutionSnapshot, ProgressView, Suggest } from '../render/progress.js';
import { createProgressView, summaryLines } from '../render/progress.js';
import type { Terminal } from '../render/terminal.js';
import { createStyle } from '../render/terminal.js';
import { runValidate } from './validate.js';

/** The role a new pipeline gets unless --role-arn names one (Sluice assumes no role). */
export const DEFAULT_ROLE_ARN = 'arn:aws:iam::000000000000:role/SluiceCli';

/** How often `--wait` polls (DescribePipelineExecution, then ListPipelineExecutionSteps). */
export const POLL_INTERVAL_MS = 250;

const HELP = `Usage: sluice run DEFINITION.json [options]

Checks the definition as 'sluice validate' does (exit 1 when it is invalid, before calling Sluice), creates the
pipeline or updates it when it exists, starts an execution and prints its ARN.

Options:
  --name NAME            pipeline name (default: the file's base name, made a valid pipeline name)
  --param NAME=VALUE     an execution parameter; repeat for more
  --description TEXT     description of the execution
  --role-arn ARN         role of a new or updated pipeline (a new one gets ${DEFAULT_ROLE_ARN})
  --wait                 show each step's progress until the execution ends; exit 0 Succeeded, 1 Failed,
                         2 Stopped. Ctrl-C stops watching (exit 130), not the execution.
${COMMON_HELP.join('\n')}

With --json: {"PipelineArn", "PipelineName", "PipelineCreated", "PipelineVersionId", "PipelineExecutionArn"}, and
with --wait also "Execution" (DescribePipelineExecution) and "Steps" (ListPipelineExecutionSteps, oldest first).

Example:
  sluice run pipeline.json --param Threshold=5 --wait`;

const OPTIONS = {
  name: { type: 'string' },
  param: { type: 'string', multiple: true },
  description: { type: 'string' },
  'role-arn': { type: 'string' },
  wait: { type: 'boolean' },
} as const;

/**
 * A pipeline name (pattern `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}`) made from a file name: `my pipeline_v2.json` →
 * `my-pipeline-v2`.
 */
export function pipelineNameFromFile(file: string): string {
  const stem = basename(file, extname(file));
  const name = stem
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 256)
    .replace(/-+$/, '');
  return name === '' ? 'pipeline' : name;
}

/** `sluice run`. Returns the exit code. */
export async function runRun(argv: readonly string[], terminal?: Terminal): Promise<number> {
  return runClientCommand(
    { name: 'run', help: HELP, options: OPTIONS, positionals: { min: 1, max: 1, names: 'the definition file' } },
    argv,
    run,
    terminal,
  );
}

async function run(context: CommandContext<typeof OPTIONS>): Promise<number> {
  const { args, sm, terminal, suggest } = context;
  const file = args.positionals[0] ?? '';
  const parameters = parseAssignments(args.values.param, '--param');
  const definition = await checkedDefinition(file, terminal);
  if (definition === undefined) return EXIT.failed;
  const name = args.values.name ?? pipelineNameFromFile(file);
  const pipeline = await upsertPipeline(sm, name, definition, args.values['role-arn']);
  const json = args.values.json === true;
  if (!json) {
    terminal.err(
      pipeline.created
        ? `Created pipeline '${name}'.`
        : `Updated pipeline '${name}' (version ${pipeline.versionId ?? '?'}).`,
    );
  }
  const started = await sm.send(
    new StartPipelineExecutionCommand({
      PipelineName: name,
      PipelineParameters: parameters,
      ...(args.values.description !== undefined && { PipelineExecutionDescription: args.values.description }),
    }),
  );
  const arn = started.PipelineExecutionArn ?? '';
  const answer = {
    PipelineArn: pipeline.arn,
    PipelineName: name,
    PipelineCreated: pipeline.created,
    PipelineVersionId: pipeline.versionId,
    PipelineExecutionArn: arn,
  };
  if (args.values.wait !== true) {
    if (json) printJson(terminal, answer);
    else terminal.out(arn);
    return EXIT.ok;
  }
  if (!json) terminal.out(arn);
  const view: ProgressView = json
    ? { update: () => undefined, close: () => undefined }
    : createProgressView(terminal, suggest);
  const final = await watchExecution(sm, arn, view);
  if (final === undefined) return interrupted(terminal, arn, suggest);
  if (json) printJson(terminal, { ...answer, Execution: withoutMetadata(final.execution), Steps: final.steps });
  else for (const line of summaryLines(final, Date.now(), createStyle(terminal.color))) terminal.out(line);
  return exitCodeOf(final.execution.PipelineExecutionStatus);
}

/** Exit code of `run --wait` for an execution's final status. */
export function exitCodeOf(status: string | undefined): number {
  if (status === 'Succeeded') return EXIT.ok;
  if (status === 'Stopped') return EXIT.stopped;
  return EXIT.failed;
}

/**
 * The definition text when `sluice validate` finds it valid (its warnings go to stderr); otherwise prints what
 * `sluice validate` prints, on stderr, and answers undefined.
 */
async function checkedDefinition(file: string, terminal: Terminal): Promise<string | undefined> {
  const lines: string[] = [];
  const code = await runValidate([file], { stdout: (line) => lines.push(line), stderr: (line) => lines.push(line) });
  if (code !== 0) {
    for (const line of lines) terminal.err(line);
    return undefined;
  }
  for (const line of lines) if (line.startsWith(`${file}: warning:`)) terminal.err(line);
  const text = await readFile(file, 'utf8');
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** What the upsert did. */
interface UpsertedPipeline {
  readonly arn: string;
  readonly created: boolean;
  /** The new version on update; 1 on create. */
  readonly versionId: number | undefined;
}

/**
 * CreatePipeline, or UpdatePipeline when the name is taken: the SageMaker Python SDK's `Pipeline.upsert()` catches
 * the ValidationException whose message says "already exists" in the same way.
 */
export async function upsertPipeline(
  sm: SageMakerClient,
  name: string,
  definition: string,
  roleArn: string | undefined,
): Promise<UpsertedPipeline> {
  try {
    const created = await sm.send(
      new CreatePipelineCommand({
        PipelineName: name,
        PipelineDefinition: definition,
        RoleArn: roleArn ?? DEFAULT_ROLE_ARN,
      }),
    );
    return { arn: created.PipelineArn ?? '', created: true, versionId: 1 };
  } catch (error) {
    const taken =
      error instanceof Error && error.name === 'ValidationException' && error.message.includes('already exists');
    if (!taken) throw error;
  }
  const updated = await sm.send(
    new UpdatePipelineCommand({
      PipelineName: name,
      PipelineDefinition: definition,
      ...(roleArn !== undefined && { RoleArn: roleArn }),
    }),
  );
  return { arn: updated.PipelineArn ?? '', created: false, versionId: updated.PipelineVersionId };
}

/** Every step of an execution, first started first. */
export async function listSteps(
  sm: SageMakerClient,
  arn: string,
  signal?: AbortSignal,
): Promise<PipelineExecutionStep[]> {
  const steps: PipelineExecutionStep[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sm.send(
      new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending', NextToken }),
      signal && { abortSignal: signal },
    );
    steps.push(...(page.PipelineExecutionSteps ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return steps;
}

/** Polls until the execution ends. */
async function pollUntilDone(
  sm: SageMakerClient,
  arn: string,
  view: ProgressView,
  signal: AbortSignal,
): Promise<ExecutionSnapshot> {
  for (;;) {
    const execution = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }), {
      abortSignal: signal,
    });
    // Listed after the description, the steps are at least as recent as the status: a final status shows final steps.
    const snapshot = { execution, steps: await listSteps(sm, arn, signal) };
    view.update(snapshot, Date.now());
    if (TERMINAL_STATUSES.has(execution.PipelineExecutionStatus ?? '')) return snapshot;
    await sleep(POLL_INTERVAL_MS, undefined, { signal });
  }
}

/**
 * Shows the execution's progress on `view` until it ends and answers the last snapshot, or undefined when Ctrl-C
 * ended the watch first (the execution goes on).
 */
export async function watchExecution(
  sm: SageMakerClient,
  arn: string,
  view: ProgressView,
): Promise<ExecutionSnapshot | undefined> {
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await pollUntilDone(sm, arn, view, controller.signal);
  } catch (error) {
    if (controller.signal.aborted) return undefined;
    throw error;
  } finally {
    process.off('SIGINT', onInterrupt);
    view.close();
  }
}

/** After Ctrl-C: says how to stop what is still running and answers exit code 130. */
export function interrupted(terminal: Terminal, arn: string, suggest: Suggest): number {
  terminal.err(`Stopped watching; the execution goes on. To stop it: ${suggest(`stop ${arn}`)}`);
  return EXIT.interrupted;
}
