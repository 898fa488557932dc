import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../shared/json.js';
import type { RequestContext } from './context.js';
import type { AwsError } from './errors.js';
import { UnknownOperationException, ValidationException } from './errors.js';
import type { ServiceModel } from './shape-model.js';
import { hasOperation, idempotencyTokenMembers, validateInput } from './validate-input.js';

/** Serves one operation: takes the validated input structure, returns the output structure. */
export type OperationHandler = (input: JsonObject, ctx: RequestContext) => Promise<object> | object;

/** A service reached over a JSON protocol through `X-Amz-Target: <targetPrefix>.<Operation>`. */
export interface JsonService {
  /** `SageMaker`, `AmazonSQS`. */
  readonly targetPrefix: string;
  /** The content type of answers: `application/x-amz-json-1.1` or `-1.0`. */
  readonly contentType: string;
  readonly model: ServiceModel;
  readonly handlers: ReadonlyMap<string, OperationHandler>;
  /** Extra headers of an error answer, for protocol quirks (SQS: `x-amzn-query-error`). */
  readonly errorHeaders?: (error: AwsError) => Record<string, string>;
  /**
   * The error a constraint violation of the input is answered with, for services whose framework does not say
   * ValidationException (CloudWatch Logs: InvalidParameterException, same message).
   */
  readonly validationError?: (message: string) => AwsError;
}

/**
 * Runs one operation of a service: checks the input against the model, fills idempotency tokens a raw
 * HTTP caller left out (SDKs always send them), and calls the handler. Throws AwsError on bad input.
 */
export async function invokeOperation(
  service: JsonService,
  operation: string,
  input: JsonObject,
  ctx: RequestContext,
): Promise<object> {
  const handler = service.handlers.get(operation);
  if (!handler || !hasOperation(service.model, operation)) {
    throw new UnknownOperationException(
      `Sluice does not implement ${service.targetPrefix}.${operation}` +
        (hasOperation(service.model, operation) || handler ? ' yet.' : ': no such operation.'),
    );
  }
  try {
    validateInput(service.model, operation, input);
  } catch (error) {
    if (error instanceof ValidationException && service.validationError) throw service.validationError(error.message);
    throw error;
  }
  for (const member of idempotencyTokenMembers(service.model, operation)) {
    if (input[member] === undefined || input[member] === null) input[member] = randomUUID();
  }
  return handler(input, ctx);
}
