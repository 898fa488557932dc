/**
 * Problems found in a pipeline definition, the JSON paths that locate them, and their one-line rendering for the
 * ValidationException of CreatePipeline/UpdatePipeline.
 */

/** One thing wrong (or, as a warning, suspicious) in a definition. */
export interface DefinitionProblem {
  /** JSON path of the offending value, e.g. `$.Steps[2].Arguments.Conditions[0].LeftValue`. */
  path: string;
  /** The step the value belongs to (the innermost one for nested steps). */
  step?: string;
  /** What is wrong, as a sentence. */
  message: string;
  /** A suggestion such as "Did you mean 'Train'?"; shown by `sluice validate`, left out of API errors. */
  hint?: string;
}

/** The prefix the service uses when the definition is not JSON (spec §1.3). */
export const UNPARSEABLE_PREFIX = 'Unable to parse pipeline definition.';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Path of member `key` below `path`: `.Key` for identifiers, `['Std:Join']` otherwise. */
export function memberPath(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}['${key.replace(/'/g, "\\'")}']`;
}

/** Path of array element `index` below `path`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** Collects errors and warnings while a definition is checked. */
export class ProblemCollector {
  readonly errors: DefinitionProblem[] = [];
  readonly warnings: DefinitionProblem[] = [];

  /** Records an error at `path`, inside `step` when given. */
  error(path: string, step: string | undefined, message: string, hint?: string): void {
    this.errors.push(makeProblem(path, step, message, hint));
  }

  /** Records a warning: the definition stays valid. */
  warn(path: string, step: string | undefined, message: string, hint?: string): void {
    this.warnings.push(makeProblem(path, step, message, hint));
  }
}

function makeProblem(
  path: string,
  step: string | undefined,
  message: string,
  hint: string | undefined,
): DefinitionProblem {
  const problem: DefinitionProblem = { path, message };
  if (step !== undefined) problem.step = step;
  if (hint !== undefined) problem.hint = hint;
  return problem;
}

/** `$.Steps[1].DependsOn[0] (step 'Eval'): Step 'Trian' is undefined.` — without the hint. */
export function formatProblem(problem: DefinitionProblem): string {
  const where = problem.step === undefined ? problem.path : `${problem.path} (step '${problem.step}')`;
  return `${where}: ${problem.message}`;
}

/** Most problems shown in one ValidationException message; the rest are counted. */
const MAX_DESCRIBED = 5;
/** Longest message built from problems (before the "(and N more)" tail). */
const MAX_DESCRIPTION_CHARS = 2000;

/**
 * One-line text for the ValidationException message of CreatePipeline/UpdatePipeline, e.g.
 * "Invalid pipeline definition: $.Steps[1].DependsOn[0] (step 'Eval'): Step 'Trian' is undefined." — several
 * problems joined with '; ', cut to a sane length with "(and N more)". A JSON syntax error keeps the service's
 * own wording, "Unable to parse pipeline definition. …".
 */
export function describeProblems(problems: readonly DefinitionProblem[]): string {
  const first = problems[0];
  if (first === undefined) return 'Invalid pipeline definition.';
  if (first.message.startsWith(UNPARSEABLE_PREFIX)) return truncate(first.message, MAX_DESCRIPTION_CHARS);
  const shown: string[] = [];
  let length = 0;
  for (const problem of problems.slice(0, MAX_DESCRIBED)) {
    const text = formatProblem(problem);
    if (shown.length > 0 && length + text.length > MAX_DESCRIPTION_CHARS) break;
    shown.push(truncate(text, MAX_DESCRIPTION_CHARS));
    length += text.length + 2;
  }
  const rest = problems.length - shown.length;
  const tail = rest > 0 ? ` (and ${rest} more)` : '';
  return `Invalid pipeline definition: ${shown.join('; ')}${tail}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
