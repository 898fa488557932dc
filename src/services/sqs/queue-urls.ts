/** Queue URLs and ARNs. */
import type { RequestContext } from '../../protocol/context.js';

/** Where a queue lives: names are case-sensitive. */
export interface QueueAddress {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
}

/** The Host used in queue URLs when a request carries none (HTTP/1.0 without Host). */
const FALLBACK_HOST = 'localhost';

/**
 * The URL of a queue as Sluice hands it out: `http://<Host of the request>/<account>/<name>`, so that clients that
 * use it as their endpoint (or only compare it) reach this Sluice. The region is not part of it: a request to the
 * URL takes the region of its credential scope, as LocalStack's path-style URLs do.
 */
export function queueUrl(ctx: RequestContext, queue: { accountId: string; name: string }): string {
  return `http://${ctx.host ?? FALLBACK_HOST}/${queue.accountId}/${queue.name}`;
}

/** `arn:aws:sqs:<region>:<account>:<name>`. */
export function queueArn(queue: QueueAddress): string {
  return `arn:aws:sqs:${queue.region}:${queue.accountId}:${queue.name}`;
}

/** The queue an `arn:aws:sqs:…` designates, or undefined. */
export function queueAddressFromArn(arn: string): QueueAddress | undefined {
  const match = /^arn:aws[a-z-]*:sqs:([a-z0-9-]+):(\d{12}):([^:]+)$/.exec(arn);
  if (match === null) return undefined;
  return { region: match[1] ?? '', accountId: match[2] ?? '', name: match[3] ?? '' };
}

const AWS_HOST_REGION = [/^sqs\.([a-z0-9-]+)\.amazonaws\.com/, /^([a-z0-9-]+)\.queue\.amazonaws\.com/];

/**
 * The queue a QueueUrl designates: the last two path segments are the account and the name. The region is the
 * one in an AWS host name (`sqs.eu-west-1.amazonaws.com`) or a LocalStack path (`/queue/<region>/<account>/<name>`),
 * else `defaultRegion`. Undefined when the URL has no such form.
 */
export function queueAddressFromUrl(url: string, defaultRegion: string): QueueAddress | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const segments = parsed.pathname.split('/').filter((s) => s !== '');
  const [accountId, encodedName] = segments.slice(-2);
  if (accountId === undefined || encodedName === undefined || !/^\d{12}$/.test(accountId)) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    return undefined;
  }
  let region = defaultRegion;
  for (const pattern of AWS_HOST_REGION) {
    const match = pattern.exec(parsed.hostname);
    if (match?.[1] !== undefined) region = match[1];
  }
  if (segments.length >= 4 && segments.at(-4) === 'queue') region = segments.at(-3) ?? region;
  return { accountId, region, name };
}
