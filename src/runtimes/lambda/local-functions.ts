/**
 * The functions of the built-in Lambda endpoint as the function host sees them: a store row becomes a
 * HostFunction whose package is unpacked into this node's CodeCache on first use (from the zip in the store, so
 * every node sharing a PostgreSQL store can run every function).
 */
import type { Db } from '../../store/pipelines.js';
import type { LambdaFunctionKey, LambdaFunctionRow } from '../../store/lambda.js';
import { findLambdaCode, findLambdaFunction } from '../../store/lambda.js';
import type { CodeCache } from './code-cache.js';
import type { FunctionHost, HostFunction, HostInvocation, HostInvokeOptions } from './function-host.js';

/** Looks functions up in the store and runs them on the host. */
export class LocalFunctions {
  /** The code hash each function last ran with on this node, to remove older unpacked packages. */
  private readonly lastCode = new Map<string, string>();

  constructor(
    private readonly db: Db,
    readonly cache: CodeCache,
    readonly host: FunctionHost,
  ) {}

  /** The function, or undefined. */
  find(key: LambdaFunctionKey): Promise<LambdaFunctionRow | undefined> {
    return findLambdaFunction(this.db, key);
  }

  /** Runs one invocation of the function `row` describes. */
  invoke(row: LambdaFunctionRow, event: Buffer, options: HostInvokeOptions): Promise<HostInvocation> {
    return this.host.invoke(this.toHostFunction(row), event, options);
  }

  /** Forgets the function's warm workers and unpacked packages other than `keepCode` (after an update or delete). */
  forget(row: LambdaFunctionRow, keepCode?: string): void {
    this.host.discard(row.arn);
    this.lastCode.delete(row.arn);
    try {
      this.cache.prune({ accountId: row.account_id, region: row.region, name: row.name }, keepCode);
    } catch {
      // Best effort: a folder left behind is removed by the next prune.
    }
  }

  private toHostFunction(row: LambdaFunctionRow): HostFunction {
    const key = { accountId: row.account_id, region: row.region, name: row.name, codeSha256: row.code_sha256 };
    return {
      arn: row.arn,
      revisionId: row.revision_id,
      name: row.name,
      accountId: row.account_id,
      region: row.region,
      runtime: row.runtime,
      handler: row.handler,
      timeoutSeconds: row.timeout_seconds,
      memorySize: row.memory_size,
      environment: row.environment_json === null ? {} : (JSON.parse(row.environment_json) as Record<string, string>),
      codeDir: async () => {
        const dir = await this.cache.ensure(key, async () => {
          const zip = await findLambdaCode(this.db, row.id, row.code_sha256);
          if (zip === undefined) throw new Error(`the package of ${row.arn} changed while it was being loaded`);
          return zip;
        });
        // Another node may have updated the code: this node drops the packages it no longer runs.
        const previous = this.lastCode.get(row.arn);
        this.lastCode.set(row.arn, row.code_sha256);
        if (previous !== undefined && previous !== row.code_sha256) {
          this.cache.prune({ accountId: row.account_id, region: row.region, name: row.name }, row.code_sha256);
        }
        return dir;
      },
    };
  }
}
