/** What the Lambda handlers share: their dependencies and the lookup of a function by any form of its name. */
import { ResourceNotFoundException } from '../../api/lambda/errors.js';
import type { RequestContext } from '../../protocol/context.js';
import { functionArn, parseFunctionReference } from '../../runtimes/lambda/function-names.js';
import type { LocalFunctions } from '../../runtimes/lambda/local-functions.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { LambdaFunctionRow } from '../../store/lambda.js';
import type { Db } from '../../store/pipelines.js';
import { messages } from './messages.js';

/** Dependencies of the Lambda handlers. */
export interface LambdaServiceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly functions: LocalFunctions;
  readonly logger: Logger;
}

/** A function named as the request names it (name, partial or full ARN), in the request's region and account. */
export interface FunctionTarget {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  /** The ARN to quote in ResourceNotFoundException, with the qualifier if one was given. */
  readonly arnForMessage: string;
  /** A qualifier other than `$LATEST`: Sluice has no versions or aliases, so such a function never exists. */
  readonly foreignQualifier: boolean;
}

/**
 * Resolves a FunctionName (the model has checked its pattern). An ARN's region and account are used as given:
 * a function of another region or account is simply not found.
 */
export function targetOf(text: string, ctx: RequestContext, qualifier?: string): FunctionTarget {
  const ref = parseFunctionReference(text);
  const name = ref?.name ?? text;
  const region = ref?.region ?? ctx.region;
  const accountId = ref?.accountId ?? ctx.accountId;
  const q = qualifier ?? ref?.qualifier;
  return {
    accountId,
    region,
    name,
    arnForMessage: `${functionArn(region, accountId, name)}${q === undefined ? '' : `:${q}`}`,
    foreignQualifier: q !== undefined && q !== '$LATEST',
  };
}

/** The function, or ResourceNotFoundException quoting its ARN. */
export async function requireFunction(deps: LambdaServiceDeps, target: FunctionTarget): Promise<LambdaFunctionRow> {
  const row = target.foreignQualifier ? undefined : await deps.functions.find(target);
  if (row === undefined) throw new ResourceNotFoundException(messages.functionNotFound(target.arnForMessage));
  return row;
}
