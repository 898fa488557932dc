import { ConfigError, loadConfig, SERVE_OPTIONS } from '../../config.js';
import { startSluice } from '../../server/start-sluice.js';

/** Help text of `sluice serve`. */
export function serveHelp(): string {
  const lines = Object.entries(SERVE_OPTIONS).map(
    ([name, o]) => `  --${name.padEnd(16)} ${o.help} (env ${o.env}; default ${o.default || 'none'})`,
  );
  return [
    'Usage: sluice serve [options]',
    '',
    'Runs Sluice: one HTTP endpoint speaking the SageMaker Pipelines API.',
    '',
    'Options:',
    ...lines,
    '',
    'Example: sluice serve --port 4599 --data-dir ./.sluice',
  ].join('\n');
}

/** `sluice serve`: runs until SIGINT or SIGTERM, then shuts down cleanly. Returns the exit code. */
export async function runServe(argv: readonly string[]): Promise<number> {
  let config;
  try {
    config = loadConfig(argv, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`sluice serve: ${error.message}\n\n${serveHelp()}\n`);
      return 2;
    }
    throw error;
  }
  const sluice = await startSluice(config);
  process.stdout.write(`Sluice is listening on ${sluice.url}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sluice.close();
  return 0;
}
