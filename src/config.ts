/** Server configuration: command-line flags over `SLUICE_*` environment variables over defaults. */
import { parseArgs } from 'node:util';
import type { LogLevel } from './shared/logger.js';
import type { SluiceConfigFile } from './sluice-config.js';
import { DEFAULT_SLUICE_CONFIG_FILE, readSluiceConfigFile, SluiceConfigError } from './sluice-config.js';

/** Everything `sluice serve` can be told. */
export interface Config {
  readonly host: string;
  readonly port: number;
  /** Folder of the SQLite database (and, later, function code and artifacts); `:memory:` for tests. */
  readonly dataDir: string;
  /** A PostgreSQL URL; when set, the store lives there instead of in the data folder. */
  readonly databaseUrl: string | undefined;
  readonly accountId: string;
  readonly maxBodyBytes: number;
  readonly logLevel: LogLevel;
  /**
   * Serve moto's `POST /moto-api/reset` (and `POST /_sluice/reset`), which wipe all state, so test suites written
   * for moto's server mode run unchanged. Off by default: one unauthenticated request must never wipe a
   * self-hosted server (`--allow-reset`, SLUICE_ALLOW_RESET=1).
   */
  readonly allowReset: boolean;
  /** A real SQS-compatible endpoint for Callback messages; the built-in SQS when undefined. */
  readonly sqsEndpoint: string | undefined;
  /** A real Lambda-compatible endpoint for Lambda steps; the built-in function host when undefined. */
  readonly lambdaEndpoint: string | undefined;
  /** The config file (`--config`): how job steps run; everything simulated without one. */
  readonly configFile: SluiceConfigFile;
}

/** Defaults: loopback only, so nothing is exposed unless asked for. */
export const DEFAULT_CONFIG: Config = {
  host: '127.0.0.1',
  port: 4599,
  dataDir: '.sluice',
  databaseUrl: undefined,
  accountId: '000000000000',
  // An inline definition may be 1,048,576 characters, which JSON escaping can more than double.
  maxBodyBytes: 8 * 1024 * 1024,
  logLevel: 'info',
  sqsEndpoint: undefined,
  allowReset: false,
  lambdaEndpoint: undefined,
  configFile: DEFAULT_SLUICE_CONFIG_FILE,
};

/** A configuration mistake, reported as one line without a stack. */
export class ConfigError extends Error {}

/** The flags of `sluice serve`, with their environment variables, for parsing and for --help. */
export const SERVE_OPTIONS = {
  host: { env: 'SLUICE_HOST', help: 'address to listen on', default: DEFAULT_CONFIG.host },
  port: { env: 'SLUICE_PORT', help: 'port to listen on (0 picks a free one)', default: String(DEFAULT_CONFIG.port) },
  'data-dir': { env: 'SLUICE_DATA_DIR', help: 'folder for the SQLite store', default: DEFAULT_CONFIG.dataDir },
  'database-url': { env: 'SLUICE_DATABASE_URL', help: 'postgres://… to store in PostgreSQL instead', default: '' },
  'account-id': {
    env: 'SLUICE_ACCOUNT_ID',
    help: '12-digit account id used in ARNs',
    default: DEFAULT_CONFIG.accountId,
  },
  'max-body-bytes': {
    env: 'SLUICE_MAX_BODY_BYTES',
    help: 'largest request body accepted',
    default: String(DEFAULT_CONFIG.maxBodyBytes),
  },
  'sqs-endpoint': {
    env: 'SLUICE_SQS_ENDPOINT',
    help: 'send Callback messages to this SQS-compatible endpoint instead of the built-in SQS',
    default: '',
  },
  'lambda-endpoint': {
    env: 'SLUICE_LAMBDA_ENDPOINT',
    help: 'invoke Lambda steps on this Lambda-compatible endpoint instead of the built-in function host',
    default: '',
  },
  config: {
    env: 'SLUICE_CONFIG',
    help: 'JSON file saying how job steps run (docs/config.md)',
    default: '',
  },
  'log-level': {
    env: 'SLUICE_LOG_LEVEL',
    help: 'debug | info | warn | error | silent',
    default: DEFAULT_CONFIG.logLevel,
  },
} as const;

type OptionName = keyof typeof SERVE_OPTIONS;

/** Reads the configuration; throws ConfigError with a message naming the flag on a bad value. */
export function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Config {
  let values: Partial<Record<OptionName, string>>;
  let allowReset: boolean;
  try {
    const options = Object.fromEntries(
      Object.keys(SERVE_OPTIONS).map((name) => [name, { type: 'string' as const }]),
    ) as Record<OptionName, { type: 'string' }>;
    const parsed = parseArgs({
      args: [...argv],
      options: { ...options, 'allow-reset': { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }).values;
    const { 'allow-reset': reset, ...strings } = parsed;
    allowReset = reset === true || ['1', 'true', 'yes'].includes((env['SLUICE_ALLOW_RESET'] ?? '').toLowerCase());
    values = strings;
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
  const pick = (name: OptionName): string =>
    values[name] ?? env[SERVE_OPTIONS[name].env] ?? SERVE_OPTIONS[name].default;
  const port = integerOption('port', pick('port'), 0, 65535);
  const accountId = pick('account-id');
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`--account-id must be 12 digits, got '${accountId}'`);
  const logLevel = pick('log-level');
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError(`--log-level must be debug, info, warn, error or silent, got '${logLevel}'`);
  }
  const databaseUrl = pick('database-url') || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`--database-url must start with postgres:// or postgresql://`);
  }
  return {
    host: pick('host'),
    port,
    dataDir: pick('data-dir'),
    databaseUrl,
    accountId,
    maxBodyBytes: integerOption('max-body-bytes', pick('max-body-bytes'), 1024, 1024 * 1024 * 1024),
    logLevel: logLevel as LogLevel,
    sqsEndpoint: urlOption('sqs-endpoint', pick('sqs-endpoint')),
    lambdaEndpoint: urlOption('lambda-endpoint', pick('lambda-endpoint')),
    configFile: configFileOption(pick('config')),
    allowReset,
  };
}

function integerOption(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`--${name} must be a whole number from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

function urlOption(name: string, text: string): string | undefined {
  if (text === '') return undefined;
  if (!/^https?:\/\/[^/]/.test(text))
    throw new ConfigError(`--${name} must be an http:// or https:// URL, got '${text}'`);
  return text;
}

function configFileOption(path: string): SluiceConfigFile {
  if (path === '') return DEFAULT_SLUICE_CONFIG_FILE;
  try {
    return readSluiceConfigFile(path);
  } catch (error) {
    if (error instanceof SluiceConfigError) throw new ConfigError(error.message);
    throw error;
  }
}
