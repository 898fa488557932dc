/** `sluice describe ARN|PIPELINE[/ID]`: an execution, its parameters and its steps with what each produced. */
import type { Parameter } from '@aws-sdk/client-sagemaker';
import {
  DescribePipelineExecutionCommand,
  ListPipelineParametersForExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { COMMON_HELP } from '../args.js';
import type { CommandContext } from '../client.js';
import { EXIT, printJson, resolveExecutionArn, runClientCommand, withoutMetadata } from '../client.js';
import { describeExecutionLines } from '../render/execution.js';
import type { Terminal } from '../render/terminal.js';
import { createStyle } from '../render/terminal.js';
import { listSteps } from './run.js';

const HELP = `Usage: sluice describe ARN|PIPELINE[/ID]

Shows an execution — the one with this ARN, PIPELINE/ID as 'sluice ls' shows it, or the most recent execution of
PIPELINE: its status, times, failure reason and parameters, then each step that started with its status, attempt,
duration, failure reason and outputs (callback and Lambda output parameters, condition outcome, job ARNs, cache
hits, and the callback token of a step that waits for one).

Options:
${COMMON_HELP.join('\n')}

With --json: {"Execution": DescribePipelineExecution, "Parameters": ListPipelineParametersForExecution's list,
"Steps": ListPipelineExecutionSteps' list, oldest first}.

Example:
  sluice describe my-pipeline`;

/** `sluice describe`. Returns the exit code. */
export async function runDescribe(argv: readonly string[], terminal?: Terminal): Promise<number> {
  return runClientCommand(
    { name: 'describe', help: HELP, options: {}, positionals: { min: 1, max: 1, names: 'the execution ARN' } },
    argv,
    describe,
    terminal,
  );
}

async function listParameters(sm: SageMakerClient, arn: string): Promise<Parameter[]> {
  const parameters: Parameter[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sm.send(new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: arn, NextToken }));
    parameters.push(...(page.PipelineParameters ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return parameters;
}

async function describe(context: CommandContext<Record<never, never>>): Promise<number> {
  const { args, sm, terminal, suggest } = context;
  const arn = await resolveExecutionArn(sm, args.positionals[0] ?? '');
  const execution = withoutMetadata(await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn })));
  const [parameters, steps] = await Promise.all([listParameters(sm, arn), listSteps(sm, arn)]);
  if (args.values.json === true) {
    printJson(terminal, { Execution: execution, Parameters: parameters, Steps: steps });
  } else {
    const lines = describeExecutionLines(
      { execution, parameters, steps },
      Date.now(),
      createStyle(terminal.color),
      suggest,
    );
    for (const line of lines) terminal.out(line);
  }
  return EXIT.ok;
}
