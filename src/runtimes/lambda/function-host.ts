/**
 * The function host: runs Lambda handlers in worker processes on this machine, Python on the host's `python3` and
 * Node.js on the `node` running Sluice, each invocation isolated from Sluice's own process.
 *
 * - Warm workers: one WorkerPool per function; a new revision (code or configuration) replaces the pool. Idle
 *   workers are reaped after `idleTimeoutMs`.
 * - Time: a cold start may take up to `initTimeoutMs` to load the handler (AWS's 10 s init phase); the handler then
 *   has the function's timeout, capped by the caller's `timeoutCapMs`. At the deadline the worker's process group
 *   is killed and the answer is AWS's "Task timed out" payload.
 * - Memory: each invocation keeps the last `logCapacityBytes` of its output and results up to 6 MB; bigger
 *   results stream past unbuffered and become AWS's Function.ResponseSizeTooLarge error.
 * - Logs: START / END / REPORT lines around the function's output, as Lambda writes them; each invocation's lines
 *   also go to the LogSink, in `/aws/lambda/<name>` under the stream of the worker that ran it (one stream per
 *   worker, as Lambda has one per execution environment).
 */
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { LogSink } from '../log-sink.js';
import { DISCARD_LOGS } from '../log-sink.js';
import { invocationLogLines, lambdaLogGroup, newLambdaLogStream } from './log-names.js';
import type { RuntimeFamily } from './runtimes.js';
import { runtimeFamily } from './runtimes.js';
import {
  exitPayload,
  MAX_RESPONSE_BYTES,
  responseTooLargePayload,
  timeoutMessage,
  timeoutPayload,
} from './payloads.js';
import type { WorkerLaunch, WorkerOutcome } from './worker.js';
import { Worker } from './worker.js';
import { WorkerPool } from './worker-pool.js';

/** What the host needs to know about a function. */
export interface HostFunction {
  /** The function's identity across revisions. */
  readonly arn: string;
  /** Changes with every change of code or configuration; workers of another revision are not reused. */
  readonly revisionId: string;
  readonly name: string;
  readonly accountId: string;
  readonly region: string;
  readonly runtime: string;
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  /** The folder of the unpacked package, unpacked on demand. */
  codeDir(): Promise<string>;
}

/** Per-invocation options. */
export interface HostInvokeOptions {
  readonly requestId: string;
  /** Caps the function's own timeout. */
  readonly timeoutCapMs?: number | undefined;
  /** Aborting kills the invocation's worker and rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Passed to the handler as `context.client_context` / `clientContext` (decoded X-Amz-Client-Context). */
  readonly clientContext?: unknown;
}

/** The outcome of one invocation. */
export interface HostInvocation {
  readonly requestId: string;
  /** The result or error payload, as the runtime serialised it. */
  readonly payload: Buffer;
  readonly functionError: 'Unhandled' | undefined;
  readonly timedOut: boolean;
  /** The invocation's log (bounded): init output, START, the function's output, END, REPORT. */
  readonly log: Buffer;
  /** The same log in its parts, which are timestamped differently in CloudWatch Logs. */
  readonly logParts: {
    readonly before: Buffer;
    readonly start: string;
    readonly during: Buffer;
    readonly end: string;
  };
}

/** Tunables of the host. */
export interface FunctionHostOptions {
  /** Warm workers kept per function once a burst is over. */
  readonly maxIdleWorkersPerFunction: number;
  /** Idle workers beyond `maxIdleWorkersPerFunction` are stopped once unused this long. */
  readonly surplusIdleTimeoutMs: number;
  /** Invocations of one function that run at once; more wait. */
  readonly maxWorkersPerFunction: number;
  /** Workers of one function started at once on demand; more only after `spawnDelayMs` without a free one. */
  readonly eagerWorkersPerFunction: number;
  readonly spawnDelayMs: number;
  /** An idle worker unused this long is stopped. */
  readonly idleTimeoutMs: number;
  /** Bytes of output kept per invocation. */
  readonly logCapacityBytes: number;
  /** Time allowed to load a handler, on top of the function's timeout. */
  readonly initTimeoutMs: number;
  /** The Python interpreter (resolved once to its real executable, so a pyenv shim costs nothing per start). */
  readonly pythonCommand: string;
  /** The Node.js executable. */
  readonly nodeCommand: string;
}

