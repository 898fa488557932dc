/**
 * The settings of the example's AWS clients, from the standard AWS environment only, so the same code talks to
 * Sluice or to AWS:
 * - the endpoint is what the SDK itself reads (AWS_ENDPOINT_URL, or AWS_ENDPOINT_URL_SQS and the like per service);
 *   when none is set, the example assumes a local Sluice on its default port, http://127.0.0.1:4599. That default
 *   is a convenience of the example (a real client would not have it): to reach AWS itself, set
 *   AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true or a per-service AWS endpoint;
 * - the region is AWS_REGION or AWS_DEFAULT_REGION, else us-east-1 (the region pipeline.json's ARNs name);
 * - credentials come from the SDK's usual chain, except that a local endpoint gets dummy ones when the environment
 *   has none (Sluice checks no signature, and the chain would otherwise look for an instance role).
 */

/** Sluice's default address, used when no endpoint is configured. */
export const LOCAL_SLUICE = 'http://127.0.0.1:4599';

/** What an AWS SDK v3 client of the example is created with. */
export interface ExampleClientConfig {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The endpoint the SDK will use for `service` (its env suffix, e.g. `SQS`), or undefined for AWS's own. */
export function endpointFor(service: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] === 'true') return undefined;
  const configured = env[`AWS_ENDPOINT_URL_${service}`] || env['AWS_ENDPOINT_URL'];
  if (configured) return configured;
  const anyConfigured = Object.keys(env).some((key) => key.startsWith('AWS_ENDPOINT_URL_') && env[key]);
  return anyConfigured ? undefined : LOCAL_SLUICE;
}

function isLocal(endpoint: string | undefined): boolean {
  if (endpoint === undefined) return false;
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** Client settings for `service` (`SAGEMAKER`, `SQS`, `LAMBDA`: the suffix of its AWS_ENDPOINT_URL_ variable). */
export function clientConfig(service: string, env: NodeJS.ProcessEnv = process.env): ExampleClientConfig {
  // The SDK turns off warnings about Node 20 only on request; the example's output is for people.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const endpoint = endpointFor(service, env);
  const region = env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || 'us-east-1';
  const hasCredentials = Boolean(env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']);
  return {
    region,
    ...(endpoint !== undefined && { endpoint }),
    ...(!hasCredentials &&
      !env['AWS_PROFILE'] &&
      isLocal(endpoint) && { credentials: { accessKeyId: 'sluice', secretAccessKey: 'sluice' } }),
  };
}
