/**
 * The CloudWatch Logs errors Sluice answers, named as their wire codes (awsJson1.1: HTTP 400 with
 * `{"__type", "message"}`). CloudWatch Logs reports request validation failures as InvalidParameterException
 * ("1 validation error detected: …"), not as the framework's ValidationException.
 */
import { AwsError } from '../../protocol/errors.js';

/** The log group or log stream does not exist. */
export class ResourceNotFoundException extends AwsError {
  constructor(message: string) {
    super('ResourceNotFoundException', message);
  }
}

/** A parameter is missing, malformed, or combined with one it excludes. */
export class InvalidParameterException extends AwsError {
  constructor(message: string) {
    super('InvalidParameterException', message);
  }
}