/** Defaults: AWS's 10 s init phase, 5 minutes of idleness, 64 KB of log per invocation, a worker per CPU. */
export const DEFAULT_FUNCTION_HOST_OPTIONS: FunctionHostOptions = {
  maxIdleWorkersPerFunction: 4,
  surplusIdleTimeoutMs: 10_000,
  maxWorkersPerFunction: 16,
  eagerWorkersPerFunction: Math.max(2, availableParallelism()),
  spawnDelayMs: 50,
  idleTimeoutMs: 5 * 60_000,
  logCapacityBytes: 64 * 1024,
  initTimeoutMs: 10_000,
  pythonCommand: 'python3',
  nodeCommand: process.execPath,
};

const BOOTSTRAP_DIR = join(dirname(fileURLToPath(import.meta.url)), 'bootstrap');
const BOOTSTRAP: Readonly<Record<RuntimeFamily, string>> = {
  python: join(BOOTSTRAP_DIR, 'python_bootstrap.py'),
  node: join(BOOTSTRAP_DIR, 'node-bootstrap.mjs'),
};

/** Runs functions in warm worker processes. */
export class FunctionHost {
  private readonly options: FunctionHostOptions;
  private readonly pools = new Map<string, WorkerPool>();
  /** The CloudWatch Logs stream of each worker. */
  private readonly logStreams = new WeakMap<Worker, string>();
  private readonly reaper: NodeJS.Timeout;
  private closed = false;

  constructor(
    options: Partial<FunctionHostOptions> = {},
    /** Receives every invocation's log lines. */
    private readonly logSink: LogSink = DISCARD_LOGS,
  ) {
    this.options = { ...DEFAULT_FUNCTION_HOST_OPTIONS, ...options };
    const every = Math.max(100, Math.min(5_000, this.options.idleTimeoutMs / 4, this.options.surplusIdleTimeoutMs / 2));
    this.reaper = setInterval(() => this.reap(), every);
    this.reaper.unref();
  }

  /** Runs one invocation. Rejects only when aborted or closed; function failures are results. */
  async invoke(fn: HostFunction, event: Buffer, options: HostInvokeOptions): Promise<HostInvocation> {
    if (this.closed) throw new Error('the function host is closed');
    const { requestId } = options;
    const timeoutMs = Math.min(fn.timeoutSeconds * 1000, options.timeoutCapMs ?? Number.POSITIVE_INFINITY);
    const pool = this.poolOf(fn);
    const started = Date.now();
    const acquired = await pool.acquire(options.signal);
    if ('failure' in acquired) {
      const invocation = this.finish(fn, requestId, acquired.failure, acquired.worker.initLog(), Buffer.alloc(0), {
        timeoutMs,
        durationMs: Date.now() - started,
        initMs: acquired.worker.initDurationMs,
      });
      this.writeLog(fn, acquired.worker, invocation, started);
      return invocation;
    }
    const { worker, cold } = acquired;
    // The handler's time begins now; on a cold start, loading beyond the init allowance counts against it.
    const initOverrun = cold ? Math.max(0, worker.initDurationMs - this.options.initTimeoutMs) : 0;
    const deadlineAt = Date.now() - initOverrun + timeoutMs;
    const header = {
      type: 'invoke',
      requestId,
      deadlineMs: deadlineAt,
      invokedFunctionArn: fn.arn,
      clientContext: options.clientContext ?? null,
    };
    const invokedAt = performance.now();
    const invokedAtMs = Date.now();
    let run;
    try {
      run = await worker.invoke(header, event, deadlineAt, options.signal);
    } catch (error) {
      pool.release(worker, false);
      throw error;
    }
    const durationMs = performance.now() - invokedAt;
    const maxMemory = worker.maxMemoryUsedMb();
    pool.release(
      worker,
      run.outcome.kind === 'result' || run.outcome.kind === 'error' || run.outcome.kind === 'too-large',
    );
    if (run.outcome.kind === 'aborted') throw abortReason(options.signal);
    const invocation = this.finish(fn, requestId, run.outcome, run.before, run.log, {
      timeoutMs,
      durationMs,
      ...(cold ? { initMs: worker.initDurationMs } : {}),
      ...(maxMemory === undefined ? {} : { maxMemoryMb: maxMemory }),
    });
    this.writeLog(fn, worker, invocation, invokedAtMs);
    return invocation;
  }

