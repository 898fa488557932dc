/**
 * ListPipelineExecutionSteps, ListPipelineParametersForExecution and DescribePipelineDefinitionForExecution
 * (api-spec §2.14–2.16, §6.13).
 */
import type {
  ListPipelineExecutionStepsRequest,
  ListPipelineParametersForExecutionRequest,
  PipelineExecutionArnRequest,
} from '../../api/sagemaker/pipeline-shapes.js';
import type { ParameterAssignment } from '../../engine/execution/parameters.js';
import type { RequestContext } from '../../protocol/context.js';
import { ValidationException } from '../../protocol/errors.js';
import type { JsonObject } from '../../shared/json.js';
import type { ExecutionStepRow } from '../../store/executions.js';
import { listStepRows } from '../../store/executions.js';
import { findPipelineVersion } from '../../store/pipelines.js';
import type { SageMakerDeps } from './context.js';
import { requireExecution } from './executions.js';
import { executionMessages } from './messages.js';
import { decodeNextToken, pageScope, toPage } from './pagination.js';
import { compact, toEpochSeconds } from './wire.js';

/**
 * Page size of the step and parameter listings when MaxResults is absent: 100, the most allowed, because the
 * SageMaker Python SDK's `PipelineExecution.list_steps()` reads one page only.
 */
export const DEFAULT_DETAIL_PAGE_SIZE = 100;

/** Builds the execution-detail handlers. */
export function executionDetailHandlers(deps: SageMakerDeps) {
  const { db, definitions } = deps;

  /** One entry per started step, newest StartTime first (ties: the later-started first). */
  async function listPipelineExecutionSteps(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as ListPipelineExecutionStepsRequest;
    // The model leaves the ARN optional; without it there is nothing to list.
    if (input.PipelineExecutionArn === undefined)
      throw new ValidationException(executionMessages.missingExecutionArn());
    const execution = await requireExecution(db, ctx, input.PipelineExecutionArn);
    const definition = await definitions.get(db, execution.pipeline_id, execution.pipeline_version);
    const ascending = input.SortOrder === 'Ascending';
    const rows = (await listStepRows(db, execution.arn)).sort(
      (a, b) => (a.started_at - b.started_at || a.sequence - b.sequence) * (ascending ? 1 : -1),
    );
    const scope = pageScope('ListPipelineExecutionSteps', { arn: execution.arn, ascending });
    const offset = decodeNextToken(input.NextToken, scope);
    const limit = input.MaxResults ?? DEFAULT_DETAIL_PAGE_SIZE;
    const page = toPage(rows.slice(offset, offset + limit + 1), limit, offset, scope);
    return compact({
      PipelineExecutionSteps: page.items.map((row) => toExecutionStep(row, definition.stepsByName.get(row.step_name))),
      NextToken: page.nextToken,
    });
  }

  async function listPipelineParametersForExecution(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as ListPipelineParametersForExecutionRequest;
    const execution = await requireExecution(db, ctx, input.PipelineExecutionArn);
    const parameters = JSON.parse(execution.parameters_json) as ParameterAssignment[];
    const scope = pageScope('ListPipelineParametersForExecution', { arn: execution.arn });
    const offset = decodeNextToken(input.NextToken, scope);
    const limit = input.MaxResults ?? DEFAULT_DETAIL_PAGE_SIZE;
    const page = toPage(parameters.slice(offset, offset + limit + 1), limit, offset, scope);
    return compact({ PipelineParameters: page.items, NextToken: page.nextToken });
  }

  /** The definition the execution runs (its pipeline version's), even after UpdatePipeline. */
  async function describePipelineDefinitionForExecution(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as PipelineExecutionArnRequest;
    const execution = await requireExecution(db, ctx, input.PipelineExecutionArn);
    const version = await findPipelineVersion(db, execution.pipeline_id, execution.pipeline_version);
    if (!version) throw new Error(`version ${execution.pipeline_version} of ${execution.pipeline_arn} is missing`);
    return { PipelineDefinition: version.definition, CreationTime: toEpochSeconds(version.created_at) };
  }

  return { listPipelineExecutionSteps, listPipelineParametersForExecution, describePipelineDefinitionForExecution };
}

function toExecutionStep(
  row: ExecutionStepRow,
  step: { displayName?: string; description?: string } | undefined,
): object {
  return compact({
    StepName: row.step_name,
    StepDisplayName: step?.displayName,
    StepDescription: step?.description,
    StartTime: toEpochSeconds(row.started_at),
    EndTime: toEpochSeconds(row.ended_at),
    StepStatus: row.status,
    CacheHitResult: row.cache_hit_json === null ? undefined : (JSON.parse(row.cache_hit_json) as object),
    FailureReason: row.failure_reason,
    Metadata: JSON.parse(row.metadata_json) as object,
    AttemptCount: row.attempt,
    SelectiveExecutionResult: row.selective_json === null ? undefined : (JSON.parse(row.selective_json) as object),
  });
}
