/**
 * An example consumer of SageMaker Pipelines Callback steps, built on sqs-consumer, that works unchanged against
 * AWS and against Sluice (set AWS_ENDPOINT_URL=http://127.0.0.1:4599).
 *
 * For each message on the step's queue:
 * - `"status": "Executing"`: start the work the step asks for (here: wait `arguments.seconds`, then report the
 *   sum of `arguments.numbers`), then call SendPipelineExecutionStepSuccess with the step's output parameters,
 *   or SendPipelineExecutionStepFailure if the work failed;
 * - `"status": "Stopping"`: the execution is being stopped and waits for this step. As AWS advises, clean up
 *   (here: cancel the work still running for that token), then answer with SendPipelineExecutionStepFailure so
 *   the execution can become Stopped.
 *
 * Run: npx tsx examples/callback-consumer.ts <queue-url>
 */
import {
  SageMakerClient,
  SendPipelineExecutionStepFailureCommand,
  SendPipelineExecutionStepSuccessCommand,
} from '@aws-sdk/client-sagemaker';
import type { Message } from '@aws-sdk/client-sqs';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';

/** The body SageMaker sends to a Callback step's queue. */
export interface CallbackRequest {
  readonly token: string;
  readonly pipelineExecutionArn: string;
  readonly arguments: Record<string, unknown>;
  readonly status: 'Executing' | 'Stopping';
}

/** The work a step asks for: resolves to its output parameters, or rejects. Must give up when `signal` aborts. */
export type CallbackWork = (args: Record<string, unknown>, signal: AbortSignal) => Promise<Record<string, string>>;

/** The example's work: waits `seconds`, then answers the sum of `numbers`. */
export const sumAfterDelay: CallbackWork = async (args, signal) => {
  const seconds = typeof args['seconds'] === 'number' ? args['seconds'] : 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, seconds * 1000);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    });
  });
  const numbers = Array.isArray(args['numbers']) ? args['numbers'].map(Number) : [];
  return { sum: String(numbers.reduce((a, b) => a + b, 0)) };
};

/** What the consumer did, for logs: took an Executing message and started its work, or answered a token. */
export type CallbackEvent =
  | { readonly kind: 'started'; readonly request: CallbackRequest }
  | {
      readonly kind: 'answered';
      readonly request: CallbackRequest;
      readonly answer: 'success' | 'failure' | 'stopped';
      /** The output parameters sent with a success. */
      readonly outputs?: Record<string, string>;
      /** The FailureReason sent with a failure. */
      readonly reason?: string;
    };

/** A running consumer. */
export interface CallbackConsumer {
  /** Tokens answered so far, with the answer given. */
  readonly answered: Map<string, 'success' | 'failure' | 'stopped'>;
  stop(): Promise<void>;
}

/** Starts consuming `queueUrl`. */
export function startCallbackConsumer(options: {
  queueUrl: string;
  sqs: SQSClient;
  sagemaker: SageMakerClient;
  work?: CallbackWork;
  onError?: (error: Error) => void;
  /** Called once the work of a message has started, and once its token is answered. */
  onEvent?: (event: CallbackEvent) => void;
}): CallbackConsumer {
  const work = options.work ?? sumAfterDelay;
  const running = new Map<string, AbortController>();
  const answered = new Map<string, 'success' | 'failure' | 'stopped'>();
  const { sagemaker } = options;

  async function runStep(request: CallbackRequest): Promise<void> {
    const controller = new AbortController();
    running.set(request.token, controller);
    try {
      const outputs = await work(request.arguments, controller.signal);
      await sagemaker.send(
        new SendPipelineExecutionStepSuccessCommand({
          CallbackToken: request.token,
          OutputParameters: Object.entries(outputs).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      answered.set(request.token, 'success');
      options.onEvent?.({ kind: 'answered', request, answer: 'success', outputs });
    } catch (error) {
      if (controller.signal.aborted) return; // the Stopping message answers for it
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 256);
      await sagemaker.send(
        new SendPipelineExecutionStepFailureCommand({ CallbackToken: request.token, FailureReason: reason }),
      );
      answered.set(request.token, 'failure');
      options.onEvent?.({ kind: 'answered', request, answer: 'failure', reason });
    } finally {
      running.delete(request.token);
    }
  }

  async function handleMessage(message: Message): Promise<Message> {
    const request = JSON.parse(message.Body ?? '{}') as CallbackRequest;
    if (request.status === 'Stopping') {
      running.get(request.token)?.abort();
      const reason = 'Stopped: the consumer cancelled its work because the pipeline execution is stopping.';
      await sagemaker.send(
        new SendPipelineExecutionStepFailureCommand({ CallbackToken: request.token, FailureReason: reason }),
      );
      answered.set(request.token, 'stopped');
      options.onEvent?.({ kind: 'answered', request, answer: 'stopped', reason });
    } else {
      // Not awaited: the message is deleted once the work has started, and the work may take long.
      void runStep(request).catch((error: unknown) => options.onError?.(error as Error));
      options.onEvent?.({ kind: 'started', request });
    }
    return message;
  }

  const consumer = Consumer.create({
    queueUrl: options.queueUrl,
    sqs: options.sqs,
    waitTimeSeconds: 1,
    pollingWaitTimeMs: 0,
    handleMessage,
  });
  let stopping = false;
  // Stopping aborts the receive in flight; that is no error worth reporting.
  consumer.on('error', (error) => stopping || options.onError?.(error));
  consumer.on('processing_error', (error) => options.onError?.(error));
  consumer.start();
  return {
    answered,
    stop: async () => {
      stopping = true;
      consumer.stop({ abort: true });
      for (const controller of running.values()) controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const queueUrl = process.argv[2];
  if (!queueUrl) {
    process.stderr.write('usage: npx tsx examples/callback-consumer.ts <queue-url>\n');
    process.exit(2);
  }
  const consumer = startCallbackConsumer({
    queueUrl,
    sqs: new SQSClient({}),
    sagemaker: new SageMakerClient({}),
    onError: (error) => process.stderr.write(`consumer: ${error.message}\n`),
  });
  process.stdout.write(`Consuming ${queueUrl}; Ctrl-C to stop.\n`);
  process.once('SIGINT', () => void consumer.stop().then(() => process.exit(0)));
}
