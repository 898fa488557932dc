/**
 * The web console on Sluice's own port: the built React app (static files, index.html for client-side routes) and
 * its read-only event stream. The HTTP edge hands it only what no AWS route took: requests with X-Amz-Target, the
 * SQS query protocol and the Lambda paths are answered before it is asked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangeFeed } from '../../store/change-feed.js';
import type { EventStreamOptions } from './event-stream.js';
import { DEFAULT_EVENT_STREAM_OPTIONS, EventStreams } from './event-stream.js';
import { DEFAULT_WEB_DIR, StaticFiles } from './static-files.js';

/** The path of the event stream. */
export const EVENTS_PATH = '/_sluice/events';

/** Paths the console never serves, so that a wrong AWS call gets an AWS error rather than index.html. */
const NOT_CONSOLE = [/^\/_sluice(\/|$)/, /^\/2015-03-31(\/|$)/, /^\/moto-api(\/|$)/];

/** What the console needs. */
export interface WebConsoleOptions {
  readonly feed: ChangeFeed;
  /** The folder `vite build` wrote (dist/web by default). */
  readonly webDir?: string;
  readonly events?: Partial<EventStreamOptions>;
}

/** The console's part of the HTTP edge. */
export interface WebConsole {
  /** Serves the request and answers true, or answers false (and touches nothing) when it is not the console's. */
  readonly serve: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Drops the open event streams. */
  readonly close: () => void;
}

/** Builds the console. */
export function createWebConsole(options: WebConsoleOptions): WebConsole {
  const files = new StaticFiles(options.webDir ?? DEFAULT_WEB_DIR);
  const streams = new EventStreams(options.feed, { ...DEFAULT_EVENT_STREAM_OPTIONS, ...options.events });
  return {
    serve(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      if (req.headers['x-amz-target'] !== undefined) return false;
      const pathname = (req.url ?? '/').split('?')[0] ?? '/';
      if (pathname === EVENTS_PATH) {
        streams.serve(req, res);
        return true;
      }
      if (NOT_CONSOLE.some((pattern) => pattern.test(pathname))) return false;
      req.resume();
      files.serve(req, res, pathname);
      return true;
    },
    close: () => streams.close(),
  };
}
