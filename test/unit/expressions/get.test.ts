import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject, JsonValue } from '../../../src/shared/json.js';
import { EvaluationError, evaluateValue, executionVariableValue } from '../../../src/engine/expressions/evaluate.js';
import { EXECUTION, makeContext, makeDefinition } from './make-context.js';
import type { ContextSpec } from './make-context.js';

const get = (path: string): JsonValue => ({ Get: path });

function evaluate(value: JsonValue, spec: ContextSpec = {}): JsonValue {
  return evaluateValue(value, makeContext(spec));
}

function assertFails(value: JsonValue, spec: ContextSpec, message: string | RegExp): void {
  assert.throws(
    () => evaluate(value, spec),
    (error: unknown) => {
      assert.ok(error instanceof EvaluationError, `expected an EvaluationError, got ${String(error)}`);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    },
  );
}

const typedParameters = makeDefinition({
  parameters: {
    Name: ['String', 'dflt'],
    Count: ['Integer', 2],
    Threshold: ['Float', 6],
    Flag: ['Boolean', false],
    Required: ['String'],
  },
});

describe('Get Parameters', () => {
  it('returns each run-time value with its declared type', () => {
    const spec = { definition: typedParameters, parameters: { Name: 'x', Count: 5, Threshold: 0.5, Flag: true } };
    assert.equal(evaluate(get('Parameters.Name'), spec), 'x');
    assert.equal(evaluate(get('Parameters.Count'), spec), 5);
    assert.equal(evaluate(get('Parameters.Threshold'), spec), 0.5);
    assert.equal(evaluate(get('Parameters.Flag'), spec), true);
  });

  it('falls back to the declared default when the run-time map lacks the parameter', () => {
    assert.equal(evaluate(get('Parameters.Count'), { definition: typedParameters }), 2);
    assert.equal(evaluate(get('Parameters.Flag'), { definition: typedParameters }), false);
  });

  it('fails for an undeclared parameter and for a parameter without any value', () => {
    assertFails(get('Parameters.Nope'), { definition: typedParameters }, "Parameter 'Nope' is undefined.");
    assertFails(
      get('Parameters.Required'),
      { definition: typedParameters },
      "Parameter 'Required' has no value: it has no DefaultValue and none was given when the execution started.",
    );
  });
});

describe('Get Execution', () => {
  it('returns the execution identifiers as strings', () => {
    assert.equal(evaluate(get('Execution.PipelineExecutionId')), EXECUTION.pipelineExecutionId);
    assert.equal(evaluate(get('Execution.PipelineExecutionArn')), EXECUTION.pipelineExecutionArn);
    assert.equal(evaluate(get('Execution.PipelineName')), EXECUTION.pipelineName);
    assert.equal(evaluate(get('Execution.PipelineArn')), EXECUTION.pipelineArn);
  });

  it('renders StartDateTime and CurrentDateTime as ISO-8601 UTC with milliseconds', () => {
    const spec = { startTimeMs: Date.UTC(2026, 0, 1), nowMs: Date.UTC(2026, 2, 4, 5, 6, 7, 89) };
    assert.equal(evaluate(get('Execution.StartDateTime'), spec), '2026-01-01T00:00:00.000Z');
    assert.equal(evaluate(get('Execution.CurrentDateTime'), spec), '2026-03-04T05:06:07.089Z');
  });

  it("returns the current step's job name for TrainingJobName and ProcessingJobName", () => {
    const spec = { currentStep: { name: 'Train', jobName: 'pipelines-7pinimwddh3a-Train-abc' } };
    assert.equal(evaluate(get('Execution.TrainingJobName'), spec), 'pipelines-7pinimwddh3a-Train-abc');
    assert.equal(evaluate(get('Execution.ProcessingJobName'), spec), 'pipelines-7pinimwddh3a-Train-abc');
  });

  it('fails for a job name when the current step launches no job, or outside a step', () => {
    assertFails(
      get('Execution.TrainingJobName'),
      { currentStep: { name: 'Check' } },
      "Execution.TrainingJobName is undefined in step 'Check': only a step that launches a job has one.",
    );
    assertFails(get('Execution.ProcessingJobName'), {}, /^Execution.ProcessingJobName is undefined outside a step/);
  });

  it('fails for an unknown execution variable', () => {
    assertFails(get('Execution.Bogus'), {}, "Execution variable 'Execution.Bogus' is undefined.");
    assert.throws(() => executionVariableValue('Bogus', makeContext()), EvaluationError);
  });
});

