/** The SQS operations of the console (awsJson1.0): the queues page, and creating the example's queue. */
import { awsJson } from './aws';

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
};
