/**
 * Invoke: RequestResponse (the default) runs the function and answers its payload; Event answers 202 at once and
 * runs it in the background, its result discarded; DryRun checks the function exists and answers 204.
 *
 * A function error is a 200 answer with `X-Amz-Function-Error: Unhandled` and the error payload (style §6.3).
 * `X-Amz-Log-Type: Tail` adds `X-Amz-Log-Result`, the base64 of the log's last 4 KB. The invocation's request id
 * is the HTTP request's (`x-amzn-RequestId`), as on AWS, so `context.aws_request_id` matches it.
 *
 * TODO(parity): Event invocations are not durable (a restart loses queued ones) and are not retried on error,
 * where Lambda retries twice.
 */
import { InvalidRequestContentException } from '../../api/lambda/errors.js';
import type { RequestContext } from '../../protocol/context.js';
import { logTail } from '../../runtimes/lambda/log-tail.js';
import type { JsonObject } from '../../shared/json.js';
import type { LambdaServiceDeps } from './context.js';
import { requireFunction, targetOf } from './context.js';
import { messages } from './messages.js';

/** Background (Event) invocations still running, so that shutdown can wait for them. */
export type BackgroundInvocations = Set<Promise<void>>;

/** Invoke. */
export async function invoke(
  deps: LambdaServiceDeps,
  background: BackgroundInvocations,
  input: JsonObject,
  ctx: RequestContext,
  payload: Buffer | undefined,
): Promise<object> {
  const qualifier = typeof input['Qualifier'] === 'string' ? input['Qualifier'] : undefined;
  const row = await requireFunction(deps, targetOf(input['FunctionName'] as string, ctx, qualifier));
  const type = (input['InvocationType'] as string | undefined) ?? 'RequestResponse';
  if (type === 'DryRun') return { StatusCode: 204 };
  const event = payload === undefined || payload.length === 0 ? Buffer.from('{}') : payload;
  requireJson(event);
  const clientContext = decodeClientContext(input['ClientContext']);
  const options = { requestId: ctx.requestId, clientContext };
  if (type === 'Event') {
    const running = deps.functions.invoke(row, event, options).then(
      (result) => {
        if (result.functionError !== undefined) {
          deps.logger.debug('lambda:event-failed', { function: row.arn, requestId: ctx.requestId });
        }
      },
      (error: unknown) => deps.logger.warn('lambda:event-failed', { function: row.arn, error }),
    );
    background.add(running);
    void running.finally(() => background.delete(running));
    return { StatusCode: 202 };
  }
  const result = await deps.functions.invoke(row, event, options);
  return {
    StatusCode: 200,
    ...(result.functionError === undefined ? {} : { FunctionError: result.functionError }),
    ...(input['LogType'] === 'Tail' ? { LogResult: logTail(result.log).toString('base64') } : {}),
    ExecutedVersion: '$LATEST',
    Payload: result.payload,
  };
}

function requireJson(event: Buffer): void {
  try {
    JSON.parse(event.toString('utf8'));
  } catch (error) {
    throw new InvalidRequestContentException(messages.payloadNotJson((error as Error).message));
  }
}

/** `X-Amz-Client-Context`: base64 of a JSON object, handed to the handler decoded. */
function decodeClientContext(header: unknown): unknown {
  if (typeof header !== 'string' || header === '') return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
    if (typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)) return decoded;
  } catch {
    // answered below
  }
  throw new InvalidRequestContentException(messages.clientContextNotJson());
}
