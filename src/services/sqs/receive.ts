/**
 * ReceiveMessage: claims visible messages in one statement, long-polls up to WaitTimeSeconds when there are none,
 * and moves messages received more than a RedrivePolicy's maxReceiveCount to the dead-letter queue.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestContext } from '../../protocol/context.js';
import type { JsonObject } from '../../shared/json.js';
import type { SqsMessageRow } from '../../store/sqs.js';
import {
  claimSqsMessages,
  deleteExpiredSqsMessages,
  deleteSqsMessage,
  findSqsQueue,
  hasReceivableSqsMessage,
  insertSqsMessages,
} from '../../store/sqs.js';
import type { SqsDeps } from './context.js';
import { InvalidAttributeName, InvalidParameterValue } from './errors.js';
import { makeReceiptHandle, requireQueue } from './lookup.js';
import type { StoredAttributes } from './message-attributes.js';
import { md5OfMessageAttributes, selectMessageAttributes } from './message-attributes.js';
import { sqsMessages } from './messages.js';
import type { Queue } from './queue-attributes.js';
import { DEFAULT_QUEUE_ATTRIBUTES, toQueue } from './queue-attributes.js';
import type { ReceiveMessageRequest } from './wire.js';

/** Message system attributes ReceiveMessage knows (the model's MessageSystemAttributeName enum). */
const SYSTEM_ATTRIBUTE_NAMES = new Set([
  'All',
  'SenderId',
  'SentTimestamp',
  'ApproximateReceiveCount',
  'ApproximateFirstReceiveTimestamp',
  'SequenceNumber',
  'MessageDeduplicationId',
  'MessageGroupId',
  'AWSTraceHeader',
  'DeadLetterQueueSourceArn',
]);
/** Queue attribute names, which the deprecated AttributeNames member is typed as: accepted and ignored. */
const QUEUE_ATTRIBUTE_NAMES = new Set([
  ...Object.keys(DEFAULT_QUEUE_ATTRIBUTES),
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
]);

const DEFAULT_POLL_INTERVAL_MS = 200;
/** Expired messages of a queue are swept at most this often (by receives of that queue). */
const EXPIRY_SWEEP_INTERVAL_MS = 60_000;

/** Builds the receive handler. */
export function receiveHandlers(deps: SqsDeps) {
  const { db, dialect, clock, notifier } = deps;
  const pollIntervalMs = deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const lastSweep = new Map<string, number>();

  async function receiveMessage(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as ReceiveMessageRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    const max = checkRange(input.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 'Must be between 1 and 10');
    const visibility = checkRange(input.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200, 'Must be >= 0 and <= 43200');
    const wait = checkRange(input.WaitTimeSeconds, 'WaitTimeSeconds', 0, 20, 'Must be >= 0 and <= 20');
    const systemNames = checkSystemAttributeNames(input);
    const options = {
      max: max ?? 1,
      visibilityMs: (visibility ?? queue.visibilityTimeoutSeconds) * 1000,
      systemNames,
      messageAttributeNames: input.MessageAttributeNames ?? [],
    };
    await sweepExpired(queue);
    const deadline = performance.now() + (wait ?? queue.receiveWaitSeconds) * 1000;
    for (;;) {
      const { rows, token } = await claim(queue, options.max, options.visibilityMs);
      if (rows.length > 0) return { Messages: rows.map((row) => toMessage(queue, row, token, options, ctx)) };
      const remaining = deadline - performance.now();
      if (remaining <= 0 || notifier.closed) return {};
      await notifier.wait(queue, Math.min(remaining, pollIntervalMs), ctx.signal);
      // A client that went away must not have messages claimed (and hidden) for it.
      if (ctx.signal?.aborted === true) return {};
    }
  }

  async function claim(queue: Queue, max: number, visibilityMs: number) {
    const now = clock.now();
    const token = randomUUID();
    // A read first: an idle long poll re-checks five times a second and should not take the write lock each time.
    if (!(await hasReceivableSqsMessage(db, queue.id, now))) return { rows: [], token };
    const claimed = await claimSqsMessages(db, dialect, {
      queueId: queue.id,
      now,
      limit: max,
      token,
      visibleAt: now + visibilityMs,
    });
    const rows = queue.redrive === undefined ? claimed : await redrive(queue, claimed, token, now);
    return { rows, token };
  }

  /**
   * Moves the claimed messages received more than maxReceiveCount times to the dead-letter queue, keeping their
   * MessageId and SentTimestamp; answers the others. A dead-letter queue that no longer exists moves nothing.
   */
  async function redrive(queue: Queue, rows: SqsMessageRow[], token: string, now: number): Promise<SqsMessageRow[]> {
    const policy = queue.redrive;
    const over = rows.filter((row) => policy !== undefined && row.receive_count > policy.maxReceiveCount);
    if (policy === undefined || over.length === 0) return rows;
    const target = await findSqsQueue(db, policy.deadLetterTarget);
    if (target === undefined) return rows;
    const dlq = toQueue(target);
    await db.transaction().execute(async (trx) => {
      for (const row of over) {
        if (!(await deleteSqsMessage(trx, queue.id, row.id, token))) continue;
        const system = { ...parseAttributes(row.system_attributes_json) };
        system['DeadLetterQueueSourceArn'] = { DataType: 'String', StringValue: queue.arn };
        await insertSqsMessages(trx, [
          {
            ...row,
            queue_id: dlq.id,
            system_attributes_json: JSON.stringify(system),
            visible_at: now,
            expires_at: row.sent_at + dlq.retentionSeconds * 1000,
            receive_count: 0,
            first_received_at: null,
            receipt_token: null,
          },
        ]);
      }
    });
    notifier.notify(dlq);
    return rows.filter((row) => !over.includes(row));
  }

  async function sweepExpired(queue: Queue): Promise<void> {
    const now = clock.now();
    if (now - (lastSweep.get(queue.id) ?? 0) < EXPIRY_SWEEP_INTERVAL_MS) return;
    lastSweep.set(queue.id, now);
    await deleteExpiredSqsMessages(db, queue.id, now);
  }

  return { receiveMessage };
}

