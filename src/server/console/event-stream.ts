/**
 * `GET /_sluice/events`: a read-only server-sent-events stream for the web console.
 *
 *   retry: 1000                                           (the browser reconnects a second after a drop)
 *   event: execution  data: {"executionArn","pipelineName","status"}   an execution started or changed status
 *   event: step       data: {"executionArn","stepName","status"}       a step was written
 *   event: tick       data: {"at": <epoch ms>}                         every second: refresh what is shown
 *   : heartbeat                                                         every 15 s, so proxies keep the stream
 *
 * The events come from the ChangeFeed, published after each commit on this node. Changes committed by other nodes
 * sharing PostgreSQL publish nothing here: the tick tells the page to refresh what it shows, so it follows them
 * within a second too. The stream carries no data of its own: the page reads everything through the public APIs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Change, ChangeFeed } from '../../store/change-feed.js';

/** Timing of the stream; tests may shorten it. */
export interface EventStreamOptions {
  readonly tickMs: number;
  readonly heartbeatMs: number;
  /** Milliseconds since the epoch, for the tick's `at`. */
  readonly now: () => number;
}

export const DEFAULT_EVENT_STREAM_OPTIONS: EventStreamOptions = {
  tickMs: 1_000,
  heartbeatMs: 15_000,
  now: () => Date.now(),
};

/** The open event streams of one server. */
export class EventStreams {
  private readonly open = new Set<(destroy: boolean) => void>();
  private closed = false;

  constructor(
    private readonly feed: ChangeFeed,
    private readonly options: EventStreamOptions = DEFAULT_EVENT_STREAM_OPTIONS,
  ) {}

  /** How many streams are open. */
  get size(): number {
    return this.open.size;
  }

  /** Takes over the response and streams events until the client goes away or close() is called. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    if (this.closed) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end('Sluice is shutting down.\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // Nagle would hold small events back for up to 40 ms.
    res.socket?.setNoDelay(true);
    res.write('retry: 1000\n\n');
    const send = (event: string, data: object): void => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const unsubscribe = this.feed.subscribe((change: Change) => {
      const { type, ...data } = change;
      send(type, data);
    });
    const tick = setInterval(() => send('tick', { at: this.options.now() }), this.options.tickMs);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.options.heartbeatMs);
    const cleanUp = (destroy: boolean): void => {
      if (!this.open.delete(cleanUp)) return;
      unsubscribe();
      clearInterval(tick);
      clearInterval(heartbeat);
      if (destroy) res.destroy();
      else res.end();
    };
    this.open.add(cleanUp);
    res.once('close', () => cleanUp(false));
    res.once('error', () => cleanUp(false));
  }

  /**
   * Drops every stream and refuses new ones: the server is shutting down, and server.close() waits for open
   * connections. The connections are destroyed rather than ended so that no browser reconnects on them.
   */
  close(): void {
    this.closed = true;
    for (const cleanUp of [...this.open]) cleanUp(true);
  }
}
