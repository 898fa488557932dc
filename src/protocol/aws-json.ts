/**
 * The awsJson1_0 / awsJson1_1 protocols (SageMaker speaks 1.1, SQS's JSON protocol 1.0).
 *
 *   POST /   X-Amz-Target: <Prefix>.<Operation>   Content-Type: application/x-amz-json-1.1
 *   body: the input structure as JSON, PascalCase members; `{}` or empty when there is no input
 *
 *   200  the output structure as JSON; timestamps are epoch seconds (numbers)
 *   4xx/5xx  {"__type": "<Code>", "message": "…"} with `x-amzn-ErrorType: <Code>`
 *
 * botocore reads `__type` and then `message`/`Message`; the JS SDK copies the body's `Message` into modelled
 * exceptions, so both spellings are sent.
 */
import type { JsonObject } from '../shared/json.js';
import { isJsonObject } from '../shared/json.js';
import type { AwsError } from './errors.js';
import { SerializationException } from './errors.js';

/** An HTTP answer ready to write. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string | Buffer;
}

/** Parses a request body into the input structure. */
export function decodeJsonRequest(body: Buffer): JsonObject {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new SerializationException(`The request body is not valid JSON: ${reason}`);
  }
  if (!isJsonObject(parsed)) throw new SerializationException('The request body must be a JSON object.');
  return parsed;
}

/** Encodes a successful output. */
export function encodeJsonResponse(output: unknown, requestId: string, contentType: string): HttpAnswer {
  return {
    status: 200,
    headers: { 'content-type': contentType, 'x-amzn-requestid': requestId },
    body: JSON.stringify(output),
  };
}

/** Encodes an error; `extraHeaders` carries protocol quirks such as SQS's `x-amzn-query-error`. */
export function encodeJsonError(
  error: AwsError,
  requestId: string,
  contentType: string,
  extraHeaders: Record<string, string> = {},
): HttpAnswer {
  return {
    status: error.httpStatus,
    headers: {
      'content-type': contentType,
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': error.code,
      ...extraHeaders,
    },
    body: JSON.stringify({ __type: error.code, message: error.message, Message: error.message }),
  };
}
