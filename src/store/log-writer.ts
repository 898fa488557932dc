/**
 * The LogSink the runtimes write to: lines are buffered in memory and written every `flushIntervalMs` (and on
 * close) in one transaction, so a Lambda invocation or a job's chatty output costs an array push, not a write.
 *
 * Bounded growth: each log group keeps its newest `maxEventsPerGroup` events (by timestamp); older ones, and the
 * streams they leave empty, are deleted. The trim runs after every `maxEventsPerGroup / 10` events this process
 * wrote to a group, so a group holds at most about 10% more between trims (plus what other nodes wrote).
 * The buffer itself is bounded too: beyond `maxBufferedEvents` unwritten lines (a store that cannot keep up),
 * the oldest are dropped and the drop is logged.
 */
import type { Clock } from '../shared/clock.js';
import { coerceError } from '../shared/coerce-error.js';
import type { Logger } from '../shared/logger.js';
import type { LogLine, LogSink, LogStreamRef } from '../runtimes/log-sink.js';
import type { NewLogEvent } from './log-events.js';
import { ensureLogGroup, ensureLogStream, insertLogEvents, touchLogStream, trimLogGroup } from './log-events.js';
import type { Db } from './pipelines.js';

/** Tunables of the writer. */
export interface LogWriterOptions {
  readonly flushIntervalMs: number;
  /** Events kept per log group (the newest). */
  readonly maxEventsPerGroup: number;
  /** Lines held in memory waiting for a flush. */
  readonly maxBufferedEvents: number;
}

/** 150 ms between writes; 100,000 events per group (about 10 MB of typical lines). */
export const DEFAULT_LOG_WRITER_OPTIONS: LogWriterOptions = {
  flushIntervalMs: 150,
  maxEventsPerGroup: 100_000,
  maxBufferedEvents: 200_000,
};

interface Pending {
  readonly stream: LogStreamRef;
  readonly lines: LogLine[];
}

/** Buffers log lines and writes them in batches. */
export class BufferedLogWriter implements LogSink {
  private readonly options: LogWriterOptions;
  private pending = new Map<string, Pending>();
  private buffered = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  /** Events this process wrote per group since that group's last trim. */
  private readonly sinceTrim = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<LogWriterOptions> = {},
  ) {
    this.options = { ...DEFAULT_LOG_WRITER_OPTIONS, ...options };
  }

  append(stream: LogStreamRef, lines: readonly LogLine[]): void {
    if (this.closed || lines.length === 0) return;
    const key = streamKey(stream);
    let entry = this.pending.get(key);
    if (entry === undefined) {
      entry = { stream, lines: [] };
      this.pending.set(key, entry);
    }
    for (const line of lines) entry.lines.push(line);
    this.buffered += lines.length;
    if (this.buffered > this.options.maxBufferedEvents) this.dropOldest(entry);
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs);
    // Not unref'd: close() clears it, and pending lines should reach the store before a clean exit.
  }

  /** Writes everything buffered so far; resolves once it is committed (or failed and was logged). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return this.writing;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.buffered = 0;
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  /** Writes what is buffered and accepts no more lines. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async write(batch: readonly Pending[]): Promise<void> {
    const now = this.clock.now();
    const sorted = [...batch].sort((a, b) => compareKeys(streamKey(a.stream), streamKey(b.stream)));
    const toTrim: { key: string; id: number }[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        const groups = new Map<string, number>();
        const events: NewLogEvent[] = [];
        const touched: { streamId: number; first: number; last: number }[] = [];
        for (const { stream, lines } of sorted) {
          const gKey = groupKey(stream);
          let groupId = groups.get(gKey);
          if (groupId === undefined) {
            groupId = await ensureLogGroup(trx, { ...stream, name: stream.group }, now);
            groups.set(gKey, groupId);
          }
          const streamId = await ensureLogStream(trx, groupId, stream.stream, now);
          let first = Number.POSITIVE_INFINITY;
          let last = Number.NEGATIVE_INFINITY;
          for (const line of lines) {
            events.push({
              group_id: groupId,
              stream_id: streamId,
              event_at: line.timestamp,
              ingested_at: now,
              message: line.message,
            });
            first = Math.min(first, line.timestamp);
            last = Math.max(last, line.timestamp);
          }
          touched.push({ streamId, first, last });
          const count = (this.sinceTrim.get(gKey) ?? 0) + lines.length;
          this.sinceTrim.set(gKey, count);
          if (count >= Math.max(1, Math.ceil(this.options.maxEventsPerGroup / 10)))
            toTrim.push({ key: gKey, id: groupId });
        }
        await insertLogEvents(trx, events);
        for (const t of touched) await touchLogStream(trx, t.streamId, t.first, t.last, now);
        for (const group of toTrim) await trimLogGroup(trx, group.id, this.options.maxEventsPerGroup);
      });
      for (const group of toTrim) this.sinceTrim.set(group.key, 0);
    } catch (error) {
      const lines = batch.reduce((n, p) => n + p.lines.length, 0);
      this.logger.warn('logs:write-failed', { lines, error: coerceError(error) });
    }
  }

  /** Drops the oldest buffered lines (of the stream being appended to first: it is the one flooding). */
  private dropOldest(entry: Pending): void {
    const excess = this.buffered - this.options.maxBufferedEvents;
    const removed = entry.lines.splice(0, Math.min(excess, entry.lines.length)).length;
    this.buffered -= removed;
    if (this.dropped === 0) this.logger.warn('logs:buffer-full', { maxBufferedEvents: this.options.maxBufferedEvents });
    this.dropped += removed;
  }
}

function groupKey(s: LogStreamRef): string {
  return `${s.accountId}\u0000${s.region}\u0000${s.group}`;
}

function streamKey(s: LogStreamRef): string {
  return `${groupKey(s)}\u0000${s.stream}`;
}

/** Locks are taken in one order on every node (PostgreSQL), so two concurrent flushes cannot deadlock. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
