/**
 * Operations on received messages by receipt handle: DeleteMessage, DeleteMessageBatch, ChangeMessageVisibility,
 * ChangeMessageVisibilityBatch.
 *
 * A handle names the receive that made it. Once the message is received again, an older handle no longer deletes
 * it: DeleteMessage still succeeds, as AWS documents ("otherwise, the request succeeds, but the message will not be
 * deleted"), and ChangeMessageVisibility is refused.
 */
import type { RequestContext } from '../../protocol/context.js';
import { AwsError } from '../../protocol/errors.js';
import type { JsonObject } from '../../shared/json.js';
import { changeSqsMessageVisibility, deleteSqsMessage, findSqsMessage } from '../../store/sqs.js';
import type { SqsDeps } from './context.js';
import { InvalidParameterValue, MessageNotInflight, MissingParameter, ReceiptHandleIsInvalid } from './errors.js';
import { checkBatchEntries, parseReceiptHandle, requireQueue } from './lookup.js';
import { sqsMessages } from './messages.js';
import type { Queue } from './queue-attributes.js';
import { batchFailure } from './send.js';
import type {
  BatchResultErrorEntry,
  ChangeMessageVisibilityBatchRequest,
  ChangeMessageVisibilityRequest,
  DeleteMessageBatchRequest,
  DeleteMessageRequest,
} from './wire.js';

/** The longest visibility timeout, in seconds (12 hours). */
const MAX_VISIBILITY_TIMEOUT = 43_200;

/** Builds the receipt-handle handlers. */
export function receiptHandlers(deps: SqsDeps) {
  const { db, clock, notifier } = deps;

  async function deleteOne(queue: Queue, handle: string | undefined, field: string): Promise<void> {
    if (handle === undefined || handle === '') throw new MissingParameter(field);
    const parsed = parseReceiptHandle(queue, handle);
    if (parsed === undefined) throw new ReceiptHandleIsInvalid(handle);
    await deleteSqsMessage(db, queue.id, parsed.messageId, parsed.token);
  }

  async function changeOne(queue: Queue, handle: string | undefined, timeout: number | undefined): Promise<void> {
    if (handle === undefined || handle === '') throw new MissingParameter('ReceiptHandle');
    if (timeout === undefined) throw new MissingParameter('VisibilityTimeout');
    if (timeout < 0 || timeout > MAX_VISIBILITY_TIMEOUT) {
      throw new InvalidParameterValue(
        sqsMessages.invalidParameter(timeout, 'VisibilityTimeout', 'Must be between 0 and 43200, if provided.'),
      );
    }
    const parsed = parseReceiptHandle(queue, handle);
    if (parsed === undefined) throw new ReceiptHandleIsInvalid(handle);
    const now = clock.now();
    const changed = await changeSqsMessageVisibility(db, {
      queueId: queue.id,
      ...parsed,
      now,
      visibleAt: now + timeout * 1000,
    });
    if (!changed) {
      const message = await findSqsMessage(db, queue.id, parsed.messageId);
      if (message !== undefined && message.receipt_token === parsed.token) throw new MessageNotInflight();
      throw new InvalidParameterValue(
        sqsMessages.invalidParameter(handle, 'ReceiptHandle', sqsMessages.notAvailableForVisibilityChange()),
      );
    }
    if (timeout === 0) notifier.notify(queue);
  }

  async function deleteMessage(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as DeleteMessageRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    await deleteOne(queue, input.ReceiptHandle, 'ReceiptHandle');
    return {};
  }

  async function deleteMessageBatch(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as DeleteMessageBatchRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    checkBatchEntries(input.Entries, 'DeleteMessageBatchRequestEntry');
    return eachEntry(input.Entries ?? [], (entry) => deleteOne(queue, entry.ReceiptHandle, 'ReceiptHandle'));
  }

  async function changeMessageVisibility(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as ChangeMessageVisibilityRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    await changeOne(queue, input.ReceiptHandle, input.VisibilityTimeout);
    return {};
  }

  async function changeMessageVisibilityBatch(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as ChangeMessageVisibilityBatchRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    checkBatchEntries(input.Entries, 'ChangeMessageVisibilityBatchRequestEntry');
    return eachEntry(input.Entries ?? [], (entry) =>
      changeOne(queue, entry.ReceiptHandle, entry.VisibilityTimeout ?? queue.visibilityTimeoutSeconds),
    );
  }

  return { deleteMessage, deleteMessageBatch, changeMessageVisibility, changeMessageVisibilityBatch };
}

/** Serves each entry on its own; an AwsError fails that entry only. */
async function eachEntry<T extends { Id?: string }>(
  entries: readonly T[],
  serve: (entry: T) => Promise<void>,
): Promise<object> {
  const successful: { Id: string }[] = [];
  const failed: BatchResultErrorEntry[] = [];
  for (const entry of entries) {
    const id = entry.Id ?? '';
    try {
      await serve(entry);
      successful.push({ Id: id });
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      failed.push(batchFailure(id, error));
    }
  }
  return { Successful: successful, Failed: failed };
}
