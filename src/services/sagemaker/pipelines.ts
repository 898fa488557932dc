/** CreatePipeline, DescribePipeline, UpdatePipeline, DeletePipeline, ListPipelines (api-spec §2.1–2.5). */
import { randomUUID } from 'node:crypto';
import type {
  CreatePipelineRequest,
  DeletePipelineRequest,
  DescribePipelineRequest,
  ListPipelinesRequest,
  UpdatePipelineRequest,
} from '../../api/sagemaker/pipeline-shapes.js';
import type { RequestContext } from '../../protocol/context.js';
import { ConflictException, ResourceNotFound, ValidationException } from '../../protocol/errors.js';
import { deleteExecutionsOf, hasRunningExecutions } from '../../store/executions.js';
import type { JsonObject } from '../../shared/json.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { Db, PipelineRow } from '../../store/pipelines.js';
import {
  deletePipelineRow,
  findPipeline,
  findPipelineWithVersion,
  insertPipeline,
  insertPipelineVersion,
  listPipelineRows,
  updatePipelineRow,
} from '../../store/pipelines.js';
import { upsertTags } from '../../store/tags.js';
import { pipelineArn, pipelineNameIn } from './arns.js';
import type { SageMakerDeps } from './context.js';
import { requireDefinitionText } from './definitions.js';
import { runIdempotent } from './idempotency.js';
import { executionMessages, messages } from './messages.js';
import { decodeNextToken, pageScope, toPage } from './pagination.js';
import { checkTags } from './tags.js';
import { compact, timestampToMs, toEpochSeconds } from './wire.js';

/** Default page size of ListPipelines when MaxResults is absent (the SageMaker norm for List calls). */
export const DEFAULT_PAGE_SIZE = 10;

/** The pipeline `nameOrArn` designates, or ResourceNotFound. */
export async function requirePipeline(db: Db, ctx: RequestContext, nameOrArn: string): Promise<PipelineRow> {
  const name = pipelineNameIn(ctx, nameOrArn);
  const row = name === undefined ? undefined : await findPipeline(db, { ...ctx, name });
  if (!row) throw new ResourceNotFound(messages.pipelineNotFound(nameOrArn));
  return row;
}

