/**
 * Queue operations: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, GetQueueAttributes, SetQueueAttributes,
 * PurgeQueue, TagQueue, UntagQueue, ListQueueTags.
 */
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../protocol/context.js';
import type { JsonObject } from '../../shared/json.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { Db } from '../../store/pipelines.js';
import {
  countSqsMessages,
  deleteSqsQueue,
  findSqsQueue,
  insertSqsQueue,
  listSqsQueues,
  purgeSqsMessages,
  updateSqsQueue,
} from '../../store/sqs.js';
import type { SqsDeps } from './context.js';
import { InvalidParameterValue, QueueDoesNotExist, QueueNameExists } from './errors.js';
import { requireQueue } from './lookup.js';
import { sqsMessages } from './messages.js';
import type { Queue } from './queue-attributes.js';
import {
  checkAttributeNames,
  checkQueueAttributes,
  DEFAULT_QUEUE_ATTRIBUTES,
  firstDifferentAttribute,
  mergeQueueAttributes,
  needsCounts,
  parseRedrive,
  renderQueueAttributes,
  toQueue,
} from './queue-attributes.js';
import { queueArn, queueUrl } from './queue-urls.js';
import type {
  CreateQueueRequest,
  GetQueueAttributesRequest,
  GetQueueUrlRequest,
  ListQueuesRequest,
  QueueUrlRequest,
  SetQueueAttributesRequest,
  TagQueueRequest,
  UntagQueueRequest,
} from './wire.js';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
/** ListQueues answers at most this many URLs, and MaxResults may not ask for more. */
const MAX_LIST_RESULTS = 1000;

