/** CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, DeleteFunction. */
import { randomUUID } from 'node:crypto';
import { InvalidParameterValueException, ResourceConflictException } from '../../api/lambda/errors.js';
import type { RequestContext } from '../../protocol/context.js';
import { functionArn } from '../../runtimes/lambda/function-names.js';
import type { JsonObject } from '../../shared/json.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { LambdaFunctionRow } from '../../store/lambda.js';
import { deleteLambdaFunction, insertLambdaFunction, listLambdaFunctions } from '../../store/lambda.js';
import { readCodePackage, requireHandlerFile } from './code-package.js';
import type { LambdaServiceDeps } from './context.js';
import { requireFunction, targetOf } from './context.js';
import { codeLocation } from './code-download.js';
import { tagsOf, toFunctionConfiguration } from './mappers.js';
import { messages } from './messages.js';
import { environmentJson, requireRuntime, requireTimeout } from './settings.js';

/** Lambda's defaults. */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;
/** ListFunctions answers at most this many functions unless MaxItems says otherwise. */
const DEFAULT_PAGE_SIZE = 50;

/** CreateFunction: checks the package and settings, stores both, and unpacks the code for this node. */
export async function createFunction(deps: LambdaServiceDeps, input: JsonObject, ctx: RequestContext): Promise<object> {
  const code = input['Code'] as JsonObject;
  const zipFile = requireZipFile(code);
  if (input['PackageType'] === 'Image') throw new InvalidParameterValueException(messages.onlyZipFile());
  const runtime = input['Runtime'] as string | undefined;
  const handler = input['Handler'] as string | undefined;
  if (runtime === undefined || handler === undefined || handler === '') {
    throw new InvalidParameterValueException(messages.runtimeAndHandlerRequired());
  }
  const family = requireRuntime(runtime);
  const timeout = requireTimeout((input['Timeout'] as number | undefined) ?? DEFAULT_TIMEOUT_SECONDS);
  const environment = environmentJson(input['Environment'] as JsonObject | undefined);
  const pkg = readCodePackage(zipFile);
  requireHandlerFile(pkg.entries, family, runtime, handler);
  const target = targetOf(input['FunctionName'] as string, ctx);
  const now = deps.clock.now();
  const row: LambdaFunctionRow = {
    id: randomUUID(),
    account_id: target.accountId,
    region: target.region,
    name: target.name,
    arn: functionArn(target.region, target.accountId, target.name),
    runtime,
    handler,
    role: input['Role'] as string,
    description: (input['Description'] as string | undefined) ?? '',
    timeout_seconds: timeout,
    memory_size: (input['MemorySize'] as number | undefined) ?? DEFAULT_MEMORY_MB,
    environment_json: environment,
    tags_json: JSON.stringify(input['Tags'] ?? {}),
    code_sha256: pkg.sha256,
    code_size: pkg.zip.length,
    revision_id: randomUUID(),
    created_at: now,
    last_modified_at: now,
  };
  try {
    await deps.db.transaction().execute((trx) => insertLambdaFunction(trx, row, pkg.zip));
  } catch (error) {
    if (isUniqueViolation(error)) throw new ResourceConflictException(messages.functionExists(target.name));
    throw error;
  }
  unpackForThisNode(deps, row, pkg.zip);
  return toFunctionConfiguration(row);
}

/** GetFunction: the configuration, where to download the code, and the tags. */
export async function getFunction(deps: LambdaServiceDeps, input: JsonObject, ctx: RequestContext): Promise<object> {
  const row = await requireFunction(deps, targetOf(input['FunctionName'] as string, ctx, qualifierOf(input)));
  const tags = tagsOf(row);
  return {
    Configuration: toFunctionConfiguration(row),
    Code: { RepositoryType: 'S3', Location: codeLocation(ctx, row) },
    ...(tags === undefined ? {} : { Tags: tags }),
  };
}

/** GetFunctionConfiguration. */
export async function getFunctionConfiguration(
  deps: LambdaServiceDeps,
  input: JsonObject,
  ctx: RequestContext,
): Promise<object> {
  const row = await requireFunction(deps, targetOf(input['FunctionName'] as string, ctx, qualifierOf(input)));
  return toFunctionConfiguration(row);
}

/**
 * ListFunctions: by name, `MaxItems` (default 50) a page. The marker is the last name of the previous page,
 * base64url-encoded (opaque to clients, as Lambda's is). Sluice has only `$LATEST`, so FunctionVersion=ALL lists
 * the same.
 */
export async function listFunctions(deps: LambdaServiceDeps, input: JsonObject, ctx: RequestContext): Promise<object> {
  const limit = (input['MaxItems'] as number | undefined) ?? DEFAULT_PAGE_SIZE;
  const marker = input['Marker'] as string | undefined;
  let afterName: string | undefined;
  if (marker !== undefined && marker !== '') {
    afterName = Buffer.from(marker, 'base64url').toString('utf8');
    if (!/^[a-zA-Z0-9\-_]+$/.test(afterName)) throw new InvalidParameterValueException(messages.invalidMarker(marker));
  }
  const rows = await listLambdaFunctions(
    deps.db,
    { accountId: ctx.accountId, region: ctx.region },
    { afterName, limit: limit + 1 },
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Functions: page.map(toFunctionConfiguration),
    ...(rows.length > limit && last !== undefined ? { NextMarker: Buffer.from(last.name).toString('base64url') } : {}),
  };
}

/** DeleteFunction: 204, and this node's workers and unpacked code go with it. */
export async function deleteFunction(deps: LambdaServiceDeps, input: JsonObject, ctx: RequestContext): Promise<object> {
  const row = await requireFunction(deps, targetOf(input['FunctionName'] as string, ctx, qualifierOf(input)));
  await deps.db.transaction().execute((trx) => deleteLambdaFunction(trx, row.id));
  deps.functions.forget(row);
  return { StatusCode: 204 };
}

/** The base64 `ZipFile` of a `Code` member, or InvalidParameterValueException for the sources Sluice lacks. */
export function requireZipFile(code: JsonObject | undefined): string {
  const zipFile = code?.['ZipFile'];
  if (typeof zipFile !== 'string' || zipFile === '') {
    throw new InvalidParameterValueException(messages.onlyZipFile());
  }
  return zipFile;
}

/** Unpacks a package this node just received, so its first invocation does not wait for it. */
export function unpackForThisNode(deps: LambdaServiceDeps, row: LambdaFunctionRow, zip: Buffer): void {
  try {
    deps.functions.cache.store(
      { accountId: row.account_id, region: row.region, name: row.name, codeSha256: row.code_sha256 },
      zip,
    );
  } catch (error) {
    // The first invocation unpacks it again from the store.
    deps.logger.warn('lambda:unpack-failed', { function: row.arn, error });
  }
}

function qualifierOf(input: JsonObject): string | undefined {
  const qualifier = input['Qualifier'];
  return typeof qualifier === 'string' && qualifier !== '' ? qualifier : undefined;
}