  /** Forgets a function's warm workers (after an update or a delete). */
  discard(arn: string): void {
    const pool = this.pools.get(arn);
    if (pool === undefined) return;
    pool.dispose();
    this.pools.delete(arn);
  }

  /** Kills every worker. */
  close(): void {
    this.closed = true;
    clearInterval(this.reaper);
    for (const pool of this.pools.values()) pool.killAll();
    this.pools.clear();
  }

  /** Idle workers per function, for tests and diagnostics. */
  idleWorkers(arn: string): number {
    return this.pools.get(arn)?.idle.length ?? 0;
  }

  private poolOf(fn: HostFunction): WorkerPool {
    const existing = this.pools.get(fn.arn);
    if (existing !== undefined && existing.revisionId === fn.revisionId) return existing;
    existing?.dispose();
    const pool = new WorkerPool(
      fn.revisionId,
      {
        maxWorkers: this.options.maxWorkersPerFunction,
        maxIdle: this.options.maxIdleWorkersPerFunction,
        eagerWorkers: this.options.eagerWorkersPerFunction,
        spawnDelayMs: this.options.spawnDelayMs,
      },
      (onDeath) => this.startWorker(fn, onDeath),
    );
    this.pools.set(fn.arn, pool);
    return pool;
  }

  private async startWorker(
    fn: HostFunction,
    onDeath: (worker: Worker) => void,
  ): Promise<{ worker: Worker; failure: WorkerOutcome | undefined }> {
    const family = runtimeFamily(fn.runtime);
    if (family === undefined) throw new Error(`unsupported runtime ${fn.runtime}`);
    const logStream = newLambdaLogStream(new Date());
    const launch = await this.launchOf(fn, family, logStream);
    // Unpacking and finding python3 are Sluice's business, not the function's init.
    const deadlineAt = Date.now() + this.options.initTimeoutMs + fn.timeoutSeconds * 1000;
    const limits = { maxResponseBytes: MAX_RESPONSE_BYTES, logCapacityBytes: this.options.logCapacityBytes };
    const worker = new Worker(launch, limits, onDeath);
    this.logStreams.set(worker, logStream);
    return { worker, failure: await worker.ready(deadlineAt) };
  }

  private async launchOf(fn: HostFunction, family: RuntimeFamily, logStream: string): Promise<WorkerLaunch> {
    const cwd = await fn.codeDir();
    const command = family === 'python' ? await this.pythonExecutable() : this.options.nodeCommand;
    const args =
      family === 'python' ? ['-u', BOOTSTRAP.python] : [`--max-old-space-size=${fn.memorySize}`, BOOTSTRAP.node];
    return { command, args, cwd, env: workerEnvironment(fn, cwd, logStream) };
  }

  private pythonExecutable(): Promise<string> {
    return realExecutable(this.options.pythonCommand);
  }

  private reap(): void {
    const now = Date.now();
    for (const [arn, pool] of this.pools) {
      pool.reap(now - this.options.idleTimeoutMs, now - this.options.surplusIdleTimeoutMs);
      if (pool.size === 0) this.pools.delete(arn);
    }
  }

