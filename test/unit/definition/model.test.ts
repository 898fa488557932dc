import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { PipelineDefinition } from '../../../src/engine/definition/types.js';
import { expectValid, makeDefinition, makeTrainingStep, parseObject, sharedDefinitionsDir } from './helpers.js';

function loadShared(file: string): PipelineDefinition {
  return expectValid(readFileSync(path.join(sharedDefinitionsDir, file), 'utf8'));
}

describe('the typed definition model', () => {
  it('reads parameters with types, defaults and the String default type', () => {
    const definition = expectValid(
      makeDefinition(
        [makeTrainingStep('A')],
        [
          { Name: 'Input' },
          { Name: 'Count', Type: 'Integer', DefaultValue: 2 },
          { Name: 'Threshold', Type: 'Float', DefaultValue: 6 },
          { Name: 'Spot', Type: 'Boolean', DefaultValue: false },
          { Name: 'Env', Type: 'String', DefaultValue: 'dev', EnumValues: ['dev', 'prd'] },
        ],
      ),
    );
    assert.deepEqual(definition.parameters, [
      { name: 'Input', type: 'String' },
      { name: 'Count', type: 'Integer', defaultValue: 2 },
      { name: 'Threshold', type: 'Float', defaultValue: 6 },
      { name: 'Spot', type: 'Boolean', defaultValue: false },
      { name: 'Env', type: 'String', defaultValue: 'dev', enumValues: ['dev', 'prd'] },
    ]);
    assert.equal(definition.parametersByName.get('Count')?.defaultValue, 2);
  });

  it('builds every node of the abalone pipeline, nested ones with their parent', () => {
    const definition = loadShared('ex-abalone-train-eval-condition-fail.json');
    assert.equal(definition.version, '2020-12-01');
    assert.deepEqual(definition.topLevelSteps, ['AbaloneProcess', 'AbaloneTrain', 'AbaloneEval', 'AbaloneMSECond']);
    assert.equal(definition.steps.length, 8);
    const condition = definition.stepsByName.get('AbaloneMSECond');
    assert.ok(condition?.type === 'Condition');
    assert.deepEqual(condition.ifSteps, [
      'AbaloneRegisterModel-RegisterModel',
      'AbaloneCreateModel-CreateModel',
      'AbaloneTransform',
    ]);
    assert.deepEqual(condition.elseSteps, ['AbaloneMSEFail']);
    assert.deepEqual(condition.conditions, [
      {
        kind: 'comparison',
        operator: 'LessThanOrEqualTo',
        left: {
          'Std:JsonGet': {
            PropertyFile: { Get: 'Steps.AbaloneEval.PropertyFiles.EvaluationReport' },
            Path: 'regression_metrics.mse.value',
          },
        },
        right: { Get: 'Parameters.MseThreshold' },
      },
    ]);
    const failStep = definition.stepsByName.get('AbaloneMSEFail');
    assert.ok(failStep?.type === 'Fail');
    assert.deepEqual(failStep.parent, { condition: 'AbaloneMSECond', branch: 'else' });
    assert.deepEqual(failStep.errorMessage, {
      'Std:Join': { On: ' ', Values: ['Execution failed due to MSE >', { Get: 'Parameters.MseThreshold' }] },
    });
    assert.deepEqual(definition.stepsByName.get('AbaloneEval')?.propertyFiles, [
      { name: 'EvaluationReport', outputName: 'evaluation', filePath: 'evaluation.json' },
    ]);
    assert.equal(definition.stepsByName.get('AbaloneTrain')?.parent, undefined);
    assert.deepEqual(definition.experimentConfig, {
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' },
    });
  });

  it('reads Callback and Lambda specifics', () => {
    const callbacks = loadShared('sdk-callback-outputs.json');
    const callback = callbacks.stepsByName.get('MyCallbackStep1');
    assert.ok(callback?.type === 'Callback');
    assert.equal(callback.sqsQueueUrl, 'https://sqs.us-east-2.amazonaws.com/123456789012/MyQueue');
    assert.deepEqual(callback.outputParameters, [{ name: 'output1', type: 'String' }]);
    assert.deepEqual(callback.dependsOn, ['TestStep']);
    const lambdas = loadShared('sdk-lambda-outputs.json');
    const lambda = lambdas.stepsByName.get('MyLambdaStep2');
    assert.ok(lambda?.type === 'Lambda');
    assert.equal(lambda.functionArn, 'arn:aws:lambda:us-west-2:123456789012:function:sagemaker_test_lambda');
    assert.deepEqual(lambda.arguments, { arg1: { Get: "Steps.MyLambdaStep1.OutputParameters['output1']" } });
  });

  it('defaults an output parameter type to String and Lambda Arguments to {}', () => {
    const definition = expectValid(
      makeDefinition([
        {
          Name: 'L',
          Type: 'Lambda',
          FunctionArn: 'arn:aws:lambda:us-east-1:0:function:f',
          OutputParameters: [{ OutputName: 'o' }],
        },
      ]),
    );
    const lambda = definition.stepsByName.get('L');
    assert.deepEqual(lambda?.outputParameters, [{ name: 'o', type: 'String' }]);
    assert.deepEqual(lambda?.arguments, {});
  });

  it('fills check-step defaults', () => {
    const definition = expectValid(
      makeDefinition([{ Name: 'Q', Type: 'QualityCheck', Arguments: {}, CheckType: 'DATA_QUALITY' }]),
    );
    const check = definition.stepsByName.get('Q');
    assert.ok(check?.type === 'QualityCheck');
    assert.deepEqual(check.check, {
      checkType: 'DATA_QUALITY',
      skipCheck: false,
      failOnViolation: true,
      registerNewBaseline: false,
    });
  });

  it('keeps display name and description', () => {
    const definition = loadShared('sdk-emr-cluster-id.json');
    const emr = definition.stepsByName.get('emr_step_1');
    assert.equal(emr?.displayName, 'emr_step_1');
    assert.equal(emr?.description, 'MyEMRStepDescription');
  });

  it('distinguishes a null experiment config from an absent one', () => {
    assert.equal(loadShared('sdk-experiment-config-null.json').experimentConfig, null);
    const absent = makeDefinition([makeTrainingStep('A')]);
    delete absent['PipelineExperimentConfig'];
    assert.equal('experimentConfig' in expectValid(absent), false);
  });

  it('accepts MlflowConfig and a missing Version', () => {
    const definition = makeDefinition([makeTrainingStep('A')], [], {
      MlflowConfig: { MlflowResourceArn: null, MlflowExperimentName: 'e' },
    });
    delete definition['Version'];
    assert.deepEqual(expectValid(definition).mlflowConfig, { MlflowResourceArn: null, MlflowExperimentName: 'e' });
  });

  it('accepts every step type of spec §4', () => {
    const others = [
      'Transform',
      'Tuning',
      'AutoML',
      'RegisterModel',
      'EndpointConfig',
      'Endpoint',
      'InferenceComponent',
    ];
    const bedrock = [
      'BedrockCustomModel',
      'BedrockCustomModelDeployment',
      'BedrockModelImport',
      'BedrockProvisionedModelThroughput',
    ];
    const definition = expectValid(
      makeDefinition([
        ...[...others, ...bedrock].map((type) => ({ Name: `S-${type}`, Type: type, Arguments: {} })),
        { Name: 'S-Lineage', Type: 'Lineage', Arguments: { Actions: [], Associations: [] } },
        { Name: 'S-EMRServerless', Type: 'EMRServerless', Arguments: { ApplicationId: 'a', JobConfig: {} } },
        {
          Name: 'S-Clarify',
          Type: 'ClarifyCheck',
          Arguments: {},
          CheckType: 'MODEL_BIAS',
          ModelName: { Get: 'Steps.S-Endpoint.EndpointName' },
        },
      ]),
    );
    assert.equal(definition.steps.length, others.length + bedrock.length + 3);
  });

  it('normalises the SCHEMA condition spellings and warns about them', () => {
    const result = parseObject(
      makeDefinition([
        {
          Name: 'C',
          Type: 'Condition',
          Arguments: {
            Conditions: [
              { Type: 'NotEquals', LeftValue: 1, RightValue: 2 },
              { Type: 'In', Value: 'a', In: ['a', 'b'] },
              { Type: 'NotIn', QueryValue: 'c', Values: ['a'] },
              {
                Type: 'Or',
                Conditions: [{ Type: 'Not', Condition: { Type: 'GreaterThan', LeftValue: 1, RightValue: 0 } }],
              },
            ],
            IfSteps: [],
            ElseSteps: [],
          },
        },
      ]),
    );
    assert.ok(result.ok);
    const condition = result.definition.stepsByName.get('C');
    assert.ok(condition?.type === 'Condition');
    assert.deepEqual(condition.conditions, [
      { kind: 'not', condition: { kind: 'comparison', operator: 'Equals', left: 1, right: 2 } },
      { kind: 'in', query: 'a', values: ['a', 'b'] },
      { kind: 'not', condition: { kind: 'in', query: 'c', values: ['a'] } },
      {
        kind: 'or',
        conditions: [{ kind: 'not', condition: { kind: 'comparison', operator: 'GreaterThan', left: 1, right: 0 } }],
      },
    ]);
    assert.deepEqual(
      result.warnings.map((w) => w.path),
      [
        '$.Steps[0].Arguments.Conditions[0]',
        '$.Steps[0].Arguments.Conditions[1]',
        '$.Steps[0].Arguments.Conditions[2]',
      ],
    );
  });

  it('accepts Std:JsonGet with S3Uri and counts the steps in its Join as data dependencies', () => {
    const definition = expectValid(
      makeDefinition([
        makeTrainingStep('Fn'),
        makeTrainingStep('Use', {
          Arguments: {
            x: {
              'Std:JsonGet': {
                S3Uri: {
                  'Std:Join': { On: '/', Values: [{ Get: 'Steps.Fn.OutputDataConfig.S3OutputPath' }, 'results.json'] },
                },
                Path: "Result['k'][0]",
              },
            },
          },
        }),
      ]),
    );
    assert.deepEqual([...(definition.graph.dependencies.get('Use') ?? [])], ['Fn']);
  });

  it('warns about job-name variables outside their step type and about a disabled experiment config', () => {
    const definition = makeDefinition(
      [
        makeTrainingStep('T', {
          Arguments: { ExperimentConfig: { TrialComponentDisplayName: { Get: 'Execution.TrainingJobName' } } },
        }),
        {
          Name: 'L',
          Type: 'Lambda',
          FunctionArn: 'arn:aws:lambda:us-east-1:0:function:f',
          Arguments: { a: { Get: 'Execution.ProcessingJobName' }, b: { Get: 'PipelineExperimentConfig.TrialName' } },
        },
      ],
      [],
      { PipelineExperimentConfig: null },
    );
    const result = parseObject(definition);
    assert.ok(result.ok);
    assert.deepEqual(
      result.warnings.map((w) => [w.path, w.message]),
      [
        [
          '$.Steps[1].Arguments.a.Get',
          'Execution.ProcessingJobName only has a value inside a Processing step, not in a Lambda step.',
        ],
        [
          '$.Steps[1].Arguments.b.Get',
          "'PipelineExperimentConfig.TrialName' has no value: PipelineExperimentConfig is null (disabled).",
        ],
      ],
    );
  });

  it('accepts a JsonGet path that starts with an index', () => {
    expectValid(
      makeDefinition([
        makeTrainingStep('A', { Arguments: { x: { 'Std:JsonGet': { S3Uri: 's3://b/k.json', Path: "[0]['name']" } } } }),
      ]),
    );
  });
});
