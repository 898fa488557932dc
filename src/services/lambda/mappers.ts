/** Store rows → Lambda wire shapes (FunctionConfiguration, GetFunction's Code). */
import type { LambdaFunctionRow } from '../../store/lambda.js';

/** The FunctionConfiguration of a function, with the constant members Lambda reports for a plain zip function. */
export function toFunctionConfiguration(row: LambdaFunctionRow): Record<string, unknown> {
  const environment = row.environment_json === null ? undefined : (JSON.parse(row.environment_json) as object);
  return {
    FunctionName: row.name,
    FunctionArn: row.arn,
    Runtime: row.runtime,
    Role: row.role,
    Handler: row.handler,
    CodeSize: row.code_size,
    Description: row.description,
    Timeout: row.timeout_seconds,
    MemorySize: row.memory_size,
    LastModified: lambdaTimestamp(row.last_modified_at),
    CodeSha256: row.code_sha256,
    Version: '$LATEST',
    ...(environment === undefined ? {} : { Environment: { Variables: environment } }),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: row.revision_id,
    // Sluice has the function ready when CreateFunction answers, so waiters (function_active_v2) pass at once.
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${row.name}` },
  };
}

/** Lambda's LastModified format: `2024-01-31T12:34:56.789+0000`. */
export function lambdaTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** The tags of a function, or undefined when it has none (GetFunction then leaves `Tags` out). */
export function tagsOf(row: LambdaFunctionRow): Record<string, string> | undefined {
  const tags = JSON.parse(row.tags_json) as Record<string, string>;
  return Object.keys(tags).length === 0 ? undefined : tags;
}
