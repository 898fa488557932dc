/**
 * Queue attributes: which ones a queue has, their defaults and ranges (AWS SQS API reference, CreateQueue and
 * SetQueueAttributes), and how GetQueueAttributes reports them.
 */
import type { SqsMessageCounts, SqsQueueRow } from '../../store/sqs.js';
import { InvalidAttributeName, InvalidAttributeValue, InvalidParameterValue } from './errors.js';
import { sqsMessages } from './messages.js';
import { queueAddressFromArn, type QueueAddress } from './queue-urls.js';

/** What a new queue has unless CreateQueue says otherwise. */
export const DEFAULT_QUEUE_ATTRIBUTES: Readonly<Record<string, string>> = {
  VisibilityTimeout: '30',
  MaximumMessageSize: '262144',
  MessageRetentionPeriod: '345600',
  DelaySeconds: '0',
  ReceiveMessageWaitTimeSeconds: '0',
  SqsManagedSseEnabled: 'true',
};

/** Integer attributes and their inclusive ranges. MaximumMessageSize goes up to 1 MiB since August 2025. */
const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  VisibilityTimeout: [0, 43_200],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  DelaySeconds: [0, 900],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};

/** Settable attributes kept as given (JSON documents are checked to parse). */
const TEXT_ATTRIBUTES = new Set(['Policy', 'RedriveAllowPolicy', 'KmsMasterKeyId']);
const JSON_ATTRIBUTES = new Set(['Policy', 'RedriveAllowPolicy']);
const BOOLEAN_ATTRIBUTES = new Set(['SqsManagedSseEnabled']);
/** Attributes of FIFO queues only. */
const FIFO_ATTRIBUTES = new Set([
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
]);
/** Attributes GetQueueAttributes computes. */
const COMPUTED_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
] as const;
const READABLE = new Set<string>([
  'All',
  ...Object.keys(INTEGER_RANGES),
  ...TEXT_ATTRIBUTES,
  ...BOOLEAN_ATTRIBUTES,
  ...FIFO_ATTRIBUTES,
  'RedrivePolicy',
  ...COMPUTED_ATTRIBUTES,
]);

/** A queue row with its attributes parsed. */
export interface Queue extends QueueAddress {
  readonly id: string;
  readonly arn: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly lastModifiedAt: number;
  readonly visibilityTimeoutSeconds: number;
  readonly delaySeconds: number;
  readonly retentionSeconds: number;
  readonly maxMessageSize: number;
  readonly receiveWaitSeconds: number;
  readonly redrive: { readonly deadLetterTarget: QueueAddress; readonly maxReceiveCount: number } | undefined;
}

/** Parses a queue row. */
export function toQueue(row: SqsQueueRow): Queue {
  const attributes = JSON.parse(row.attributes_json) as Record<string, string>;
  const int = (name: string): number => Number(attributes[name] ?? DEFAULT_QUEUE_ATTRIBUTES[name] ?? 0);
  return {
    id: row.id,
    accountId: row.account_id,
    region: row.region,
    name: row.name,
    arn: row.arn,
    attributes,
    tags: JSON.parse(row.tags_json) as Record<string, string>,
    createdAt: row.created_at,
    lastModifiedAt: row.last_modified_at,
    visibilityTimeoutSeconds: int('VisibilityTimeout'),
    delaySeconds: int('DelaySeconds'),
    retentionSeconds: int('MessageRetentionPeriod'),
    maxMessageSize: int('MaximumMessageSize'),
    receiveWaitSeconds: int('ReceiveMessageWaitTimeSeconds'),
    redrive: attributes['RedrivePolicy'] === undefined ? undefined : parseRedrive(attributes['RedrivePolicy']),
  };
}

/**
 * Checks attributes given to CreateQueue or SetQueueAttributes and returns them normalised (integers without
 * leading zeros, booleans lower-case). An empty Policy or RedrivePolicy stands for "none" and is returned as ''.
 *
 * @throws InvalidAttributeName for an unknown, read-only or FIFO-only attribute.
 * @throws InvalidAttributeValue / InvalidParameterValue for a value out of range or malformed.
 */
