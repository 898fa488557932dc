/**
 * The awsQuery protocol (SQS before 2023, still spoken by older SDKs).
 *
 *   POST <any path>   Content-Type: application/x-www-form-urlencoded
 *   body: Action=<Operation>&Version=<api version>&<parameters>   (GET with the same query string works too)
 *   parameters: nested members joined by '.', list items and map entries numbered from 1 (`AttributeName.1`,
 *   `Attribute.1.Name` / `Attribute.1.Value`); the services served here flatten every list and map, so an item is
 *   named by its own element name instead of the member's (see `QueryNaming`)
 *
 *   200  text/xml  <OpResponse xmlns="…"><OpResult>…members…</OpResult>
 *                  <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata></OpResponse>
 *        (no OpResult element for operations without output)
 *   4xx/5xx  text/xml  <ErrorResponse xmlns="…"><Error><Type>Sender|Receiver</Type><Code>…</Code>
 *                      <Message>…</Message><Detail/></Error><RequestId>…</RequestId></ErrorResponse>
 *
 * A query request is decoded into the same input structure the JSON protocol carries and served by the same
 * handlers (`invokeOperation` of the service's JsonService), so only this codec differs between the protocols.
 */
import type { IncomingMessage } from 'node:http';
import type { JsonObject, JsonValue } from '../shared/json.js';
import type { HttpAnswer } from './aws-json.js';
import type { RequestContext } from './context.js';
import { AwsError } from './errors.js';
import type { JsonService } from './json-service.js';
import { invokeOperation } from './json-service.js';
import type { Shape, StructureShape } from './shape-model.js';

/** Names of a flattened map's entries: `<entry>.N.<key>` and `<entry>.N.<value>` (elements in responses). */
export interface QueryMapNames {
  readonly entry: string;
  readonly key: string;
  readonly value: string;
}

/**
 * Element names the model's JSON form no longer records. Lookups try `<Operation>.<Member>` first, then
 * `<Member>`; a member not listed keeps its own name.
 */
export interface QueryNaming {
  /** The element name of each item of a (flattened) list member. */
  readonly listItems: Readonly<Record<string, string>>;
  /** Members that are maps; any other object member is a structure. */
  readonly maps: Readonly<Record<string, QueryMapNames>>;
}

/** A service reached over the query protocol: the JSON service's handlers plus the protocol's quirks. */
export interface QueryService {
  readonly json: JsonService;
  readonly xmlNamespace: string;
  readonly naming: QueryNaming;
  /** The code and message the query protocol uses for an error. */
  errorCode(error: AwsError): string;
  errorMessage(error: AwsError): string;
  /** Escapes element text. */
  escapeText(text: string): string;
  /** Parameters implied by the request path and Host (e.g. SQS's QueueUrl), used when the request lacks them. */
  impliedParameters?(path: string, host: string | undefined): Readonly<Record<string, string>>;
}