  /** Sends an invocation's log to the sink, under its worker's stream. */
  private writeLog(fn: HostFunction, worker: Worker, invocation: HostInvocation, startedAt: number): void {
    const stream = this.logStreams.get(worker);
    if (stream === undefined) return;
    const ref = { accountId: fn.accountId, region: fn.region, group: lambdaLogGroup(fn.name), stream };
    this.logSink.append(ref, invocationLogLines(invocation.logParts, startedAt, Date.now()));
  }

  private finish(
    fn: HostFunction,
    requestId: string,
    outcome: WorkerOutcome,
    before: Buffer,
    during: Buffer,
    timing: { timeoutMs: number; durationMs: number; initMs?: number; maxMemoryMb?: number },
  ): HostInvocation {
    let payload: string | Buffer;
    let functionError: 'Unhandled' | undefined = 'Unhandled';
    let timedOut = false;
    let extra = '';
    let status = '';
    switch (outcome.kind) {
      case 'result':
        payload = outcome.payload;
        functionError = undefined;
        break;
      case 'error':
        payload = outcome.payload;
        break;
      case 'too-large':
        payload = responseTooLargePayload(outcome.size);
        break;
      case 'timeout':
        timedOut = true;
        payload = timeoutPayload(Date.now(), requestId, timing.timeoutMs);
        extra = `${timeoutMessage(Date.now(), requestId, timing.timeoutMs)}\n`;
        status = '\tStatus: timeout';
        break;
      case 'exited':
        payload = exitPayload(requestId, outcome.reason);
        extra = `RequestId: ${requestId} Error: Runtime exited with error: ${outcome.reason}\nRuntime.ExitError\n`;
        status = '\tStatus: error\tError Type: Runtime.ExitError';
        break;
      case 'aborted':
        throw new Error('an aborted invocation has no result');
    }
    const report =
      `REPORT RequestId: ${requestId}\tDuration: ${timing.durationMs.toFixed(2)} ms\t` +
      `Billed Duration: ${Math.max(1, Math.ceil(timing.durationMs + (timing.initMs ?? 0)))} ms\t` +
      `Memory Size: ${fn.memorySize} MB\t` +
      (timing.maxMemoryMb === undefined ? '' : `Max Memory Used: ${timing.maxMemoryMb} MB\t`) +
      (timing.initMs === undefined ? '' : `Init Duration: ${timing.initMs.toFixed(2)} ms\t`) +
      `${status}\n`;
    const logParts = {
      before,
      start: `START RequestId: ${requestId} Version: $LATEST\n`,
      during,
      end: `${extra}END RequestId: ${requestId}\n${report}`,
    };
    const log = Buffer.concat([before, Buffer.from(logParts.start), during, Buffer.from(logParts.end)]);
    return {
      requestId,
      payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
      functionError,
      timedOut,
      log,
      logParts,
    };
  }
}

/**
 * The interpreter `command` really runs (`sys.executable`), asked once per process: a pyenv shim is a shell
 * script costing about a second per start, the interpreter behind it a few milliseconds. A cache of a fact about
 * the machine, shared by every host in the process (tests start many).
 */
const executables = new Map<string, Promise<string>>();

function realExecutable(command: string): Promise<string> {
  let found = executables.get(command);
  if (found === undefined) {
    found = promisify(execFile)(command, ['-c', 'import sys; print(sys.executable)'], { timeout: 60_000 }).then(
      ({ stdout }) => stdout.trim() || command,
      () => command,
    );
    executables.set(command, found);
  }
  return found;
}

function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('The invocation was aborted.');
}

/** The environment of a worker: the function's variables plus those the Lambda runtime sets. */
export function workerEnvironment(fn: HostFunction, taskRoot: string, logStream: string): NodeJS.ProcessEnv {
  return {
    ...fn.environment,
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: 'UTC',
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: BOOTSTRAP_DIR,
    _HANDLER: fn.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_TIMEOUT: String(fn.timeoutSeconds),
    AWS_LAMBDA_LOG_GROUP_NAME: lambdaLogGroup(fn.name),
    AWS_LAMBDA_LOG_STREAM_NAME: logStream,
  };
}
