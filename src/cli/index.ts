#!/usr/bin/env node
/** The `sluice` command: a thin dispatcher over the commands in ./commands. */
import { runValidate } from './commands/validate.js';
// The server and the SDK client commands are loaded when their command runs: `sluice ls` need not load the server.

const USAGE = `Usage: sluice <command> [options]

Commands:
  serve [options]        run the Sluice server (see 'sluice serve --help')
  validate FILE…         check pipeline definition files offline; exit 0 when all are valid, 1 otherwise
  run DEFINITION.json    create or update the pipeline and start an execution; --wait shows its progress
  ls [PIPELINE]          pipelines and their recent executions, or one pipeline's executions
  describe ARN|PIPELINE  an execution, its parameters and steps (the pipeline's most recent one by name)
  stop ARN|PIPELINE      stop an execution (the pipeline's most recent one by name)
  callback succeed|fail TOKEN   answer a waiting Callback step
  help                   show this text

The commands that talk to a running Sluice take --endpoint URL (env SLUICE_ENDPOINT, default
http://127.0.0.1:4599), --json, and --help with an example each. Exit codes: 0 ok, 1 failed (an AWS error, a
failed execution), 2 wrong usage or a stopped execution, 3 Sluice unreachable, 130 interrupted.

Examples:
  sluice serve --port 4599
  sluice validate pipeline.json
  sluice run pipeline.json --param Threshold=5 --wait`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  switch (command) {
    case 'serve': {
      const { runServe, serveHelp } = await import('./commands/serve.js');
      if (wantsHelp) return print(serveHelp());
      return runServe(rest);
    }
    case 'validate':
      if (wantsHelp || rest.length === 0) {
        return print(
          'Usage: sluice validate FILE…\n\nChecks pipeline definitions offline and explains each problem with its JSON path.',
          rest.length === 0 ? 2 : 0,
        );
      }
      return runValidate(rest, {
        stdout: (line) => process.stdout.write(line + '\n'),
        stderr: (line) => process.stderr.write(line + '\n'),
      });
    case 'run':
      return (await import('./commands/run.js')).runRun(rest);
    case 'ls':
      return (await import('./commands/ls.js')).runLs(rest);
    case 'describe':
      return (await import('./commands/describe.js')).runDescribe(rest);
    case 'stop':
      return (await import('./commands/stop.js')).runStop(rest);
    case 'callback':
      return (await import('./commands/callback.js')).runCallback(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return print(USAGE);
    default:
      process.stderr.write(`sluice: unknown command '${command}'\n\n${USAGE}\n`);
      return 2;
  }
}

function print(text: string, code = 0): number {
  (code === 0 ? process.stdout : process.stderr).write(text + '\n');
  return code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sluice: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
