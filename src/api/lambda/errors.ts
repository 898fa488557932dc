/**
 * The Lambda errors Sluice answers, named as their wire codes. Lambda (restJson1) gives each its own HTTP status;
 * the codec writes `x-amzn-ErrorType: <code>` and `{"Type": "User" | "Service", "message": …}`.
 */
import { AwsError } from '../../protocol/errors.js';

/** The function (or another resource) does not exist. 404. */
export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super('ResourceNotFoundException', message, { httpStatus: 404 });
  }
}

/** The resource exists already, or is being changed. 409. */
export class ResourceConflictException extends AwsError {
  constructor(message: string) {
    super('ResourceConflictException', message, { httpStatus: 409 });
  }
}

/** A parameter has a value Lambda does not accept (a package that is not a zip, an unsupported runtime, …). 400. */
export class InvalidParameterValueException extends AwsError {
  constructor(message: string) {
    super('InvalidParameterValueException', message, { httpStatus: 400 });
  }
}

/** The Invoke payload is larger than 6 MB. 413. */
export class RequestTooLargeException extends AwsError {
  constructor(message: string) {
    super('RequestTooLargeException', message, { httpStatus: 413 });
  }
}

/** A request body larger than the operation accepts (CreateFunction, UpdateFunctionCode). 413. */
export class RequestEntityTooLargeException extends AwsError {
  constructor(message: string) {
    super('RequestEntityTooLargeException', message, { httpStatus: 413 });
  }
}

/** The Invoke payload is not JSON. 400. */
export class InvalidRequestContentException extends AwsError {
  constructor(message: string) {
    super('InvalidRequestContentException', message, { httpStatus: 400 });
  }
}

/** Too many concurrent invocations of one function. 429. */
export class TooManyRequestsException extends AwsError {
  constructor(message: string) {
    super('TooManyRequestsException', message, { httpStatus: 429 });
  }
}

/** Lambda's own failure (500). */
export class ServiceException extends AwsError {
  constructor(message: string) {
    super('ServiceException', message, { httpStatus: 500 });
  }
}

/** A RevisionId that is not the function's current one. 412. */
export class PreconditionFailedException extends AwsError {
  constructor(message: string) {
    super('PreconditionFailedException', message, { httpStatus: 412 });
  }
}
