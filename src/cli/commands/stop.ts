/** `sluice stop ARN|PIPELINE`: StopPipelineExecution, then the execution's new status. */
import {
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { COMMON_HELP } from '../args.js';
import type { CommandContext } from '../client.js';
import { EXIT, printJson, resolveExecutionArn, runClientCommand } from '../client.js';
import { callbackHints } from '../render/progress.js';
import { waitingCallbackToken } from '../render/steps.js';
import type { Terminal } from '../render/terminal.js';
import { watchExecution } from './run.js';

const HELP = `Usage: sluice stop ARN|PIPELINE[/ID] [--wait]

Stops an execution: the one with this ARN, PIPELINE/ID as 'sluice ls' shows it, or the most recent execution of
PIPELINE. Prints the new status (Stopping, or Stopped). A Callback step that waits is stopped once its callback is
answered, so the execution stays Stopping until then.

Options:
  --wait                 wait until the execution has ended; exit 0 when it Stopped, 1 when it ended otherwise
${COMMON_HELP.join('\n')}

With --json: {"PipelineExecutionArn", "PipelineExecutionStatus"}.

Example:
  sluice stop my-pipeline --wait`;

const OPTIONS = { wait: { type: 'boolean' } } as const;

/** `sluice stop`. Returns the exit code. */
export async function runStop(argv: readonly string[], terminal?: Terminal): Promise<number> {
  return runClientCommand(
    { name: 'stop', help: HELP, options: OPTIONS, positionals: { min: 1, max: 1, names: 'the execution ARN' } },
    argv,
    stop,
    terminal,
  );
}

async function stop(context: CommandContext<typeof OPTIONS>): Promise<number> {
  const { args, sm, terminal, suggest } = context;
  const json = args.values.json === true;
  const arn = await resolveExecutionArn(sm, args.positionals[0] ?? '');
  await sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn }));
  let status =
    (await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }))).PipelineExecutionStatus ?? '';
  if (!json) terminal.out(`${arn}: ${status}`);
  if (status === 'Stopping' && !json) await explainWaitingCallbacks(context, arn);
  if (args.values.wait === true && status !== 'Stopped') {
    const final = await watchExecution(sm, arn, { update: () => undefined, close: () => undefined });
    if (final === undefined) {
      terminal.err(`Stopped watching; the execution is ${status}. To see it: ${suggest(`describe ${arn}`)}`);
      return EXIT.interrupted;
    }
    status = final.execution.PipelineExecutionStatus ?? '';
    if (!json) terminal.out(`${arn}: ${status}`);
  }
  if (json) printJson(terminal, { PipelineExecutionArn: arn, PipelineExecutionStatus: status });
  if (args.values.wait === true && status !== 'Stopped') {
    if (!json) terminal.err(`sluice: the execution ended as ${status} before it could be stopped.`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** Names the Callback steps the stop waits for, with the commands that answer them. */
async function explainWaitingCallbacks(context: CommandContext<typeof OPTIONS>, arn: string): Promise<void> {
  const { sm, terminal, suggest } = context;
  const page = await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }));
  for (const step of page.PipelineExecutionSteps ?? []) {
    const token = waitingCallbackToken(step);
    if (token === undefined) continue;
    terminal.out(`Step '${step.StepName ?? ''}' waits for its callback (token ${token}); it stops once answered:`);
    for (const hint of callbackHints(token, suggest)) terminal.out(`  ${hint}`);
  }
}
