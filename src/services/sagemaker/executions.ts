/**
 * StartPipelineExecution, DescribePipelineExecution, ListPipelineExecutions, UpdatePipelineExecution and
 * StopPipelineExecution (api-spec §2.8–2.13, §6.4).
 */
import type {
  ListPipelineExecutionsRequest,
  StartPipelineExecutionRequest,
  StopPipelineExecutionRequest,
  UpdatePipelineExecutionRequest,
  PipelineExecutionArnRequest,
} from '../../api/sagemaker/pipeline-shapes.js';
import { resolveExperimentConfig } from '../../engine/execution/experiment.js';
import { effectiveParameters, ParameterError, typedParameters } from '../../engine/execution/parameters.js';
import type { RequestContext } from '../../protocol/context.js';
import { ResourceNotFound, ValidationException } from '../../protocol/errors.js';
import type { JsonObject } from '../../shared/json.js';
import type { ExecutionRow } from '../../store/executions.js';
import {
  insertExecution,
  listExecutionRows,
  listStepRows,
  lockExecution,
  updateExecution,
  upsertStepRows,
} from '../../store/executions.js';
import type { SelectiveExecutionConfig } from '../../api/sagemaker/pipeline-shapes.js';
import type { PipelineDefinition } from '../../engine/definition/types.js';
import { checkSelection, SelectionError } from '../../engine/execution/selective.js';
import type { StepRecord } from '../../engine/execution/types.js';
import { toStepRecord, toStepRow } from '../../runner/records.js';
import type { Db } from '../../store/pipelines.js';
import { findExecution } from '../../store/executions.js';
import { markPipelineRun, markVersionRun } from '../../store/pipelines.js';
import { changesOf, publishChanges } from '../../store/change-feed.js';
import type { SageMakerDeps } from './context.js';
import { runIdempotentThen } from './idempotency.js';
import { executionMessages, messages, retryMessages } from './messages.js';
import { decodeNextToken, pageScope, toPage } from './pagination.js';
import { DEFAULT_PAGE_SIZE, requirePipeline } from './pipelines.js';
import { compact, timestampToMs, toEpochSeconds } from './wire.js';

/** The execution an ARN designates in this account and region, or ResourceNotFound. */
export async function requireExecution(db: Db, ctx: RequestContext, arn: string): Promise<ExecutionRow> {
  const row = await findExecution(db, arn);
  if (!row || row.account_id !== ctx.accountId || row.region !== ctx.region) {
    throw new ResourceNotFound(executionMessages.executionNotFound(arn));
  }
  return row;
}

