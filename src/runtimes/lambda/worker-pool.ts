/**
 * The warm workers of one revision of one function. A worker serves one invocation at a time; up to
 * `maxWorkers` run at once (more callers wait their turn). Beyond `eagerWorkers` (about one per CPU), another
 * process starts only when none is starting and no worker has finished an invocation for `spawnDelayMs`: a quick
 * handler under load runs on a few hot workers (more processes would only fight over the CPUs), while a slow one,
 * whose workers stay busy, still gains a worker per start-up time. A released worker stays warm: a burst of concurrent
 * callers keeps its workers while it lasts, and `reap` later trims the pool to `maxIdle` idle workers (and to none
 * after the idle timeout). A pool is disposed when its function changes: its idle workers die at once, busy ones
 * when they finish.
 */
import type { Worker, WorkerOutcome } from './worker.js';

/** What acquiring a worker gave: a ready worker, or the init failure of a new one. */
export type Acquired =
  { readonly worker: Worker; readonly cold: boolean } | { readonly failure: WorkerOutcome; readonly worker: Worker };

/** Limits of one pool. */
export interface PoolLimits {
  readonly maxWorkers: number;
  readonly maxIdle: number;
  /** Workers started at once when all are busy; more only after `spawnDelayMs` without a free one. */
  readonly eagerWorkers: number;
  readonly spawnDelayMs: number;
}

/** Warm workers of one function revision. */
export class WorkerPool {
  /** Idle workers, the most recently used last (reused first: its caches are the warmest). */
  readonly idle: Worker[] = [];
  private readonly members = new Set<Worker>();
  private readonly waiters: (() => void)[] = [];
  private disposed = false;
  /** Workers being started (not yet members). */
  private starting = 0;
  /** Set by killAll: workers that finish starting afterwards are killed at once. */
  private killed = false;
  /** When a worker last finished an invocation (performance.now()). */
  private lastReleaseAt = Number.NEGATIVE_INFINITY;

  constructor(
    /** The function revision this pool runs. */
    readonly revisionId: string,
    private readonly limits: PoolLimits,
    /** Starts a worker and waits for its handler to load; `failure` is undefined when it is ready. */
    private readonly startWorker: (
      onDeath: (w: Worker) => void,
    ) => Promise<{ worker: Worker; failure: WorkerOutcome | undefined }>,
  ) {}

  /** Number of live workers (idle, busy or starting). */
  get size(): number {
    return this.members.size + this.starting;
  }

  /** An idle worker, or a new one, waiting for a free slot when `maxWorkers` are busy. */
  async acquire(signal?: AbortSignal): Promise<Acquired> {
    for (;;) {
      signal?.throwIfAborted();
      const warm = this.idle.pop();
      if (warm !== undefined) {
        if (warm.alive) return { worker: warm, cold: false };
        continue;
      }
      if (this.size < this.limits.maxWorkers) {
        const sinceRelease = performance.now() - this.lastReleaseAt;
        const demand = this.starting === 0 && sinceRelease >= this.limits.spawnDelayMs;
        if (this.size < this.limits.eagerWorkers || demand) return this.spawn();
        await this.waitForSlot(signal, Math.max(1, this.limits.spawnDelayMs - sinceRelease));
        continue;
      }
      await this.waitForSlot(signal);
    }
  }

  /** Gives a worker back after an invocation; a worker that is not reusable is killed. */
  release(worker: Worker, reusable: boolean): void {
    this.lastReleaseAt = performance.now();
    if (reusable && worker.alive && !this.disposed) {
      this.idle.push(worker);
      this.waiters.shift()?.();
    } else {
      this.remove(worker);
      worker.kill();
    }
  }

  /**
   * Kills idle workers unused since `idleBefore`, and those beyond the `maxIdle` most recently used that have been
   * unused since `surplusBefore`. Returns how many.
   */
  reap(idleBefore: number, surplusBefore: number): number {
    const surplus = this.idle.length - this.limits.maxIdle;
    const stale = this.idle.filter(
      (w, i) => w.lastUsedAt < idleBefore || (i < surplus && w.lastUsedAt < surplusBefore),
    );
    for (const worker of stale) {
      this.idle.splice(this.idle.indexOf(worker), 1);
      this.remove(worker);
      worker.kill();
    }
    return stale.length;
  }

  /** Kills the idle workers now and the busy ones when they are released. */
  dispose(): void {
    this.disposed = true;
    for (const worker of this.idle.splice(0)) {
      this.remove(worker);
      worker.kill();
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Kills every worker, busy or not. */
  killAll(): void {
    this.killed = true;
    this.dispose();
    for (const worker of this.members) worker.kill();
    this.members.clear();
  }

  private async spawn(): Promise<Acquired> {
    this.starting++;
    let started;
    try {
      started = await this.startWorker((dead) => {
        const at = this.idle.indexOf(dead);
        if (at >= 0) this.idle.splice(at, 1);
        this.remove(dead);
      });
    } finally {
      this.starting--;
    }
    const { worker, failure } = started;
    if (this.killed) worker.kill();
    if (failure !== undefined || !worker.alive || this.killed) {
      this.waiters.shift()?.();
      return { failure: failure ?? { kind: 'exited', reason: 'exit' }, worker };
    }
    this.members.add(worker);
    return { worker, cold: true };
  }

  /** Forgets a worker; its slot goes to the first waiter. */
  private remove(worker: Worker): void {
    if (this.members.delete(worker)) this.waiters.shift()?.();
  }

  /** Waits until a worker is released or dies (true), or `timeoutMs` passes (false). */
  private waitForSlot(signal: AbortSignal | undefined, timeoutMs?: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const forget = (): void => {
        const at = this.waiters.indexOf(wake);
        if (at >= 0) this.waiters.splice(at, 1);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        forget();
        reject(signal?.reason as Error);
      };
      const wake = (): void => {
        forget();
        resolve(true);
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              forget();
              resolve(false);
            }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(wake);
    });
  }
}