/** A query-protocol request, read. */
export interface QueryRequest {
  readonly path: string;
  /** The URL's query string and the form body, merged (the body wins). */
  readonly params: ReadonlyMap<string, string>;
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/**
 * Whether a request speaks the query protocol: a form-encoded POST, or a GET whose query string names an
 * `Action`.
 */
export function isQueryRequest(req: IncomingMessage): boolean {
  const contentType = req.headers['content-type'] ?? '';
  if (req.method === 'POST') return contentType.toLowerCase().startsWith(FORM_CONTENT_TYPE);
  if (req.method === 'GET') return /[?&]Action=/.test(req.url ?? '');
  return false;
}

/** Reads the parameters of a query request from its URL and (form-encoded) body. */
export function readQueryRequest(url: string, body: Buffer): QueryRequest {
  const parsed = new URL(url, 'http://localhost');
  const params = new Map<string, string>(parsed.searchParams);
  if (body.length > 0) {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
  }
  return { path: parsed.pathname, params };
}

/** Serves a decoded query request: runs the operation and encodes its output, or throws an AwsError. */
export async function invokeQuery(
  service: QueryService,
  request: QueryRequest,
  ctx: RequestContext,
): Promise<HttpAnswer> {
  const action = request.params.get('Action');
  if (action === undefined || action === '') {
    throw new AwsError('MissingAction', 'The request must contain the parameter Action.');
  }
  const operation = service.json.model.operations.get(action);
  if (operation === undefined || !service.json.handlers.has(action)) {
    throw new AwsError('InvalidAction', `The action ${action} is not valid for this endpoint.`);
  }
  let params = request.params;
  const implied = service.impliedParameters?.(request.path, ctx.host);
  if (implied !== undefined) {
    const merged = new Map(Object.entries(implied));
    for (const [key, value] of params) merged.set(key, value);
    params = merged;
  }
  const input = operation.input === undefined ? {} : decodeQueryInput(operation.input, action, params, service.naming);
  const output = await invokeOperation(service.json, action, input, ctx);
  return encodeQueryResponse(service, action, operation.outputName !== undefined, output, ctx.requestId);
}

/**
 * Decodes flat query parameters into the input structure `shape` describes. Unknown parameters are ignored, as
 * the JSON decoder ignores unknown members.
 *
 * @throws AwsError `InvalidParameterValue` when a number or boolean parameter does not parse.
 */
export function decodeQueryInput(
  shape: StructureShape,
  operation: string,
  params: ReadonlyMap<string, string>,
  naming: QueryNaming,
): JsonObject {
  const prefixes = new Set<string>();
  for (const key of params.keys()) {
    for (let dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) prefixes.add(key.slice(0, dot));
  }
  const decoder: Decoder = { operation, params, naming, prefixes };
  return decodeStructure(decoder, shape, '');
}

interface Decoder {
  readonly operation: string;
  readonly params: ReadonlyMap<string, string>;
  readonly naming: QueryNaming;
  /** Every dotted prefix of a parameter name, for "is anything below this name" checks. */
  readonly prefixes: ReadonlySet<string>;
}

function decodeStructure(d: Decoder, shape: StructureShape, prefix: string): JsonObject {
  const out: JsonObject = {};
  for (const member of shape.members) {
    const value = decodeValue(d, member.target, member.name, joinName(prefix, member.name));
    if (value !== undefined) out[member.name] = value;
  }
  return out;
}

/** Decodes the value of `member` whose parameter name (for a list or map: the name it replaces) is `name`. */
function decodeValue(d: Decoder, shape: Shape, member: string, name: string): JsonValue | undefined {
  switch (shape.type) {
    case 'structure':
      return d.prefixes.has(name) ? decodeStructure(d, shape, name) : undefined;
    case 'list': {
      const item = lookup(d.naming.listItems, d.operation, member) ?? member;
      const base = replaceLast(name, item);
      const items: JsonValue[] = [];
      for (let i = 1; ; i++) {
        const key = `${base}.${i}`;
        if (!d.params.has(key) && !d.prefixes.has(key)) break;
        items.push(decodeValue(d, shape.member, item, key) ?? null);
      }
      // botocore sends an empty list as the member's own name with an empty value (`Entries=`).
      if (items.length === 0) return d.params.get(name) === '' ? [] : undefined;
      return items;
    }
    case 'map': {
      const names = lookup(d.naming.maps, d.operation, member) ?? { entry: member, key: 'key', value: 'value' };
      const base = replaceLast(name, names.entry);
      const out: JsonObject = {};
      let found = false;
      for (let i = 1; ; i++) {
        const entry = `${base}.${i}`;
        if (!d.prefixes.has(entry)) break;
        const key = d.params.get(`${entry}.${names.key}`);
        const value = decodeValue(d, shape.value, names.value, `${entry}.${names.value}`);
        if (key !== undefined && value !== undefined) out[key] = value;
        found = true;
      }
      return found ? out : undefined;
    }
    case 'integer':
    case 'long': {
      const text = d.params.get(name);
      if (text === undefined) return undefined;
      if (!/^-?\d+$/.test(text.trim())) throw invalidValue(text, name, 'must be an integer');
      return Number(text);
    }
    case 'float':
    case 'double': {
      const text = d.params.get(name);
      if (text === undefined) return undefined;
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value)) throw invalidValue(text, name, 'must be a number');
      return value;
    }
    case 'boolean': {
      const text = d.params.get(name);
      if (text === undefined) return undefined;
      const lower = text.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw invalidValue(text, name, 'must be true or false');
      return lower === 'true';
    }
    case 'string':
    case 'blob':
    case 'timestamp':
      return d.params.get(name);
    case 'document':
      return undefined;
  }
}

