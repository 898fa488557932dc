/**
 * What the client commands share: the SageMaker client for a running Sluice (endpoint, region, credentials), the
 * frame that parses a command line and turns every error into one line and an exit code, and ARN look-ups.
 */
import type { SageMakerClient as SageMakerClientType } from '@aws-sdk/client-sagemaker';
import {
  DescribePipelineCommand,
  ListPipelineExecutionsCommand,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import type { OptionSpecs, ParsedCommandLine } from './args.js';
import { parseCommandLine, UsageError } from './args.js';
import type { Suggest } from './render/progress.js';
import type { Terminal } from './render/terminal.js';
import { processTerminal } from './render/terminal.js';

/** Where Sluice listens unless --endpoint or SLUICE_ENDPOINT says otherwise (`sluice serve`'s default). */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4599';

/** Exit codes of the client commands. */
export const EXIT = {
  ok: 0,
  /** An AWS error, a failed execution, an invalid definition. */
  failed: 1,
  /** A wrong command line; also `run --wait` on a Stopped execution. */
  usage: 2,
  stopped: 2,
  /** Nothing answers at the endpoint. */
  unreachable: 3,
  /** Ctrl-C while watching (128 + SIGINT). */
  interrupted: 130,
} as const;

/** A failure the command explains in one line (`sluice: <message>`), with its exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}

/** The endpoint from `--endpoint`, SLUICE_ENDPOINT or the default, checked to be an http(s) URL. */
export function resolveEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const endpoint = flag ?? (env['SLUICE_ENDPOINT'] || DEFAULT_ENDPOINT);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`the endpoint must be an http(s) URL such as ${DEFAULT_ENDPOINT}, got '${endpoint}'.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`the endpoint must be an http(s) URL such as ${DEFAULT_ENDPOINT}, got '${endpoint}'.`);
  }
  return endpoint.replace(/\/+$/, '');
}

/** The region requests are signed for: AWS_REGION, AWS_DEFAULT_REGION, else us-east-1. */
export function resolveRegion(env: NodeJS.ProcessEnv): string {
  return env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1';
}

/**
 * The credentials in the environment, else dummy ones: Sluice accepts any signature, and looking further (profiles,
 * instance metadata) would only slow every command down.
 */
export function resolveCredentials(env: NodeJS.ProcessEnv): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
} {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) return { accessKeyId: 'sluice', secretAccessKey: 'sluice' };
  const sessionToken = env['AWS_SESSION_TOKEN'];
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** How long to wait for a TCP connection before calling the endpoint unreachable. */
const CONNECTION_TIMEOUT_MS = 5000;

/** A SageMaker client for the Sluice at `endpoint`, with SDK retries off so a failure shows at once. */
export function createSageMakerClient(endpoint: string, env: NodeJS.ProcessEnv): SageMakerClientType {
  // The SDK warns on stderr that future versions need Node 22; a CLI line is no place for that.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  return new SageMakerClient({
    endpoint,
    region: resolveRegion(env),
    credentials: resolveCredentials(env),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
  });
}

/** Socket error codes that mean nothing usable answers at the endpoint, in words. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
  EPIPE: 'connection closed',
};

/** Why the endpoint could not be reached, when `error` says it could not (directly, as a cause, or aggregated). */
export function connectionProblem(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const { code, name, errors, cause } = error as { code?: unknown; name?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string' && UNREACHABLE[code] !== undefined) return UNREACHABLE[code];
  if (name === 'TimeoutError') return 'timed out';
  for (const inner of Array.isArray(errors) ? errors : []) {
    const found = connectionProblem(inner, depth + 1);
    if (found !== undefined) return found;
  }
  return connectionProblem(cause, depth + 1);
}

/** The one line `sluice` prints when nothing answers at `endpoint`. */
export function unreachableLine(endpoint: string, problem: string): string {
  return `sluice: cannot reach Sluice at ${endpoint} (${problem}). Is it running? Start it with \`npm start\` or \`sluice serve\`.`;
}

