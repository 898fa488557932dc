/**
 * The one HTTP edge of Sluice: reads a request, routes it by protocol to a service, writes the answer.
 * Routing (api-spec §1.2): JSON-protocol services by the `X-Amz-Target` header, never by path; restJson1
 * services (Lambda, `/2015-03-31/functions…`) by path prefix (`pathRoutes`); the `/_sluice/*` paths are Sluice's
 * own; any other form-encoded POST (or GET with `Action=`) is a query-protocol request (SQS).
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { IdGenerator } from '../shared/ids.js';
import type { JsonObject } from '../shared/json.js';
import type { Logger } from '../shared/logger.js';
import type { HttpAnswer } from './aws-json.js';
import { decodeJsonRequest, encodeJsonError, encodeJsonResponse } from './aws-json.js';
import type { RequestContext } from './context.js';
import { regionOf } from './context.js';
import type { QueryService } from './aws-query.js';
import { encodeQueryError, invokeQuery, isQueryRequest, readQueryRequest } from './aws-query.js';
import { AwsError, InternalFailure, RequestEntityTooLarge, UnknownOperationException } from './errors.js';
import type { JsonService } from './json-service.js';
import { invokeOperation } from './json-service.js';

/** Everything the edge needs. */
export interface EdgeOptions {
  readonly services: readonly JsonService[];
  /** The service answering query-protocol requests (form-encoded `Action=…`): SQS. */
  readonly queryService?: QueryService;
  readonly accountId: string;
  readonly maxBodyBytes: number;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** Sluice's own endpoints under `/_sluice/`, keyed by `METHOD /path`. */
  readonly ownRoutes?: ReadonlyMap<string, () => Promise<HttpAnswer> | HttpAnswer>;
  /** Services routed by path (restJson1: Lambda under `/2015-03-31/functions`); each answers its own errors. */
  readonly pathRoutes?: readonly PathRoute[];
  /**
   * Asked last, after every AWS route declined (the web console): writes `res` itself and answers true, or answers
   * false and touches nothing.
   */
  readonly fallback?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** Everything at or below `pathPrefix` goes to `serve`, which reads the body itself. */
export interface PathRoute {
  readonly pathPrefix: string;
  serve(req: IncomingMessage, ctx: RequestContext): Promise<HttpAnswer>;
}

const PLAIN_JSON = 'application/json';

/** Builds the request listener for `http.createServer`. */
export function createHttpEdge(options: EdgeOptions): RequestListener {
  const byPrefix = new Map(options.services.map((s) => [s.targetPrefix, s]));
  // Each request's response, from which a handler that waits (a long poll) gets its disconnect signal.
  const responses = new WeakMap<IncomingMessage, ServerResponse>();
  return (req, res) => {
    const requestId = options.ids.requestId();
    responses.set(req, res);
    handle(req, requestId, res)
      .then((answer) => answer && write(res, answer))
      .catch((error: unknown) => {
        options.logger.error('request:failed', { requestId, error });
        write(res, encodeJsonError(new InternalFailure(requestId), requestId, PLAIN_JSON));
      });
  };

  async function handle(req: IncomingMessage, requestId: string, res: ServerResponse): Promise<HttpAnswer | undefined> {
    const target = req.headers['x-amz-target'];
    if (typeof target === 'string') {
      const dot = target.indexOf('.');
      const service = byPrefix.get(dot < 0 ? target : target.slice(0, dot));
      if (service) return serveJson(service, target.slice(dot + 1), req, requestId);
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = options.pathRoutes?.find((r) => path === r.pathPrefix || path.startsWith(`${r.pathPrefix}/`));
    if (route) return route.serve(req, contextOf(req, requestId));
    const own = options.ownRoutes?.get(`${req.method ?? 'GET'} ${path}`);
    if (own) {
      req.resume();
      return own();
    }
    if (options.queryService && isQueryRequest(req)) return serveQuery(options.queryService, req, requestId);
    if (options.fallback?.(req, res)) return undefined;
    req.resume();
    const what = typeof target === 'string' ? `X-Amz-Target '${target}'` : `${req.method ?? 'GET'} ${path}`;
    const error = new UnknownOperationException(
      `Sluice does not serve ${what}. It speaks SageMaker (awsJson1.1, X-Amz-Target: SageMaker.<Operation>) and ` +
        `SQS (awsJson1.0, X-Amz-Target: AmazonSQS.<Operation>, or form-encoded Action=<Operation>).`,
    );
    return encodeJsonError(error, requestId, PLAIN_JSON);
  }

  async function serveJson(
    service: JsonService,
    operation: string,
    req: IncomingMessage,
    requestId: string,
  ): Promise<HttpAnswer> {
    try {
      const body = await readBody(req, options.maxBodyBytes);
      const input: JsonObject = decodeJsonRequest(body);
      const output = await invokeOperation(service, operation, input, contextOf(req, requestId));
      return encodeJsonResponse(output, requestId, service.contentType);
    } catch (error) {
      const answer = error instanceof AwsError ? error : new InternalFailure(requestId);
      if (answer !== error) {
        options.logger.error('request:failed', { requestId, operation: `${service.targetPrefix}.${operation}`, error });
      }
      return encodeJsonError(answer, requestId, service.contentType, service.errorHeaders?.(answer));
    }
  }

  async function serveQuery(service: QueryService, req: IncomingMessage, requestId: string): Promise<HttpAnswer> {
    try {
      const body = req.method === 'POST' ? await readBody(req, options.maxBodyBytes) : Buffer.alloc(0);
      if (req.method !== 'POST') req.resume();
      const request = readQueryRequest(req.url ?? '/', body);
      return await invokeQuery(service, request, contextOf(req, requestId, request.params.get('X-Amz-Credential')));
    } catch (error) {
      if (error instanceof AwsError) return encodeQueryError(service, error, requestId);
      options.logger.error('request:failed', { requestId, operation: 'query', error });
      return encodeQueryError(service, new InternalFailure(requestId), requestId);
    }
  }

  function contextOf(req: IncomingMessage, requestId: string, presignedCredential?: string): RequestContext {
    const region = regionOf(req.headers.authorization, presignedCredential);
    const host = req.headers.host;
    const context: RequestContext = {
      requestId,
      accountId: options.accountId,
      region,
      ...(host === undefined ? {} : { host }),
    };
    const res = responses.get(req);
    if (res === undefined) return context;
    // A getter, made only if a handler reads it; not enumerable, so that the `{ ...ctx, name }` of lookups does
    // not call it (a copy has no signal, which only the waiting handlers read, from the context itself).
    let signal: AbortSignal | undefined;
    return Object.defineProperty(context, 'signal', { get: () => (signal ??= disconnectSignal(res)) });
  }
}

/**
 * A signal aborted when the client goes away before its answer is written, so long polls stop waiting for nobody.
 * Made only when a handler asks: an AbortController for every request, aborted at every response's close (which
 * builds a DOMException with a stack), cost a fifth of a small call's CPU.
 */
function disconnectSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (res.closed) controller.abort();
  else
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
  return controller.signal;
}

/** Reads the whole body, refusing more than `limit` bytes (the rest is drained, not buffered). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(declared, limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(size, limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

function tooLarge(size: number, limit: number): RequestEntityTooLarge {
  return new RequestEntityTooLarge(
    `The request body (${size} bytes or more) exceeds Sluice's limit of ${limit} bytes (--max-body-bytes).`,
  );
}

function write(res: ServerResponse, answer: HttpAnswer): void {
  if (res.headersSent) return;
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
  res.end(body);
}
