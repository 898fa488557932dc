/**
 * Runs the real Python AWS clients against a test server: the boto3 scripts in test/clients/ and the AWS CLI
 * (`aws`, v1). Both run as subprocesses with a clean AWS environment (no profile, config file or endpoint
 * variables leak in from the caller), fixed dummy credentials and retries off, so a failure shows on the first
 * try. Neither function rejects on a non-zero exit: callers assert on the result.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './definitions.js';

const run = promisify(execFile);

/** The folder of the boto3 client scripts. */
export const CLIENTS_DIR = join(REPO_ROOT, 'test', 'clients');

/** What a finished subprocess left. `missing` is set when the program itself was not found. */
export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly missing?: boolean;
}

/** The environment of every client subprocess: the caller's minus anything AWS-related, plus fixed settings. */
export function clientEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  return {
    ...env,
    AWS_ACCESS_KEY_ID: 'AKIDSLUICETEST',
    AWS_SECRET_ACCESS_KEY: 'sluice-test-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    // Nothing from ~/.aws: no profile, no endpoint_url, no cli_pager.
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_PAGER: '',
    // No __pycache__ next to the scripts in the work tree.
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONUNBUFFERED: '1',
    ...extra,
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` on PATH. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const resolved = new Map<string, Promise<string>>();

/**
 * The program `name` runs, looked up once. A pyenv shim (…/shims/name, a bash script that starts `pyenv exec`)
 * costs about a second per call on a busy machine, and the suite makes dozens of calls, so a shim is replaced by
 * the executable `pyenv which` names — the very file the shim would have run. Anything else stays as it is.
 */
export function resolveProgram(name: string): Promise<string> {
  let promise = resolved.get(name);
  if (promise === undefined) {
    promise = (async () => {
      const found = onPath(name);
      if (found === undefined || basename(dirname(found)) !== 'shims') return name;
      const pyenv = onPath('pyenv') ?? join(dirname(dirname(found)), 'bin', 'pyenv');
      const which = await run(pyenv, ['which', name], { encoding: 'utf8', timeout: 30_000 }).catch(() => undefined);
      const target = which?.stdout.trim();
      return target && isExecutable(target) ? target : name;
    })();
    resolved.set(name, promise);
  }
  return promise;
}

/** Runs a program to its end and collects its output (never throws for a non-zero exit). */
export async function runProcess(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ProcessResult> {
  const program = await resolveProgram(file);
  try {
    const { stdout, stderr } = await run(program, args, {
      cwd: REPO_ROOT,
      env,
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as NodeJS.ErrnoException & {
      code?: number | string;
      stdout?: string;
      stderr?: string;
      killed?: boolean;
    };
    if (e.code === 'ENOENT') return { code: 127, stdout: '', stderr: `${file}: not found`, missing: true };
    const timedOut = e.killed === true ? `\n[killed after ${timeoutMs} ms]` : '';
    return {
      code: typeof e.code === 'number' ? e.code : 1,
      stdout: e.stdout ?? '',
      stderr: (e.stderr ?? String(error)) + timedOut,
    };
  }
}

/** Runs `python3 test/clients/<script> <endpointUrl>`. */
export function runPythonClient(script: string, endpointUrl: string, timeoutMs = 120_000): Promise<ProcessResult> {
  return runProcess('python3', [join(CLIENTS_DIR, script), endpointUrl], clientEnv(), timeoutMs);
}

/** How to point the AWS CLI at the server: the --endpoint-url flag, or only the AWS_ENDPOINT_URL variable. */
export type EndpointStyle = 'flag' | 'env';

/** Runs `aws <args> --output json` against `endpointUrl`. */
export function runAwsCli(
  args: readonly string[],
  endpointUrl: string,
  style: EndpointStyle = 'flag',
  timeoutMs = 60_000,
): Promise<ProcessResult> {
  const env = clientEnv(style === 'env' ? { AWS_ENDPOINT_URL: endpointUrl } : {});
  const endpoint = style === 'flag' ? ['--endpoint-url', endpointUrl] : [];
  return runProcess('aws', [...args, ...endpoint, '--output', 'json'], env, timeoutMs);
}

/** The versions `aws --version` reports, or undefined when there is no `aws`. */
export interface AwsCliVersion {
  readonly text: string;
  readonly cli: string;
  readonly botocore: readonly number[];
}

/** Asks the installed CLI for its version. */
export async function awsCliVersion(): Promise<AwsCliVersion | undefined> {
  const result = await runProcess('aws', ['--version'], clientEnv(), 60_000);
  if (result.missing) return undefined;
  // aws-cli/1.45.11 Python/3.11.7 Linux/… botocore/1.43.11 (v1 prints it on stdout, very old ones on stderr)
  const text = (result.stdout + result.stderr).trim();
  const cli = /aws-cli\/(\S+)/.exec(text)?.[1] ?? '';
  const botocore = (/botocore\/(\d+(?:\.\d+)*)/.exec(text)?.[1] ?? '').split('.').filter(Boolean).map(Number);
  return { text, cli, botocore };
}

/** Whether a dotted version is at least `min`. */
export function versionAtLeast(version: readonly number[], min: readonly number[]): boolean {
  for (let i = 0; i < min.length; i++) {
    const v = version[i] ?? 0;
    const m = min[i] ?? 0;
    if (v !== m) return v > m;
  }
  return true;
}

/** A failure message that shows everything the client printed. */
export function describeResult(what: string, result: ProcessResult): string {
  return `${what} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/** Runs `<python> test/clients/<script> <endpointUrl>` with another interpreter (Debian's `/usr/bin/python3`). */
export function runPythonClientWith(
  python: string,
  script: string,
  endpointUrl: string,
  timeoutMs = 120_000,
): Promise<ProcessResult> {
  return runProcess(python, [join(CLIENTS_DIR, script), endpointUrl], clientEnv(), timeoutMs);
}
