/**
 * Type-specific rules (spec §4). Job-step Arguments are deliberately not checked member by member: SDK fixtures use
 * synthetic Arguments (`{}`, `{"input_data": …}`), and shapes grow with every API release. Only the rules the SDK
 * itself enforces, or without which the engine cannot run the step, are checked here.
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import { asExpression } from '../expressions/expression.js';
import type { StepDraft } from './collect-steps.js';
import { parseConditionList } from './conditions.js';
import { memberPath } from './problems.js';
import type { ReferenceTargets } from './step-references.js';
import type { FieldContext } from './step-settings.js';
import { didYouMean } from './suggest.js';
import type { CheckSettings, ConditionNode, PlainStepType, StepType } from './types.js';
import type { ScanScope } from './validate-expressions.js';
import { scanValue } from './validate-expressions.js';

/** The type-specific part of a StepNode. */
export type StepDetails =
  | {
      readonly type: 'Condition';
      readonly conditions: readonly ConditionNode[];
      readonly ifSteps: readonly string[];
      readonly elseSteps: readonly string[];
    }
  | { readonly type: 'Callback'; readonly sqsQueueUrl: string }
  | { readonly type: 'Lambda'; readonly functionArn: string }
  | { readonly type: 'Fail'; readonly errorMessage: JsonValue }
  | { readonly type: 'QualityCheck' | 'ClarifyCheck'; readonly check: CheckSettings }
  | { readonly type: PlainStepType };

/** Everything a type-specific check needs. */
export interface StepKindInput {
  readonly draft: StepDraft;
  readonly type: StepType;
  readonly args: JsonObject;
  readonly ctx: FieldContext;
  readonly targets: ReferenceTargets;
  readonly scope: ScanScope;
}

/** Applies the rules of the step's type; undefined when the step is unusable. */
export function validateStepKind(input: StepKindInput): StepDetails | undefined {
  const { type } = input;
  if (type === 'Condition') return validateCondition(input);
  if (type === 'Callback' || type === 'Lambda') return validateCallbackOrLambda(input, type);
  if (type === 'Fail') return validateFail(input);
  if (type === 'QualityCheck' || type === 'ClarifyCheck') return validateCheck(input, type);
  if (type === 'EMR') {
    exactlyOneOf(input, 'ClusterId', 'ClusterConfig', 'an existing cluster', 'a cluster created for the step');
    checkEmrClusterConfig(input);
  } else if (type === 'EMRServerless') {
    exactlyOneOf(
      input,
      'ApplicationId',
      'ApplicationConfig',
      'an existing application',
      'an application created for the step',
    );
  } else if (type === 'Lineage') {
    checkLineage(input);
  }
  scanArguments(input);
  return { type };
}

function argumentsPath(input: StepKindInput, key?: string): string {
  const path = memberPath(input.draft.path, 'Arguments');
  return key === undefined ? path : memberPath(path, key);
}

function scanArguments(input: StepKindInput): void {
  scanValue(input.args, argumentsPath(input), input.scope, input.targets);
}

/** Conditions only: the branch steps are validated as steps of their own (spec §7.2). */
function validateCondition(input: StepKindInput): StepDetails | undefined {
  const { args, ctx, draft } = input;
  const allowed = ['Conditions', 'IfSteps', 'ElseSteps'];
  for (const key of Object.keys(args)) {
    if (!allowed.includes(key)) {
      ctx.problems.error(
        argumentsPath(input, key),
        ctx.step,
        `Unknown Condition argument '${key}'; allowed: ${allowed.join(', ')}.`,
        didYouMean(key, allowed),
      );
    }
  }
  if (args['Conditions'] === undefined) {
    ctx.problems.error(
      argumentsPath(input),
      ctx.step,
      'Condition steps need Arguments.Conditions: an array of conditions that must all hold.',
    );
    return undefined;
  }
  const site = { path: argumentsPath(input, 'Conditions'), scope: input.scope, targets: input.targets };
  const conditions = parseConditionList(args['Conditions'], site, 'Conditions');
  if (conditions === undefined) return undefined;
  return { type: 'Condition', conditions, ifSteps: draft.ifSteps, elseSteps: draft.elseSteps };
}