interface RenderOptions {
  readonly systemNames: readonly string[];
  readonly messageAttributeNames: readonly string[];
}

function toMessage(queue: Queue, row: SqsMessageRow, token: string, options: RenderOptions, ctx: RequestContext) {
  const attributes = selectMessageAttributes(parseAttributes(row.attributes_json), options.messageAttributeNames);
  const system = systemAttributes(row, options.systemNames, ctx);
  const md5OfAttributes = md5OfMessageAttributes(attributes);
  return {
    MessageId: row.id,
    ReceiptHandle: makeReceiptHandle(queue.id, row.id, token),
    MD5OfBody: row.md5_of_body,
    Body: row.body,
    ...(Object.keys(system).length > 0 && { Attributes: system }),
    ...(md5OfAttributes !== undefined && { MD5OfMessageAttributes: md5OfAttributes, MessageAttributes: attributes }),
  };
}

/** The message system attributes asked for; timestamps in epoch milliseconds, as SQS reports them. */
function systemAttributes(row: SqsMessageRow, names: readonly string[], ctx: RequestContext): Record<string, string> {
  if (names.length === 0) return {};
  const stored = parseAttributes(row.system_attributes_json);
  const storedText = (name: string): string | undefined => {
    const value = stored[name];
    return value !== undefined && 'StringValue' in value ? value.StringValue : undefined;
  };
  const available: Record<string, string | undefined> = {
    // TODO(parity): AWS reports the sender's IAM principal id; Sluice does not check credentials.
    SenderId: ctx.accountId,
    SentTimestamp: String(row.sent_at),
    ApproximateReceiveCount: String(row.receive_count),
    ApproximateFirstReceiveTimestamp: String(row.first_received_at ?? row.sent_at),
    AWSTraceHeader: storedText('AWSTraceHeader'),
    MessageGroupId: storedText('MessageGroupId'),
    DeadLetterQueueSourceArn: storedText('DeadLetterQueueSourceArn'),
  };
  const all = names.includes('All');
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(available)) {
    if (value !== undefined && (all || names.includes(name))) out[name] = value;
  }
  return out;
}

function parseAttributes(json: string | null): StoredAttributes {
  return json === null ? {} : (JSON.parse(json) as StoredAttributes);
}

/** The message system attributes asked for by either member; unknown names are refused. */
function checkSystemAttributeNames(input: ReceiveMessageRequest): string[] {
  const legacy = input.AttributeNames ?? [];
  const current = input.MessageSystemAttributeNames ?? [];
  for (const name of current) {
    if (!SYSTEM_ATTRIBUTE_NAMES.has(name)) throw new InvalidAttributeName(sqsMessages.unknownAttribute(name));
  }
  for (const name of legacy) {
    if (!SYSTEM_ATTRIBUTE_NAMES.has(name) && !QUEUE_ATTRIBUTE_NAMES.has(name)) {
      throw new InvalidAttributeName(sqsMessages.unknownAttribute(name));
    }
  }
  return [...legacy, ...current];
}

function checkRange(
  value: number | undefined,
  name: string,
  min: number,
  max: number,
  reason: string,
): number | undefined {
  if (value !== undefined && (value < min || value > max)) {
    throw new InvalidParameterValue(sqsMessages.invalidParameter(value, name, `${reason}, if provided.`));
  }
  return value;
}
