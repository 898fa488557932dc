/** Starts a real Sluice on 127.0.0.1 with a free port and a store of the requested kind. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Config } from '../../src/config.js';
import { DEFAULT_CONFIG } from '../../src/config.js';
import type { RunningSluice, SluiceDeps } from '../../src/server/start-sluice.js';
import { startSluice } from '../../src/server/start-sluice.js';
import type { StoreKind } from './stores.js';
import { createPostgresDatabase } from './stores.js';

/** A running test server and what it was started with. */
export interface TestServer extends RunningSluice {
  readonly config: Config;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

/** Starts Sluice on a fresh store. */
export async function startTestServer(
  kind: StoreKind,
  overrides: Partial<Config> = {},
  deps: SluiceDeps = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-test-'));
  const database = kind === 'postgres' ? await createPostgresDatabase() : undefined;
  const config: Config = {
    ...DEFAULT_CONFIG,
    port: 0,
    dataDir,
    databaseUrl: database?.url,
    logLevel: 'error',
    ...overrides,
  };
  const sluice = await startSluice(config, deps);
  return {
    ...sluice,
    config,
    stop: async () => {
      await sluice.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Credentials any Sluice accepts. */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' };

/** A JS SDK client pointed at the server, with retries off so a failure shows on the first try. */
export function sagemakerClient(url: string, region = 'us-east-1'): SageMakerClient {
  return new SageMakerClient({ endpoint: url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}