function validateCallbackOrLambda(input: StepKindInput, type: 'Callback' | 'Lambda'): StepDetails | undefined {
  const key = type === 'Callback' ? 'SqsQueueUrl' : 'FunctionArn';
  const value = input.draft.raw[key];
  scanArguments(input);
  if (typeof value !== 'string' || value === '') {
    const what =
      type === 'Callback'
        ? 'the URL of the SQS queue that receives the callback message'
        : 'the ARN of the function to invoke';
    input.ctx.problems.error(memberPath(input.draft.path, key), input.ctx.step, `${type} steps need ${key}: ${what}.`);
    return undefined;
  }
  return type === 'Callback' ? { type, sqsQueueUrl: value } : { type, functionArn: value };
}

function validateFail(input: StepKindInput): StepDetails | undefined {
  const { args, ctx } = input;
  for (const key of Object.keys(args)) {
    if (key !== 'ErrorMessage') {
      ctx.problems.error(
        argumentsPath(input, key),
        ctx.step,
        `Fail steps take only Arguments.ErrorMessage, not '${key}'.`,
        didYouMean(key, ['ErrorMessage']),
      );
    }
  }
  const message = args['ErrorMessage'] ?? '';
  if (typeof message !== 'string' && asExpression(message) === undefined) {
    ctx.problems.error(
      argumentsPath(input, 'ErrorMessage'),
      ctx.step,
      'ErrorMessage must be a string or an expression such as Std:Join.',
    );
    return undefined;
  }
  scanArguments(input);
  return { type: 'Fail', errorMessage: message };
}

const CHECK_TYPES: Readonly<Record<'QualityCheck' | 'ClarifyCheck', readonly string[]>> = {
  QualityCheck: ['DATA_QUALITY', 'MODEL_QUALITY'],
  ClarifyCheck: ['DATA_BIAS', 'MODEL_BIAS', 'MODEL_EXPLAINABILITY'],
};

/** Optional string fields of check steps and their CheckSettings names. */
const OPTIONAL_CHECK_FIELDS = {
  ModelPackageGroupName: 'modelPackageGroupName',
  SuppliedBaselineStatistics: 'suppliedBaselineStatistics',
  SuppliedBaselineConstraints: 'suppliedBaselineConstraints',
  ModelName: 'modelName',
} as const;

/** QualityCheck/ClarifyCheck top-level fields (spec §4.10); each may be an expression. */
function validateCheck(input: StepKindInput, type: 'QualityCheck' | 'ClarifyCheck'): StepDetails | undefined {
  scanArguments(input);
  const checkType = input.draft.raw['CheckType'];
  const allowed = CHECK_TYPES[type];
  const isExpression = checkType !== undefined && asExpression(checkType) !== undefined;
  if (!isExpression && !(typeof checkType === 'string' && allowed.includes(checkType))) {
    const hint = typeof checkType === 'string' ? didYouMean(checkType, allowed) : undefined;
    const message = `${type} steps need CheckType: one of ${allowed.join(', ')}.`;
    input.ctx.problems.error(memberPath(input.draft.path, 'CheckType'), input.ctx.step, message, hint);
    return undefined;
  }
  const check: { -readonly [K in keyof CheckSettings]: CheckSettings[K] } = {
    checkType: checkField(input, 'CheckType', 'string') ?? null,
    skipCheck: checkField(input, 'SkipCheck', 'boolean') ?? false,
    failOnViolation: checkField(input, 'FailOnViolation', 'boolean') ?? true,
    registerNewBaseline: checkField(input, 'RegisterNewBaseline', 'boolean') ?? false,
  };
  for (const [key, setting] of Object.entries(OPTIONAL_CHECK_FIELDS)) {
    const value = checkField(input, key, 'string');
    if (value !== undefined) check[setting] = value;
  }
  return { type, check };
}