describe('Get PipelineExperimentConfig', () => {
  it('returns the resolved experiment and trial names', () => {
    const spec = { experimentConfig: { ExperimentName: 'my-pipeline', TrialName: '7pinimwddh3a' } };
    assert.equal(evaluate(get('PipelineExperimentConfig.ExperimentName'), spec), 'my-pipeline');
    assert.equal(evaluate(get('PipelineExperimentConfig.TrialName'), spec), '7pinimwddh3a');
  });

  it('fails when the config is disabled', () => {
    assertFails(
      get('PipelineExperimentConfig.TrialName'),
      {},
      "'PipelineExperimentConfig.TrialName' cannot be resolved: PipelineExperimentConfig is disabled for this pipeline.",
    );
  });
});

const trainProperties: JsonObject = {
  TrainingJobName: 'train-job',
  ModelArtifacts: { S3ModelArtifacts: 's3://bucket/model.tar.gz' },
  HyperParameters: { 'max-depth': '5' },
  InputDataConfig: [{ ChannelName: 'train' }, { ChannelName: 'validation' }],
  FinalMetricDataList: [
    { MetricName: 'train:mse', Value: 4.5 },
    { MetricName: 'validation:mse', Value: 5.25 },
  ],
  ProductionVariants: [{ VariantName: 'AllTraffic', InitialInstanceCount: 1 }],
};
// JSON.parse makes `__proto__` an own data property, as a Describe response parsed from JSON would.
Object.assign(trainProperties, JSON.parse('{"HyperParameters": {"max-depth": "5", "__proto__": "own"}}') as JsonObject);

const processProperties: JsonObject = {
  ProcessingInputs: [
    { InputName: 'input-1', S3Input: { S3Uri: 's3://bucket/in' } },
    { InputName: 'code', S3Input: { S3Uri: 's3://bucket/code.py' } },
  ],
  ProcessingOutputConfig: {
    Outputs: [
      { OutputName: 'train', S3Output: { S3Uri: 's3://bucket/train' } },
      { OutputName: 'evaluation', S3Output: { S3Uri: 's3://bucket/evaluation' } },
    ],
  },
};

const stepsDefinition = makeDefinition({
  steps: [
    { name: 'Train' },
    { name: 'Process', type: 'Processing' },
    { name: 'Check', type: 'Condition' },
    {
      name: 'Lambda',
      type: 'Lambda',
      outputs: { count: 'Integer', score: 'Float', ok: 'Boolean', label: 'String', other: 'String' },
    },
    { name: 'Callback', type: 'Callback', outputs: { n: 'Integer' } },
    { name: 'Pending' },
  ],
});

const stepsSpec: ContextSpec = {
  definition: stepsDefinition,
  steps: {
    Train: trainProperties,
    Process: processProperties,
    Check: { Outcome: true },
    Lambda: {
      OutputParameters: [
        { Name: 'count', Value: '42' },
        { Name: 'score', Value: '0.75' },
        { Name: 'ok', Value: 'TRUE' },
        { Name: 'label', Value: 'gold' },
        { Name: 'other', Value: 7 },
      ],
    },
    Callback: { OutputParameters: { n: '-3' } },
  },
};

