/**
 * The engine's LambdaInvoker for a real Lambda-compatible service (`--lambda-endpoint`), through
 * @aws-sdk/client-lambda: AWS itself, LocalStack, or another Sluice. Credentials come from the SDK's default chain
 * when the environment names any; otherwise fixed dummy ones, which local services accept.
 */
import type { LambdaClientConfig } from '@aws-sdk/client-lambda';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { parseFunctionReference } from './function-names.js';
import type { LambdaInvocationResult, LambdaInvoker } from './invoker.js';
import { LambdaNotFoundError } from './invoker.js';
import { timeoutPayload } from './payloads.js';

/** Invokes functions on another Lambda endpoint. */
export class ExternalLambdaInvoker implements LambdaInvoker {
  private readonly clients = new Map<string, LambdaClient>();

  constructor(private readonly endpoint: string) {}

  async invoke(
    functionArn: string,
    event: string,
    options: { accountId: string; region: string; timeoutCapMs?: number; signal?: AbortSignal },
  ): Promise<LambdaInvocationResult> {
    const cap = options.timeoutCapMs === undefined ? undefined : AbortSignal.timeout(options.timeoutCapMs);
    const signals = [options.signal, cap].filter((s): s is AbortSignal => s !== undefined);
    const abortSignal = signals.length === 0 ? undefined : AbortSignal.any(signals);
    try {
      const output = await this.client(this.regionOf(functionArn, options.region)).send(
        new InvokeCommand({
          FunctionName: functionArn,
          InvocationType: 'RequestResponse',
          LogType: 'Tail',
          Payload: Buffer.from(event === '' ? '{}' : event),
        }),
        abortSignal === undefined ? {} : { abortSignal },
      );
      const payload = Buffer.from(output.Payload ?? new Uint8Array()).toString('utf8');
      const functionError =
        output.FunctionError === undefined ? undefined : output.FunctionError === 'Handled' ? 'Handled' : 'Unhandled';
      return {
        payload,
        ...(functionError === undefined ? {} : { functionError }),
        timedOut: functionError !== undefined && isTimeoutPayload(payload),
        logTail: output.LogResult === undefined ? '' : Buffer.from(output.LogResult, 'base64').toString('utf8'),
      };
    } catch (error) {
      if (nameOf(error) === 'ResourceNotFoundException') {
        throw new LambdaNotFoundError((error as Error).message, { cause: error });
      }
      if (cap?.aborted && !options.signal?.aborted && options.timeoutCapMs !== undefined) {
        // TODO(parity): the remote function keeps running, as AWS's does when a Lambda step times out.
        return {
          payload: timeoutPayload(Date.now(), 'n/a', options.timeoutCapMs),
          functionError: 'Unhandled',
          timedOut: true,
          logTail: '',
        };
      }
      throw error;
    }
  }

  async functionTimeoutMs(
    functionArn: string,
    options: { accountId: string; region: string },
  ): Promise<number | undefined> {
    try {
      const config = await this.client(this.regionOf(functionArn, options.region)).send(
        new GetFunctionConfigurationCommand({ FunctionName: functionArn }),
      );
      return (config.Timeout ?? 3) * 1000;
    } catch (error) {
      if (nameOf(error) === 'ResourceNotFoundException') return undefined;
      throw error;
    }
  }

  /** Closes the clients. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private regionOf(functionArn: string, fallback: string): string {
    return parseFunctionReference(functionArn)?.region ?? fallback;
  }

  private client(region: string): LambdaClient {
    let client = this.clients.get(region);
    if (client === undefined) {
      const config: LambdaClientConfig = { endpoint: this.endpoint, region };
      if (!hasCredentialsInEnvironment()) config.credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
      client = new LambdaClient(config);
      this.clients.set(region, client);
    }
    return client;
  }
}

function hasCredentialsInEnvironment(): boolean {
  const env = process.env;
  return Boolean(
    env['AWS_ACCESS_KEY_ID'] ||
    env['AWS_PROFILE'] ||
    env['AWS_WEB_IDENTITY_TOKEN_FILE'] ||
    env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] ||
    env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'],
  );
}

function nameOf(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

function isTimeoutPayload(payload: string): boolean {
  return /Task timed out after/.test(payload) || /"errorType"\s*:\s*"Sandbox\.Timedout"/.test(payload);
}
