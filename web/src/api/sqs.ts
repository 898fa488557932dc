/** The SQS operations of the console (awsJson1.0): the queues page, and creating the example's queue. */
import { awsJson } from './aws';

/** A message attribute as awsJson answers it (a binary value is base64). */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** A received message, with the members the console shows. */
export interface Message {
  MessageId?: string;
  Body?: string;
  /** System attributes: SentTimestamp, ApproximateReceiveCount… (timestamps in epoch milliseconds). */
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

/** ReceiveMessage takes at most this many messages per call. */
export const PEEK_MAX = 10;

const call = <T>(operation: string, input: object): Promise<T> =>
  awsJson<T>(`AmazonSQS.${operation}`, input, '1.0', 'sqs');

export const sqs = {
  createQueue: async (QueueName: string): Promise<string> =>
    (await call<{ QueueUrl: string }>('CreateQueue', { QueueName })).QueueUrl,
  /** Every queue URL, all pages. */
  listQueues: async (): Promise<string[]> => {
    const urls: string[] = [];
    let NextToken: string | undefined;
    do {
      const page: { QueueUrls?: string[]; NextToken?: string } = await call('ListQueues', {
        MaxResults: 1000,
        ...(NextToken && { NextToken }),
      });
      urls.push(...(page.QueueUrls ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return urls;
  },
  attributes: async (QueueUrl: string): Promise<Record<string, string>> =>
    (await call<{ Attributes?: Record<string, string> }>('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] }))
      .Attributes ?? {},
  /**
   * Up to 10 available messages, left available: a ReceiveMessage with VisibilityTimeout 0 (and no long poll). It
   * is still a receive — each message's ApproximateReceiveCount goes up — and the messages are never deleted.
   */
  peekMessages: async (QueueUrl: string): Promise<Message[]> =>
    (
      await call<{ Messages?: Message[] }>('ReceiveMessage', {
        QueueUrl,
        MaxNumberOfMessages: PEEK_MAX,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      })
    ).Messages ?? [],
};
