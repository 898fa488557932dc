/**
 * The typed model of a parsed and validated pipeline definition (definition-spec.md). Everything the execution
 * engine needs is here, so nothing downstream has to walk the raw JSON again: raw values are kept only where they
 * hold expressions that are resolved at run time (Arguments, condition operands, check-step fields).
 */
import type { JsonObject, JsonValue } from '../../shared/json.js';

/** The only definition version the service knows (spec §1). */
export const DEFINITION_VERSION = '2020-12-01';

/** Types of a pipeline parameter (spec §2). */
export type ParameterType = 'String' | 'Integer' | 'Float' | 'Boolean';

/** A declared pipeline parameter. */
export interface ParameterDefinition {
  readonly name: string;
  /** `String` when the definition omits `Type` (spec §2). */
  readonly type: ParameterType;
  /** Absent when the definition has no `DefaultValue`: the value must then be supplied at start. */
  readonly defaultValue?: string | number | boolean;
  /** Allowed values (String parameters only). */
  readonly enumValues?: readonly string[];
  readonly description?: string;
}

/** Every `Type` a step may have (spec §4). */
export type StepType =
  | 'Training'
  | 'Processing'
  | 'Transform'
  | 'Tuning'
  | 'Model'
  | 'RegisterModel'
  | 'Condition'
  | 'Callback'
  | 'Lambda'
  | 'QualityCheck'
  | 'ClarifyCheck'
  | 'EMR'
  | 'EMRServerless'
  | 'Fail'
  | 'AutoML'
  | 'EndpointConfig'
  | 'Endpoint'
  | 'InferenceComponent'
  | 'BedrockCustomModel'
  | 'BedrockCustomModelDeployment'
  | 'BedrockModelImport'
  | 'BedrockProvisionedModelThroughput'
  | 'Lineage';

/** Which branch of a Condition a nested step sits in. */
export type Branch = 'if' | 'else';

/** Where a nested step lives: its nearest enclosing Condition and the branch. */
export interface BranchPosition {
  readonly condition: string;
  readonly branch: Branch;
}

/** A step's `CacheConfig` (spec §3). */
export interface CacheSettings {
  readonly enabled: boolean;
  /** `ExpireAfter` in milliseconds; absent when not given (the entry then never expires). */
  readonly expireAfterMs?: number;
  /** `ExpireAfter` as written, for display. */
  readonly expireAfter?: string;
}

/** Exception types a retry policy may name (spec §9). */
export type RetryExceptionType =
  | 'Step.SERVICE_FAULT'
  | 'Step.THROTTLING'
  | 'SageMaker.JOB_INTERNAL_ERROR'
  | 'SageMaker.CAPACITY_ERROR'
  | 'SageMaker.RESOURCE_LIMIT'
  | 'Emr.RESOURCE_LIMIT';

/** When a retry policy gives up: after a number of attempts, or some minutes after the step started. */
export type RetryLimit =
  | { readonly kind: 'maxAttempts'; readonly maxAttempts: number }
  | { readonly kind: 'expireAfterMin'; readonly expireAfterMin: number };

/** A normalised retry policy: defaults applied (spec §9), `ExceptionType` always a list. */
export interface RetryPolicy {
  readonly exceptionTypes: readonly RetryExceptionType[];
  /** Delay before the first retry (default 1). */
  readonly intervalSeconds: number;
  /** Factor applied to the delay after each attempt (default 2.0). */
  readonly backoffRate: number;
  /** `MaxAttempts` 5 when the definition gives neither limit. */
  readonly limit: RetryLimit;
}

/** A `PropertyFiles` entry of a Processing step. */
export interface PropertyFileDeclaration {
  readonly name: string;
  /** The `ProcessingOutputConfig.Outputs[].OutputName` whose S3 location holds the file. */
  readonly outputName: string;
  readonly filePath: string;
}

/** Types a Callback/Lambda output parameter may declare. */
export type OutputParameterType = 'String' | 'Integer' | 'Boolean' | 'Float';

/** An `OutputParameters` entry of a Callback or Lambda step. */
export interface OutputParameterDeclaration {
  readonly name: string;
  /** `String` when `OutputType` is omitted (the SDK default). */
  readonly type: OutputParameterType;
}

/** Binary comparison operators of a condition (spec §6). `NotEquals` is normalised to Not(Equals). */
export type ComparisonOperator = 'Equals' | 'GreaterThan' | 'GreaterThanOrEqualTo' | 'LessThan' | 'LessThanOrEqualTo';

/**
 * A condition, normalised to the SDK's shapes: the SCHEMA spellings `NotEquals`, `NotIn` and
 * `{"Type":"In","Value","In"}` become `not`/`in`. Operands are raw values (literal or expression).
 */
export type ConditionNode =
  | {
      readonly kind: 'comparison';
      readonly operator: ComparisonOperator;
      readonly left: JsonValue;
      readonly right: JsonValue;
    }
  | { readonly kind: 'in'; readonly query: JsonValue; readonly values: readonly JsonValue[] }
  | { readonly kind: 'not'; readonly condition: ConditionNode }
  | { readonly kind: 'or'; readonly conditions: readonly ConditionNode[] };