/** Builds the queue handlers. */
export function queueHandlers(deps: SqsDeps) {
  const { db, clock } = deps;

  async function createQueue(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as CreateQueueRequest;
    const name = input.QueueName ?? '';
    const given = checkQueueAttributes(input.Attributes ?? {});
    if (!QUEUE_NAME.test(name)) throw new InvalidParameterValue(sqsMessages.invalidQueueName());
    await checkRedriveTarget(db, ctx, given['RedrivePolicy']);
    const address = { accountId: ctx.accountId, region: ctx.region, name };
    const existing = await findSqsQueue(db, address);
    if (existing !== undefined) return sameQueue(toQueue(existing), given, ctx);
    const now = clock.now();
    try {
      await insertSqsQueue(db, {
        id: randomUUID(),
        ...{ account_id: ctx.accountId, region: ctx.region, name },
        arn: queueArn(address),
        attributes_json: JSON.stringify(mergeQueueAttributes(DEFAULT_QUEUE_ATTRIBUTES, given)),
        tags_json: JSON.stringify(input.tags ?? {}),
        created_at: now,
        last_modified_at: now,
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Created concurrently: answer as if it had existed before.
      const winner = await findSqsQueue(db, address);
      if (winner === undefined) throw error;
      return sameQueue(toQueue(winner), given, ctx);
    }
    return { QueueUrl: queueUrl(ctx, address) };
  }

  /** CreateQueue of an existing name is idempotent when every given attribute matches (AWS). */
  function sameQueue(queue: Queue, given: Readonly<Record<string, string>>, ctx: RequestContext): object {
    const different = firstDifferentAttribute(queue, given);
    if (different !== undefined) throw new QueueNameExists(different);
    return { QueueUrl: queueUrl(ctx, queue) };
  }

  async function getQueueUrl(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as GetQueueUrlRequest;
    const address = {
      accountId: input.QueueOwnerAWSAccountId ?? ctx.accountId,
      region: ctx.region,
      name: input.QueueName ?? '',
    };
    if ((await findSqsQueue(db, address)) === undefined) throw new QueueDoesNotExist();
    return { QueueUrl: queueUrl(ctx, address) };
  }

  /**
   * Queues by name. Without MaxResults AWS answers up to 1000 URLs and no NextToken; with it, pages of that size.
   * The NextToken is the last name of the page, base64.
   */
  async function listQueues(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as ListQueuesRequest;
    const max = input.MaxResults;
    if (max !== undefined && (max < 1 || max > MAX_LIST_RESULTS)) {
      throw new InvalidParameterValue(
        sqsMessages.invalidParameter(max, 'MaxResults', 'MaxResults must be an integer between 1 and 1000.'),
      );
    }
    const afterName = input.NextToken === undefined ? undefined : decodeNextToken(input.NextToken);
    const limit = max ?? MAX_LIST_RESULTS;
    const rows = await listSqsQueues(db, ctx, { prefix: input.QueueNamePrefix ?? '', afterName, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      ...(page.length > 0 && {
        QueueUrls: page.map((row) => queueUrl(ctx, { accountId: row.account_id, name: row.name })),
      }),
      ...(max !== undefined &&
        rows.length > limit &&
        last !== undefined && { NextToken: Buffer.from(last.name, 'utf8').toString('base64') }),
    };
  }

  async function deleteQueue(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const queue = await requireQueue(db, ctx, (raw as QueueUrlRequest).QueueUrl);
    await deleteSqsQueue(db, queue.id);
    return {};
  }

  async function getQueueAttributes(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as GetQueueAttributesRequest;
    const names = input.AttributeNames ?? [];
    checkAttributeNames(names);
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    const counts = needsCounts(names)
      ? await countSqsMessages(db, queue.id, clock.now())
      : { visible: 0, notVisible: 0, delayed: 0 };
    const attributes = renderQueueAttributes(queue, names, counts);
    return Object.keys(attributes).length === 0 ? {} : { Attributes: attributes };
  }

  async function setQueueAttributes(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as SetQueueAttributesRequest;
    const given = checkQueueAttributes(input.Attributes ?? {});
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    await checkRedriveTarget(db, ctx, given['RedrivePolicy']);
    await updateSqsQueue(db, queue.id, {
      attributes_json: JSON.stringify(mergeQueueAttributes(queue.attributes, given)),
      last_modified_at: clock.now(),
    });
    return {};
  }

  /** TODO(parity): AWS allows one PurgeQueue per queue every 60 seconds (PurgeQueueInProgress); Sluice any. */
  async function purgeQueue(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const queue = await requireQueue(db, ctx, (raw as QueueUrlRequest).QueueUrl);
    await purgeSqsMessages(db, queue.id);
    return {};
  }

  async function tagQueue(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as TagQueueRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    await updateSqsQueue(db, queue.id, { tags_json: JSON.stringify({ ...queue.tags, ...input.Tags }) });
    return {};
  }

  async function untagQueue(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as UntagQueueRequest;
    const queue = await requireQueue(db, ctx, input.QueueUrl);
    const tags = { ...queue.tags };
    for (const key of input.TagKeys ?? []) delete tags[key];
    await updateSqsQueue(db, queue.id, { tags_json: JSON.stringify(tags) });
    return {};
  }

  async function listQueueTags(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const queue = await requireQueue(db, ctx, (raw as QueueUrlRequest).QueueUrl);
    return Object.keys(queue.tags).length === 0 ? {} : { Tags: queue.tags };
  }

  return {
    createQueue,
    getQueueUrl,
    listQueues,
    deleteQueue,
    getQueueAttributes,
    setQueueAttributes,
    purgeQueue,
    tagQueue,
    untagQueue,
    listQueueTags,
  };
}

/** A RedrivePolicy must name an existing queue. */
async function checkRedriveTarget(db: Db, ctx: RequestContext, policy: string | undefined): Promise<void> {
  if (policy === undefined || policy === '') return;
  const { deadLetterTarget } = parseRedrive(policy);
  if (deadLetterTarget.accountId !== ctx.accountId || (await findSqsQueue(db, deadLetterTarget)) === undefined) {
    throw new InvalidParameterValue(
      sqsMessages.invalidParameter(policy, 'RedrivePolicy', 'Dead letter target does not exist.'),
    );
  }
}

function decodeNextToken(token: string): string {
  const name = Buffer.from(token, 'base64').toString('utf8');
  if (!QUEUE_NAME.test(name)) throw new InvalidParameterValue(sqsMessages.invalidNextToken());
  return name;
}