/** Builds the pipeline handlers. */
export function pipelineHandlers(deps: SageMakerDeps) {
  const { db, clock } = deps;

  async function createPipeline(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as CreatePipelineRequest;
    const definition = requireDefinitionText(input, true, deps.jobs?.s3.readObject) as string;
    const tags = input.Tags ?? [];
    checkTags(tags, input.PipelineName, tags.length);
    const now = clock.now();
    return runIdempotent(db, ctx, { operation: 'CreatePipeline', input: raw, now }, async (trx) => {
      if (await findPipeline(trx, { ...ctx, name: input.PipelineName })) {
        throw new ValidationException(messages.duplicatePipeline(input.PipelineName));
      }
      const arn = pipelineArn(ctx, input.PipelineName);
      const id = randomUUID();
      try {
        await insertPipeline(
          trx,
          {
            id,
            account_id: ctx.accountId,
            region: ctx.region,
            name: input.PipelineName,
            name_key: input.PipelineName.toLowerCase(),
            arn,
            display_name: input.PipelineDisplayName ?? input.PipelineName,
            description: input.PipelineDescription ?? null,
            role_arn: input.RoleArn,
            max_parallel_steps: input.ParallelismConfiguration?.MaxParallelExecutionSteps ?? null,
            status: 'Active',
            latest_version: 1,
            created_at: now,
            last_modified_at: now,
            last_run_at: null,
          },
          {
            pipeline_id: id,
            version_id: 1,
            definition,
            display_name: null,
            description: null,
            created_at: now,
            last_execution_arn: null,
          },
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw new ValidationException(messages.duplicatePipeline(input.PipelineName));
        throw error;
      }
      await upsertTags(
        trx,
        arn,
        tags.map((t) => ({ key: t.Key, value: t.Value })),
      );
      return { PipelineArn: arn };
    });
  }

  async function describePipeline(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as DescribePipelineRequest;
    const name = pipelineNameIn(ctx, input.PipelineName);
    const found =
      name === undefined ? undefined : await findPipelineWithVersion(db, { ...ctx, name }, input.PipelineVersionId);
    if (!found) throw new ResourceNotFound(messages.pipelineNotFound(input.PipelineName));
    const { pipeline, version } = found;
    if (!version) {
      const versionId = input.PipelineVersionId ?? pipeline.latest_version;
      throw new ResourceNotFound(messages.pipelineVersionNotFound(input.PipelineName, versionId));
    }
    return compact({
      PipelineArn: pipeline.arn,
      PipelineName: pipeline.name,
      PipelineDisplayName: pipeline.display_name,
      PipelineDefinition: version.definition,
      PipelineDescription: pipeline.description,
      RoleArn: pipeline.role_arn,
      PipelineStatus: pipeline.status,
      CreationTime: toEpochSeconds(pipeline.created_at),
      LastModifiedTime: toEpochSeconds(pipeline.last_modified_at),
      LastRunTime: toEpochSeconds(pipeline.last_run_at),
      CreatedBy: {},
      LastModifiedBy: {},
      ParallelismConfiguration:
        pipeline.max_parallel_steps === null ? undefined : { MaxParallelExecutionSteps: pipeline.max_parallel_steps },
      PipelineVersionDisplayName: version.display_name,
      PipelineVersionDescription: version.description,
    });
  }

  /**
   * Only the members given change. A new version is made only when a definition is given: a change of
   * description, display name, role or parallelism alone does not make one (api-spec §9.9, our choice).
   */
  async function updatePipeline(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as UpdatePipelineRequest;
    const definition = requireDefinitionText(input, false, deps.jobs?.s3.readObject);
    const now = clock.now();
    return db.transaction().execute(async (trx) => {
      const pipeline = await requirePipeline(trx, ctx, input.PipelineName);
      let latest = pipeline.latest_version;
      if (definition !== undefined) {
        latest += 1;
        await insertPipelineVersion(trx, {
          pipeline_id: pipeline.id,
          version_id: latest,
          definition,
          display_name: null,
          description: null,
          created_at: now,
          last_execution_arn: null,
        });
      }
      await updatePipelineRow(trx, pipeline.id, {
        latest_version: latest,
        last_modified_at: now,
        ...(input.PipelineDisplayName !== undefined && { display_name: input.PipelineDisplayName }),
        ...(input.PipelineDescription !== undefined && { description: input.PipelineDescription }),
        ...(input.RoleArn !== undefined && { role_arn: input.RoleArn }),
        ...(input.ParallelismConfiguration !== undefined && {
          max_parallel_steps: input.ParallelismConfiguration.MaxParallelExecutionSteps,
        }),
      });
      return { PipelineArn: pipeline.arn, PipelineVersionId: latest };
    });
  }

  async function deletePipeline(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as DeletePipelineRequest;
    return runIdempotent(db, ctx, { operation: 'DeletePipeline', input: raw, now: clock.now() }, async (trx) => {
      const pipeline = await requirePipeline(trx, ctx, input.PipelineName);
      // The model docs: running executions must be stopped first; deleting a pipeline deletes its executions.
      if (await hasRunningExecutions(trx, pipeline.id)) {
        throw new ConflictException(executionMessages.runningExecutions(pipeline.name));
      }
      await deleteExecutionsOf(trx, pipeline.id);
      await deletePipelineRow(trx, pipeline);
      return { PipelineArn: pipeline.arn };
    });
  }

  async function listPipelines(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as ListPipelinesRequest;
    const filters = {
      namePrefix: input.PipelineNamePrefix,
      createdAfter: timestampToMs(input.CreatedAfter, 'CreatedAfter'),
      createdBefore: timestampToMs(input.CreatedBefore, 'CreatedBefore'),
      // The docs give CreationTime as the default key; the order is newest first like every other list.
      sortBy: input.SortBy ?? 'CreationTime',
      ascending: input.SortOrder === 'Ascending',
    };
    const scope = pageScope('ListPipelines', filters);
    const offset = decodeNextToken(input.NextToken, scope);
    const limit = input.MaxResults ?? DEFAULT_PAGE_SIZE;
    const rows = await listPipelineRows(db, { ...ctx, ...filters, offset, limit: limit + 1 });
    const page = toPage(rows, limit, offset, scope);
    return compact({
      PipelineSummaries: page.items.map((p) =>
        compact({
          PipelineArn: p.arn,
          PipelineName: p.name,
          PipelineDisplayName: p.display_name,
          PipelineDescription: p.description,
          RoleArn: p.role_arn,
          CreationTime: toEpochSeconds(p.created_at),
          LastModifiedTime: toEpochSeconds(p.last_modified_at),
          LastExecutionTime: toEpochSeconds(p.last_run_at),
        }),
      ),
      NextToken: page.nextToken,
    });
  }

  return { createPipeline, describePipeline, updatePipeline, deletePipeline, listPipelines };
}