/** A check-step field: a literal of the expected kind (strings may be null) or an expression, which is scanned. */
function checkField(input: StepKindInput, key: string, kind: 'boolean' | 'string'): JsonValue | undefined {
  const value = input.draft.raw[key];
  if (value === undefined) return undefined;
  const path = memberPath(input.draft.path, key);
  if (asExpression(value) !== undefined) {
    scanValue(value, path, input.scope, input.targets);
  } else if (kind === 'boolean' ? typeof value !== 'boolean' : typeof value !== 'string' && value !== null) {
    const expected = kind === 'boolean' ? 'true or false' : 'a string';
    input.ctx.problems.error(path, input.ctx.step, `${key} must be ${expected} or an expression.`);
  }
  return value;
}

function exactlyOneOf(
  input: StepKindInput,
  first: string,
  second: string,
  firstMeaning: string,
  secondMeaning: string,
): void {
  const hasFirst = input.args[first] !== undefined;
  if (hasFirst === (input.args[second] !== undefined)) {
    const problem = hasFirst ? 'not both' : 'neither is given';
    input.ctx.problems.error(
      argumentsPath(input),
      input.ctx.step,
      `${input.type} steps need exactly one of Arguments.${first} (${firstMeaning}) and Arguments.${second} (${secondMeaning}); ${problem}.`,
    );
  }
}

/** The SDK's EMRStep checks on a literal ClusterConfig (spec §4.11). */
function checkEmrClusterConfig(input: StepKindInput): void {
  const { args, ctx } = input;
  if (args['ExecutionRoleArn'] !== undefined && args['ClusterId'] === undefined) {
    ctx.problems.error(
      argumentsPath(input, 'ExecutionRoleArn'),
      ctx.step,
      'ExecutionRoleArn can only be used with ClusterId.',
    );
  }
  const config = args['ClusterConfig'];
  if (!isJsonObject(config)) return;
  const configPath = argumentsPath(input, 'ClusterConfig');
  for (const key of ['Name', 'Steps', 'AutoTerminationPolicy']) {
    if (config[key] !== undefined)
      ctx.problems.error(
        memberPath(configPath, key),
        ctx.step,
        `ClusterConfig must not contain ${key}: the service sets it for the step's cluster.`,
      );
  }
  const instances = config['Instances'];
  const instancesPath = memberPath(configPath, 'Instances');
  if (!isJsonObject(instances)) {
    ctx.problems.error(
      instancesPath,
      ctx.step,
      'ClusterConfig needs Instances with exactly one of InstanceGroups and InstanceFleets.',
    );
    return;
  }
  if ((instances['InstanceGroups'] === undefined) === (instances['InstanceFleets'] === undefined)) {
    ctx.problems.error(
      instancesPath,
      ctx.step,
      'ClusterConfig.Instances needs exactly one of InstanceGroups and InstanceFleets.',
    );
  }
  for (const key of ['KeepJobFlowAliveWhenNoSteps', 'TerminationProtected']) {
    if (instances[key] !== undefined)
      ctx.problems.error(
        memberPath(instancesPath, key),
        ctx.step,
        `ClusterConfig.Instances must not contain ${key}: the step's cluster terminates when the step ends.`,
      );
  }
}

/** Lineage Arguments hold only the four lists (spec §4.15). */
function checkLineage(input: StepKindInput): void {
  const allowed = ['Actions', 'Artifacts', 'Contexts', 'Associations'];
  for (const [key, value] of Object.entries(input.args)) {
    const path = argumentsPath(input, key);
    if (!allowed.includes(key)) {
      input.ctx.problems.error(
        path,
        input.ctx.step,
        `Unknown Lineage argument '${key}'; allowed: ${allowed.join(', ')}.`,
        didYouMean(key, allowed),
      );
    } else if (!Array.isArray(value)) {
      input.ctx.problems.error(path, input.ctx.step, `Lineage ${key} must be an array.`);
    }
  }
}
