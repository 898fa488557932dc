/**
 * The Lambda part of Sluice, built once by the composition root: the built-in Lambda endpoint (its edge routes),
 * the function host behind it, and the LambdaInvoker the pipeline engine uses — the built-in host, or a real
 * Lambda-compatible service when `--lambda-endpoint` is set (the built-in endpoint is served either way).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PathRoute } from '../../protocol/http-edge.js';
import { restJsonRoute } from '../../protocol/rest-json.js';
import { CodeCache } from '../../runtimes/lambda/code-cache.js';
import { ExternalLambdaInvoker } from '../../runtimes/lambda/external-invoker.js';
import type { FunctionHostOptions } from '../../runtimes/lambda/function-host.js';
import { FunctionHost } from '../../runtimes/lambda/function-host.js';
import type { LambdaInvoker } from '../../runtimes/lambda/invoker.js';
import { LocalFunctions } from '../../runtimes/lambda/local-functions.js';
import { LocalLambdaInvoker } from '../../runtimes/lambda/local-invoker.js';
import type { LogSink } from '../../runtimes/log-sink.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { Db } from '../../store/pipelines.js';
import { codeDownloadRoute } from './code-download.js';
import type { BackgroundInvocations } from './invoke.js';
import { createLambdaService } from './service.js';

/** What the Lambda part needs. */
export interface LambdaOptions {
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Sluice's data folder: unpacked packages go to `<dataDir>/lambda` (a temp folder for `:memory:`). */
  readonly dataDir: string;
  /** A Lambda-compatible endpoint for the engine's invocations; undefined for the built-in function host. */
  readonly lambdaEndpoint?: string | undefined;
  /** Tunables of the function host (tests shorten the idle timeout, benchmarks raise the pool size). */
  readonly host?: Partial<FunctionHostOptions> | undefined;
  /** Where the built-in host sends every invocation's log lines (CloudWatch Logs, `/aws/lambda/<name>`). */
  readonly logs?: LogSink | undefined;
}

/** The Lambda part of a running Sluice. */
export interface LambdaComponents {
  /** Edge routes: the Lambda API under `/2015-03-31/functions`, and code downloads under `/_sluice/lambda/code`. */
  readonly routes: readonly PathRoute[];
  /** The Lambda operations served. */
  readonly operations: readonly string[];
  /** What the pipeline engine invokes functions through (the Lambda step). */
  readonly invoker: LambdaInvoker;
  /** The built-in function host. */
  readonly host: FunctionHost;
  /** Kills every worker, lets Event invocations settle, closes SDK clients, removes a temp code folder. */
  close(): Promise<void>;
}

/** Builds the Lambda part. */
export function createLambda(options: LambdaOptions): LambdaComponents {
  const temporary = options.dataDir === ':memory:' ? mkdtempSync(join(tmpdir(), 'sluice-lambda-')) : undefined;
  const cache = new CodeCache(temporary ?? join(options.dataDir, 'lambda'));
  const host = new FunctionHost(options.host, options.logs);
  const functions = new LocalFunctions(options.db, cache, host);
  const background: BackgroundInvocations = new Set();
  const service = createLambdaService(
    { db: options.db, clock: options.clock, functions, logger: options.logger },
    background,
  );
  const external = options.lambdaEndpoint === undefined ? undefined : new ExternalLambdaInvoker(options.lambdaEndpoint);
  return {
    routes: [restJsonRoute(service), codeDownloadRoute(options.db)],
    operations: [...service.operations.keys()],
    invoker: external ?? new LocalLambdaInvoker(functions),
    host,
    close: async () => {
      host.close();
      await Promise.allSettled([...background]);
      external?.destroy();
      if (temporary !== undefined) rmSync(temporary, { recursive: true, force: true });
    },
  };
}
