/** ListPipelineVersions and UpdatePipelineVersion (api-spec §2.6–2.7, §6.11). */
import type { ListPipelineVersionsRequest, UpdatePipelineVersionRequest } from '../../api/sagemaker/pipeline-shapes.js';
import type { RequestContext } from '../../protocol/context.js';
import { ResourceNotFound } from '../../protocol/errors.js';
import type { JsonObject } from '../../shared/json.js';
import { findPipelineVersion, listPipelineVersionRows, updatePipelineVersionRow } from '../../store/pipelines.js';
import type { SageMakerDeps } from './context.js';
import { messages } from './messages.js';
import { decodeNextToken, pageScope, toPage } from './pagination.js';
import { DEFAULT_PAGE_SIZE, requirePipeline } from './pipelines.js';
import { compact, timestampToMs, toEpochSeconds } from './wire.js';

/** Builds the pipeline-version handlers. */
export function pipelineVersionHandlers(deps: SageMakerDeps) {
  const { db } = deps;

  /** Newest version first by default: the Python SDK reads item 0 of MaxResults=1 as the latest version. */
  async function listPipelineVersions(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as ListPipelineVersionsRequest;
    const pipeline = await requirePipeline(db, ctx, input.PipelineName);
    const filters = {
      pipelineId: pipeline.id,
      createdAfter: timestampToMs(input.CreatedAfter, 'CreatedAfter'),
      createdBefore: timestampToMs(input.CreatedBefore, 'CreatedBefore'),
      ascending: input.SortOrder === 'Ascending',
    };
    const scope = pageScope('ListPipelineVersions', filters);
    const offset = decodeNextToken(input.NextToken, scope);
    const limit = input.MaxResults ?? DEFAULT_PAGE_SIZE;
    const rows = await listPipelineVersionRows(db, { ...filters, offset, limit: limit + 1 });
    const page = toPage(rows, limit, offset, scope);
    return compact({
      PipelineVersionSummaries: page.items.map((v) =>
        compact({
          PipelineArn: pipeline.arn,
          PipelineVersionId: v.version_id,
          CreationTime: toEpochSeconds(v.created_at),
          PipelineVersionDescription: v.description,
          PipelineVersionDisplayName: v.display_name,
          LastExecutionPipelineExecutionArn: v.last_execution_arn,
        }),
      ),
      NextToken: page.nextToken,
    });
  }

  async function updatePipelineVersion(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as UpdatePipelineVersionRequest;
    return db.transaction().execute(async (trx) => {
      const pipeline = await requirePipeline(trx, ctx, input.PipelineArn);
      const version = await findPipelineVersion(trx, pipeline.id, input.PipelineVersionId);
      if (!version) {
        throw new ResourceNotFound(messages.pipelineVersionNotFound(input.PipelineArn, input.PipelineVersionId));
      }
      await updatePipelineVersionRow(trx, pipeline.id, version.version_id, {
        ...(input.PipelineVersionDisplayName !== undefined && { display_name: input.PipelineVersionDisplayName }),
        ...(input.PipelineVersionDescription !== undefined && { description: input.PipelineVersionDescription }),
      });
      return { PipelineArn: pipeline.arn, PipelineVersionId: version.version_id };
    });
  }

  return { listPipelineVersions, updatePipelineVersion };
}
