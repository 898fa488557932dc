/** What each step type allows in its envelope (spec §3 table, union of SDK behaviour and SCHEMA). */
import type { StepType } from './types.js';

/** Envelope rules of one step type. */
export interface StepTypeRules {
  readonly cacheConfig: boolean;
  readonly retryPolicies: boolean;
  readonly propertyFiles: boolean;
  /** Whether `Arguments` may be omitted (it is then `{}`). */
  readonly argumentsOptional: boolean;
  /** Top-level keys beyond the common ones. */
  readonly extraKeys: readonly string[];
}

/** Keys every step may carry. */
export const COMMON_STEP_KEYS: readonly string[] = [
  'Name',
  'Type',
  'Arguments',
  'DependsOn',
  'DisplayName',
  'Description',
];

/** Top-level fields of QualityCheck steps (spec §4.10). */
export const QUALITY_CHECK_KEYS: readonly string[] = [
  'CheckType',
  'ModelPackageGroupName',
  'SkipCheck',
  'FailOnViolation',
  'RegisterNewBaseline',
  'SuppliedBaselineStatistics',
  'SuppliedBaselineConstraints',
];

/** Top-level fields of ClarifyCheck steps (spec §4.10). */
export const CLARIFY_CHECK_KEYS: readonly string[] = [
  'CheckType',
  'ModelPackageGroupName',
  'SkipCheck',
  'FailOnViolation',
  'RegisterNewBaseline',
  'SuppliedBaselineConstraints',
  'ModelName',
];

function rules(
  cacheConfig: boolean,
  retryPolicies: boolean,
  extraKeys: readonly string[] = [],
  options: { propertyFiles?: boolean; argumentsOptional?: boolean } = {},
): StepTypeRules {
  return {
    cacheConfig,
    retryPolicies,
    extraKeys,
    propertyFiles: options.propertyFiles ?? false,
    argumentsOptional: options.argumentsOptional ?? false,
  };
}

/**
 * Rules per type. QualityCheck/ClarifyCheck accept RetryPolicies because SCHEMA does (the SDK never writes them).
 * Arguments may be omitted only for Lambda (an empty event) and Fail (no message).
 */
export const STEP_TYPE_RULES: Readonly<Record<StepType, StepTypeRules>> = {
  Training: rules(true, true),
  Processing: rules(true, true, [], { propertyFiles: true }),
  Transform: rules(true, true),
  Tuning: rules(true, true),
  AutoML: rules(true, true),
  Model: rules(false, true),
  RegisterModel: rules(false, true),
  QualityCheck: rules(true, true, QUALITY_CHECK_KEYS),
  ClarifyCheck: rules(true, true, CLARIFY_CHECK_KEYS),
  EMR: rules(true, true),
  EMRServerless: rules(true, true),
  Callback: rules(true, false, ['SqsQueueUrl', 'OutputParameters']),
  Lambda: rules(true, false, ['FunctionArn', 'OutputParameters'], { argumentsOptional: true }),
  Condition: rules(false, false),
  Fail: rules(false, false, [], { argumentsOptional: true }),
  EndpointConfig: rules(true, true),
  Endpoint: rules(true, false),
  InferenceComponent: rules(false, false),
  BedrockCustomModel: rules(false, false),
  BedrockCustomModelDeployment: rules(false, false),
  BedrockModelImport: rules(false, false),
  BedrockProvisionedModelThroughput: rules(false, false),
  Lineage: rules(false, false),
};

/** Every known step type. */
export const STEP_TYPES: readonly StepType[] = Object.keys(STEP_TYPE_RULES) as StepType[];

/** Narrows a `Type` value to a known step type. */
export function isStepType(value: unknown): value is StepType {
  return typeof value === 'string' && Object.hasOwn(STEP_TYPE_RULES, value);
}

/** Every envelope key a step of `type` may carry. */
export function allowedStepKeys(type: StepType): ReadonlySet<string> {
  const typeRules = STEP_TYPE_RULES[type];
  const keys = new Set([...COMMON_STEP_KEYS, ...typeRules.extraKeys]);
  if (typeRules.cacheConfig) keys.add('CacheConfig');
  if (typeRules.retryPolicies) keys.add('RetryPolicies');
  if (typeRules.propertyFiles) keys.add('PropertyFiles');
  return keys;
}

/** Pattern of step and parameter names (SCHEMA). */
export const NAME_PATTERN = /^[A-Za-z0-9\-_]{1,64}$/;
