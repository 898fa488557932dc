/**
 * `sluice callback succeed|fail TOKEN`: answers a waiting Callback step (SendPipelineExecutionStepSuccess or
 * SendPipelineExecutionStepFailure), as a consumer of its SQS message would.
 */
import {
  SendPipelineExecutionStepFailureCommand,
  SendPipelineExecutionStepSuccessCommand,
} from '@aws-sdk/client-sagemaker';
import { COMMON_HELP, parseAssignments, UsageError } from '../args.js';
import type { CommandContext } from '../client.js';
import { EXIT, printJson, runClientCommand, withoutMetadata } from '../client.js';
import type { Terminal } from '../render/terminal.js';

const HELP = `Usage: sluice callback succeed TOKEN [--output NAME=VALUE …]
       sluice callback fail TOKEN [--reason TEXT]

Answers the Callback step waiting with TOKEN ('sluice run --wait' and 'sluice describe' show it). 'succeed' sets
the step's output parameters; 'fail' fails the step with the reason.

Options:
  --output NAME=VALUE    an output parameter of the step (succeed only); repeat for more
  --reason TEXT          why the step failed (fail only)
${COMMON_HELP.join('\n')}

With --json: the API answer, {"PipelineExecutionArn"}.

Examples:
  sluice callback succeed k3Jd93hQ2a --output accuracy=0.93
  sluice callback fail k3Jd93hQ2a --reason "labelling job rejected"`;

const OPTIONS = {
  output: { type: 'string', multiple: true },
  reason: { type: 'string' },
} as const;

/** `sluice callback`. Returns the exit code. */
export async function runCallback(argv: readonly string[], terminal?: Terminal): Promise<number> {
  return runClientCommand(
    {
      name: 'callback',
      help: HELP,
      options: OPTIONS,
      positionals: { min: 2, max: 2, names: "'succeed' or 'fail' and the callback token" },
    },
    argv,
    callback,
    terminal,
  );
}

async function callback(context: CommandContext<typeof OPTIONS>): Promise<number> {
  const { args, sm, terminal } = context;
  const [action, token = ''] = args.positionals;
  let answer;
  if (action === 'succeed') {
    if (args.values.reason !== undefined) throw new UsageError("--reason goes with 'fail', not 'succeed'.");
    const outputs = parseAssignments(args.values.output, '--output');
    answer = await sm.send(
      new SendPipelineExecutionStepSuccessCommand({ CallbackToken: token, OutputParameters: outputs }),
    );
  } else if (action === 'fail') {
    if (args.values.output !== undefined) throw new UsageError("--output goes with 'succeed', not 'fail'.");
    answer = await sm.send(
      new SendPipelineExecutionStepFailureCommand({
        CallbackToken: token,
        ...(args.values.reason !== undefined && { FailureReason: args.values.reason }),
      }),
    );
  } else {
    throw new UsageError(`expected 'succeed' or 'fail', got '${action ?? ''}'.`);
  }
  if (args.values.json === true) printJson(terminal, withoutMetadata(answer));
  else terminal.out(`Sent ${action === 'succeed' ? 'success' : 'failure'} to ${answer.PipelineExecutionArn ?? ''}`);
  return EXIT.ok;
}
