/**
 * Calls Sluice through its public AWS APIs, same origin, unsigned: awsJson (SageMaker 1.1, SQS 1.0) as POST /
 * with X-Amz-Target, and Lambda's restJson1 paths. Sluice takes the region from the SigV4 credential scope of the
 * Authorization header and checks no signature, so the console names its region there.
 */

/** An error answered by Sluice in the AWS shape (`__type` and `message`). */
export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Sluice did not answer at all (down, restarting, network gone). */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError';
}

const REGION_KEY = 'sluice.region';
const DEFAULT_REGION = 'us-east-1';

/** The region the console works in (remembered in this browser). */
export function currentRegion(): string {
  try {
    return localStorage.getItem(REGION_KEY) ?? DEFAULT_REGION;
  } catch {
    return DEFAULT_REGION;
  }
}

/** Changes the region the console works in. */
export function setRegion(region: string): void {
  try {
    localStorage.setItem(REGION_KEY, region);
  } catch {
    // A browser without storage keeps the default.
  }
}

function authorization(service: string): string {
  return `AWS4-HMAC-SHA256 Credential=sluice-console/20240101/${currentRegion()}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** Tells whoever listens that Sluice answered (or did not): the connection banner. */
type ReachabilityListener = (reachable: boolean) => void;
const reachability = new Set<ReachabilityListener>();

/** Listens to the outcome of every call: true when Sluice answered, false when it could not be reached. */
export function onReachability(listener: ReachabilityListener): () => void {
  reachability.add(listener);
  return () => {
    reachability.delete(listener);
  };
}

function report(reachable: boolean): void {
  for (const listener of reachability) listener(reachable);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store' });
  } catch (error) {
    report(false);
    throw new UnreachableError(`Sluice did not answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  // A proxy or a restarting server may answer 502/503 with no AWS body: as good as down.
  if (response.status === 502 || response.status === 503 || response.status === 504) {
    report(false);
    throw new UnreachableError(`Sluice answered HTTP ${response.status}.`);
  }
  report(true);
  return response;
}

async function errorOf(response: Response): Promise<AwsCallError> {
  const text = await response.text();
  let code = response.headers.get('x-amzn-errortype') ?? `HTTP${response.status}`;
  let message = text;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const type = body['__type'] ?? body['Type'];
    if (typeof type === 'string' && !response.headers.has('x-amzn-errortype')) code = type;
    const said = body['message'] ?? body['Message'];
    if (typeof said === 'string') message = said;
  } catch {
    // Not JSON: the text is the message.
  }
  // `com.amazonaws.sqs#QueueDoesNotExist` → `QueueDoesNotExist`, and drop `:http://…` suffixes.
  code = code.replace(/^.*#/, '').replace(/:.*$/, '');
  return new AwsCallError(code, message || `HTTP ${response.status}`, response.status);
}

/** One awsJson call: `target` is `SageMaker.ListPipelines`, `AmazonSQS.ListQueues`, … */
export async function awsJson<T>(target: string, input: object, version: '1.0' | '1.1', service: string): Promise<T> {
  const response = await send('/', {
    method: 'POST',
    headers: {
      'content-type': `application/x-amz-json-${version}`,
      'x-amz-target': target,
      authorization: authorization(service),
    },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** One restJson1 GET (Lambda). */
export function restGet<T>(path: string, service: string): Promise<T> {
  return restJson<T>('GET', path, undefined, service);
}

/** One restJson1 call (Lambda): the input members that are not in the path go as a JSON body. */
export async function restJson<T>(
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body: object | undefined,
  service: string,
): Promise<T> {
  const response = await send(path, {
    method,
    headers: {
      authorization: authorization(service),
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** A message fit to show for any error a call threw. */
export function describeError(error: unknown): string {
  if (error instanceof AwsCallError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
