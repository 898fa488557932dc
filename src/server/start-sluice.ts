/**
 * The composition root: opens the store, builds the services and the HTTP edge, and listens. Clock, ids and
 * logger are created here and passed down; nothing below reads globals.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config.js';
import { encodeJsonResponse } from '../protocol/aws-json.js';
import { createHttpEdge } from '../protocol/http-edge.js';
import { createSageMakerService } from '../services/sagemaker/service.js';
import type { Clock } from '../shared/clock.js';
import { systemClock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import { randomIds } from '../shared/ids.js';
import type { Logger } from '../shared/logger.js';
import { createLogger } from '../shared/logger.js';
import { databaseTarget, openDatabase } from '../store/open-database.js';
import { DefinitionCache } from '../runner/definition-cache.js';
import type { SchedulerOptions } from '../runner/scheduler.js';
import { DEFAULT_SCHEDULER_OPTIONS, Scheduler } from '../runner/scheduler.js';

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
}

/** The Sluice version reported by the health endpoint. */
export const SLUICE_VERSION = '0.1.0';

/** Starts Sluice and resolves once it accepts requests. */
export async function startSluice(config: Config, deps: SluiceDeps = {}): Promise<RunningSluice> {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const store = await openDatabase(databaseTarget(config));
  const definitions = new DefinitionCache();
  const scheduler = new Scheduler(store, definitions, clock, ids, logger, undefined, {
    ...DEFAULT_SCHEDULER_OPTIONS,
    ...deps.scheduler,
  });
  const sagemaker = createSageMakerService({
    db: store.db,
    dialect: store.dialect,
    clock,
    ids,
    definitions,
    wakeScheduler: () => scheduler.wake(),
  });
  const health = (): ReturnType<typeof encodeJsonResponse> =>
    encodeJsonResponse(
      { status: 'ok', version: SLUICE_VERSION, store: store.dialect },
      ids.requestId(),
      'application/json',
    );
  const server = createServer(
    { keepAlive: true },
    createHttpEdge({
      services: [sagemaker],
      accountId: config.accountId,
      maxBodyBytes: config.maxBodyBytes,
      ids,
      logger,
      ownRoutes: new Map([['GET /_sluice/health', health]]),
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
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await scheduler.stop();
        await store.close();
        logger.info('sluice:stopped');
      })()),
  };
}