/** Builds the execution handlers. */
export function executionHandlers(deps: SageMakerDeps) {
  const { db, clock, ids, definitions } = deps;

  async function startPipelineExecution(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as StartPipelineExecutionRequest;
    const pipeline = await requirePipeline(db, ctx, input.PipelineName);
    const versionId = input.PipelineVersionId ?? pipeline.latest_version;
    if (versionId > pipeline.latest_version) {
      throw new ResourceNotFound(messages.pipelineVersionNotFound(input.PipelineName, versionId));
    }
    const definition = await definitions.get(db, pipeline.id, versionId);
    let parameters;
    try {
      parameters = effectiveParameters(definition, input.PipelineParameters ?? []);
    } catch (error) {
      if (error instanceof ParameterError) throw new ValidationException(error.message);
      throw error;
    }
    const selection = input.SelectiveExecutionConfig
      ? await selectionOf(db, ctx, pipeline.id, definition, input.SelectiveExecutionConfig)
      : undefined;
    const now = clock.now();
    return runIdempotentThen(db, ctx, { operation: 'StartPipelineExecution', input: raw, now }, async (trx) => {
      const id = ids.executionId();
      const arn = `${pipeline.arn}/execution/${id}`;
      const experiment = resolveExperimentConfig(definition, {
        definition,
        parameters: typedParameters(definition, parameters),
        execution: {
          pipelineExecutionId: id,
          pipelineExecutionArn: arn,
          pipelineName: pipeline.name,
          pipelineArn: pipeline.arn,
          startTimeMs: now,
        },
        nowMs: now,
        stepProperties: () => undefined,
        propertyFile: () => undefined,
        readObject: () => undefined,
      });
      await insertExecution(trx, {
        arn,
        id,
        pipeline_id: pipeline.id,
        pipeline_version: versionId,
        account_id: ctx.accountId,
        region: ctx.region,
        pipeline_name: pipeline.name,
        pipeline_arn: pipeline.arn,
        status: 'Executing',
        display_name: input.PipelineExecutionDisplayName ?? `execution-${now}`,
        description: input.PipelineExecutionDescription ?? null,
        failure_reason: null,
        parameters_json: JSON.stringify(parameters),
        max_parallel_steps:
          input.ParallelismConfiguration?.MaxParallelExecutionSteps ?? pipeline.max_parallel_steps ?? null,
        selective_json: input.SelectiveExecutionConfig ? JSON.stringify(input.SelectiveExecutionConfig) : null,
        experiment_json: experiment ? JSON.stringify(experiment) : null,
        created_at: now,
        last_modified_at: now,
        ended_at: null,
        wake_at: now,
      });
      if (selection)
        await upsertStepRows(
          trx,
          selection.copies.map((r) => toStepRow(arn, r)),
        );
      // Starting an execution moves the pipeline's LastRunTime and LastModifiedTime (api-spec §2.5).
      await markPipelineRun(trx, pipeline.id, now);
      await markVersionRun(trx, pipeline.id, versionId, arn);
      // The first steps start in this same transaction (the scheduler's decision, committed with the start).
      const advanced = await deps.advanceWithin(trx, arn);
      return {
        answer: { PipelineExecutionArn: arn },
        afterCommit: () => {
          publishChanges(db, changesOf(arn, pipeline.name, [], 'Executing'));
          advanced();
        },
      };
    });
  }

  async function describePipelineExecution(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as PipelineExecutionArnRequest;
    const row = await requireExecution(db, ctx, input.PipelineExecutionArn);
    return compact({
      PipelineArn: row.pipeline_arn,
      PipelineExecutionArn: row.arn,
      PipelineExecutionDisplayName: row.display_name,
      PipelineExecutionStatus: row.status,
      PipelineExecutionDescription: row.description,
      PipelineExperimentConfig: row.experiment_json === null ? undefined : (JSON.parse(row.experiment_json) as object),
      FailureReason: row.failure_reason,
      CreationTime: toEpochSeconds(row.created_at),
      LastModifiedTime: toEpochSeconds(row.last_modified_at),
      CreatedBy: {},
      LastModifiedBy: {},
      ParallelismConfiguration:
        row.max_parallel_steps === null ? undefined : { MaxParallelExecutionSteps: row.max_parallel_steps },
      SelectiveExecutionConfig: row.selective_json === null ? undefined : (JSON.parse(row.selective_json) as object),
      PipelineVersionId: row.pipeline_version,
    });
  }

  async function listPipelineExecutions(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as ListPipelineExecutionsRequest;
    const pipeline = await requirePipeline(db, ctx, input.PipelineName);
    const filters = {
      pipelineId: pipeline.id,
      createdAfter: timestampToMs(input.CreatedAfter, 'CreatedAfter'),
      createdBefore: timestampToMs(input.CreatedBefore, 'CreatedBefore'),
      sortBy: input.SortBy ?? 'CreationTime',
      // Newest first unless asked otherwise, as AWS answers (api-spec §2.13).
      ascending: input.SortOrder === 'Ascending',
    };
    const scope = pageScope('ListPipelineExecutions', filters);
    const offset = decodeNextToken(input.NextToken, scope);
    const limit = input.MaxResults ?? DEFAULT_PAGE_SIZE;
    const rows = await listExecutionRows(db, { ...filters, offset, limit: limit + 1 });
    const page = toPage(rows, limit, offset, scope);
    return compact({
      PipelineExecutionSummaries: page.items.map((e) =>
        compact({
          PipelineExecutionArn: e.arn,
          StartTime: toEpochSeconds(e.created_at),
          PipelineExecutionStatus: e.status,
          PipelineExecutionDescription: e.description,
          PipelineExecutionDisplayName: e.display_name,
          PipelineExecutionFailureReason: e.failure_reason,
        }),
      ),
      NextToken: page.nextToken,
    });
  }

  async function updatePipelineExecution(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as UpdatePipelineExecutionRequest;
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const row = await requireExecution(trx, ctx, input.PipelineExecutionArn);
      await lockExecution(trx, deps.dialect, row.arn);
      await updateExecution(trx, row.arn, {
        last_modified_at: now,
        ...(input.PipelineExecutionDisplayName !== undefined && { display_name: input.PipelineExecutionDisplayName }),
        ...(input.PipelineExecutionDescription !== undefined && { description: input.PipelineExecutionDescription }),
        ...(input.ParallelismConfiguration !== undefined && {
          max_parallel_steps: input.ParallelismConfiguration.MaxParallelExecutionSteps,
          // A larger limit may let waiting steps start.
          wake_at: now,
        }),
      });
    });
    deps.wakeScheduler();
    return { PipelineExecutionArn: input.PipelineExecutionArn };
  }

  /**
   * Executing → Stopping; the scheduler stops what runs and settles Stopped. A stop of an execution already
   * Stopping answers success without a second stop (api-spec §6.4); any other status is refused with the text
   * Apache Airflow's SageMaker hook matches on.
   */
  async function stopPipelineExecution(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as StopPipelineExecutionRequest;
    const now = clock.now();
    const found = await requireExecution(db, ctx, input.PipelineExecutionArn);
    return runIdempotentThen(db, ctx, { operation: 'StopPipelineExecution', input: raw, now }, async (trx) => {
      const row = await lockExecution(trx, deps.dialect, input.PipelineExecutionArn);
      if (!row) throw new ResourceNotFound(executionMessages.executionNotFound(input.PipelineExecutionArn));
      const answer = { PipelineExecutionArn: row.arn };
      if (row.status === 'Stopping') return { answer, afterCommit: () => undefined };
      if (row.status !== 'Executing') throw new ValidationException(executionMessages.notStoppable());
      await updateExecution(trx, row.arn, { status: 'Stopping', last_modified_at: now, wake_at: now });
      // What runs is told to stop in this same transaction (the scheduler's decision, committed with the stop).
      const advanced = await deps.advanceWithin(trx, row.arn);
      return {
        answer,
        afterCommit: () => {
          publishChanges(db, changesOf(found.arn, found.pipeline_name, [], 'Stopping'));
          advanced();
        },
      };
    });
  }

  return {
    startPipelineExecution,
    describePipelineExecution,
    listPipelineExecutions,
    updatePipelineExecution,
    stopPipelineExecution,
  };
}

