/**
 * Errors that cross the wire. Handlers throw these; only the protocol codecs turn them into bytes.
 * The class name of a modelled error is its wire code (LocalStack's convention).
 */
export class AwsError extends Error {
  /** HTTP status the codec answers with. */
  readonly httpStatus: number;
  /** Who is at fault, for the query protocol's `<Type>` and `x-amzn-query-error`. */
  readonly fault: 'Sender' | 'Receiver';

  constructor(
    /** The wire code, e.g. `ValidationException`. */
    readonly code: string,
    message: string,
    options: { httpStatus?: number; fault?: 'Sender' | 'Receiver'; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = code;
    this.httpStatus = options.httpStatus ?? 400;
    this.fault = options.fault ?? (this.httpStatus >= 500 ? 'Receiver' : 'Sender');
  }
}

/** A request that breaks a constraint of the API or of the pipeline definition. */
export class ValidationException extends AwsError {
  constructor(message: string) {
    super('ValidationException', message);
  }
}

/** The addressed resource does not exist. SageMaker spells this code without a suffix. */
export class ResourceNotFound extends AwsError {
  constructor(message: string) {
    super('ResourceNotFound', message);
  }
}

/** A request body that is not the JSON the protocol expects, or a member of the wrong JSON type. */
export class SerializationException extends AwsError {
  constructor(message: string) {
    super('SerializationException', message);
  }
}

/** A concurrent modification or a state that does not allow the call. */
export class ConflictException extends AwsError {
  constructor(message: string) {
    super('ConflictException', message);
  }
}

/** An account quota would be exceeded. */
export class ResourceLimitExceeded extends AwsError {
  constructor(message: string) {
    super('ResourceLimitExceeded', message);
  }
}

/** An operation this build of Sluice does not serve (yet). 400 so that SDKs do not retry it. */
export class UnknownOperationException extends AwsError {
  constructor(message: string) {
    super('UnknownOperationException', message);
  }
}

/** A request larger than the server accepts. */
export class RequestEntityTooLarge extends AwsError {
  constructor(message: string) {
    super('RequestEntityTooLargeException', message, { httpStatus: 413 });
  }
}

/** A real bug: anything thrown that is not an AwsError becomes this, with the stack only in the log. */
export class InternalFailure extends AwsError {
  constructor(requestId: string) {
    super('InternalFailure', `An internal error occurred (request id ${requestId}). See the Sluice log.`, {
      httpStatus: 500,
    });
  }
}
