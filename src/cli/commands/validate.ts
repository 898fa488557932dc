/**
 * `sluice validate FILE…`: checks pipeline definition files offline with the same parser CreatePipeline uses, and
 * explains each problem with its JSON path and, for misspelt names, a suggestion.
 */
import { readFile } from 'node:fs/promises';
import type { DefinitionProblem } from '../../engine/definition/parse.js';
import { formatProblem, parseDefinition } from '../../engine/definition/parse.js';

/** Where the command writes. */
export interface ValidateOutput {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Exit codes of `sluice validate`. */
const EXIT_VALID = 0;
const EXIT_INVALID = 1;
const EXIT_USAGE = 2;

const USAGE = 'Usage: sluice validate FILE…';

/**
 * Validates each file and prints `FILE: valid (N steps, M parameters)` or one line per problem, then warnings.
 * Returns 0 when every file is valid, 1 when one is not, 2 on a usage error (no files, unknown option, unreadable
 * file).
 */
export async function runValidate(files: string[], out: ValidateOutput): Promise<number> {
  if (files.length === 0) {
    out.stderr(`sluice validate: no files given.\n${USAGE}`);
    return EXIT_USAGE;
  }
  const option = files.find((file) => file.startsWith('-'));
  if (option !== undefined) {
    out.stderr(`sluice validate: unknown option '${option}'.\n${USAGE}`);
    return EXIT_USAGE;
  }
  let exitCode = EXIT_VALID;
  for (const file of files) {
    const code = await validateFile(file, out);
    exitCode = Math.max(exitCode, code);
  }
  return exitCode;
}

async function validateFile(file: string, out: ValidateOutput): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    out.stderr(`${file}: cannot read the file: ${reason}`);
    return EXIT_USAGE;
  }
  // Editors on Windows like to save a byte order mark; it is not part of the definition.
  const result = parseDefinition(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (!result.ok) {
    for (const problem of result.problems) out.stdout(`${file}: ${describe(problem)}`);
    return EXIT_INVALID;
  }
  const { steps, parameters } = result.definition;
  out.stdout(`${file}: valid (${plural(steps.length, 'step')}, ${plural(parameters.length, 'parameter')})`);
  for (const warning of result.warnings) out.stdout(`${file}: warning: ${describe(warning)}`);
  return EXIT_VALID;
}

function describe(problem: DefinitionProblem): string {
  const text = formatProblem(problem);
  return problem.hint === undefined ? text : `${text} ${problem.hint}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
