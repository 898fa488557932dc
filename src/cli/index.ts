#!/usr/bin/env node
/** The `sluice` command: a thin dispatcher over the commands in ./commands. */
import { runServe, serveHelp } from './commands/serve.js';
import { runValidate } from './commands/validate.js';

const USAGE = `Usage: sluice <command> [options]

Commands:
  serve [options]        run the Sluice server (see 'sluice serve --help')
  validate FILE…         check pipeline definition files offline; exit 0 when all are valid, 1 otherwise
  help                   show this text

Examples:
  sluice serve --port 4599
  sluice validate pipeline.json`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  switch (command) {
    case 'serve':
      if (wantsHelp) return print(serveHelp());
      return runServe(rest);
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