describe('Get Steps: property paths', () => {
  it('follows members, integer indexes and map keys', () => {
    assert.equal(evaluate(get('Steps.Train.ModelArtifacts.S3ModelArtifacts'), stepsSpec), 's3://bucket/model.tar.gz');
    assert.equal(evaluate(get('Steps.Train.InputDataConfig[1].ChannelName'), stepsSpec), 'validation');
    assert.equal(evaluate(get("Steps.Train.HyperParameters['max-depth']"), stepsSpec), '5');
    assert.equal(evaluate(get('Steps.Train.HyperParameters["max-depth"]'), stepsSpec), '5');
    assert.deepEqual(evaluate(get('Steps.Train.ModelArtifacts'), stepsSpec), {
      S3ModelArtifacts: 's3://bucket/model.tar.gz',
    });
  });

  it('selects list elements by name through the explicit table', () => {
    assert.equal(
      evaluate(get("Steps.Process.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri"), stepsSpec),
      's3://bucket/evaluation',
    );
    assert.equal(
      evaluate(get("Steps.Process.ProcessingInputs['code'].S3Input.S3Uri"), stepsSpec),
      's3://bucket/code.py',
    );
    assert.equal(evaluate(get("Steps.Train.FinalMetricDataList['validation:mse'].Value"), stepsSpec), 5.25);
  });

  it('selects list elements by any …Name member when the list is not in the table', () => {
    assert.equal(evaluate(get("Steps.Train.ProductionVariants['AllTraffic'].InitialInstanceCount"), stepsSpec), 1);
    assert.equal(evaluate(get("Steps.Train.InputDataConfig['train'].ChannelName"), stepsSpec), 'train');
  });

  it("returns a Condition step's Outcome as a boolean", () => {
    assert.equal(evaluate(get('Steps.Check.Outcome'), stepsSpec), true);
  });

  it('fails naming the whole path and where the walk stopped', () => {
    assertFails(
      get('Steps.Train.ModelArtifacts.S3ModelArtifactz'),
      stepsSpec,
      "Property 'Steps.Train.ModelArtifacts.S3ModelArtifactz' is undefined: 'ModelArtifacts' has no member 'S3ModelArtifactz'.",
    );
    assertFails(
      get('Steps.Train.ModelArtifactz'),
      stepsSpec,
      "Property 'Steps.Train.ModelArtifactz' is undefined: step 'Train' has no member 'ModelArtifactz'.",
    );
    assertFails(
      get("Steps.Train.HyperParameters['eta']"),
      stepsSpec,
      "Property 'Steps.Train.HyperParameters['eta']' is undefined: 'HyperParameters' has no key 'eta'.",
    );
    assertFails(
      get('Steps.Train.InputDataConfig[2]'),
      stepsSpec,
      "Property 'Steps.Train.InputDataConfig[2]' is undefined: 'InputDataConfig' has 2 element(s), so [2] is out of range.",
    );
    assertFails(
      get("Steps.Process.ProcessingOutputConfig.Outputs['model'].S3Output"),
      stepsSpec,
      "Property 'Steps.Process.ProcessingOutputConfig.Outputs['model'].S3Output' is undefined: 'ProcessingOutputConfig.Outputs' has no element with OutputName 'model'.",
    );
    assertFails(
      get("Steps.Train.ProductionVariants['Shadow']"),
      stepsSpec,
      "Property 'Steps.Train.ProductionVariants['Shadow']' is undefined: 'ProductionVariants' has no element with a …Name member equal to 'Shadow'.",
    );
  });

  it('fails when indexing into a scalar or using the wrong kind of index', () => {
    assertFails(
      get('Steps.Train.TrainingJobName.Length'),
      stepsSpec,
      "Property 'Steps.Train.TrainingJobName.Length' is undefined: 'TrainingJobName' is a string (train-job), so it has no member 'Length'.",
    );
    assertFails(
      get('Steps.Train.TrainingJobName[0]'),
      stepsSpec,
      "Property 'Steps.Train.TrainingJobName[0]' is undefined: 'TrainingJobName' is a string (train-job), so it has no element [0].",
    );
    assertFails(
      get('Steps.Train.InputDataConfig.ChannelName'),
      stepsSpec,
      /'InputDataConfig' is a list, so it has no member 'ChannelName'\.$/,
    );
    assertFails(
      get('Steps.Train.ModelArtifacts[0]'),
      stepsSpec,
      /'ModelArtifacts' is an object, so it cannot be indexed by position \[0\]\.$/,
    );
  });

  it('reads only own members, never the object prototype', () => {
    assertFails(
      get('Steps.Train.ModelArtifacts.constructor'),
      stepsSpec,
      /'ModelArtifacts' has no member 'constructor'/,
    );
    assertFails(get('Steps.Train.__proto__'), stepsSpec, /step 'Train' has no member '__proto__'/);
    assert.equal(evaluate(get("Steps.Train.HyperParameters['__proto__']"), stepsSpec), 'own');
  });

  it('fails when the step has not succeeded, or does not exist', () => {
    assertFails(
      get('Steps.Pending.ModelArtifacts.S3ModelArtifacts'),
      stepsSpec,
      "Step 'Pending' has not succeeded, so 'Steps.Pending.ModelArtifacts.S3ModelArtifacts' cannot be resolved.",
    );
    assertFails(
      get('Steps.Ghost.Outcome'),
      stepsSpec,
      "Step 'Ghost' is undefined, so 'Steps.Ghost.Outcome' cannot be resolved.",
    );
  });

  it('fails for a property file handle outside Std:JsonGet and for a malformed path', () => {
    assertFails(
      get('Steps.Process.PropertyFiles.Report'),
      stepsSpec,
      "'Steps.Process.PropertyFiles.Report' is a property file: it can only be read through Std:JsonGet.",
    );
    assertFails(get('Steps.Train'), stepsSpec, /^Invalid Get path: /);
    assertFails(get('Nowhere.X'), stepsSpec, /^Invalid Get path: 'Nowhere.X' must start with/);
  });
});

