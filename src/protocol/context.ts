/** What every handler knows about the request it serves. */
export interface RequestContext {
  readonly requestId: string;
  /** The account Sluice plays (from `--account-id`). */
  readonly accountId: string;
  /** The region of the SigV4 credential scope, `us-east-1` when unsigned. */
  readonly region: string;
  /** The request's Host header (`127.0.0.1:4599`), for URLs that must reach Sluice (SQS queue URLs). */
  readonly host?: string;
  /** Aborted when the client disconnects before its answer is written (a long poll then stops waiting). */
  readonly signal?: AbortSignal;
}

/** The region of an unsigned request, as the AWS CLI and SDKs default to. */
export const DEFAULT_REGION = 'us-east-1';

const CREDENTIAL_SCOPE = /Credential=[^/,\s]*\/\d{8}\/([a-z0-9-]+)\//;

/**
 * Reads the region from the SigV4 credential scope (`Credential=AKID/20250101/eu-west-1/sagemaker/aws4_request`)
 * of the Authorization header or of a presigned URL's X-Amz-Credential. Signatures are not checked: any
 * credentials are accepted.
 */
export function regionOf(authorization: string | undefined, presignedCredential?: string | null): string {
  if (authorization) {
    const match = CREDENTIAL_SCOPE.exec(authorization);
    if (match?.[1]) return match[1];
  }
  if (presignedCredential) {
    const parts = presignedCredential.split('/');
    if (parts.length >= 5 && parts[2]) return parts[2];
  }
  return DEFAULT_REGION;
}
