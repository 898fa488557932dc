/** SageMaker ARNs (api-spec §5) and the lookups by name-or-ARN that several operations accept. */
import type { RequestContext } from '../../protocol/context.js';

/** `arn:aws:sagemaker:<region>:<account>:pipeline/<name>`, keeping the name's case as AWS does today. */
export function pipelineArn(ctx: Pick<RequestContext, 'region' | 'accountId'>, name: string): string {
  return `arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:pipeline/${name}`;
}

const PIPELINE_ARN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]*):(\d{12}|aws):pipeline\/([^/]+)$/;

/** The parts of a pipeline ARN, or undefined when `arn` is not one. */
export function parsePipelineArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = PIPELINE_ARN.exec(arn);
  return m ? { region: m[1] ?? '', accountId: m[2] ?? '', name: m[3] ?? '' } : undefined;
}

/**
 * The pipeline name a `PipelineNameOrArn` member designates in this account and region, or undefined when
 * it is an ARN of another account or region (which cannot exist here).
 */
export function pipelineNameIn(ctx: RequestContext, nameOrArn: string): string | undefined {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn;
  const parts = parsePipelineArn(nameOrArn);
  if (!parts || parts.region !== ctx.region || parts.accountId !== ctx.accountId) return undefined;
  return parts.name;
}
