/**
 * Resolves a definition's PipelineExperimentConfig when an execution starts. The SDK default
 * {ExperimentName: Get Execution.PipelineName, TrialName: Get Execution.PipelineExecutionId} resolves to the
 * lower-cased pipeline name and the execution id in real outputs (api-spec §2.11); SageMaker experiment names
 * are case-insensitive, so Sluice lower-cases both resolved names.
 */
import { isJsonObject } from '../../shared/json.js';
import type { PipelineDefinition } from '../definition/types.js';
import type { EvaluationContext } from '../expressions/evaluate.js';
import { evaluateValue, renderForJoin } from '../expressions/evaluate.js';
import type { ExperimentConfig } from './types.js';

/** The resolved experiment config, or undefined when the definition disables it (null or absent). */
export function resolveExperimentConfig(
  definition: PipelineDefinition,
  ctx: EvaluationContext,
): ExperimentConfig | undefined {
  const config = definition.experimentConfig;
  if (!isJsonObject(config)) return undefined;
  const resolve = (key: 'ExperimentName' | 'TrialName'): string | undefined => {
    const value = config[key];
    if (value === undefined || value === null) return undefined;
    const resolved = evaluateValue(value, ctx);
    return (typeof resolved === 'string' ? resolved : renderForJoin(resolved)).toLowerCase();
  };
  const experimentName = resolve('ExperimentName');
  const trialName = resolve('TrialName');
  return {
    ...(experimentName !== undefined && { ExperimentName: experimentName }),
    ...(trialName !== undefined && { TrialName: trialName }),
  };
}