describe('Get Steps: OutputParameters', () => {
  it('converts each value to the OutputType the step declares', () => {
    assert.equal(evaluate(get("Steps.Lambda.OutputParameters['count']"), stepsSpec), 42);
    assert.equal(evaluate(get("Steps.Lambda.OutputParameters['score']"), stepsSpec), 0.75);
    assert.equal(evaluate(get("Steps.Lambda.OutputParameters['ok']"), stepsSpec), true);
    assert.equal(evaluate(get("Steps.Lambda.OutputParameters['label']"), stepsSpec), 'gold');
    assert.equal(evaluate(get("Steps.Lambda.OutputParameters['other']"), stepsSpec), '7');
    assert.equal(evaluate(get("Steps.Callback.OutputParameters['n']"), stepsSpec), -3);
  });

  it('parses booleans case-insensitively and rejects values that are not of the declared type', () => {
    const withValues = (values: Record<string, JsonValue>): ContextSpec => ({
      definition: stepsDefinition,
      steps: { Lambda: { OutputParameters: Object.entries(values).map(([Name, Value]) => ({ Name, Value })) } },
    });
    assert.equal(evaluate(get("Steps.Lambda.OutputParameters['ok']"), withValues({ ok: 'False' })), false);
    assert.equal(evaluate(get("Steps.Lambda.OutputParameters['count']"), withValues({ count: 12 })), 12);
    assertFails(
      get("Steps.Lambda.OutputParameters['count']"),
      withValues({ count: '4.5' }),
      "Output parameter 'count' of step 'Lambda' has value [4.5], which is not a valid Integer.",
    );
    assertFails(
      get("Steps.Lambda.OutputParameters['score']"),
      withValues({ score: 'high' }),
      "Output parameter 'score' of step 'Lambda' has value [high], which is not a valid Float.",
    );
    assertFails(
      get("Steps.Lambda.OutputParameters['ok']"),
      withValues({ ok: 'yes' }),
      "Output parameter 'ok' of step 'Lambda' has value [yes], which is not a valid Boolean.",
    );
  });

  it('fails for an output the step did not return, and for indexing into a value', () => {
    assertFails(
      get("Steps.Callback.OutputParameters['m']"),
      stepsSpec,
      "Property 'Steps.Callback.OutputParameters['m']' is undefined: step 'Callback' returned no output parameter 'm'.",
    );
    assertFails(
      get("Steps.Lambda.OutputParameters['label'].Value"),
      stepsSpec,
      "Property 'Steps.Lambda.OutputParameters['label'].Value' is undefined: output parameter values are scalars and cannot be indexed further.",
    );
  });
});

describe('evaluateValue', () => {
  it('resolves expressions at any depth and keeps literals, including null', () => {
    const value: JsonValue = {
      Plain: 'x',
      Nothing: null,
      Count: { Get: 'Parameters.Count' },
      List: [1, { Get: 'Execution.PipelineName' }, [{ Nested: { Get: 'Steps.Check.Outcome' } }]],
    };
    const definition = makeDefinition({
      parameters: { Count: ['Integer', 2] },
      steps: [{ name: 'Check', type: 'Condition' }],
    });
    assert.deepEqual(evaluate(value, { definition, steps: { Check: { Outcome: false } } }), {
      Plain: 'x',
      Nothing: null,
      Count: 2,
      List: [1, 'my-pipeline', [{ Nested: false }]],
    });
  });

  it('copies objects and lists instead of aliasing the input', () => {
    const input: JsonObject = { A: { B: [1, 2] } };
    const output = evaluate(input) as JsonObject;
    assert.deepEqual(output, input);
    assert.notEqual(output['A'], input['A']);
  });

  it('keeps a literal __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}}') as JsonObject;
    const output = evaluate(input) as JsonObject;
    assert.ok(Object.hasOwn(output, '__proto__'));
    assert.equal(Object.getPrototypeOf(output), Object.prototype);
  });
});
