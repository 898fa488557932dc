/**
 * AddTags / ListTags / DeleteTags on pipeline ARNs (api-spec §2.19). SageMaker answers ValidationException,
 * not ResourceNotFound, for an ARN whose resource does not exist (observed for apps), so we do the same.
 * AddTags answers with the tags it was given (the model's wording is ambiguous; §9.12).
 */
import type { AddTagsInput, DeleteTagsInput, ListTagsInput, Tag } from '../../api/sagemaker/pipeline-shapes.js';
import type { RequestContext } from '../../protocol/context.js';
import { ValidationException } from '../../protocol/errors.js';
import type { JsonObject } from '../../shared/json.js';
import type { Db, PipelineRow } from '../../store/pipelines.js';
import { findPipeline } from '../../store/pipelines.js';
import { deleteTagRows, listTagRows, upsertTags } from '../../store/tags.js';
import { parsePipelineArn } from './arns.js';
import type { SageMakerDeps } from './context.js';
import { messages } from './messages.js';
import { decodeNextToken, pageScope, toPage } from './pagination.js';

/** Most tags a resource may carry. */
export const MAX_TAGS_PER_RESOURCE = 50;

/** Refuses reserved keys and more than 50 tags in all. */
export function checkTags(tags: readonly Tag[], resource: string, totalAfter: number): void {
  const reserved = tags.find((t) => t.Key.toLowerCase().startsWith('aws:'));
  if (reserved) throw new ValidationException(messages.reservedTagKey(reserved.Key));
  if (totalAfter > MAX_TAGS_PER_RESOURCE) throw new ValidationException(messages.tooManyTags(resource, totalAfter));
}

async function requireTaggable(db: Db, ctx: RequestContext, arn: string): Promise<PipelineRow> {
  const parts = parsePipelineArn(arn);
  const pipeline =
    parts && parts.region === ctx.region && parts.accountId === ctx.accountId
      ? await findPipeline(db, { ...ctx, name: parts.name })
      : undefined;
  if (!pipeline) throw new ValidationException(messages.taggedResourceNotFound(arn));
  return pipeline;
}

/** Builds the tag handlers. */
export function tagHandlers(deps: SageMakerDeps) {
  const { db } = deps;

  async function addTags(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as AddTagsInput;
    await db.transaction().execute(async (trx) => {
      const pipeline = await requireTaggable(trx, ctx, input.ResourceArn);
      const existing = new Set((await listTagRows(trx, pipeline.arn)).map((t) => t.key));
      const added = new Set(input.Tags.map((t) => t.Key).filter((k) => !existing.has(k)));
      checkTags(input.Tags, input.ResourceArn, existing.size + added.size);
      await upsertTags(
        trx,
        pipeline.arn,
        input.Tags.map((t) => ({ key: t.Key, value: t.Value })),
      );
    });
    return { Tags: input.Tags };
  }

  async function listTags(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as ListTagsInput;
    const pipeline = await requireTaggable(db, ctx, input.ResourceArn);
    const scope = pageScope('ListTags', { arn: pipeline.arn });
    const offset = decodeNextToken(input.NextToken, scope);
    const limit = input.MaxResults ?? MAX_TAGS_PER_RESOURCE;
    const tags = await listTagRows(db, pipeline.arn);
    const page = toPage(tags.slice(offset, offset + limit + 1), limit, offset, scope);
    return {
      Tags: page.items.map((t) => ({ Key: t.key, Value: t.value })),
      ...(page.nextToken !== undefined && { NextToken: page.nextToken }),
    };
  }

  async function deleteTags(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as DeleteTagsInput;
    await db.transaction().execute(async (trx) => {
      const pipeline = await requireTaggable(trx, ctx, input.ResourceArn);
      await deleteTagRows(trx, pipeline.arn, input.TagKeys);
    });
    return {};
  }

  return { addTags, listTags, deleteTags };
}
