/**
 * The composition root: opens the store, builds the services and the HTTP edge, and listens. Clock, ids and
 * logger are created here and passed down; nothing below reads globals.
 */
import { createServer } from 'node:http';
import { resolve as resolvePath } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.js';
import { encodeJsonResponse, type HttpAnswer } from '../protocol/aws-json.js';
import { createHttpEdge } from '../protocol/http-edge.js';
import { createSageMakerService } from '../services/sagemaker/service.js';
import { createLambda } from '../services/lambda/create-lambda.js';
import { LambdaStepWorker } from '../runner/lambda-step-worker.js';
import type { FunctionHostOptions } from '../runtimes/lambda/function-host.js';
import { createJobRuntime } from '../runtimes/jobs/index.js';
import { QueueNotifier } from '../services/sqs/local-queues.js';
import { createSqsService } from '../services/sqs/service.js';
import { createLogsService } from '../services/logs/service.js';
import type { LogWriterOptions } from '../store/log-writer.js';
import { BufferedLogWriter } from '../store/log-writer.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import { randomIds } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import { createLogger } from '../shared/logger.js';
import { databaseTarget, openDatabase } from '../store/open-database.js';
import { resetStore } from '../store/reset.js';
import { DefinitionCache } from '../runner/definition-cache.js';
import type { SchedulerOptions } from '../runner/scheduler.js';
import { DEFAULT_SCHEDULER_OPTIONS, Scheduler } from '../runner/scheduler.js';
import { ExternalSqsMessenger } from '../runner/external-sqs-messenger.js';
import { LocalCallbackMessenger } from '../runner/local-callback-messenger.js';
import { changeFeedOf } from '../store/change-feed.js';
import { createWebConsole } from './console/web-console.js';

/** A running Sluice. */
export interface RunningSluice {
  /** `http://host:port`, with the real port when 0 was asked for. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests, lets the ones in flight finish, closes the store. */
  close(): Promise<void>;
}

/** Replaceable dependencies, for tests. */
export interface SluiceDeps {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logger?: Logger;
  readonly scheduler?: Partial<SchedulerOptions>;
  /** Tunables of the built-in Lambda function host. */
  readonly lambdaHost?: Partial<FunctionHostOptions>;
  /** Tunables of the CloudWatch Logs writer (tests lower the events kept per group). */
  readonly logWriter?: Partial<LogWriterOptions>;
}

/** How long close() lets requests in flight finish before it closes their connections. */
const CLOSE_GRACE_MS = 2_000;

/** The Sluice version reported by the health endpoint. */
export const SLUICE_VERSION = '0.1.0';