/** Fields shared by every step node. */
export interface StepNodeBase {
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  /** The step object exactly as written. */
  readonly raw: JsonObject;
  /** JSON path of the step object, e.g. `$.Steps[3].Arguments.IfSteps[0]`. */
  readonly path: string;
  /** `Arguments` as written (`{}` when the step type allows omitting it). May contain expressions. */
  readonly arguments: JsonObject;
  /** Explicit `DependsOn`, deduplicated, in written order. */
  readonly dependsOn: readonly string[];
  /** Absent for top-level steps. */
  readonly parent?: BranchPosition;
  readonly cacheConfig?: CacheSettings;
  /** Empty when the step has none. */
  readonly retryPolicies: readonly RetryPolicy[];
  /** Processing steps only; empty otherwise. */
  readonly propertyFiles: readonly PropertyFileDeclaration[];
  /** Callback and Lambda steps only; empty otherwise. */
  readonly outputParameters: readonly OutputParameterDeclaration[];
}

/** A Condition step: its conditions (a conjunction) and the names of its direct branch steps. */
export interface ConditionStepNode extends StepNodeBase {
  readonly type: 'Condition';
  readonly conditions: readonly ConditionNode[];
  readonly ifSteps: readonly string[];
  readonly elseSteps: readonly string[];
}

/** A Callback step. */
export interface CallbackStepNode extends StepNodeBase {
  readonly type: 'Callback';
  readonly sqsQueueUrl: string;
}

/** A Lambda step. */
export interface LambdaStepNode extends StepNodeBase {
  readonly type: 'Lambda';
  readonly functionArn: string;
}

/** A Fail step. */
export interface FailStepNode extends StepNodeBase {
  readonly type: 'Fail';
  /** `Arguments.ErrorMessage` (string or expression); `""` when omitted. */
  readonly errorMessage: JsonValue;
}

/** The top-level fields of a QualityCheck/ClarifyCheck step, raw because each may be an expression. */
export interface CheckSettings {
  readonly checkType: JsonValue;
  readonly skipCheck: JsonValue;
  readonly failOnViolation: JsonValue;
  readonly registerNewBaseline: JsonValue;
  readonly modelPackageGroupName?: JsonValue;
  readonly suppliedBaselineStatistics?: JsonValue;
  readonly suppliedBaselineConstraints?: JsonValue;
  readonly modelName?: JsonValue;
}

/** A QualityCheck or ClarifyCheck step. */
export interface CheckStepNode extends StepNodeBase {
  readonly type: 'QualityCheck' | 'ClarifyCheck';
  /** Defaults applied: SkipCheck false, FailOnViolation true, RegisterNewBaseline false. */
  readonly check: CheckSettings;
}

/** Step types without type-specific fields beyond the base. */
export type PlainStepType = Exclude<
  StepType,
  'Condition' | 'Callback' | 'Lambda' | 'Fail' | 'QualityCheck' | 'ClarifyCheck'
>;

/** Any other step (jobs, models, endpoints, Bedrock, Lineage, EMR…). */
export interface PlainStepNode extends StepNodeBase {
  readonly type: PlainStepType;
}

/** One step of the definition, top-level or nested; narrow on `type`. */
export type StepNode =
  ConditionStepNode | CallbackStepNode | LambdaStepNode | FailStepNode | CheckStepNode | PlainStepNode;

/** Why one step runs after another (spec §7.2). */
export type DependencyKind = 'explicit' | 'data' | 'branch';

/** "`step` runs after `dependsOn`", with every reason that holds. */
export interface DependencyEdge {
  readonly step: string;
  readonly dependsOn: string;
  readonly kinds: readonly DependencyKind[];
}

/** The step graph over all three edge kinds, deduplicated. */
export interface DependencyGraph {
  /** For every step (including steps with none), the steps it depends on. */
  readonly dependencies: ReadonlyMap<string, ReadonlySet<string>>;
  /** For every step, the steps that depend on it. */
  readonly dependents: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every edge, in step document order. */
  readonly edges: readonly DependencyEdge[];
  /** Every step, each after all of its dependencies: document order, with dependencies pulled in front. */
  readonly topologicalOrder: readonly string[];
}

/** A parsed, validated pipeline definition. */
export interface PipelineDefinition {
  readonly version: typeof DEFINITION_VERSION;
  readonly metadata: Readonly<Record<string, string>>;
  readonly parameters: readonly ParameterDefinition[];
  readonly parametersByName: ReadonlyMap<string, ParameterDefinition>;
  /** `PipelineExperimentConfig` as written: absent, `null` (disabled) or an object whose values may be expressions. */
  readonly experimentConfig?: JsonObject | null;
  /** `MlflowConfig` as written (SDK v3), opaque. */
  readonly mlflowConfig?: JsonObject | null;
  /** Every step, top-level and nested at any depth, in document order (a Condition before its branch steps). */
  readonly steps: readonly StepNode[];
  readonly stepsByName: ReadonlyMap<string, StepNode>;
  /** Names of the steps listed directly in `Steps`. */
  readonly topLevelSteps: readonly string[];
  readonly graph: DependencyGraph;
}
