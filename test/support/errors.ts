/** Assertions on AWS errors. */
import assert from 'node:assert/strict';

/** An error as the SDKs raise it: the wire code as `name`, the message, and the HTTP metadata. */
export interface AwsErrorShape {
  readonly name: string;
  readonly message: string;
  /** The legacy error code the SQS clients also expose (`AWS.SimpleQueueService.NonExistentQueue`). */
  readonly Code?: string;
  readonly $metadata: { readonly httpStatusCode?: number };
  readonly $response?: { readonly headers: Record<string, string> };
}

/** Runs `fn` and returns the error it throws; fails the test when it does not throw. */
export async function errorOf(fn: () => Promise<unknown>): Promise<AwsErrorShape> {
  try {
    await fn();
  } catch (error) {
    return error as AwsErrorShape;
  }
  assert.fail('expected the call to fail');
}
