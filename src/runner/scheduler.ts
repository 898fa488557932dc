/**
 * The impure driver of executions. Two loops share one timer:
 * - advance: every execution whose `wake_at` is due is locked, handed to the engine's advanceExecution, and
 *   the decision is committed with the tasks its commands need, in one transaction;
 * - tasks: due tasks are claimed by lease and carried out by step workers; each result is committed with a
 *   wake-up of its execution.
 * A local change calls wake() so that the next pass starts at once; the poll interval catches timers and
 * work committed by other nodes.
 */
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { StepNode, StepType } from '../engine/definition/types.js';
import { advanceExecution } from '../engine/execution/advance.js';
import type { ObjectReader } from '../engine/execution/evaluation-context.js';
import type { Command, StepRecord } from '../engine/execution/types.js';
import { ACTIVE_STEP_STATUSES } from '../engine/execution/types.js';
import type { Clock } from '../shared/clock.js';
import { coerceError } from '../shared/coerce-error.js';
import type { Logger } from '../shared/logger.js';
import type { TaskRow } from '../store/executions.js';
import {
  claimDueTasks,
  findCacheHit,
  deleteTask,
  extendTaskLease,
  findExecution,
  insertTasks,
  listDueExecutions,
  listStepRows,
  lockExecution,
  releaseTask,
  setExecutionStatus,
  setExecutionWake,
  upsertStepRows,
  wakeExecution,
} from '../store/executions.js';
import type { OpenDatabase } from '../store/open-database.js';
import type { Db } from '../store/pipelines.js';
import type { IdGenerator } from '../shared/ids.js';
import type { Change } from '../store/change-feed.js';
import { changesOf, publishChanges } from '../store/change-feed.js';
import type { CallbackMessenger, OutboxMessage } from './callback-messenger.js';
import { SQS_SEND_TASK } from './external-sqs-messenger.js';
import { callbackMessageBody } from './callback-messenger.js';
import type { DefinitionCache } from './definition-cache.js';
import { toSnapshot, toStepRecord, toStepRow } from './records.js';
import type { StepOutcome, StepWork, StepWorker } from './step-worker.js';

/** What one advance committed, for what follows the commit. */
interface Advanced {
  readonly changes: Change[];
  /** Callback messages were enqueued. */
  readonly messages: boolean;
  /** The execution must be advanced again (a cache hit, a Callback that failed at once). */
  readonly again: boolean;
  /** Tasks were inserted for a pass to claim. */
  readonly tasks: boolean;
}

/** Tuning of the scheduler. */
export interface SchedulerOptions {
  /** How often to look for work committed elsewhere (timers, other nodes). */
  readonly pollMs: number;
  /** How long a claimed task is ours before another node may take it. */
  readonly leaseMs: number;
  /** Most tasks run at once by this node. */
  readonly maxConcurrentTasks: number;
  /** Reads objects for `Std:JsonGet` with `S3Uri` (the local S3); none are found without it. */
  readonly readObject?: ObjectReader;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { pollMs: 200, leaseMs: 30_000, maxConcurrentTasks: 64 };

/** Tries of a task whose worker keeps throwing before the step fails. */
const MAX_TASK_TRIES = 5;
const BATCH = 64;
/** Longest wait between two tries of a task (an outbox message keeps trying at this pace). */
const MAX_TASK_BACKOFF_MS = 10_000;

/** Drives executions to their end. */
export class Scheduler {
  private readonly owner = randomUUID();
  private readonly workers = new Map<StepType, StepWorker>();
  private readonly runningTasks = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private passing: Promise<void> | undefined;
  private again = false;
  /** A pass is scheduled for the next turn of the event loop and has not begun. */
  private queued = false;
  private stopped = true;
  private readonly abort = new AbortController();

