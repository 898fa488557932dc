/** Builds the context expressions are resolved in, from an execution and its step records. */
import type { EvaluationContext } from '../expressions/evaluate.js';
import type { ExecutionSnapshot, StepRecord } from './types.js';

/** Resolves object reads for `Std:JsonGet` with `S3Uri` (the runner's file store). */
export type ObjectReader = (s3Uri: string) => string | undefined;

/** The context for resolving expressions of `currentStep` at `nowMs`, seeing `records`. */
export function evaluationContext(
  snapshot: ExecutionSnapshot,
  records: ReadonlyMap<string, StepRecord>,
  nowMs: number,
  readObject: ObjectReader,
  currentStep?: { name: string; jobName?: string },
): EvaluationContext {
  return {
    definition: snapshot.definition,
    parameters: snapshot.parameters,
    execution: {
      pipelineExecutionId: snapshot.id,
      pipelineExecutionArn: snapshot.arn,
      pipelineName: snapshot.pipelineName,
      pipelineArn: snapshot.pipelineArn,
      startTimeMs: snapshot.createdAt,
    },
    nowMs,
    ...(snapshot.experimentConfig && { experimentConfig: snapshot.experimentConfig }),
    ...(currentStep && { currentStep }),
    stepProperties: (step) => {
      const record = records.get(step);
      return record?.status === 'Succeeded' ? record.properties : undefined;
    },
    propertyFile: (step, file) => {
      const record = records.get(step);
      return record?.status === 'Succeeded' ? record.propertyFiles?.[file] : undefined;
    },
    readObject,
  };
}
