/**
 * The SQS service as the edge sees it: one set of handlers, reached over the JSON protocol
 * (`X-Amz-Target: AmazonSQS.<Operation>`) and over the query protocol (`Action=<Operation>`), which differ only in
 * their codecs (LocalStack's pattern: the provider is the same, the serialisation differs).
 */
import { SQS_REQUIRED_MEMBERS, sqsModel } from '../../api/sqs/model.js';
import type { QueryService } from '../../protocol/aws-query.js';
import type { JsonService, OperationHandler } from '../../protocol/json-service.js';
import {
  escapeSqsXml,
  SQS_QUERY_NAMING,
  SQS_XML_NAMESPACE,
  sqsJsonErrorHeaders,
  sqsQueryErrorCode,
  sqsQueryErrorMessage,
  sqsQueueUrlFromPath,
} from '../../protocol/sqs-compat.js';
import type { SqsDeps } from './context.js';
import { MissingParameter } from './errors.js';
import { queueHandlers } from './queues.js';
import { receiptHandlers } from './receipts.js';
import { receiveHandlers } from './receive.js';
import { sendHandlers } from './send.js';

/** SQS over both protocols. */
export interface SqsService {
  readonly json: JsonService;
  readonly query: QueryService;
}

/** Builds the SQS service. */
export function createSqsService(deps: SqsDeps): SqsService {
  const queues = queueHandlers(deps);
  const send = sendHandlers(deps);
  const receive = receiveHandlers(deps);
  const receipts = receiptHandlers(deps);
  const handlers: Record<string, OperationHandler> = {
    CreateQueue: queues.createQueue,
    GetQueueUrl: queues.getQueueUrl,
    ListQueues: queues.listQueues,
    DeleteQueue: queues.deleteQueue,
    GetQueueAttributes: queues.getQueueAttributes,
    SetQueueAttributes: queues.setQueueAttributes,
    PurgeQueue: queues.purgeQueue,
    TagQueue: queues.tagQueue,
    UntagQueue: queues.untagQueue,
    ListQueueTags: queues.listQueueTags,
    SendMessage: send.sendMessage,
    SendMessageBatch: send.sendMessageBatch,
    ReceiveMessage: receive.receiveMessage,
    DeleteMessage: receipts.deleteMessage,
    DeleteMessageBatch: receipts.deleteMessageBatch,
    ChangeMessageVisibility: receipts.changeMessageVisibility,
    ChangeMessageVisibilityBatch: receipts.changeMessageVisibilityBatch,
  };
  const json: JsonService = {
    targetPrefix: 'AmazonSQS',
    contentType: 'application/x-amz-json-1.0',
    model: sqsModel,
    handlers: new Map(Object.entries(handlers).map(([op, handler]) => [op, requiringMembers(op, handler)])),
    errorHeaders: sqsJsonErrorHeaders,
  };
  const query: QueryService = {
    json,
    xmlNamespace: SQS_XML_NAMESPACE,
    naming: SQS_QUERY_NAMING,
    errorCode: sqsQueryErrorCode,
    errorMessage: sqsQueryErrorMessage,
    escapeText: escapeSqsXml,
    impliedParameters: (path, host) => {
      const url = sqsQueueUrlFromPath(path, host);
      return url === undefined ? {} : { QueueUrl: url };
    },
  };
  return { json, query };
}

/** Answers MissingParameter, as SQS does, when a member the model requires is absent. */
function requiringMembers(operation: string, handler: OperationHandler): OperationHandler {
  const required = SQS_REQUIRED_MEMBERS.get(operation) ?? [];
  return (input, ctx) => {
    for (const member of required) {
      if (input[member] === undefined || input[member] === null) throw new MissingParameter(member);
    }
    return handler(input, ctx);
  };
}
