/**
 * The store's change feed: a typed, in-process notification that an execution or one of its steps changed,
 * published by whoever committed the change, right after the commit (never inside the transaction, so that a
 * listener refreshing through the public API sees the new state).
 *
 * A feed belongs to a database handle: everyone who commits to a store in this process (the scheduler, the
 * SageMaker handlers) already holds that handle, so publishing needs no new constructor parameter anywhere, and two
 * Sluices in one process (tests) each have their own feed. Changes committed by other nodes sharing PostgreSQL are
 * not seen here; the event stream's periodic tick covers them.
 *
 * It lives beside the store, not in the console that listens to it, so that the services and the runner, which
 * publish, do not depend on the web console.
 */

/** An execution's status changed (or it started). */
export interface ExecutionChanged {
  readonly type: 'execution';
  readonly executionArn: string;
  readonly pipelineName: string;
  readonly status: string;
}

/** A step of an execution was written: its status, metadata or attempt changed. */
export interface StepChanged {
  readonly type: 'step';
  readonly executionArn: string;
  readonly stepName: string;
  readonly status: string;
}

/** One committed change. */
export type Change = ExecutionChanged | StepChanged;

/** Told of each change; must not throw (a throwing listener is dropped from that one delivery only). */
export type ChangeListener = (change: Change) => void;

/** Listeners of one store's changes. */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  /** Adds a listener; answers the function that removes it. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** How many listeners there are. */
  get size(): number {
    return this.listeners.size;
  }

  /** Tells every listener of every change, in order. */
  publish(changes: Iterable<Change>): void {
    if (this.listeners.size === 0) return;
    for (const change of changes) {
      for (const listener of this.listeners) {
        try {
          listener(change);
        } catch {
          // A listener's bug must not fail the commit path that published; the listener answers for itself.
        }
      }
    }
  }
}

const feeds = new WeakMap<object, ChangeFeed>();

/** The feed of the store behind `db` (its Kysely handle), created on first use. */
export function changeFeedOf(db: object): ChangeFeed {
  let feed = feeds.get(db);
  if (feed === undefined) {
    feed = new ChangeFeed();
    feeds.set(db, feed);
  }
  return feed;
}

/** Publishes changes committed to the store behind `db`; call it after the transaction committed. */
export function publishChanges(db: object, changes: Iterable<Change>): void {
  feeds.get(db)?.publish(changes);
}

/** The changes of one commit: the steps written, and the execution's new status when it has one. */
export function changesOf(
  executionArn: string,
  pipelineName: string,
  steps: Iterable<{ readonly name: string; readonly status: string }>,
  executionStatus?: string,
): Change[] {
  const changes: Change[] = [];
  for (const step of steps) changes.push({ type: 'step', executionArn, stepName: step.name, status: step.status });
  if (executionStatus !== undefined)
    changes.push({ type: 'execution', executionArn, pipelineName, status: executionStatus });
  return changes;
}