export function checkQueueAttributes(given: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (name === 'FifoQueue' && value.toLowerCase() === 'false') continue;
    if (name === 'FifoQueue') throw new InvalidAttributeName(sqsMessages.fifoNotSupported());
    const range = INTEGER_RANGES[name];
    if (range !== undefined) {
      const n = Number(value);
      if (!/^\s*\d+\s*$/.test(value) || n < range[0] || n > range[1]) throw new InvalidAttributeValue(name);
      out[name] = String(n);
    } else if (BOOLEAN_ATTRIBUTES.has(name)) {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw new InvalidAttributeValue(name);
      out[name] = lower;
    } else if (TEXT_ATTRIBUTES.has(name)) {
      if (JSON_ATTRIBUTES.has(name) && value !== '' && !isJsonObjectText(value)) throw new InvalidAttributeValue(name);
      out[name] = value;
    } else if (name === 'RedrivePolicy') {
      if (value !== '') parseRedrive(value);
      out[name] = value;
    } else {
      throw new InvalidAttributeName(sqsMessages.unknownAttribute(name));
    }
  }
  return out;
}

/** Applies checked attributes to a queue's current ones ('' removes a document attribute). */
export function mergeQueueAttributes(
  current: Readonly<Record<string, string>>,
  changes: Readonly<Record<string, string>>,
): Record<string, string> {
  const merged: Record<string, string> = { ...current };
  for (const [name, value] of Object.entries(changes)) {
    if (value === '' && (TEXT_ATTRIBUTES.has(name) || name === 'RedrivePolicy')) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

/** The first given attribute whose value differs from the queue's (CreateQueue of an existing name), if any. */
export function firstDifferentAttribute(queue: Queue, given: Readonly<Record<string, string>>): string | undefined {
  for (const [name, value] of Object.entries(given)) {
    if ((queue.attributes[name] ?? '') !== value) return name;
  }
  return undefined;
}

/** Checks the names GetQueueAttributes asks for. */
export function checkAttributeNames(names: readonly string[]): void {
  for (const name of names) {
    if (!READABLE.has(name)) throw new InvalidAttributeName(sqsMessages.unknownAttribute(name));
  }
}

/** The attributes GetQueueAttributes answers for `names` (`All` for every one); timestamps in epoch seconds. */
export function renderQueueAttributes(
  queue: Queue,
  names: readonly string[],
  counts: SqsMessageCounts,
): Record<string, string> {
  const all = names.includes('All');
  const computed: Record<(typeof COMPUTED_ATTRIBUTES)[number], string> = {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: String(counts.visible),
    ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
    ApproximateNumberOfMessagesDelayed: String(counts.delayed),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
  };
  const everything: Record<string, string> = { ...queue.attributes, ...computed };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(everything)) {
    if (all || names.includes(name)) out[name] = value;
  }
  return out;
}

/** Whether a GetQueueAttributes call needs the message counts. */
export function needsCounts(names: readonly string[]): boolean {
  return names.some((n) => n === 'All' || n.startsWith('ApproximateNumberOfMessages'));
}

/** The accepted range of a redrive policy's maxReceiveCount. */
const MAX_RECEIVE_COUNT: readonly [number, number] = [1, 1000];

/**
 * Parses a RedrivePolicy (`{"deadLetterTargetArn": …, "maxReceiveCount": …}`).
 *
 * @throws InvalidParameterValue worded as SQS words each problem.
 */
export function parseRedrive(text: string): { deadLetterTarget: QueueAddress; maxReceiveCount: number } {
  const invalid = (reason: string): InvalidParameterValue =>
    new InvalidParameterValue(sqsMessages.invalidParameter(text, 'RedrivePolicy', reason));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  const policy = parsed as Record<string, unknown>;
  const arn = policy['deadLetterTargetArn'];
  if (typeof arn !== 'string')
    throw invalid('Redrive policy does not contain mandatory attribute: deadLetterTargetArn.');
  const target = queueAddressFromArn(arn);
  if (target === undefined) throw invalid('Invalid value for deadLetterTargetArn.');
  const raw = policy['maxReceiveCount'];
  if (raw === undefined) throw invalid('Redrive policy does not contain mandatory attribute: maxReceiveCount.');
  const count = Number(raw);
  if (!Number.isInteger(count) || count < MAX_RECEIVE_COUNT[0] || count > MAX_RECEIVE_COUNT[1]) {
    throw invalid(
      `Invalid value for maxReceiveCount: ${JSON.stringify(raw)}, valid values are from 1 to 1000 both inclusive.`,
    );
  }
  return { deadLetterTarget: target, maxReceiveCount: count };
}

function isJsonObjectText(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}
