/** Conversions between stored rows and the engine's records. */
import type { PipelineDefinition, StepType } from '../engine/definition/types.js';
import type { ParameterAssignment } from '../engine/execution/parameters.js';
import { typedParameters } from '../engine/execution/parameters.js';
import type {
  ExecutionSnapshot,
  ExecutionStatus,
  ExperimentConfig,
  StepRecord,
  StepStatus,
} from '../engine/execution/types.js';
import type { JsonObject } from '../shared/json.js';
import type { ExecutionRow, ExecutionStepRow } from '../store/executions.js';

/** A stored step → the engine's record. */
export function toStepRecord(row: ExecutionStepRow): StepRecord {
  return {
    name: row.step_name,
    type: row.step_type as StepType,
    status: row.status as StepStatus,
    attempt: row.attempt,
    sequence: row.sequence,
    startedAt: row.started_at,
    ...(row.ended_at !== null && { endedAt: row.ended_at }),
    ...(row.failure_reason !== null && { failureReason: row.failure_reason }),
    metadata: JSON.parse(row.metadata_json) as JsonObject,
    ...(row.properties_json !== null && { properties: JSON.parse(row.properties_json) as JsonObject }),
    ...(row.property_files_json !== null && { propertyFiles: JSON.parse(row.property_files_json) as JsonObject }),
    ...(row.inputs_json !== null && { inputs: JSON.parse(row.inputs_json) as JsonObject }),
    ...(row.callback_token !== null && { callbackToken: row.callback_token }),
    ...(row.error_type !== null && { errorType: row.error_type }),
    ...(row.cache_hit_json !== null && {
      cacheHit: JSON.parse(row.cache_hit_json) as { SourcePipelineExecutionArn: string },
    }),
    ...(row.selective_json !== null && {
      selectiveSource: (JSON.parse(row.selective_json) as { SourcePipelineExecutionArn: string })
        .SourcePipelineExecutionArn,
    }),
    ...(row.cache_key !== null && { cacheKey: row.cache_key }),
    ...(row.timed_out === 1 && { timedOut: true }),
  };
}

/** The engine's record → a row to store. */
export function toStepRow(executionArn: string, record: StepRecord): ExecutionStepRow {
  return {
    execution_arn: executionArn,
    step_name: record.name,
    step_type: record.type,
    status: record.status,
    attempt: record.attempt,
    sequence: record.sequence,
    started_at: record.startedAt,
    ended_at: record.endedAt ?? null,
    failure_reason: record.failureReason ?? null,
    metadata_json: JSON.stringify(record.metadata),
    properties_json: record.properties === undefined ? null : JSON.stringify(record.properties),
    property_files_json: record.propertyFiles === undefined ? null : JSON.stringify(record.propertyFiles),
    inputs_json: record.inputs === undefined ? null : JSON.stringify(record.inputs),
    cache_hit_json: record.cacheHit === undefined ? null : JSON.stringify(record.cacheHit),
    selective_json:
      record.selectiveSource === undefined
        ? null
        : JSON.stringify({ SourcePipelineExecutionArn: record.selectiveSource }),
    callback_token: record.callbackToken ?? null,
    error_type: record.errorType ?? null,
    cache_key: record.cacheKey ?? null,
    timed_out: record.timedOut === true ? 1 : 0,
  };
}

/** A stored execution and its steps → the engine's snapshot. */
export function toSnapshot(
  row: ExecutionRow,
  steps: readonly ExecutionStepRow[],
  definition: PipelineDefinition,
): ExecutionSnapshot {
  const parameters = JSON.parse(row.parameters_json) as ParameterAssignment[];
  return {
    arn: row.arn,
    id: row.id,
    pipelineName: row.pipeline_name,
    pipelineArn: row.pipeline_arn,
    status: row.status as ExecutionStatus,
    createdAt: row.created_at,
    definition,
    parameters: typedParameters(definition, parameters),
    ...(row.max_parallel_steps !== null && { maxParallelSteps: row.max_parallel_steps }),
    ...(row.experiment_json !== null && { experimentConfig: JSON.parse(row.experiment_json) as ExperimentConfig }),
    ...(row.selective_json !== null && {
      selectedSteps: new Set(
        (JSON.parse(row.selective_json) as { SelectedSteps: { StepName: string }[] }).SelectedSteps.map(
          (s) => s.StepName,
        ),
      ),
    }),
    steps: new Map(steps.map((s) => [s.step_name, toStepRecord(s)])),
  };
}
