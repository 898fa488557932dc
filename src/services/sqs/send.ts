/** SendMessage and SendMessageBatch. */
import type { RequestContext } from '../../protocol/context.js';
import { AwsError } from '../../protocol/errors.js';
import { sqsQueryErrorCode } from '../../protocol/sqs-compat.js';
import type { JsonObject } from '../../shared/json.js';
import { insertSqsMessages } from '../../store/sqs.js';
import type { SqsDeps } from './context.js';
import { BatchRequestTooLong, InvalidParameterValue, MissingParameter } from './errors.js';
import { newMessageRow } from './local-queues.js';
import { checkBatchEntries, requireQueue } from './lookup.js';
import {
  checkMessageAttributes,
  checkMessageContents,
  checkSystemAttributes,
  md5OfMessageAttributes,
  messageSize,
} from './message-attributes.js';
import { sqsMessages } from './messages.js';
import type { Queue } from './queue-attributes.js';
import type { BatchResultErrorEntry, SendMessageBatchRequest, SendMessageFields, SendMessageRequest } from './wire.js';

/** The longest delay a message may have, in seconds. */
const MAX_DELAY_SECONDS = 900;
/** All messages of one SendMessageBatch together may not exceed this many bytes (SQS's 1 MiB payload limit). */
const MAX_BATCH_BYTES = 1_048_576;

/** Builds the send handlers. */
export function sendHandlers(deps: SqsDeps) {
  const { db, clock, notifier } = deps;

  async function sendMessage(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as SendMessageRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    const { row, result } = prepareMessage(queue, input, clock.now());
    await insertSqsMessages(db, [row]);
    notifier.notify(queue);
    return result;
  }

  async function sendMessageBatch(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as SendMessageBatchRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    checkBatchEntries(input.Entries, 'SendMessageBatchRequestEntry');
    const entries = input.Entries ?? [];
    const total = entries.reduce((sum, e) => sum + messageSize(e.MessageBody ?? '', storedOrEmpty(e)), 0);
    if (total > MAX_BATCH_BYTES) throw new BatchRequestTooLong(MAX_BATCH_BYTES, total);
    const now = clock.now();
    const rows: ReturnType<typeof prepareMessage>['row'][] = [];
    const successful: object[] = [];
    const failed: BatchResultErrorEntry[] = [];
    for (const entry of entries) {
      const id = entry.Id ?? '';
      try {
        const { row, result } = prepareMessage(queue, entry, now);
        rows.push(row);
        successful.push({ Id: id, ...result });
      } catch (error) {
        if (!(error instanceof AwsError)) throw error;
        failed.push(batchFailure(id, error));
      }
    }
    await insertSqsMessages(db, rows);
    if (rows.length > 0) notifier.notify(queue);
    return { Successful: successful, Failed: failed };
  }

  return { sendMessage, sendMessageBatch };
}

/** A failed batch entry; entries carry the query-protocol code in either protocol. */
export function batchFailure(id: string, error: AwsError): BatchResultErrorEntry {
  return { Id: id, SenderFault: error.fault === 'Sender', Code: sqsQueryErrorCode(error), Message: error.message };
}

/** Checks one message and builds its row and the result members SendMessage answers with. */
function prepareMessage(queue: Queue, fields: SendMessageFields, now: number) {
  const body = fields.MessageBody;
  if (body === undefined || body === '') throw new MissingParameter('MessageBody');
  checkMessageContents(body);
  const delay = fields.DelaySeconds;
  if (delay !== undefined && (delay < 0 || delay > MAX_DELAY_SECONDS)) {
    throw new InvalidParameterValue(
      sqsMessages.invalidParameter(delay, 'DelaySeconds', 'DelaySeconds must be >= 0 and <= 900.'),
    );
  }
  if (fields.MessageDeduplicationId !== undefined) {
    throw new InvalidParameterValue(
      sqsMessages.invalidParameter(
        fields.MessageDeduplicationId,
        'MessageDeduplicationId',
        sqsMessages.invalidForQueueType(),
      ),
    );
  }
  const attributes = checkMessageAttributes(fields.MessageAttributes ?? {});
  const system = checkSystemAttributes(fields.MessageSystemAttributes ?? {});
  if (messageSize(body, attributes) > queue.maxMessageSize) {
    throw new InvalidParameterValue(sqsMessages.messageTooLong(queue.maxMessageSize));
  }
  const md5OfSystem = md5OfMessageAttributes(system);
  // Standard queues accept a MessageGroupId since 2025 (fair queues); ReceiveMessage reports it.
  if (fields.MessageGroupId !== undefined)
    system['MessageGroupId'] = { DataType: 'String', StringValue: fields.MessageGroupId };
  const row = newMessageRow(queue, { body, now, delaySeconds: delay, attributes, systemAttributes: system });
  const md5OfAttributes = md5OfMessageAttributes(attributes);
  return {
    row,
    result: {
      MessageId: row.id,
      MD5OfMessageBody: row.md5_of_body,
      ...(md5OfAttributes !== undefined && { MD5OfMessageAttributes: md5OfAttributes }),
      ...(md5OfSystem !== undefined && { MD5OfMessageSystemAttributes: md5OfSystem }),
    },
  };
}

/** The attributes of a batch entry as far as they count towards the batch size, without failing on bad ones. */
function storedOrEmpty(entry: SendMessageFields): ReturnType<typeof checkMessageAttributes> {
  try {
    return checkMessageAttributes(entry.MessageAttributes ?? {});
  } catch {
    return {};
  }
}
