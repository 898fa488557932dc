/**
 * The restJson1 protocol, as Lambda speaks it.
 *
 *   <METHOD> <requestUri with {Label} filled>?<querystring members>
 *   headers: members with `location: header` (X-Amz-Invocation-Type, X-Amz-Log-Type, …)
 *   body: the other input members as a JSON object, or, for an operation with a payload member (Invoke's
 *         `Payload`), the raw bytes of that member
 *
 *   2xx  the output members as JSON (or the raw payload member), with members bound to the status code and to
 *        headers taken out (Invoke: `StatusCode` → status, `FunctionError` → `X-Amz-Function-Error`, …)
 *   4xx/5xx  `x-amzn-ErrorType: <Code>` and `{"Type": "User" | "Service", "message": "…"}` — Lambda's own error
 *        body. SDKs take the code from the header. The models spell the message member `message` for most errors
 *        but `Message` for ResourceNotFoundException, so both spellings are sent (as aws-json.ts does).
 *
 * Routes come from the model's `http` bindings (method + requestUri template). Labels are one path segment each,
 * percent-decoded: SDKs encode the ':' of a function ARN as %3A. A trailing slash is ignored (boto3 lists
 * functions at `/2015-03-31/functions/`, the JS SDK at `/2015-03-31/functions`).
 */
import type { IncomingMessage } from 'node:http';
import type { JsonObject } from '../shared/json.js';
import type { HttpAnswer } from './aws-json.js';
import type { RequestContext } from './context.js';
import {
  AwsError,
  InternalFailure,
  RequestEntityTooLarge,
  SerializationException,
  UnknownOperationException,
} from './errors.js';
import type { PathRoute } from './http-edge.js';
import { readBody } from './http-edge.js';
import type { Member, ServiceModel, StructureShape } from './shape-model.js';
import { validateInput } from './validate-input.js';

/** Serves one operation: takes the validated input (and the raw payload member, if any), returns the output. */
export type RestJsonHandler = (
  input: JsonObject,
  ctx: RequestContext,
  payload: Buffer | undefined,
) => Promise<object> | object;

/** Where output members go besides the JSON body. */
export interface RestJsonOutputBinding {
  /** The output member whose value is the HTTP status (Lambda's `StatusCode`). */
  readonly statusCode?: string;
  /** Output members sent as headers: member name → header name. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The blob member that is the whole body (Invoke's `Payload`); handlers give it as a Buffer. */
  readonly payload?: string;
}

/** One served operation. */
export interface RestJsonOperation {
  readonly handler: RestJsonHandler;
  /** The input blob member that is the whole request body (Invoke's `Payload`). */
  readonly inputPayload?: string;
  /** The largest body accepted, and the error past it. */
  readonly maxBodyBytes: number;
  readonly tooLarge: () => AwsError;
  readonly output?: RestJsonOutputBinding;
}

/** A service reached over restJson1 under a path prefix. */
export interface RestJsonService {
  /** e.g. `/2015-03-31/functions`: every path equal to it or below it belongs to the service. */
  readonly pathPrefix: string;
  readonly model: ServiceModel;
  /** Operations served, by model name. Model operations missing here answer UnknownOperationException. */
  readonly operations: ReadonlyMap<string, RestJsonOperation>;
  /** Logs a failure that was not an AwsError (it is answered as InternalFailure). */
  readonly onInternalError?: (error: unknown, operation: string, requestId: string) => void;
}

interface Route {
  readonly operation: string;
  readonly method: string;
  /** Literal segments, or `{label}` for a label (the member's wire name inside). */
  readonly segments: readonly ({ literal: string } | { label: string })[];
  readonly served: RestJsonOperation;
  readonly input: StructureShape | undefined;
  /** The model's success status (CreateFunction: 201), unless an output member carries it. */
  readonly responseCode: number;
}

const JSON_TYPE = 'application/json';

/** Builds the edge route that serves `service`. */
export function restJsonRoute(service: RestJsonService): PathRoute {
  const routes = compileRoutes(service);
  return {
    pathPrefix: service.pathPrefix,
    serve: async (req, ctx) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const segments = pathSegments(url.pathname);
      const method = req.method ?? 'GET';
      let operation = 'unknown';
      try {
        const matched = match(routes, method, segments);
        if (matched === undefined) {
          req.resume();
          throw new UnknownOperationException(
            `Sluice does not serve ${method} ${url.pathname}. Its Lambda endpoint serves ${[...routes.map((r) => r.operation)].sort().join(', ')}.`,
          );
        }
        operation = matched.route.operation;
        const { input, payload } = await decodeInput(req, url, matched.route, matched.labels);
        validateInput(service.model, operation, input);
        const output = await matched.route.served.handler(input, ctx, payload);
        return encodeRestJsonOutput(output, matched.route, ctx.requestId);
      } catch (error) {
        if (error instanceof AwsError) return encodeRestJsonError(error, ctx.requestId);
        service.onInternalError?.(error, operation, ctx.requestId);
        return encodeRestJsonError(new InternalFailure(ctx.requestId), ctx.requestId);
      }
    },
  };
}