/** Prints `error` as one line (never a stack trace) and answers the exit code. */
export function reportError(error: unknown, endpoint: string, terminal: Terminal): number {
  const problem = connectionProblem(error);
  if (problem !== undefined) {
    terminal.err(unreachableLine(endpoint, problem));
    return EXIT.unreachable;
  }
  if (error instanceof CliError) {
    terminal.err(`sluice: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof SageMakerServiceException || (error instanceof Error && '$fault' in error)) {
    terminal.err(`sluice: ${error.name}: ${error.message}`);
    return EXIT.failed;
  }
  terminal.err(`sluice: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failed;
}

/** An API answer without the SDK's `$metadata`, for `--json`. */
export function withoutMetadata<T extends object>(answer: T): Omit<T, '$metadata'> {
  const { $metadata: _metadata, ...rest } = answer as T & { $metadata?: unknown };
  return rest;
}

/** Prints `value` as indented JSON (Dates as ISO 8601 text). */
export function printJson(terminal: Terminal, value: unknown): void {
  terminal.out(JSON.stringify(value, null, 2));
}

/**
 * The execution ARN that `ref` names: an ARN as is; `PIPELINE/ID` (as `sluice ls` shows it) through the
 * pipeline's ARN; a pipeline name, its most recent execution.
 */
export async function resolveExecutionArn(sm: SageMakerClientType, ref: string): Promise<string> {
  if (ref.startsWith('arn:')) return ref;
  const slash = ref.indexOf('/');
  if (slash > 0) {
    const pipeline = await sm.send(new DescribePipelineCommand({ PipelineName: ref.slice(0, slash) }));
    return `${pipeline.PipelineArn ?? ''}/execution/${ref.slice(slash + 1)}`;
  }
  const page = await sm.send(
    new ListPipelineExecutionsCommand({
      PipelineName: ref,
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 1,
    }),
  );
  const latest = page.PipelineExecutionSummaries?.[0]?.PipelineExecutionArn;
  if (latest === undefined) throw new CliError(`pipeline '${ref}' has no executions.`);
  return latest;
}

/** A client command: its name, help text, options and how many positional arguments it takes. */
export interface ClientCommand<O extends OptionSpecs> {
  readonly name: string;
  /** The whole `--help` text, starting with its `Usage:` line. */
  readonly help: string;
  readonly options: O;
  readonly positionals: { min: number; max: number; names: string };
}

/** What a command body gets. */
export interface CommandContext<O extends OptionSpecs> {
  readonly args: ParsedCommandLine<O>;
  readonly sm: SageMakerClientType;
  readonly endpoint: string;
  readonly terminal: Terminal;
  readonly env: NodeJS.ProcessEnv;
  /** `sluice ARGS` as the user should type it next, `--endpoint` included when they gave one. */
  readonly suggest: Suggest;
}

/**
 * Parses the command line (usage errors: message and help on stderr, exit 2; `--help`: help on stdout, exit 0),
 * makes the client, runs `body`, and turns whatever it throws into one line and an exit code.
 */
export async function runClientCommand<const O extends OptionSpecs>(
  command: ClientCommand<O>,
  argv: readonly string[],
  body: (context: CommandContext<O>) => Promise<number>,
  terminal: Terminal = processTerminal(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let args: ParsedCommandLine<O>;
  let endpoint: string;
  try {
    args = parseCommandLine(argv, command.options, command.positionals);
    if (args.values.help === true) {
      terminal.out(command.help);
      return EXIT.ok;
    }
    endpoint = resolveEndpoint(args.values.endpoint, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    terminal.err(`sluice ${command.name}: ${error.message}\n\n${command.help}`);
    return EXIT.usage;
  }
  const flag = args.values.endpoint === undefined ? '' : ` --endpoint ${endpoint}`;
  const suggest: Suggest = (text) => `sluice ${text}${flag}`;
  const sm = createSageMakerClient(endpoint, env);
  try {
    return await body({ args, sm, endpoint, terminal, env, suggest });
  } catch (error) {
    if (error instanceof UsageError) {
      terminal.err(`sluice ${command.name}: ${error.message}\n\n${command.help}`);
      return EXIT.usage;
    }
    return reportError(error, endpoint, terminal);
  } finally {
    sm.destroy();
  }
}
