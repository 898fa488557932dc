/** Argument parsing shared by the client commands, on node:util's parseArgs. */
import { parseArgs } from 'node:util';

/** Option declarations in parseArgs' format. */
export type OptionSpecs = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }
>;

/** Options every client command accepts. */
export const COMMON_OPTIONS = {
  endpoint: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpecs;

/** The lines of `--help` that describe COMMON_OPTIONS. */
export const COMMON_HELP = [
  '  --endpoint URL         the Sluice to talk to (env SLUICE_ENDPOINT; default http://127.0.0.1:4599)',
  '  --json                 print the API answers as JSON, for scripts',
  '  -h, --help             show this text',
];

/** The command line is wrong: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The value parseArgs gives an option declared as `S`. */
type OptionValue<S> = S extends { type: 'boolean' }
  ? S extends { multiple: true }
    ? boolean[]
    : boolean
  : S extends { multiple: true }
    ? string[]
    : string;

/** Option values by name; absent options are undefined. */
export type OptionValues<O extends OptionSpecs> = { [K in keyof O]?: OptionValue<O[K]> };

/** A parsed command line: the values of the command's options and of COMMON_OPTIONS, and the positional arguments. */
export interface ParsedCommandLine<O extends OptionSpecs> {
  readonly values: OptionValues<O> & OptionValues<typeof COMMON_OPTIONS>;
  readonly positionals: string[];
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  return error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/**
 * Parses `argv` against `options` and COMMON_OPTIONS strictly: an unknown option, a missing option value or a
 * positional argument count outside `[min, max]` throws UsageError (not with `--help`).
 */
export function parseCommandLine<const O extends OptionSpecs>(
  argv: readonly string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): ParsedCommandLine<O> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    const all: OptionSpecs = { ...COMMON_OPTIONS, ...options };
    parsed = parseArgs({ args: [...argv], options: all, allowPositionals: true, strict: true });
  } catch (error) {
    if (isParseArgsError(error)) {
      // Node adds advice about '--' to unknown options; the option is what matters.
      const unknown = /^Unknown option '([^']*)'/.exec(error.message);
      throw new UsageError(unknown ? `unknown option '${unknown[1]}'.` : error.message);
    }
    throw error;
  }
  const wantsHelp = parsed.values['help'] === true;
  if (!wantsHelp && parsed.positionals.length < positionals.min) throw new UsageError(`missing ${positionals.names}.`);
  if (!wantsHelp && parsed.positionals.length > positionals.max) {
    const extra = parsed.positionals.slice(positionals.max);
    throw new UsageError(`unexpected argument${extra.length === 1 ? '' : 's'} '${extra.join(' ')}'.`);
  }
  return parsed as ParsedCommandLine<O>;
}

/** `NAME=VALUE` pairs (`--param`, `--output`) as the API's `{ Name, Value }` list; the value may contain `=`. */
export function parseAssignments(
  items: readonly string[] | undefined,
  flag: string,
): { Name: string; Value: string }[] {
  return (items ?? []).map((item) => {
    const equals = item.indexOf('=');
    if (equals <= 0) throw new UsageError(`${flag} expects NAME=VALUE, got '${item}'.`);
    return { Name: item.slice(0, equals), Value: item.slice(equals + 1) };
  });
}

/** A positive whole number option such as `--limit`. */
export function parsePositiveInteger(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`${flag} expects a positive whole number.`);
  return number;
}
