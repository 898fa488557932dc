/** Builders for evaluator tests: a hand-made PipelineDefinition and an EvaluationContext over plain records. */
import type { JsonObject, JsonValue } from '../../../src/shared/json.js';
import type {
  OutputParameterType,
  ParameterDefinition,
  ParameterType,
  PipelineDefinition,
  PropertyFileDeclaration,
  StepNode,
  StepType,
} from '../../../src/engine/definition/types.js';
import type { EvaluationContext } from '../../../src/engine/expressions/evaluate.js';

/** A step as tests describe it; only what the evaluator reads. */
export interface StepSpec {
  readonly name: string;
  readonly type?: StepType;
  readonly outputs?: Readonly<Record<string, OutputParameterType>>;
  readonly propertyFiles?: readonly PropertyFileDeclaration[];
}

/** A PipelineDefinition with the given parameters (`name → [type, default?]`) and steps. */
export function makeDefinition(
  spec: {
    readonly parameters?: Readonly<Record<string, readonly [ParameterType, (string | number | boolean)?]>>;
    readonly steps?: readonly StepSpec[];
  } = {},
): PipelineDefinition {
  const parameters: ParameterDefinition[] = Object.entries(spec.parameters ?? {}).map(([name, [type, value]]) =>
    value === undefined ? { name, type } : { name, type, defaultValue: value },
  );
  const steps = (spec.steps ?? []).map(
    (s, i): StepNode =>
      ({
        name: s.name,
        type: s.type ?? 'Training',
        raw: { Name: s.name, Type: s.type ?? 'Training', Arguments: {} },
        path: `$.Steps[${i}]`,
        arguments: {},
        dependsOn: [],
        retryPolicies: [],
        propertyFiles: s.propertyFiles ?? [],
        outputParameters: Object.entries(s.outputs ?? {}).map(([name, type]) => ({ name, type })),
        sqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q',
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
        conditions: [],
        ifSteps: [],
        elseSteps: [],
        errorMessage: '',
      }) as unknown as StepNode,
  );
  return {
    version: '2020-12-01',
    metadata: {},
    parameters,
    parametersByName: new Map(parameters.map((p) => [p.name, p])),
    steps,
    stepsByName: new Map(steps.map((s) => [s.name, s])),
    topLevelSteps: steps.map((s) => s.name),
    graph: { dependencies: new Map(), dependents: new Map(), edges: [], topologicalOrder: [] },
  };
}

/** What a test context serves; everything optional. */
export interface ContextSpec {
  readonly definition?: PipelineDefinition;
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  /** Properties of succeeded steps. */
  readonly steps?: Readonly<Record<string, JsonObject>>;
  /** `step → file name → parsed content`. */
  readonly propertyFiles?: Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;
  /** `s3 uri → text`. */
  readonly objects?: Readonly<Record<string, string>>;
  readonly experimentConfig?: { readonly ExperimentName?: string; readonly TrialName?: string };
  readonly currentStep?: { readonly name: string; readonly jobName?: string };
  readonly nowMs?: number;
  readonly startTimeMs?: number;
}

/** Execution values every test context uses. */
export const EXECUTION = {
  pipelineExecutionId: '7pinimwddh3a',
  pipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/my-pipeline/execution/7pinimwddh3a',
  pipelineName: 'my-pipeline',
  pipelineArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/my-pipeline',
} as const;

/** An EvaluationContext over plain records; `reads` lists every step/file/object lookup made. */
export function makeContext(spec: ContextSpec = {}): EvaluationContext & { readonly reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    definition: spec.definition ?? makeDefinition(),
    parameters: new Map(Object.entries(spec.parameters ?? {})),
    execution: { ...EXECUTION, startTimeMs: spec.startTimeMs ?? Date.UTC(2026, 0, 1) },
    nowMs: spec.nowMs ?? Date.UTC(2026, 0, 1, 12, 30, 15, 250),
    ...(spec.experimentConfig !== undefined && { experimentConfig: spec.experimentConfig }),
    ...(spec.currentStep !== undefined && { currentStep: spec.currentStep }),
    stepProperties(step) {
      reads.push(`step:${step}`);
      return spec.steps?.[step];
    },
    propertyFile(step, file) {
      reads.push(`file:${step}/${file}`);
      return spec.propertyFiles?.[step]?.[file];
    },
    readObject(uri) {
      reads.push(`object:${uri}`);
      return spec.objects?.[uri];
    },
  };
}
