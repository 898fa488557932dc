/** SQS helpers for tests: a JS SDK client, short forms of the common calls, and a drain of a queue. */
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageCommand,
  type SendMessageCommandInput,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { TEST_CREDENTIALS } from './test-server.js';

/** A JS SDK SQS client pointed at the server, retries off. */
export function sqsClient(url: string, region = 'us-east-1'): SQSClient {
  return new SQSClient({ endpoint: url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** Short forms of the calls the SQS tests make again and again, through `sqs`. */
export function queueCalls(sqs: SQSClient) {
  let queueCount = 0;
  return {
    /** A new queue (`q1`, `q2`, …) with these attributes; answers its URL. */
    newQueue: async (Attributes?: Record<string, string>): Promise<string> => {
      const name = `q${++queueCount}`;
      const { QueueUrl } = await sqs.send(
        new CreateQueueCommand({ QueueName: name, ...(Attributes && { Attributes }) }),
      );
      return QueueUrl!;
    },
    send: (QueueUrl: string, MessageBody: string, extra: Partial<SendMessageCommandInput> = {}) =>
      sqs.send(new SendMessageCommand({ QueueUrl, MessageBody, ...extra })),
    receive: async (QueueUrl: string, extra: Partial<ReceiveMessageCommandInput> = {}) =>
      (await sqs.send(new ReceiveMessageCommand({ QueueUrl, ...extra }))).Messages ?? [],
    /** [visible, in flight, delayed] message counts. */
    counts: async (QueueUrl: string): Promise<number[]> => {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
      return [
        Attributes['ApproximateNumberOfMessages'],
        Attributes['ApproximateNumberOfMessagesNotVisible'],
        Attributes['ApproximateNumberOfMessagesDelayed'],
      ].map(Number);
    },
  };
}

/** Receives (and deletes) messages until `count` arrived or `timeoutMs` passed; answers what arrived. */
export async function receiveMessages(
  sqs: SQSClient,
  queueUrl: string,
  count: number,
  timeoutMs = 10_000,
): Promise<Message[]> {
  const deadline = Date.now() + timeoutMs;
  const received: Message[] = [];
  while (received.length < count && Date.now() < deadline) {
    const wait = Math.max(0, Math.min(1, Math.floor((deadline - Date.now()) / 1000)));
    const page = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: wait }),
    );
    for (const message of page.Messages ?? []) {
      received.push(message);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
  return received;
}

/** The parsed body of a callback message. */
export interface CallbackBody {
  token: string;
  pipelineExecutionArn: string;
  arguments: Record<string, unknown>;
  status: string;
}

/** Parses a callback message body. */
export function callbackBody(message: Message | undefined): CallbackBody {
  return JSON.parse(message?.Body ?? 'null') as CallbackBody;
}