/** Starts Sluice and resolves once it accepts requests. */
export async function startSluice(given: Config, deps: SluiceDeps = {}): Promise<RunningSluice> {
  // Lambda workers and job processes run in folders of their own, where a relative data folder (the default
  // `.sluice`) would name another place: every path below is made from an absolute one.
  const config: Config = given.dataDir === ':memory:' ? given : { ...given, dataDir: resolvePath(given.dataDir) };
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const store = await openDatabase(databaseTarget(config));
  const definitions = new DefinitionCache();
  // Lambda invocations and jobs write their log lines here; buffered, and flushed in batches off the hot path.
  const logWriter = new BufferedLogWriter(store.db, clock, logger, deps.logWriter);
  // Wakes long-polling SQS receivers of this process; whoever commits SQS messages calls notify() after commit.
  const queueNotifier = new QueueNotifier();
  // Callback messages go to the built-in SQS, or through an outbox to a real one (--sqs-endpoint).
  const externalSqs = config.sqsEndpoint
    ? new ExternalSqsMessenger(config.sqsEndpoint, () => scheduler.wake())
    : undefined;
  const messenger = externalSqs ?? new LocalCallbackMessenger(config.accountId, queueNotifier);
  // Job steps (Training, Processing, …) run locally: simulated, or as local commands (--config, docs/config.md).
  const jobs = createJobRuntime({
    db: store.db,
    clock,
    logger,
    config: config.configFile,
    dataDir: config.dataDir,
    definitions,
    logs: logWriter,
  });
  // Std:JsonGet with S3Uri reads the local S3 the jobs write to.
  const scheduler: Scheduler = new Scheduler(store, definitions, clock, ids, logger, messenger, {
    readObject: jobs.s3.readObject,
    ...DEFAULT_SCHEDULER_OPTIONS,
    ...deps.scheduler,
  });
  for (const worker of jobs.workers) scheduler.register(worker);
  const sagemaker = createSageMakerService({
    db: store.db,
    dialect: store.dialect,
    clock,
    ids,
    definitions,
    wakeScheduler: () => scheduler.wake(),
    advanceWithin: (trx, arn) => scheduler.advanceWithin(trx, arn),
    jobs,
  });
  const sqs = createSqsService({ db: store.db, dialect: store.dialect, clock, notifier: queueNotifier });
  // The built-in Lambda endpoint and function host; `lambda.invoker` is what Lambda steps invoke through.
  const lambda = createLambda({
    db: store.db,
    clock,
    logger,
    dataDir: config.dataDir,
    lambdaEndpoint: config.lambdaEndpoint,
    host: deps.lambdaHost,
    logs: logWriter,
  });
  scheduler.register(new LambdaStepWorker(lambda.invoker));
  const logs = createLogsService({ db: store.db, flushPending: () => logWriter.flush() });
  // Health also lists the operations served, so a client (or a compatibility suite) can see what to expect.
  const operations = {
    sagemaker: [...sagemaker.handlers.keys()],
    sqs: [...sqs.json.handlers.keys()],
    lambda: lambda.operations,
    logs: [...logs.handlers.keys()],
  };
  const health = (): ReturnType<typeof encodeJsonResponse> =>
    encodeJsonResponse(
      { status: 'ok', version: SLUICE_VERSION, store: store.dialect, operations },
      ids.requestId(),
      'application/json',
    );
  /** moto's reset convention: wipes all state (only with --allow-reset). */
  const reset = async (): Promise<ReturnType<typeof encodeJsonResponse>> => {
    await resetStore(store);
    logger.warn('sluice:reset', { store: store.location });
    return encodeJsonResponse({ status: 'reset' }, ids.requestId(), 'application/json');
  };
  // The web console (dist/web) and its event stream, fed by the changes committed to this store.
  const webConsole = createWebConsole({ feed: changeFeedOf(store.db) });
  const server = createServer(
    { keepAlive: true },
    createHttpEdge({
      services: [sagemaker, sqs.json, logs],
      queryService: sqs.query,
      accountId: config.accountId,
      maxBodyBytes: config.maxBodyBytes,
      ids,
      logger,
      ownRoutes: new Map<string, () => Promise<HttpAnswer> | HttpAnswer>([
        ['GET /_sluice/health', health],
        ...(config.allowReset
          ? [['POST /moto-api/reset', reset] as const, ['POST /_sluice/reset', reset] as const]
          : []),
      ]),
      pathRoutes: lambda.routes,
      fallback: webConsole.serve,
    }),
  );
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  scheduler.start();
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info('sluice:listening', { url, store: store.location });
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close: () =>
      (closing ??= (async () => {
        queueNotifier.close();
        webConsole.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // A client that long-polls SQS sends its next request as soon as one is answered, so its keep-alive
          // connection is never idle and would keep a closing Sluice answering forever: after a short grace for
          // the requests in flight, every connection is closed.
          setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        });
        await scheduler.stop();
        jobs.close();
        await lambda.close();
        // After the scheduler and the function host stopped: their last lines are written before the store closes.
        await logWriter.close();
        externalSqs?.destroy();
        await store.close();
        logger.info('sluice:stopped');
      })()),
  };
}