  constructor(
    private readonly store: OpenDatabase,
    private readonly definitions: DefinitionCache,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly logger: Logger,
    private readonly messenger: CallbackMessenger | undefined,
    private readonly options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {}

  /** Registers the worker of some step types. */
  register(worker: StepWorker): void {
    for (const type of worker.stepTypes) this.workers.set(type, worker);
  }

  /** Why this build cannot run a step, or undefined. */
  unsupportedReason = (step: StepNode): string | undefined =>
    this.workers.has(step.type) || (step.type === 'Callback' && this.messenger)
      ? undefined
      : `Sluice cannot run ${step.type} steps yet: this build runs ${this.runnableTypes().join(', ')} steps.`;

  private runnableTypes(): string[] {
    return ['Condition', 'Fail', ...(this.messenger ? ['Callback'] : []), ...this.workers.keys()];
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /**
   * Starts a pass at once (or right after the one under way). "At once" is the next turn of the event loop, not
   * this one: with SQLite a pass never waits for I/O, so a pass started here would hold up the answer of the
   * request that woke it until all the work it led to was done.
   */
  wake(): void {
    if (this.stopped || this.queued) return; // a pass about to start sees what this wake is for
    if (this.passing) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queued = true;
    this.passing = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => {
        this.queued = false;
        return this.stopped ? undefined : this.pass();
      })
      .finally(() => {
        this.passing = undefined;
        if (this.stopped) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else {
          this.timer = setTimeout(() => this.wake(), this.options.pollMs);
        }
      });
  }

  /** Stops the loops; running tasks are aborted and their leases left to expire for another node. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.passing;
    await Promise.allSettled([...this.runningTasks.values()]);
  }

  private async pass(): Promise<void> {
    try {
      let advanced: number;
      do {
        advanced = await this.advanceDue();
      } while (advanced === BATCH && !this.stopped);
      await this.claimTasks();
    } catch (error) {
      this.logger.error('scheduler:pass-failed', { error: coerceError(error) });
    }
  }

  private async advanceDue(): Promise<number> {
    const due = await listDueExecutions(this.store.db, this.clock.now(), BATCH);
    for (const arn of due) {
      try {
        await this.advance(arn);
      } catch (error) {
        // A bug in one execution must not stop the others: look at it again later, loudly.
        this.logger.error('execution:advance-failed', { arn, error: coerceError(error) });
        await wakeLater(this.store, arn, this.clock.now() + 5_000);
      }
    }
    return due.length;
  }

  /** Runs the engine on one due execution and commits its decision. */
  async advance(arn: string): Promise<void> {
    const now = this.clock.now();
    let advanced: Advanced | undefined;
    await this.store.db.transaction().execute(async (trx) => {
      advanced = await this.decide(trx, arn, now);
    });
    if (!advanced) return;
    this.afterCommit(advanced);
    if (advanced.again) this.again = true;
  }

  /**
   * Advances `arn` inside a transaction a request opened (a start, a stop, a callback's answer) or a task's
   * completion, so that the engine's decision commits with the change that caused it: one transaction instead of
   * two, and no wait for a scheduler pass. It runs in a savepoint: if it fails, only the advance is rolled back,
   * the caller's change commits, and the execution stays due for the next pass. Answers what to do once the
   * caller's transaction has committed (never before: a listener must see committed state).
   */
  async advanceWithin(trx: Db, arn: string): Promise<() => void> {
    await sql`savepoint sluice_advance`.execute(trx);
    try {
      const advanced = await this.decide(trx, arn, this.clock.now());
      await sql`release savepoint sluice_advance`.execute(trx);
      return () => {
        if (advanced) this.afterCommit(advanced);
        // A pass claims the tasks just inserted, or advances again after a cache hit or an undeliverable message.
        if (!advanced || advanced.again || advanced.tasks) this.wake();
      };
    } catch (error) {
      await sql`rollback to savepoint sluice_advance`.execute(trx);
      this.logger.error('execution:advance-failed', { arn, error: coerceError(error) });
      return () => this.wake();
    }
  }

  /** What follows the commit of an advance: listeners hear of it, long-polling receivers of its messages. */
  private afterCommit(advanced: Advanced): void {
    publishChanges(this.store.db, advanced.changes);
    if (advanced.messages) this.messenger?.committed();
  }

  /** The engine's decision for a due execution, written in `trx`; undefined when it is not due (or gone). */
  private async decide(trx: Db, arn: string, now: number): Promise<Advanced | undefined> {
    const row = await lockExecution(trx, this.store.dialect, arn, { now });
    if (!row) return undefined;
    let messages = false;
    let again = false;
    const stepRows = await listStepRows(trx, arn);
    const definition = await this.definitions.get(trx, row.pipeline_id, row.pipeline_version);
    const snapshot = toSnapshot(row, stepRows, definition);
    const decision = advanceExecution(snapshot, {
      nowMs: now,
      unsupportedReason: this.unsupportedReason,
      readObject: this.options.readObject ?? (() => undefined),
      callbackToken: () => this.ids.callbackToken(),
    });
    const changed = new Map(decision.steps.map((s) => [s.name, s]));
    const tasks: TaskRow[] = [];
    for (const command of decision.commands) {
      if (command.type === 'StartStepWork' && command.cache) {
        const record = changed.get(command.step);
        if (!record) continue;
        const cached = await this.applyCache(trx, row.pipeline_id, record, command.cache, now);
        changed.set(command.step, cached.record);
        if (cached.hit) {
          again = true;
          continue;
        }
      }
      if (command.stepType !== 'Callback') {
        tasks.push(this.taskFor(arn, command, now));
        continue;
      }
      const record = changed.get(command.step) ?? snapshot.steps.get(command.step);
      const step = definition.stepsByName.get(command.step);
      if (!record || step?.type !== 'Callback' || !this.messenger) continue;
      const status = command.type === 'StartStepWork' ? 'Executing' : 'Stopping';
      const undeliverable = await this.messenger.enqueue(
        trx,
        {
          queueUrl: step.sqsQueueUrl,
          body: callbackMessageBody(record.callbackToken ?? '', arn, record.inputs ?? {}, status),
          accountId: row.account_id,
          region: row.region,
          executionArn: arn,
          stepName: step.name,
          attempt: record.attempt,
        },
        now,
      );
      messages = true;
      if (undeliverable === undefined) continue;
      if (status === 'Executing') {
        // The step fails at once; the next pass settles the execution.
        changed.set(step.name, { ...record, status: 'Failed', endedAt: now, failureReason: undeliverable });
        again = true;
      } else {
        // The consumer can still answer with the token; the execution stays Stopping until it does.
        this.logger.warn('callback:stop-message-undeliverable', { arn, step: step.name, reason: undeliverable });
      }
    }
    await upsertStepRows(
      trx,
      [...changed.values()].map((s) => toStepRow(arn, s)),
    );
    await insertTasks(trx, tasks);
    const settled = again ? undefined : decision.execution;
    if (settled) {
      await setExecutionStatus(trx, arn, {
        status: settled.status,
        failureReason: settled.failureReason ?? null,
        endedAt: settled.endedAt ?? null,
        now,
        wakeAt: null,
      });
    } else {
      await setExecutionWake(trx, arn, again ? now : null);
    }
    if (settled) this.logger.debug('execution:settled', { arn, status: settled.status });
    const changes = changesOf(arn, row.pipeline_name, changed.values(), settled?.status);
    return { changes, messages, again, tasks: tasks.length > 0 };
  }

  /**
   * CacheConfig: the record of a step that starts now, replaced by a copy of the latest equivalent successful run
   * of the same pipeline within ExpireAfter (a hit: no work runs), or else given its cache key so that later runs
   * can find this one.
   */
  private async applyCache(
    trx: Db,
    pipelineId: string,
    record: StepRecord,
    cache: { signature: string; expireAfterMs?: number },
    now: number,
  ): Promise<{ record: StepRecord; hit: boolean }> {
    const cacheKey = createHash('sha256').update(cache.signature).digest('hex');
    const notBefore = cache.expireAfterMs === undefined ? 0 : now - cache.expireAfterMs;
    const hitRow = await findCacheHit(trx, pipelineId, cacheKey, notBefore);
    if (!hitRow) return { record: { ...record, cacheKey }, hit: false };
    const source = toStepRecord(hitRow);
    const copy: StepRecord = {
      ...record,
      status: 'Succeeded',
      endedAt: now,
      metadata: source.metadata,
      ...(source.properties && { properties: source.properties }),
      ...(source.propertyFiles && { propertyFiles: source.propertyFiles }),
      cacheKey,
      cacheHit: { SourcePipelineExecutionArn: source.cacheHit?.SourcePipelineExecutionArn ?? hitRow.execution_arn },
    };
    return { record: copy, hit: true };
  }

  private taskFor(executionArn: string, command: Command, now: number): TaskRow {
    return {
      id: randomUUID(),
      execution_arn: executionArn,
      step_name: command.step,
      attempt: command.attempt,
      kind: command.type === 'StartStepWork' ? 'start-step' : 'stop-step',
      payload_json: '{}',
      due_at: command.type === 'StartStepWork' ? (command.dueAt ?? now) : now,
      tries: 0,
      lease_owner: null,
      lease_expires_at: null,
      last_error: null,
      created_at: now,
    };
  }

  private async claimTasks(): Promise<void> {
    const room = this.options.maxConcurrentTasks - this.runningTasks.size;
    if (room <= 0 || (this.workers.size === 0 && !this.messenger?.deliver)) return;
    const { db, dialect } = this.store;
    const tasks = await claimDueTasks(db, dialect, this.owner, this.clock.now(), this.options.leaseMs, room);
    for (const task of tasks) {
      const run = this.runTask(task).finally(() => this.runningTasks.delete(task.id));
      this.runningTasks.set(task.id, run);
    }
  }

  private async runTask(task: TaskRow): Promise<void> {
    const heartbeat = setInterval(() => {
      void extendTaskLease(this.store.db, task.id, this.owner, this.clock.now() + this.options.leaseMs).catch(
        (error: unknown) => this.logger.warn('task:heartbeat-failed', { id: task.id, error: coerceError(error) }),
      );
    }, this.options.leaseMs / 3);
    try {
      if (task.kind === SQS_SEND_TASK) {
        await this.deliverOutboxMessage(task);
        return;
      }
      const work = await this.loadWork(task);
      if (!work) {
        await deleteTask(this.store.db, task.id);
        return;
      }
      const worker = this.workers.get(work.step.type);
      if (!worker) throw new Error(`no worker for ${work.step.type} steps`);
      const outcome = task.kind === 'stop-step' ? await worker.stop(work) : await worker.run(work, this.abort.signal);
      await this.complete(task, outcome);
    } catch (error) {
      await this.retryOrFail(task, coerceError(error));
    } finally {
      clearInterval(heartbeat);
      this.wake();
    }
  }

  /** Sends one outbox message; a queue that does not exist fails the step it belongs to. */
  private async deliverOutboxMessage(task: TaskRow): Promise<void> {
    if (!this.messenger?.deliver) throw new Error('an sqs-send task, but no external SQS is configured');
    const undeliverable = await this.messenger.deliver(JSON.parse(task.payload_json) as OutboxMessage);
    await this.complete(
      task,
      undeliverable === undefined ? undefined : { status: 'Failed', failureReason: undeliverable },
    );
  }

  /** The work of a task, or undefined when its step has moved on (another attempt, or settled). */
  private async loadWork(task: TaskRow): Promise<StepWork | undefined> {
    const { db } = this.store;
    const execution = await findExecution(db, task.execution_arn);
    if (!execution) return undefined;
    const row = (await listStepRows(db, task.execution_arn)).find((r) => r.step_name === task.step_name);
    if (!row || row.attempt !== task.attempt || !ACTIVE_STEP_STATUSES.has(toStepRecord(row).status)) return undefined;
    const definition = await this.definitions.get(db, execution.pipeline_id, execution.pipeline_version);
    const step = definition.stepsByName.get(task.step_name);
    if (!step) return undefined;
    const record = toStepRecord(row);
    return {
      executionArn: execution.arn,
      executionId: execution.id,
      pipelineName: execution.pipeline_name,
      accountId: execution.account_id,
      region: execution.region,
      step,
      attempt: row.attempt,
      inputs: record.inputs ?? {},
      ...(record.callbackToken !== undefined && { callbackToken: record.callbackToken }),
    };
  }

  /** Commits a worker's outcome to the step (if it is still the same attempt) and wakes the execution. */
  async complete(task: TaskRow, outcome: StepOutcome | undefined): Promise<void> {
    const now = this.clock.now();
    const { db, dialect } = this.store;
    let committed: Change[] = [];
    let advanced: (() => void) | undefined;
    await db.transaction().execute(async (trx) => {
      await deleteTask(trx, task.id);
      if (!outcome) return;
      const execution = await lockExecution(trx, dialect, task.execution_arn);
      if (!execution) return;
      const row = (await listStepRows(trx, task.execution_arn)).find((r) => r.step_name === task.step_name);
      if (!row || row.attempt !== task.attempt) return;
      const record = toStepRecord(row);
      if (!ACTIVE_STEP_STATUSES.has(record.status)) return;
      const next = applyOutcome(record, outcome, now);
      await upsertStepRows(trx, [toStepRow(task.execution_arn, next)]);
      await wakeExecution(trx, task.execution_arn, now);
      committed = changesOf(task.execution_arn, execution.pipeline_name, [next]);
      // What follows the step is decided in this same transaction, not in a later pass.
      advanced = await this.advanceWithin(trx, task.execution_arn);
    });
    publishChanges(db, committed);
    advanced?.();
  }

  private async retryOrFail(task: TaskRow, error: Error): Promise<void> {
    this.logger.warn('task:failed', { id: task.id, step: task.step_name, tries: task.tries, error });
    // An outbox message is never dropped: it waits for the external service to come back.
    if (task.tries >= MAX_TASK_TRIES && task.kind !== SQS_SEND_TASK) {
      await this.complete(task, { status: 'Failed', failureReason: `Sluice could not run the step: ${error.message}` });
      return;
    }
    const backoff = Math.min(MAX_TASK_BACKOFF_MS, 500 * 2 ** task.tries);
    await releaseTask(this.store.db, task.id, this.clock.now() + backoff, error.message);
  }
}

/** A step record after a worker's outcome. */
export function applyOutcome(record: StepRecord, outcome: StepOutcome, now: number): StepRecord {
  const metadata = outcome.metadata ?? record.metadata;
  switch (outcome.status) {
    case 'Waiting':
      return { ...record, metadata };
    case 'Succeeded':
      return {
        ...record,
        status: 'Succeeded',
        endedAt: now,
        metadata,
        properties: outcome.properties,
        ...(outcome.propertyFiles && { propertyFiles: outcome.propertyFiles }),
      };
    case 'Failed':
      return {
        ...record,
        status: 'Failed',
        endedAt: now,
        metadata,
        failureReason: outcome.failureReason,
        ...(outcome.errorType !== undefined && { errorType: outcome.errorType }),
        ...(outcome.timedOut === true && { timedOut: true }),
      };
    case 'Stopped':
      return { ...record, status: 'Stopped', endedAt: now, metadata };
  }
}

async function wakeLater(store: OpenDatabase, arn: string, at: number): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    await setExecutionWake(trx, arn, at);
  });
}
