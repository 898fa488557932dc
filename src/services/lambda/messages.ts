/**
 * Error texts of the Lambda endpoint, worded as Lambda words them where Lambda has the check (tests import these
 * functions). Checks that Lambda does not make (a handler file missing from the package, code sources Sluice does
 * not support) have Sluice's own wording.
 */
import { SUPPORTED_RUNTIMES } from '../../runtimes/lambda/runtimes.js';

/** Lambda's limits that appear in messages. */
export const LIMITS = {
  /** Largest synchronous Invoke payload. */
  invokePayloadBytes: 6_291_456,
  /** Largest CreateFunction / UpdateFunctionCode request (a 50 MB zip, base64-encoded, plus the rest). */
  codeRequestBytes: 69_905_067,
  /** Largest unpacked package. */
  unzippedBytes: 262_144_000,
  /** Largest total size of the environment variables. */
  environmentBytes: 4096,
  maxTimeoutSeconds: 900,
} as const;

/** Every message of the Lambda endpoint, by what it says. */
export const messages = {
  functionNotFound: (arn: string) => `Function not found: ${arn}`,
  functionExists: (name: string) => `Function already exist: ${name}`,
  couldNotUnzip: () => 'Could not unzip uploaded file. Please check your file, then try to upload again.',
  unzippedTooLarge: () => `Unzipped size must be smaller than ${LIMITS.unzippedBytes} bytes`,
  runtimeAndHandlerRequired: () =>
    'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
  unsupportedRuntime: (runtime: string) =>
    `The runtime parameter of ${runtime} is not supported by Sluice. Supported runtimes: ${[...SUPPORTED_RUNTIMES.keys()].join(', ')}.`,
  malformedHandler: (handler: string, runtime: string) =>
    `The handler '${handler}' is not of the form ${runtime.startsWith('python') ? 'module.function' : 'file.export'}.`,
  handlerFileMissing: (handler: string, candidates: readonly string[]) =>
    `The deployment package has no file for the handler '${handler}': expected ${candidates.map((c) => `'${c}'`).join(' or ')}.`,
  onlyZipFile: () =>
    'Sluice accepts function code only as Code.ZipFile (a zip uploaded with the request); S3Bucket/S3Key and container images (ImageUri) are not supported.',
  timeoutTooLarge: (value: number) =>
    `1 validation error detected: Value '${value}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to ${LIMITS.maxTimeoutSeconds}`,
  reservedEnvironmentKeys: (keys: readonly string[]) =>
    'Lambda was unable to configure your environment variables because the environment variables you have ' +
    'provided contains reserved keys that are currently not supported for modification. Reserved keys used in ' +
    `this request: ${keys.join(', ')}`,
  environmentTooLarge: (measured: string) =>
    'Lambda was unable to configure your environment variables because the environment variables you have ' +
    `provided exceeded the 4KB limit. String measured: ${measured}`,
  invokeTooLarge: () =>
    `Request must be smaller than ${LIMITS.invokePayloadBytes} bytes for the InvokeFunction operation`,
  codeRequestTooLarge: (operation: string) =>
    `Request must be smaller than ${LIMITS.codeRequestBytes} bytes for the ${operation} operation`,
  payloadNotJson: (reason: string) =>
    `Could not parse request body into json: Could not parse payload into json: ${reason}`,
  clientContextNotJson: () => 'Client context must be a valid Base64-encoded JSON object.',
  revisionMismatch: () =>
    'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
  invalidMarker: (marker: string) => `Invalid Marker: ${marker}`,
} as const;
