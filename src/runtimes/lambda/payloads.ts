/**
 * The payloads and log lines Lambda itself writes when a function does not answer normally. Texts as AWS sends
 * them (captured from Lambda responses; the timeout form is the classic one, `<time> <request id> Task timed out
 * after N.NN seconds`).
 */

/** The largest response Lambda passes on; AWS's own message names this odd figure (6 MiB + 100 bytes). */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** `2024-01-01T00:00:03.000Z 1b2c… Task timed out after 3.00 seconds` */
export function timeoutMessage(at: number, requestId: string, timeoutMs: number): string {
  return `${new Date(at).toISOString()} ${requestId} Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`;
}

/** The Invoke payload of a timed-out invocation. */
export function timeoutPayload(at: number, requestId: string, timeoutMs: number): string {
  return JSON.stringify({ errorMessage: timeoutMessage(at, requestId, timeoutMs) });
}

/** The Invoke payload when the runtime process died during an invocation (`exit status 1`, `signal: killed`). */
export function exitPayload(requestId: string, reason: string): string {
  const error =
    reason === 'exit status 0' ? 'Runtime exited without providing a reason' : `Runtime exited with error: ${reason}`;
  return JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${requestId} Error: ${error}` });
}

/** The Invoke payload when the function returned more than 6 MB. */
export function responseTooLargePayload(size: number): string {
  return JSON.stringify({
    errorMessage: `Response payload size (${size} bytes) exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
    errorType: 'Function.ResponseSizeTooLarge',
  });
}
