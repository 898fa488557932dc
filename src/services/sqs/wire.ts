/**
 * The SQS request members the handlers read, as the AWS model names them (api 2012-11-05). Inputs arrive checked
 * for JSON types only (see src/api/sqs/model.ts), so every member may be absent.
 */

/** A message (user) attribute or system attribute value. */
export interface MessageAttributeValue {
  DataType?: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
  StringListValues?: string[];
  BinaryListValues?: string[];
}

/** CreateQueue. */
export interface CreateQueueRequest {
  QueueName?: string;
  Attributes?: Record<string, string>;
  tags?: Record<string, string>;
}

/** GetQueueUrl. */
export interface GetQueueUrlRequest {
  QueueName?: string;
  QueueOwnerAWSAccountId?: string;
}

/** ListQueues. */
export interface ListQueuesRequest {
  QueueNamePrefix?: string;
  NextToken?: string;
  MaxResults?: number;
}

/** Every request that names a queue by URL. */
export interface QueueUrlRequest {
  QueueUrl?: string;
}

/** GetQueueAttributes. */
export interface GetQueueAttributesRequest extends QueueUrlRequest {
  AttributeNames?: string[];
}

/** SetQueueAttributes. */
export interface SetQueueAttributesRequest extends QueueUrlRequest {
  Attributes?: Record<string, string>;
}

/** TagQueue. */
export interface TagQueueRequest extends QueueUrlRequest {
  Tags?: Record<string, string>;
}

/** UntagQueue. */
export interface UntagQueueRequest extends QueueUrlRequest {
  TagKeys?: string[];
}

/** SendMessage, and an entry of SendMessageBatch (plus its Id). */
export interface SendMessageFields {
  MessageBody?: string;
  DelaySeconds?: number;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MessageSystemAttributes?: Record<string, MessageAttributeValue>;
  MessageDeduplicationId?: string;
  MessageGroupId?: string;
}

/** SendMessage. */
export interface SendMessageRequest extends QueueUrlRequest, SendMessageFields {}

/** SendMessageBatch. */
export interface SendMessageBatchRequest extends QueueUrlRequest {
  Entries?: (SendMessageFields & { Id?: string })[];
}

/** ReceiveMessage. */
export interface ReceiveMessageRequest extends QueueUrlRequest {
  AttributeNames?: string[];
  MessageSystemAttributeNames?: string[];
  MessageAttributeNames?: string[];
  MaxNumberOfMessages?: number;
  VisibilityTimeout?: number;
  WaitTimeSeconds?: number;
  ReceiveRequestAttemptId?: string;
}

/** DeleteMessage. */
export interface DeleteMessageRequest extends QueueUrlRequest {
  ReceiptHandle?: string;
}

/** DeleteMessageBatch. */
export interface DeleteMessageBatchRequest extends QueueUrlRequest {
  Entries?: { Id?: string; ReceiptHandle?: string }[];
}

/** ChangeMessageVisibility. */
export interface ChangeMessageVisibilityRequest extends QueueUrlRequest {
  ReceiptHandle?: string;
  VisibilityTimeout?: number;
}

/** ChangeMessageVisibilityBatch. */
export interface ChangeMessageVisibilityBatchRequest extends QueueUrlRequest {
  Entries?: { Id?: string; ReceiptHandle?: string; VisibilityTimeout?: number }[];
}

/** A failed entry of a batch call. */
export interface BatchResultErrorEntry {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}