function invalidValue(text: string, name: string, reason: string): AwsError {
  return new AwsError('InvalidParameterValue', `Value ${text} for parameter ${name} is invalid. Reason: ${reason}.`);
}

function lookup<T>(table: Readonly<Record<string, T>>, operation: string, member: string): T | undefined {
  const specific = `${operation}.${member}`;
  if (Object.hasOwn(table, specific)) return table[specific];
  return Object.hasOwn(table, member) ? table[member] : undefined;
}

function joinName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function replaceLast(name: string, last: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? last : `${name.slice(0, dot + 1)}${last}`;
}

const XML_CONTENT_TYPE = 'text/xml';

/** Encodes a successful output as `<OpResponse>`; `hasResult` is false for operations without output. */
export function encodeQueryResponse(
  service: QueryService,
  operation: string,
  hasResult: boolean,
  output: object,
  requestId: string,
): HttpAnswer {
  const parts: string[] = [`<?xml version="1.0"?><${operation}Response xmlns="${service.xmlNamespace}">`];
  if (hasResult) {
    parts.push(`<${operation}Result>`);
    encodeMembers(service, operation, output as Record<string, unknown>, parts);
    parts.push(`</${operation}Result>`);
  }
  parts.push(
    `<ResponseMetadata><RequestId>${service.escapeText(requestId)}</RequestId></ResponseMetadata>`,
    `</${operation}Response>`,
  );
  return {
    status: 200,
    headers: { 'content-type': XML_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: parts.join(''),
  };
}

function encodeMembers(service: QueryService, operation: string, value: Record<string, unknown>, out: string[]): void {
  for (const [member, memberValue] of Object.entries(value)) {
    if (memberValue === undefined || memberValue === null) continue;
    if (Array.isArray(memberValue)) {
      const item = lookup(service.naming.listItems, operation, member) ?? member;
      for (const element of memberValue as unknown[]) encodeElement(service, operation, item, element, out);
      continue;
    }
    const map = lookup(service.naming.maps, operation, member);
    if (map !== undefined && typeof memberValue === 'object') {
      for (const [key, entryValue] of Object.entries(memberValue as Record<string, unknown>)) {
        out.push(`<${map.entry}>`);
        encodeElement(service, operation, map.key, key, out);
        encodeElement(service, operation, map.value, entryValue, out);
        out.push(`</${map.entry}>`);
      }
      continue;
    }
    encodeElement(service, operation, member, memberValue, out);
  }
}

function encodeElement(service: QueryService, operation: string, name: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'object') {
    out.push(`<${name}>`);
    encodeMembers(service, operation, value as Record<string, unknown>, out);
    out.push(`</${name}>`);
    return;
  }
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  out.push(`<${name}>${service.escapeText(text)}</${name}>`);
}

/** Encodes an error as an `<ErrorResponse>`. */
export function encodeQueryError(service: QueryService, error: AwsError, requestId: string): HttpAnswer {
  const text = (s: string): string => service.escapeText(s);
  return {
    status: error.httpStatus,
    headers: { 'content-type': XML_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body:
      `<?xml version="1.0"?><ErrorResponse xmlns="${service.xmlNamespace}"><Error>` +
      `<Type>${error.fault}</Type><Code>${text(service.errorCode(error))}</Code>` +
      `<Message>${text(service.errorMessage(error))}</Message><Detail/></Error>` +
      `<RequestId>${text(requestId)}</RequestId></ErrorResponse>`,
  };
}
