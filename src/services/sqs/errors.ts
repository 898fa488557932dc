/**
 * The SQS errors, each class named as its JSON-protocol code. Their query-protocol codes and the
 * `x-amzn-query-error` header come from src/protocol/sqs-compat.ts; HTTP statuses are those of the AWS model
 * (@aws-sdk/client-sqs `httpError` traits).
 */
import { AwsError } from '../../protocol/errors.js';
import { sqsMessages } from './messages.js';

/** The queue named by a QueueUrl or QueueName does not exist. */
export class QueueDoesNotExist extends AwsError {
  constructor() {
    super('QueueDoesNotExist', sqsMessages.queueDoesNotExist());
  }
}

/** CreateQueue of an existing name with other attribute values. */
export class QueueNameExists extends AwsError {
  constructor(attribute: string) {
    super('QueueNameExists', sqsMessages.queueNameExists(attribute));
  }
}

/** A parameter value SQS refuses (a common AWS query error, not modelled). */
export class InvalidParameterValue extends AwsError {
  constructor(message: string) {
    super('InvalidParameterValue', message);
  }
}

/** A required parameter is absent (a common AWS query error, not modelled). */
export class MissingParameter extends AwsError {
  constructor(name: string) {
    super('MissingParameter', sqsMessages.missingParameter(name));
  }
}

/** An attribute name SQS does not know (or that is not valid for this call or queue type). */
export class InvalidAttributeName extends AwsError {
  constructor(message: string) {
    super('InvalidAttributeName', message);
  }
}

/** A queue attribute value out of range or malformed. */
export class InvalidAttributeValue extends AwsError {
  constructor(name: string) {
    super('InvalidAttributeValue', sqsMessages.invalidAttributeValue(name));
  }
}

/** A receipt handle Sluice did not make (or made for another queue). */
export class ReceiptHandleIsInvalid extends AwsError {
  constructor(handle: string) {
    super('ReceiptHandleIsInvalid', sqsMessages.receiptHandleInvalid(handle), { httpStatus: 404 });
  }
}

/** ChangeMessageVisibility of a message that is not in flight. */
export class MessageNotInflight extends AwsError {
  constructor() {
    super('MessageNotInflight', sqsMessages.messageNotInflight());
  }
}

/** A message body with characters SQS does not accept. */
export class InvalidMessageContents extends AwsError {
  constructor() {
    super('InvalidMessageContents', sqsMessages.invalidMessageContents());
  }
}

/** A QueueUrl that is not `<scheme>://<host>/<account>/<name>`. */
export class InvalidAddress extends AwsError {
  constructor(url: string) {
    super('InvalidAddress', sqsMessages.invalidAddress(url), { httpStatus: 404 });
  }
}

/** A batch call without entries. */
export class EmptyBatchRequest extends AwsError {
  constructor(entryName: string) {
    super('EmptyBatchRequest', sqsMessages.emptyBatch(entryName));
  }
}

/** A batch call with more than 10 entries. */
export class TooManyEntriesInBatchRequest extends AwsError {
  constructor(count: number) {
    super('TooManyEntriesInBatchRequest', sqsMessages.tooManyEntries(count));
  }
}

/** Two entries of a batch share an Id. */
export class BatchEntryIdsNotDistinct extends AwsError {
  constructor(id: string) {
    super('BatchEntryIdsNotDistinct', sqsMessages.idsNotDistinct(id));
  }
}

/** A batch entry Id outside [A-Za-z0-9_-]{1,80}. */
export class InvalidBatchEntryId extends AwsError {
  constructor() {
    super('InvalidBatchEntryId', sqsMessages.invalidBatchEntryId());
  }
}

/** SendMessageBatch whose messages together exceed the queue's maximum message size. */
export class BatchRequestTooLong extends AwsError {
  constructor(max: number, sent: number) {
    super('BatchRequestTooLong', sqsMessages.batchTooLong(max, sent));
  }
}
