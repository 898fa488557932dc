/**
 * One worker process: a bootstrap (bootstrap/*.py, *.mjs) that loads the handler once and then serves
 * invocations, one at a time, over the control channel on its fd 3 (see frames.ts). Its stdout and stderr are the
 * function's log: split into phases by MarkerSplitter and kept in bounded TailBuffers.
 *
 * The worker runs in a process group of its own, so a kill at the timeout also ends whatever the function started.
 * A worker that timed out, crashed or broke the protocol is dead for good; the pool never reuses it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Frame, FrameHeader } from './frames.js';
import { encodeFrame, FrameReader } from './frames.js';
import { MarkerSplitter } from './marker-splitter.js';
import { TailBuffer } from './tail-buffer.js';

/** How to start a worker. */
export interface WorkerLaunch {
  readonly command: string;
  /** Arguments; the marker nonce is appended as the last one. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Memory bounds of a worker. */
export interface WorkerLimits {
  /** Results larger than this are skipped as they stream by and reported as `too-large`. */
  readonly maxResponseBytes: number;
  /** Log bytes kept per invocation (the tail). */
  readonly logCapacityBytes: number;
}

/** How an init or an invocation ended. */
export type WorkerOutcome =
  | { readonly kind: 'result'; readonly payload: Buffer }
  | { readonly kind: 'error'; readonly payload: Buffer }
  | { readonly kind: 'too-large'; readonly size: number }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'exited'; readonly reason: string };

/** An invocation's outcome and the output it wrote. */
export interface WorkerRun {
  readonly outcome: WorkerOutcome;
  /** Output from before the invocation: the handler's loading (on a first invocation) or idle time. */
  readonly before: Buffer;
  readonly log: Buffer;
}

/** How long output may keep arriving after the process exited (a grandchild may hold the pipes open). */
const CLOSE_GRACE_MS = 200;

const SIGNAL_TEXT: Readonly<Record<string, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGSEGV: 'segmentation fault',
  SIGABRT: 'aborted',
  SIGINT: 'interrupt',
};

/** A running worker process. */
export class Worker {
  /** Wall-clock ms when it last finished an invocation (for reaping idle workers). */
  lastUsedAt = Date.now();
  /** ms from spawn to ready. */
  initDurationMs = 0;
  private readonly child: ChildProcess;
  private readonly channel: Socket;
  private readonly out: MarkerSplitter;
  private readonly err: MarkerSplitter;
  private readonly logs = new Map<number, TailBuffer>();
  private readonly frames: Frame[] = [];
  private exitReason: string | undefined;
  private closed = false;
  private invocations = 0;
  private notify: (() => void) | undefined;

  constructor(
    launch: WorkerLaunch,
    private readonly limits: WorkerLimits,
    private readonly onDeath: (worker: Worker) => void,
  ) {
    const nonce = randomBytes(12).toString('hex');
    const marker = Buffer.from(`\0SLUICE-END-${nonce}\0`);
    const child = spawn(launch.command, [...launch.args, nonce], {
      cwd: launch.cwd,
      env: launch.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.channel = child.stdio[3] as Socket;
    const log = (phase: number, chunk: Buffer): void => this.logOf(phase).write(chunk);
    this.out = new MarkerSplitter(marker, log, () => this.wake());
    this.err = new MarkerSplitter(marker, log, () => this.wake());
    const reader = new FrameReader(limits.maxResponseBytes, (frame) => {
      this.frames.push(frame);
      this.wake();
    });
    child.stdout?.on('data', (chunk: Buffer) => this.out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.err.push(chunk));
    this.channel.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (error) {
        this.die(`protocol error: ${(error as Error).message}`);
      }
    });
    this.channel.on('error', () => undefined); // EPIPE once the worker is gone; 'exit' reports it
    child.on('error', (error) => this.die(`could not start ${launch.command}: ${error.message}`));
    child.on('exit', (code, signal) => {
      this.exitReason ??=
        code !== null ? `exit status ${code}` : `signal: ${SIGNAL_TEXT[signal ?? ''] ?? String(signal)}`;
      this.onDeath(this);
      setTimeout(() => this.markClosed(), CLOSE_GRACE_MS).unref();
      this.wake();
    });
    child.on('close', () => this.markClosed());
  }

  /** The OS process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** False once the process exited or was killed. */
  get alive(): boolean {
    return this.exitReason === undefined;
  }