/**
 * Checks a SelectiveExecutionConfig and answers the step records to copy from its source execution: every
 * non-selected step the selected ones depend on, which must have succeeded there.
 */
async function selectionOf(
  db: Db,
  ctx: RequestContext,
  pipelineId: string,
  definition: PipelineDefinition,
  config: SelectiveExecutionConfig,
): Promise<{ copies: StepRecord[] }> {
  const selected = config.SelectedSteps.map((s) => s.StepName);
  let upstream: string[];
  try {
    upstream = checkSelection(definition, selected);
  } catch (error) {
    if (error instanceof SelectionError) throw new ValidationException(error.message);
    throw error;
  }
  const sourceArn = config.SourcePipelineExecutionArn;
  if (sourceArn === undefined) {
    if (upstream.length > 0) throw new ValidationException(retryMessages.sourceMissing(selected, upstream));
    return { copies: [] };
  }
  const source = await requireExecution(db, ctx, sourceArn);
  if (source.pipeline_id !== pipelineId) throw new ValidationException(retryMessages.sourceOtherPipeline(sourceArn));
  if (source.status !== 'Succeeded' && source.status !== 'Failed') {
    throw new ValidationException(retryMessages.sourceStatus(sourceArn, source.status));
  }
  const sourceSteps = new Map((await listStepRows(db, sourceArn)).map((r) => [r.step_name, toStepRecord(r)]));
  const copies = upstream.map((name, i): StepRecord => {
    const record = sourceSteps.get(name);
    if (record?.status !== 'Succeeded') throw new ValidationException(retryMessages.sourceStepMissing(sourceArn, name));
    const { callbackToken: _token, cacheKey: _key, errorType: _type, cacheHit: _hit, ...kept } = record;
    return { ...kept, sequence: i + 1, selectiveSource: record.selectiveSource ?? sourceArn };
  });
  return { copies };
}
