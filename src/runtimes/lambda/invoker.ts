/**
 * How the pipeline engine invokes Lambda functions (the Lambda step, api-spec §6.6). Two implementations: the
 * built-in function host (`local-invoker.ts`) and a real Lambda-compatible service (`external-invoker.ts`,
 * `--lambda-endpoint`). `create-lambda.ts` in services/lambda picks one.
 */

/** The outcome of one synchronous invocation. A function error is a result, not an exception (style §6.3). */
export interface LambdaInvocationResult {
  /** The function's JSON result or error payload, as text. */
  readonly payload: string;
  readonly functionError?: 'Handled' | 'Unhandled';
  readonly timedOut: boolean;
  /** The last 4 KB of the invocation's log. */
  readonly logTail: string;
}

/** Invokes Lambda functions for the engine. */
export interface LambdaInvoker {
  /**
   * Invokes synchronously. `functionArn` as the definition gives it (ARN or name). Throws a LambdaNotFoundError
   * when there is no such function. `timeoutCapMs` caps the function's own Timeout (the Lambda step caps at 10
   * minutes).
   */
  invoke(
    functionArn: string,
    event: string,
    options: { accountId: string; region: string; timeoutCapMs?: number; signal?: AbortSignal },
  ): Promise<LambdaInvocationResult>;
  /** The function's configured timeout in ms, or undefined when it does not exist. */
  functionTimeoutMs(functionArn: string, options: { accountId: string; region: string }): Promise<number | undefined>;
}

/** There is no function by that name or ARN. */
export class LambdaNotFoundError extends Error {}
