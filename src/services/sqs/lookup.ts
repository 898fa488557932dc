/** Lookups and checks every SQS handler group shares: the queue of a QueueUrl, batch entries, receipt handles. */
import type { RequestContext } from '../../protocol/context.js';
import type { Db } from '../../store/pipelines.js';
import { findSqsQueue } from '../../store/sqs.js';
import {
  BatchEntryIdsNotDistinct,
  EmptyBatchRequest,
  InvalidAddress,
  InvalidBatchEntryId,
  MissingParameter,
  QueueDoesNotExist,
  TooManyEntriesInBatchRequest,
} from './errors.js';
import type { Queue } from './queue-attributes.js';
import { toQueue } from './queue-attributes.js';
import { queueAddressFromUrl } from './queue-urls.js';

/** The queue a QueueUrl designates (the region, unless the URL names one, is the request's). */
export async function requireQueue(db: Db, ctx: RequestContext, url: string | undefined): Promise<Queue> {
  if (url === undefined || url === '') throw new MissingParameter('QueueUrl');
  const address = queueAddressFromUrl(url, ctx.region);
  if (address === undefined) throw new InvalidAddress(url);
  const row = await findSqsQueue(db, address);
  if (row === undefined) throw new QueueDoesNotExist();
  return toQueue(row);
}

/** At most this many entries per batch call. */
const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

/**
 * Checks the entries of a batch call as SQS does, before any entry is served: some, at most 10, each with a
 * well-formed Id, no Id twice. `entryName` is the query name of an entry (`SendMessageBatchRequestEntry`).
 */
export function checkBatchEntries(entries: readonly { Id?: string }[] | undefined, entryName: string): void {
  if (entries === undefined || entries.length === 0) throw new EmptyBatchRequest(entryName);
  if (entries.length > MAX_BATCH_ENTRIES) throw new TooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const [i, entry] of entries.entries()) {
    if (entry.Id === undefined) throw new MissingParameter(`${entryName}.${i + 1}.Id`);
    if (!BATCH_ENTRY_ID.test(entry.Id)) throw new InvalidBatchEntryId();
    if (seen.has(entry.Id)) throw new BatchEntryIdsNotDistinct(entry.Id);
    seen.add(entry.Id);
  }
}

const HANDLE_PREFIX = 'sluice1';

/** A receipt handle: the queue, the message, and the token of the receive that handed it out, base64. */
export function makeReceiptHandle(queueId: string, messageId: string, token: string): string {
  return Buffer.from(`${HANDLE_PREFIX} ${queueId} ${messageId} ${token}`, 'utf8').toString('base64');
}

/** The message and receive token of a receipt handle of `queue`; undefined when it is not one. */
export function parseReceiptHandle(queue: Queue, handle: string): { messageId: string; token: string } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(handle)) return undefined;
  const parts = Buffer.from(handle, 'base64').toString('utf8').split(' ');
  if (parts.length !== 4 || parts[0] !== HANDLE_PREFIX || parts[1] !== queue.id) return undefined;
  const [, , messageId, token] = parts;
  if (messageId === undefined || token === undefined || messageId === '' || token === '') return undefined;
  return { messageId, token };
}
