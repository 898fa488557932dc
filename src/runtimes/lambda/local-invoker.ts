/** The engine's LambdaInvoker over the built-in function host. */
import { randomUUID } from 'node:crypto';
import type { LambdaFunctionRow } from '../../store/lambda.js';
import { functionArn, parseFunctionReference } from './function-names.js';
import type { LambdaInvocationResult, LambdaInvoker } from './invoker.js';
import { LambdaNotFoundError } from './invoker.js';
import type { LocalFunctions } from './local-functions.js';
import { logTail } from './log-tail.js';

/** Invokes functions of the built-in Lambda endpoint. */
export class LocalLambdaInvoker implements LambdaInvoker {
  constructor(private readonly functions: LocalFunctions) {}

  async invoke(
    functionArn: string,
    event: string,
    options: { accountId: string; region: string; timeoutCapMs?: number; signal?: AbortSignal },
  ): Promise<LambdaInvocationResult> {
    const row = await this.resolve(functionArn, options);
    const result = await this.functions.invoke(row, Buffer.from(event === '' ? '{}' : event), {
      requestId: randomUUID(),
      timeoutCapMs: options.timeoutCapMs,
      signal: options.signal,
    });
    return {
      payload: result.payload.toString('utf8'),
      ...(result.functionError === undefined ? {} : { functionError: result.functionError }),
      timedOut: result.timedOut,
      logTail: logTail(result.log).toString('utf8'),
    };
  }

  async functionTimeoutMs(
    functionArn: string,
    options: { accountId: string; region: string },
  ): Promise<number | undefined> {
    try {
      return (await this.resolve(functionArn, options)).timeout_seconds * 1000;
    } catch (error) {
      if (error instanceof LambdaNotFoundError) return undefined;
      throw error;
    }
  }

  private async resolve(text: string, options: { accountId: string; region: string }): Promise<LambdaFunctionRow> {
    const ref = parseFunctionReference(text);
    const region = ref?.region ?? options.region;
    const accountId = ref?.accountId ?? options.accountId;
    const row =
      ref === undefined || (ref.qualifier !== undefined && ref.qualifier !== '$LATEST')
        ? undefined
        : await this.functions.find({ accountId, region, name: ref.name });
    if (row === undefined) {
      const arn = ref === undefined ? text : functionArn(region, accountId, ref.name);
      throw new LambdaNotFoundError(`Function not found: ${arn}${ref?.qualifier ? `:${ref.qualifier}` : ''}`);
    }
    return row;
  }
}