  /** Waits for the handler to load. Undefined when ready; otherwise why not (the worker is then dead). */
  async ready(deadlineAt: number): Promise<WorkerOutcome | undefined> {
    const started = performance.now();
    const outcome = await this.awaitPhase(0, deadlineAt, undefined);
    this.initDurationMs = performance.now() - started;
    if (outcome.kind === 'result') return undefined;
    if (outcome.kind !== 'error') this.kill();
    return outcome;
  }

  /** Runs one invocation. The worker must be ready and idle. */
  async invoke(header: FrameHeader, event: Buffer, deadlineAt: number, signal?: AbortSignal): Promise<WorkerRun> {
    const phase = ++this.invocations;
    this.channel.write(encodeFrame(header, event));
    const outcome = await this.awaitPhase(phase, deadlineAt, signal);
    if (outcome.kind === 'timeout' || outcome.kind === 'aborted' || outcome.kind === 'too-large') {
      if (outcome.kind !== 'too-large') {
        this.kill();
        await this.until(() => (this.closed ? true : undefined), Date.now() + CLOSE_GRACE_MS * 2);
      }
    }
    this.lastUsedAt = Date.now();
    return { outcome, before: this.takeLog(0, phase - 1), log: this.takeLog(phase, this.alive ? phase : Infinity) };
  }

  /** The init output of a worker that never served an invocation, e.g. after an init error. */
  initLog(): Buffer {
    return this.takeLog(0, Infinity);
  }

  /** Kills the process group. */
  kill(): void {
    if (this.child.pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        this.child.kill('SIGKILL');
      }
    }
  }

  /** The peak resident memory in MB (VmHWM), when the platform tells it. */
  maxMemoryUsedMb(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'latin1');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      return match?.[1] === undefined ? undefined : Math.ceil(Number(match[1]) / 1024);
    } catch {
      return undefined;
    }
  }

  /** Waits for the phase's frame and the end of its output on both streams (or the process's end). */
  private async awaitPhase(phase: number, deadlineAt: number, signal: AbortSignal | undefined): Promise<WorkerOutcome> {
    const done = (): boolean => this.closed || (this.out.phase > phase && this.err.phase > phase);
    const result = await this.until(
      () => {
        const frame = this.frames[0];
        if (frame !== undefined && done()) return this.frames.shift();
        if (this.exitReason !== undefined && this.closed) return 'exited' as const;
        return undefined;
      },
      deadlineAt,
      signal,
    );
    if (result === 'timeout' || result === 'aborted') return { kind: result };
    if (result === 'exited') return { kind: 'exited', reason: this.exitReason ?? 'exit' };
    const { header, payload, payloadLength } = result;
    if (payload === undefined) return { kind: 'too-large', size: payloadLength };
    switch (header.type) {
      case 'ready':
      case 'result':
        return { kind: 'result', payload };
      case 'error':
      case 'init-error':
        return { kind: 'error', payload };
      default:
        this.die(`protocol error: unexpected frame '${header.type}'`);
        return { kind: 'exited', reason: this.exitReason ?? 'protocol error' };
    }
  }

  private until<T>(
    check: () => T | undefined,
    deadlineAt: number,
    signal?: AbortSignal,
  ): Promise<T | 'timeout' | 'aborted'> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    if (signal?.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const finish = (value: T | 'timeout' | 'aborted'): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.notify = undefined;
        resolve(value);
      };
      const timer = setTimeout(() => finish('timeout'), Math.max(0, deadlineAt - Date.now()));
      const onAbort = (): void => finish('aborted');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.notify = () => {
        const value = check();
        if (value !== undefined) finish(value);
      };
    });
  }

  private wake(): void {
    this.notify?.();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.out.end();
    this.err.end();
    this.closed = true;
    this.wake();
  }

  private die(reason: string): void {
    this.exitReason ??= reason;
    this.kill();
    this.onDeath(this);
    this.wake();
  }

  private logOf(phase: number): TailBuffer {
    let log = this.logs.get(phase);
    if (log === undefined) {
      log = new TailBuffer(this.limits.logCapacityBytes);
      this.logs.set(phase, log);
    }
    return log;
  }

  /** The output of the phases from `first` to `last`, in order, removed from the worker. */
  private takeLog(first: number, last: number): Buffer {
    const parts: Buffer[] = [];
    for (const [p, log] of [...this.logs].sort((a, b) => a[0] - b[0])) {
      if (p < first || p > last) continue;
      parts.push(log.bytes());
      this.logs.delete(p);
    }
    return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  }
}
