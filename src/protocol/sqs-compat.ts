/**
 * Every way SQS's wire format deviates from the plain protocols, in one place. SQS was a query-protocol service
 * (API 2012-11-05) until 2023 and now speaks awsJson1.0 with the `awsQueryCompatible` trait; both protocols are
 * still in use (boto3 < 1.31, the AWS CLI v1 before it and PHP/Ruby SDKs of that age send query requests), so
 * Sluice serves both from one set of handlers. What differs:
 *
 * - **Error codes.** The JSON protocol names an error by its model shape (`QueueDoesNotExist`) and carries the
 *   legacy query code in `x-amzn-query-error: <legacy code>;<Sender|Receiver>`; the query protocol sends the legacy
 *   code itself. botocore ≥ 1.31 reports the legacy code in `Error.Code` and maps the shape name to the exception
 *   class; the JS SDK v3 finds the exception by the header's code. Pairs: the `error.code` fields of botocore's
 *   sqs 2012-11-05 query model (botocore 1.29) and the `awsQueryError` traits of @aws-sdk/client-sqs.
 * - **Error messages.** The query protocol's not-found text still names the WSDL (as LocalStack captured from AWS).
 * - **XML text.** SQS escapes `"` as `&quot;` and carriage returns as `&#xD;`: an XML parser turns a literal `\r`
 *   into `\n` (XML 1.0 §2.11), which would change message bodies.
 * - **Member names.** Every list and map of the query shapes is flattened, and the items carry singular names the
 *   JSON model no longer records (`AttributeName.1`, `Attribute.1.Name`, `SendMessageBatchRequestEntry.1.Id`,
 *   `<QueueUrl>` per item of `QueueUrls`); the aliases below are botocore 1.29's `locationName` traits.
 * - **Queue URLs as endpoints.** A query request may be sent to the queue URL itself (`POST /<account>/<name>`)
 *   without a `QueueUrl` parameter.
 */
import type { AwsError } from './errors.js';
import type { QueryNaming } from './aws-query.js';

/** The XML namespace of SQS query responses. */
export const SQS_XML_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';

/** Legacy (query) codes of the modelled errors whose code differs from the shape name; HTTP statuses are kept. */
const LEGACY_CODES: Readonly<Record<string, string>> = {
  BatchEntryIdsNotDistinct: 'AWS.SimpleQueueService.BatchEntryIdsNotDistinct',
  BatchRequestTooLong: 'AWS.SimpleQueueService.BatchRequestTooLong',
  EmptyBatchRequest: 'AWS.SimpleQueueService.EmptyBatchRequest',
  InvalidBatchEntryId: 'AWS.SimpleQueueService.InvalidBatchEntryId',
  MessageNotInflight: 'AWS.SimpleQueueService.MessageNotInflight',
  PurgeQueueInProgress: 'AWS.SimpleQueueService.PurgeQueueInProgress',
  QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
  QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
  QueueNameExists: 'QueueAlreadyExists',
  TooManyEntriesInBatchRequest: 'AWS.SimpleQueueService.TooManyEntriesInBatchRequest',
  UnsupportedOperation: 'AWS.SimpleQueueService.UnsupportedOperation',
  KmsAccessDenied: 'KMS.AccessDeniedException',
  KmsDisabled: 'KMS.DisabledException',
  KmsInvalidKeyUsage: 'KMS.InvalidKeyUsageException',
  KmsInvalidState: 'KMS.InvalidStateException',
  KmsNotFound: 'KMS.NotFoundException',
  KmsOptInRequired: 'KMS.OptInRequired',
  KmsThrottled: 'KMS.ThrottlingException',
};

/** Query-protocol wording where it differs from the JSON protocol's, by error code. */
const QUERY_MESSAGES: Readonly<Record<string, string>> = {
  QueueDoesNotExist: 'The specified queue does not exist for this wsdl version.',
};

/** The code the query protocol (and `x-amzn-query-error`) uses for `error`. */
export function sqsQueryErrorCode(error: AwsError): string {
  return LEGACY_CODES[error.code] ?? error.code;
}

/** The message the query protocol sends for `error`. */
export function sqsQueryErrorMessage(error: AwsError): string {
  return QUERY_MESSAGES[error.code] ?? error.message;
}

/** Extra headers of a JSON-protocol SQS error: `x-amzn-query-error: <legacy code>;<fault>`. */
export function sqsJsonErrorHeaders(error: AwsError): Record<string, string> {
  return { 'x-amzn-query-error': `${sqsQueryErrorCode(error)};${error.fault}` };
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#xD;',
};

/** Escapes text for an SQS query response, as SQS does (see the header). */
export function escapeSqsXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

/** Flattened-list item and map entry names of the SQS query shapes (botocore 1.29 `locationName` traits). */
export const SQS_QUERY_NAMING: QueryNaming = {
  listItems: {
    AttributeNames: 'AttributeName',
    MessageSystemAttributeNames: 'MessageSystemAttributeName',
    MessageAttributeNames: 'MessageAttributeName',
    TagKeys: 'TagKey',
    StringListValues: 'StringListValue',
    BinaryListValues: 'BinaryListValue',
    QueueUrls: 'QueueUrl',
    queueUrls: 'QueueUrl',
    Messages: 'Message',
    Failed: 'BatchResultErrorEntry',
    'SendMessageBatch.Entries': 'SendMessageBatchRequestEntry',
    'DeleteMessageBatch.Entries': 'DeleteMessageBatchRequestEntry',
    'ChangeMessageVisibilityBatch.Entries': 'ChangeMessageVisibilityBatchRequestEntry',
    'SendMessageBatch.Successful': 'SendMessageBatchResultEntry',
    'DeleteMessageBatch.Successful': 'DeleteMessageBatchResultEntry',
    'ChangeMessageVisibilityBatch.Successful': 'ChangeMessageVisibilityBatchResultEntry',
  },
  maps: {
    Attributes: { entry: 'Attribute', key: 'Name', value: 'Value' },
    MessageAttributes: { entry: 'MessageAttribute', key: 'Name', value: 'Value' },
    MessageSystemAttributes: { entry: 'MessageSystemAttribute', key: 'Name', value: 'Value' },
    tags: { entry: 'Tag', key: 'Key', value: 'Value' },
    Tags: { entry: 'Tag', key: 'Key', value: 'Value' },
  },
};

const QUEUE_URL_PATH = /^\/(\d{12})\/([^/]+)\/?$/;

/**
 * The `QueueUrl` a query request sent to a queue URL (`/<account>/<name>`) implies, built from the Host it was
 * sent to; undefined for any other path.
 */
export function sqsQueueUrlFromPath(path: string, host: string | undefined): string | undefined {
  const match = QUEUE_URL_PATH.exec(path);
  if (match === null || host === undefined) return undefined;
  return `http://${host}/${match[1] ?? ''}/${match[2] ?? ''}`;
}
