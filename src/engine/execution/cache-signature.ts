/**
 * What makes two runs of a step equivalent for CacheConfig (definition-spec §8.3): the step's type and name and
 * the attributes of its resolved arguments that the Developer Guide lists per type. S3 object contents are not
 * part of it (same URI, same signature). The runner hashes the signature; the engine stays free of crypto.
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import type { StepNode, StepType } from '../definition/types.js';

/** Argument members that identify a run, per step type that supports caching. */
const CACHE_ATTRIBUTES: Partial<Record<StepType, readonly string[]>> = {
  Processing: ['AppSpecification', 'Environment', 'ProcessingInputs'],
  Training: [
    'AlgorithmSpecification',
    'CheckpointConfig',
    'DebugHookConfig',
    'DebugRuleConfigurations',
    'Environment',
    'HyperParameters',
    'InputDataConfig',
  ],
  Tuning: ['HyperParameterTuningJobConfig', 'TrainingJobDefinition', 'TrainingJobDefinitions'],
  AutoML: ['AutoMLJobConfig', 'AutoMLJobObjective', 'InputDataConfig', 'ProblemType'],
  Transform: ['DataProcessing', 'Environment', 'ModelName', 'TransformInput'],
  ClarifyCheck: ['ClarifyCheckConfig', 'CheckJobConfig', 'ProcessingInputs', 'AppSpecification', 'Environment'],
  QualityCheck: ['QualityCheckConfig', 'CheckJobConfig', 'ProcessingInputs', 'AppSpecification', 'Environment'],
  EMR: ['ClusterId', 'StepConfig', 'ClusterConfig'],
  // The SDK emits CacheConfig on these too; their whole arguments identify a run.
  Lambda: [],
  Callback: [],
  EndpointConfig: [],
  Endpoint: [],
};

/** The signature of a run of `step` with resolved `inputs`, or undefined when the step does not cache. */
export function cacheSignature(step: StepNode, inputs: JsonValue): string | undefined {
  if (!step.cacheConfig?.enabled) return undefined;
  const attributes = CACHE_ATTRIBUTES[step.type];
  if (attributes === undefined) return undefined;
  const args: JsonObject = isJsonObject(inputs) ? inputs : {};
  const picked: JsonObject = {};
  const keys = attributes.length === 0 ? Object.keys(args) : attributes;
  for (const key of keys) if (args[key] !== undefined) picked[key] = args[key];
  const extra: JsonObject =
    step.type === 'Lambda'
      ? { FunctionArn: step.functionArn }
      : step.type === 'Callback'
        ? { SqsQueueUrl: step.sqsQueueUrl }
        : {};
  return canonicalJson({ type: step.type, name: step.name, arguments: picked, ...extra });
}

/** JSON with object keys sorted, so that member order does not change a signature. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
