/** SQS helpers for tests: a JS SDK client and a drain of everything a queue holds. */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { TEST_CREDENTIALS } from './test-server.js';

/** A JS SDK SQS client pointed at the server, retries off. */
export function sqsClient(url: string, region = 'us-east-1'): SQSClient {
  return new SQSClient({ endpoint: url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
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