/** Encodes an error the way Lambda does. */
export function encodeRestJsonError(error: AwsError, requestId: string): HttpAnswer {
  return {
    status: error.httpStatus,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-errortype': error.code },
    body: JSON.stringify({
      Type: error.fault === 'Sender' ? 'User' : 'Service',
      message: error.message,
      Message: error.message,
    }),
  };
}

function compileRoutes(service: RestJsonService): Route[] {
  const routes: Route[] = [];
  for (const [name, served] of service.operations) {
    const op = service.model.operations.get(name);
    if (op?.http === undefined) throw new TypeError(`rest-json: ${name} has no http binding in the model`);
    const uri = op.http.requestUri.split('?')[0] ?? '/';
    routes.push({
      operation: name,
      method: op.http.method,
      segments: pathSegments(uri).map((s) => (/^\{.+\}$/.test(s) ? { label: s.slice(1, -1) } : { literal: s })),
      served,
      input: op.input,
      responseCode: op.http.responseCode ?? 200,
    });
  }
  // Literal segments win over labels: `/functions/{name}` must not swallow a longer literal path.
  return routes.sort((a, b) => literalCount(b) - literalCount(a));
}

function literalCount(route: Route): number {
  return route.segments.filter((s) => 'literal' in s).length;
}

function pathSegments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function match(
  routes: readonly Route[],
  method: string,
  segments: readonly string[],
): { route: Route; labels: Map<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== segments.length) continue;
    const labels = new Map<string, string>();
    let ok = true;
    for (let i = 0; i < segments.length && ok; i++) {
      const want = route.segments[i];
      const got = segments[i] as string;
      if (want === undefined) ok = false;
      else if ('literal' in want) ok = want.literal === got;
      else labels.set(want.label, decodeLabel(got));
    }
    if (ok) return { route, labels };
  }
  return undefined;
}

function decodeLabel(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new SerializationException(`The path segment '${segment}' is not valid percent-encoding.`);
  }
}

async function decodeInput(
  req: IncomingMessage,
  url: URL,
  route: Route,
  labels: ReadonlyMap<string, string>,
): Promise<{ input: JsonObject; payload: Buffer | undefined }> {
  const served = route.served;
  let body: Buffer;
  try {
    body = await readBody(req, served.maxBodyBytes);
  } catch (error) {
    if (error instanceof RequestEntityTooLarge) throw served.tooLarge();
    throw error;
  }
  let input: JsonObject = {};
  let payload: Buffer | undefined;
  if (served.inputPayload !== undefined) payload = body;
  else if (body.length > 0) input = parseBody(body);
  for (const member of route.input?.members ?? []) {
    const location = member.ref.location;
    const wire = member.ref.locationName ?? member.name;
    if (location === 'uri') {
      const value = labels.get(wire);
      if (value !== undefined) input[member.name] = value;
    } else if (location === 'querystring') {
      const value = url.searchParams.get(wire);
      if (value !== null) input[member.name] = scalarFromText(member, value);
    } else if (location === 'header') {
      const value = req.headers[wire.toLowerCase()];
      if (typeof value === 'string') input[member.name] = scalarFromText(member, value);
    }
  }
  return { input, payload };
}

function parseBody(body: Buffer): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SerializationException(`The request body is not valid JSON: ${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SerializationException('The request body must be a JSON object.');
  }
  return parsed as JsonObject;
}

/** Query and header values are text; numbers and booleans are converted so that validation sees their type. */
function scalarFromText(member: Member, text: string): string | number | boolean {
  switch (member.target.type) {
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'string':
    case 'blob':
    case 'timestamp':
    case 'structure':
    case 'list':
    case 'map':
    case 'document':
      return text;
  }
}

function encodeRestJsonOutput(output: object, route: Route, requestId: string): HttpAnswer {
  const binding = route.served.output;
  const values = output as Record<string, unknown>;
  let status = route.responseCode;
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId };
  const rest: Record<string, unknown> = { ...values };
  if (binding?.statusCode !== undefined) {
    const code = values[binding.statusCode];
    if (typeof code === 'number') status = code;
    delete rest[binding.statusCode];
  }
  for (const [member, header] of Object.entries(binding?.headers ?? {})) {
    const value = values[member];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      headers[header.toLowerCase()] = String(value);
    }
    delete rest[member];
  }
  let body: string | Buffer;
  if (binding?.payload !== undefined) {
    const payload = values[binding.payload];
    body = Buffer.isBuffer(payload) ? payload : Buffer.alloc(0);
  } else {
    body = JSON.stringify(rest);
  }
  if (status === 204) body = Buffer.alloc(0);
  return { status, headers, body };
}
