/** UpdateFunctionCode and UpdateFunctionConfiguration. Each change makes a new revision: warm workers are dropped. */
import { randomUUID } from 'node:crypto';
import { PreconditionFailedException, ResourceNotFoundException } from '../../api/lambda/errors.js';
import type { RequestContext } from '../../protocol/context.js';
import { readZipEntries } from '../../runtimes/lambda/zip-reader.js';
import type { JsonObject } from '../../shared/json.js';
import type { LambdaFunctionRow } from '../../store/lambda.js';
import { findLambdaCode, replaceLambdaCode, updateLambdaFunction } from '../../store/lambda.js';
import { readCodePackage, requireHandlerFile } from './code-package.js';
import type { LambdaServiceDeps } from './context.js';
import { requireFunction, targetOf } from './context.js';
import { requireZipFile, unpackForThisNode } from './functions.js';
import { toFunctionConfiguration } from './mappers.js';
import { messages } from './messages.js';
import { environmentJson, requireRuntime, requireTimeout } from './settings.js';

/** UpdateFunctionCode with `ZipFile` (DryRun checks the package and changes nothing). */
export async function updateFunctionCode(
  deps: LambdaServiceDeps,
  input: JsonObject,
  ctx: RequestContext,
): Promise<object> {
  const row = await requireFunction(deps, targetOf(input['FunctionName'] as string, ctx));
  requireRevision(row, input);
  const pkg = readCodePackage(requireZipFile(input));
  requireHandlerFile(pkg.entries, requireRuntime(row.runtime), row.runtime, row.handler);
  if (input['DryRun'] === true) return toFunctionConfiguration(row);
  const changes = {
    code_sha256: pkg.sha256,
    code_size: pkg.zip.length,
    revision_id: randomUUID(),
    last_modified_at: deps.clock.now(),
  };
  await deps.db.transaction().execute(async (trx) => {
    if (!(await updateLambdaFunction(trx, row.id, changes))) throw gone(row);
    await replaceLambdaCode(trx, row.id, pkg.sha256, pkg.zip);
  });
  const updated = { ...row, ...changes };
  deps.functions.forget(row, pkg.sha256);
  unpackForThisNode(deps, updated, pkg.zip);
  return toFunctionConfiguration(updated);
}

/**
 * UpdateFunctionConfiguration: Role, Handler, Description, Timeout, MemorySize, Environment (replaced whole; an
 * empty one removes the variables), Runtime. A new handler or runtime must find its file in the current package.
 */
export async function updateFunctionConfiguration(
  deps: LambdaServiceDeps,
  input: JsonObject,
  ctx: RequestContext,
): Promise<object> {
  const row = await requireFunction(deps, targetOf(input['FunctionName'] as string, ctx));
  requireRevision(row, input);
  const changes: Partial<LambdaFunctionRow> = {};
  if (typeof input['Role'] === 'string') changes.role = input['Role'];
  if (typeof input['Description'] === 'string') changes.description = input['Description'];
  if (typeof input['Timeout'] === 'number') changes.timeout_seconds = requireTimeout(input['Timeout']);
  if (typeof input['MemorySize'] === 'number') changes.memory_size = input['MemorySize'];
  if (input['Environment'] !== undefined && input['Environment'] !== null) {
    changes.environment_json = environmentJson(input['Environment'] as JsonObject);
  }
  if (typeof input['Runtime'] === 'string') changes.runtime = input['Runtime'];
  if (typeof input['Handler'] === 'string') changes.handler = input['Handler'];
  const runtime = changes.runtime ?? row.runtime;
  const handler = changes.handler ?? row.handler;
  const family = requireRuntime(runtime);
  if (changes.runtime !== undefined || changes.handler !== undefined) {
    const zip = await findLambdaCode(deps.db, row.id, row.code_sha256);
    if (zip === undefined) throw gone(row);
    requireHandlerFile(readZipEntries(zip), family, runtime, handler);
  }
  const update = { ...changes, revision_id: randomUUID(), last_modified_at: deps.clock.now() };
  if (!(await updateLambdaFunction(deps.db, row.id, update))) throw gone(row);
  deps.functions.forget(row, row.code_sha256);
  return toFunctionConfiguration({ ...row, ...update });
}

/** Refuses a stale `RevisionId` (optimistic locking, as Lambda does). */
function requireRevision(row: LambdaFunctionRow, input: JsonObject): void {
  const revision = input['RevisionId'];
  if (typeof revision === 'string' && revision !== row.revision_id) {
    throw new PreconditionFailedException(messages.revisionMismatch());
  }
}

function gone(row: LambdaFunctionRow): ResourceNotFoundException {
  return new ResourceNotFoundException(messages.functionNotFound(row.arn));
}
