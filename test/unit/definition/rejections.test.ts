import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefinition } from '../../../src/engine/definition/parse.js';
import type { JsonObject, JsonValue } from '../../../src/shared/json.js';
import { makeDefinition, makeTrainingStep } from './helpers.js';

interface RejectionCase {
  readonly name: string;
  /** The definition: an object (serialised for the test) or raw text. */
  readonly definition: JsonValue | string;
  readonly path: string;
  readonly message: string;
  readonly step?: string;
  readonly hint?: string;
}

const get = (path: string): JsonObject => ({ Get: path });
const str = (name: string): JsonObject => ({ Name: name, Type: 'String' });
const withSteps = (...steps: JsonValue[]): JsonObject => makeDefinition(steps);
const condition = (
  name: string,
  conditions: JsonValue,
  ifSteps: JsonValue[] = [],
  elseSteps: JsonValue[] = [],
): JsonObject => ({
  Name: name,
  Type: 'Condition',
  Arguments: { Conditions: conditions, IfSteps: ifSteps, ElseSteps: elseSteps },
});
const processing = (name: string, outputName: string, fileOutputName = outputName): JsonObject => ({
  Name: name,
  Type: 'Processing',
  Arguments: {
    ProcessingOutputConfig: {
      Outputs: [{ OutputName: outputName, S3Output: { S3Uri: 's3://b/p', LocalPath: '/opt/ml/processing/out' } }],
    },
  },
  PropertyFiles: [{ PropertyFileName: 'Report', OutputName: fileOutputName, FilePath: 'report.json' }],
});
const jsonGet = (propertyFile: string): JsonObject => ({
  'Std:JsonGet': { PropertyFile: get(propertyFile), Path: 'a.b' },
});
const callback = (name: string, extra: JsonObject = {}): JsonObject => ({
  Name: name,
  Type: 'Callback',
  Arguments: {},
  SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q',
  OutputParameters: [{ OutputName: 'out', OutputType: 'String' }],
  ...extra,
});
const fail = (name: string): JsonObject => ({ Name: name, Type: 'Fail', Arguments: { ErrorMessage: 'stop' } });
const retry = (policy: JsonObject): JsonObject => withSteps(makeTrainingStep('T', { RetryPolicies: [policy] }));

const CASES: readonly RejectionCase[] = [
  // Top level
  {
    name: 'text that is not JSON',
    definition: '{\n  "Version": "2020-12-01",\n  "Steps": [}\n}',
    path: '$',
    message: "Unable to parse pipeline definition. Expected a value but found '}' at line 3, column 13.",
  },
  { name: 'a top-level array', definition: [], path: '$', message: 'must be a JSON object, not an array' },
  {
    name: 'an unsupported Version',
    definition: { ...withSteps(makeTrainingStep('A')), Version: '2021-01-01' },
    path: '$.Version',
    message: 'Version must be "2020-12-01"',
  },
  { name: 'missing Steps', definition: { Version: '2020-12-01' }, path: '$', message: 'Steps is required' },
  {
    name: 'Steps that is not an array',
    definition: { Version: '2020-12-01', Steps: {} },
    path: '$.Steps',
    message: 'Steps must be an array',
  },
  { name: 'empty Steps', definition: withSteps(), path: '$.Steps', message: 'at least one step' },
  {
    name: 'an unknown top-level key',
    definition: { ...withSteps(makeTrainingStep('A')), Step: [] },
    path: '$.Step',
    message: "Unknown top-level field 'Step'",
    hint: "Did you mean 'Steps'?",
  },
  {
    name: 'Metadata with a non-string value',
    definition: { ...withSteps(makeTrainingStep('A')), Metadata: { k: 1 } },
    path: '$.Metadata.k',
    message: 'Metadata values must be strings',
  },
  {
    name: 'PipelineExperimentConfig reading a step property',
    definition: {
      ...withSteps(makeTrainingStep('A')),
      PipelineExperimentConfig: { ExperimentName: get('Steps.A.TrainingJobName'), TrialName: 't' },
    },
    path: '$.PipelineExperimentConfig.ExperimentName.Get',
    message: 'PipelineExperimentConfig can only use literals, Parameters and Execution variables',
  },
  // Parameters
  {
    name: 'a parameter name with a space',
    definition: makeDefinition([makeTrainingStep('A')], [str('My Param')]),
    path: '$.Parameters[0].Name',
    message: "Parameter name 'My Param' is invalid",
  },
  {
    name: 'a parameter declared twice',
    definition: makeDefinition([makeTrainingStep('A')], [str('P'), str('P')]),
    path: '$.Parameters[1].Name',
    message: "Parameter 'P' is declared more than once.",
  },
  {
    name: 'an unknown parameter Type',
    definition: makeDefinition([makeTrainingStep('A')], [{ Name: 'P', Type: 'Strng' }]),
    path: '$.Parameters[0].Type',
    message: 'invalid Type "Strng"',
    hint: "Did you mean 'String'?",
  },
  {
    name: 'an Integer parameter with a fractional default',
    definition: makeDefinition([makeTrainingStep('A')], [{ Name: 'N', Type: 'Integer', DefaultValue: 1.5 }]),
    path: '$.Parameters[0].DefaultValue',
    message: "DefaultValue of Integer parameter 'N' must be an integer, not 1.5.",
  },
  {
    name: 'a Boolean parameter with a string default',
    definition: makeDefinition([makeTrainingStep('A')], [{ Name: 'B', Type: 'Boolean', DefaultValue: 'true' }]),
    path: '$.Parameters[0].DefaultValue',
    message: 'must be true or false',
  },
  {
    name: 'EnumValues on an Integer parameter',
    definition: makeDefinition([makeTrainingStep('A')], [{ Name: 'N', Type: 'Integer', EnumValues: ['1'] }]),
    path: '$.Parameters[0].EnumValues',
    message: 'EnumValues is only allowed on String parameters',
  },
  {
    name: 'a default outside EnumValues',
    definition: makeDefinition(
      [makeTrainingStep('A')],
      [{ Name: 'Env', Type: 'String', DefaultValue: 'qa', EnumValues: ['dev', 'prd'] }],
    ),
    path: '$.Parameters[0].DefaultValue',
    message: "is not one of its EnumValues ('dev', 'prd')",
  },
  // Step envelope
  {
    name: 'a step name with a dot',
    definition: withSteps(makeTrainingStep('my.step')),
    path: '$.Steps[0].Name',
    step: 'my.step',
    message: "Step name 'my.step' is invalid",
  },
  {
    name: 'a step without a Name',
    definition: withSteps({ Type: 'Training', Arguments: {} }),
    path: '$.Steps[0].Name',
    message: 'Step Name is required',
  },
  {
    name: 'a branch step with the name of a top-level step',
    definition: withSteps(makeTrainingStep('A'), condition('C', [], [makeTrainingStep('A')])),
    path: '$.Steps[1].Arguments.IfSteps[0].Name',
    step: 'A',
    message:
      "Pipeline steps cannot have duplicate names. In addition, steps added in the ConditionStep cannot be added in the Pipeline steps list. Step 'A' is already defined at $.Steps[0].",
  },
  {
    name: 'an unknown step Type',
    definition: withSteps({ Name: 'A', Type: 'Trainig', Arguments: {} }),
    path: '$.Steps[0].Type',
    step: 'A',
    message: "Step type 'Trainig' is not supported.",
    hint: "Did you mean 'Training'?",
  },
  {
    name: 'the SDK-only type name CreateModel',
    definition: withSteps({ Name: 'A', Type: 'CreateModel', Arguments: {} }),
    path: '$.Steps[0].Type',
    message: "Step type 'CreateModel' is not supported.",
    hint: "Use 'Model' for a create-model step.",
  },
  {
    name: 'a Training step without Arguments',
    definition: withSteps({ Name: 'A', Type: 'Training' }),
    path: '$.Steps[0]',
    step: 'A',
    message: 'Arguments is required for Training steps',
  },
  {
    name: 'Arguments that is a list',
    definition: withSteps({ Name: 'A', Type: 'Training', Arguments: [] }),
    path: '$.Steps[0].Arguments',
    message: 'Arguments must be an object.',
  },
  {
    name: 'an unknown envelope key',
    definition: withSteps(makeTrainingStep('A', { DependOn: [] })),
    path: '$.Steps[0].DependOn',
    step: 'A',
    message: "Unknown step field 'DependOn' in a Training step",
    hint: "Did you mean 'DependsOn'?",
  },
  {
    name: 'CacheConfig on a Model step',
    definition: withSteps({ Name: 'M', Type: 'Model', Arguments: {}, CacheConfig: { Enabled: true } }),
    path: '$.Steps[0].CacheConfig',
    message: 'Model steps do not support CacheConfig',
  },
  {
    name: 'PropertyFiles on a Training step',
    definition: withSteps(makeTrainingStep('A', { PropertyFiles: [] })),
    path: '$.Steps[0].PropertyFiles',
    message: 'Training steps do not support PropertyFiles (it is allowed on Processing steps).',
  },
  {
    name: 'RetryPolicies on a Callback step',
    definition: withSteps(callback('CB', { RetryPolicies: [] })),
    path: '$.Steps[0].RetryPolicies',
    message: 'Callback steps do not support RetryPolicies',
  },
  {
    name: 'a DisplayName over 256 characters',
    definition: withSteps(makeTrainingStep('A', { DisplayName: 'x'.repeat(257) })),
    path: '$.Steps[0].DisplayName',
    message: 'DisplayName must be a string of at most 256 characters; it is 257 characters long.',
  },
  {
    name: 'a Description over 3072 characters',
    definition: withSteps(makeTrainingStep('A', { Description: 'x'.repeat(3073) })),
    path: '$.Steps[0].Description',
    message: 'at most 3072 characters',
  },
  // Type-specific
  {
    name: 'a Callback step without SqsQueueUrl',
    definition: withSteps({ Name: 'CB', Type: 'Callback', Arguments: {} }),
    path: '$.Steps[0].SqsQueueUrl',
    step: 'CB',
    message: 'Callback steps need SqsQueueUrl',
  },
  {
    name: 'a Callback output of unknown type',
    definition: withSteps(callback('CB', { OutputParameters: [{ OutputName: 'o', OutputType: 'Str' }] })),
    path: '$.Steps[0].OutputParameters[0].OutputType',
    message: "OutputType of 'o' must be String, Integer, Boolean or Float",
  },
  {
    name: 'a Lambda step without FunctionArn',
    definition: withSteps({ Name: 'L', Type: 'Lambda', Arguments: {} }),
    path: '$.Steps[0].FunctionArn',
    message: 'Lambda steps need FunctionArn',
  },
  {
    name: 'a Condition step without Conditions',
    definition: withSteps({ Name: 'C', Type: 'Condition', Arguments: { IfSteps: [], ElseSteps: [] } }),
    path: '$.Steps[0].Arguments',
    message: 'Condition steps need Arguments.Conditions',
  },
  {
    name: 'IfSteps that is not a list',
    definition: withSteps({ Name: 'C', Type: 'Condition', Arguments: { Conditions: [], IfSteps: 'A' } }),
    path: '$.Steps[0].Arguments.IfSteps',
    step: 'C',
    message: 'IfSteps must be an array of step objects',
  },
  {
    name: 'a Fail step with another argument',
    definition: withSteps({ Name: 'F', Type: 'Fail', Arguments: { ErrorMessage: 'x', Reason: 'y' } }),
    path: '$.Steps[0].Arguments.Reason',
    message: 'Fail steps take only Arguments.ErrorMessage',
  },
  {
    name: 'a Fail ErrorMessage that is a number',
    definition: withSteps({ Name: 'F', Type: 'Fail', Arguments: { ErrorMessage: 3 } }),
    path: '$.Steps[0].Arguments.ErrorMessage',
    message: 'ErrorMessage must be a string or an expression',
  },
  {
    name: 'an EMR step with both ClusterId and ClusterConfig',
    definition: withSteps({
      Name: 'E',
      Type: 'EMR',
      Arguments: { ClusterId: 'j-1', ClusterConfig: { Instances: { InstanceGroups: [] } }, StepConfig: {} },
    }),
    path: '$.Steps[0].Arguments',
    message:
      'EMR steps need exactly one of Arguments.ClusterId (an existing cluster) and Arguments.ClusterConfig (a cluster created for the step); not both.',
  },
  {
    name: 'an EMR step with neither ClusterId nor ClusterConfig',
    definition: withSteps({ Name: 'E', Type: 'EMR', Arguments: { StepConfig: {} } }),
    path: '$.Steps[0].Arguments',
    message: 'neither is given',
  },
  {
    name: 'an EMR ClusterConfig that names the cluster',
    definition: withSteps({
      Name: 'E',
      Type: 'EMR',
      Arguments: { ClusterConfig: { Name: 'c', Instances: { InstanceFleets: [] } }, StepConfig: {} },
    }),
    path: '$.Steps[0].Arguments.ClusterConfig.Name',
    message: 'ClusterConfig must not contain Name',
  },
  {
    name: 'an EMRServerless step with neither application field',
    definition: withSteps({ Name: 'S', Type: 'EMRServerless', Arguments: { JobConfig: {} } }),
    path: '$.Steps[0].Arguments',
    message: 'exactly one of Arguments.ApplicationId',
  },
  {
    name: 'a QualityCheck with a ClarifyCheck CheckType',
    definition: withSteps({ Name: 'Q', Type: 'QualityCheck', Arguments: {}, CheckType: 'DATA_BIAS' }),
    path: '$.Steps[0].CheckType',
    message: 'QualityCheck steps need CheckType: one of DATA_QUALITY, MODEL_QUALITY.',
  },
  {
    name: 'a ClarifyCheck without CheckType',
    definition: withSteps({ Name: 'Q', Type: 'ClarifyCheck', Arguments: {} }),
    path: '$.Steps[0].CheckType',
    message: 'ClarifyCheck steps need CheckType',
  },
  {
    name: 'a Lineage step with an unknown argument',
    definition: withSteps({ Name: 'Lin', Type: 'Lineage', Arguments: { Action: [] } }),
    path: '$.Steps[0].Arguments.Action',
    message: "Unknown Lineage argument 'Action'",
    hint: "Did you mean 'Actions'?",
  },
  // CacheConfig and RetryPolicies
  {
    name: 'an unparseable ExpireAfter',
    definition: withSteps(makeTrainingStep('A', { CacheConfig: { Enabled: true, ExpireAfter: '12 hours' } })),
    path: '$.Steps[0].CacheConfig.ExpireAfter',
    message: "'12 hours' is not a duration",
  },
  {
    name: 'hours written before T',
    definition: withSteps(makeTrainingStep('A', { CacheConfig: { Enabled: true, ExpireAfter: '12h' } })),
    path: '$.Steps[0].CacheConfig.ExpireAfter',
    message: "Did you mean 'PT12H'?",
  },
  {
    name: 'CacheConfig without Enabled',
    definition: withSteps(makeTrainingStep('A', { CacheConfig: { ExpireAfter: 'PT1H' } })),
    path: '$.Steps[0].CacheConfig.Enabled',
    message: 'CacheConfig.Enabled is required',
  },
  {
    name: 'both MaxAttempts and ExpireAfterMin',
    definition: retry({ ExceptionType: ['Step.THROTTLING'], MaxAttempts: 3, ExpireAfterMin: 10 }),
    path: '$.Steps[0].RetryPolicies[0]',
    step: 'T',
    message: 'A retry policy may set MaxAttempts or ExpireAfterMin, not both.',
  },
  {
    name: 'MaxAttempts above 20',
    definition: retry({ ExceptionType: ['Step.THROTTLING'], MaxAttempts: 21 }),
    path: '$.Steps[0].RetryPolicies[0].MaxAttempts',
    message: 'MaxAttempts must be an integer from 0 to 20, not 21.',
  },
  {
    name: 'ExpireAfterMin above 10 days',
    definition: retry({ ExceptionType: ['Step.THROTTLING'], ExpireAfterMin: 14401 }),
    path: '$.Steps[0].RetryPolicies[0].ExpireAfterMin',
    message: 'from 0 to 14400',
  },
  {
    name: 'IntervalSeconds that is negative',
    definition: retry({ ExceptionType: ['Step.THROTTLING'], IntervalSeconds: -1 }),
    path: '$.Steps[0].RetryPolicies[0].IntervalSeconds',
    message: 'IntervalSeconds must be an integer from 0 to 43200',
  },
  {
    name: 'an unknown exception type',
    definition: retry({ ExceptionType: ['SageMaker.CAPACITY_EROR'] }),
    path: '$.Steps[0].RetryPolicies[0].ExceptionType[0]',
    message: 'Unknown retry exception type "SageMaker.CAPACITY_EROR"',
    hint: "Did you mean 'SageMaker.CAPACITY_ERROR'?",
  },
  {
    name: 'a retry policy without ExceptionType',
    definition: retry({ MaxAttempts: 2 }),
    path: '$.Steps[0].RetryPolicies[0].ExceptionType',
    message: 'ExceptionType is required',
  },
  {
    name: 'a SageMaker job error retried on a Model step',
    definition: withSteps({
      Name: 'M',
      Type: 'Model',
      Arguments: {},
      RetryPolicies: [{ ExceptionType: 'SageMaker.CAPACITY_ERROR' }],
    }),
    path: '$.Steps[0].RetryPolicies[0].ExceptionType',
    message: 'Model steps run no SageMaker job',
  },
  // Expressions
  {
    name: 'a Get whose path is not a string',
    definition: withSteps(makeTrainingStep('A', { Arguments: { x: { Get: 5 } } })),
    path: '$.Steps[0].Arguments.x.Get',
    message: 'Get must be a string path',
  },
  {
    name: 'a Get with an unknown root',
    definition: withSteps(makeTrainingStep('A', { Arguments: { x: get('Param.X') } })),
    path: '$.Steps[0].Arguments.x.Get',
    message:
      "Invalid Get path: 'Param.X' must start with Parameters., Execution., Steps. or PipelineExperimentConfig..",
  },
  {
    name: 'a Get naming a step but no property',
    definition: withSteps(makeTrainingStep('A'), makeTrainingStep('B', { Arguments: { x: get('Steps.A') } })),
    path: '$.Steps[1].Arguments.x.Get',
    message: "names step 'A' but no property",
  },
  {
    name: 'an undeclared parameter',
    definition: makeDefinition(
      [
        makeTrainingStep('A', {
          Arguments: { n: { 'Std:Join': { On: '', Values: [get('Parameters.InstanceCont')] } } },
        }),
      ],
      [str('InstanceCount')],
    ),
    path: "$.Steps[0].Arguments.n['Std:Join'].Values[0].Get",
    step: 'A',
    message: "Parameter 'InstanceCont' is undefined: declare it in Parameters.",
    hint: "Did you mean 'InstanceCount'?",
  },
  {
    name: 'an unknown execution variable',
    definition: withSteps(makeTrainingStep('A', { Arguments: { x: get('Execution.PipelineExecutionID') } })),
    path: '$.Steps[0].Arguments.x.Get',
    message: "Execution variable 'PipelineExecutionID' is undefined",
    hint: "Did you mean 'PipelineExecutionId'?",
  },
  {
    name: 'an unknown experiment config field',
    definition: withSteps(makeTrainingStep('A', { Arguments: { x: get('PipelineExperimentConfig.Trial') } })),
    path: '$.Steps[0].Arguments.x.Get',
    message: 'use PipelineExperimentConfig.ExperimentName or PipelineExperimentConfig.TrialName',
  },
  {
    name: 'a reference to an unknown step',
    definition: withSteps(
      makeTrainingStep('Train'),
      makeTrainingStep('B', { Arguments: { x: get('Steps.Trian.ModelArtifacts.S3ModelArtifacts') } }),
    ),
    path: '$.Steps[1].Arguments.x.Get',
    step: 'B',
    message: "Step 'Trian' is undefined.",
    hint: "Did you mean 'Train'?",
  },
  {
    name: "a reference to a Fail step's properties",
    definition: withSteps(fail('F'), makeTrainingStep('B', { Arguments: { x: get('Steps.F.ErrorMessage') } })),
    path: '$.Steps[1].Arguments.x.Get',
    message: "Step 'F' is a Fail step: Fail steps have no properties to reference.",
  },
  {
    name: 'a step reading its own properties',
    definition: withSteps(makeTrainingStep('A', { Arguments: { x: get('Steps.A.TrainingJobName') } })),
    path: '$.Steps[0].Arguments.x.Get',
    message: "Step 'A' cannot reference its own properties.",
  },
  {
    name: 'a Condition property other than Outcome',
    definition: withSteps(condition('C', []), makeTrainingStep('B', { Arguments: { x: get('Steps.C.Result') } })),
    path: '$.Steps[1].Arguments.x.Get',
    message: "Condition step 'C' has only the property Outcome.",
  },
  {
    name: 'an undeclared Callback output',
    definition: withSteps(
      callback('CB'),
      makeTrainingStep('B', { Arguments: { x: get("Steps.CB.OutputParameters['output']") } }),
    ),
    path: '$.Steps[1].Arguments.x.Get',
    message: "Output parameter 'output' is not declared by step 'CB'.",
  },
  {
    name: 'OutputParameters of a Training step',
    definition: withSteps(
      makeTrainingStep('A'),
      makeTrainingStep('B', { Arguments: { x: get("Steps.A.OutputParameters['o']") } }),
    ),
    path: '$.Steps[1].Arguments.x.Get',
    message: 'only Callback and Lambda steps have OutputParameters',
  },
  {
    name: 'a property file handle outside Std:JsonGet',
    definition: withSteps(
      processing('P', 'evaluation'),
      makeTrainingStep('B', { Arguments: { x: get('Steps.P.PropertyFiles.Report') } }),
    ),
    path: '$.Steps[1].Arguments.x.Get',
    message: 'can only be used as the PropertyFile of a Std:JsonGet',
  },
  {
    name: 'Std:JsonGet on a Training step',
    definition: withSteps(
      makeTrainingStep('A'),
      condition('C', [{ Type: 'Equals', LeftValue: jsonGet('Steps.A.PropertyFiles.Report'), RightValue: 1 }]),
    ),
    path: "$.Steps[1].Arguments.Conditions[0].LeftValue['Std:JsonGet'].PropertyFile.Get",
    step: 'C',
    message: 'JsonGet function (with property_file) can only be evaluated on processing step outputs',
  },
  {
    name: 'Std:JsonGet on an undeclared property file',
    definition: withSteps(
      processing('P', 'evaluation'),
      condition('C', [{ Type: 'Equals', LeftValue: jsonGet('Steps.P.PropertyFiles.Reprot'), RightValue: 1 }]),
    ),
    path: "$.Steps[1].Arguments.Conditions[0].LeftValue['Std:JsonGet'].PropertyFile.Get",
    message: "Property file reference 'Reprot' is undefined in step 'P'.",
    hint: "Did you mean 'Report'?",
  },
  {
    name: 'a property file on an output the step does not have',
    definition: withSteps(
      processing('P', 'evaluation', 'eval'),
      condition('C', [{ Type: 'Equals', LeftValue: jsonGet('Steps.P.PropertyFiles.Report'), RightValue: 1 }]),
    ),
    path: "$.Steps[1].Arguments.Conditions[0].LeftValue['Std:JsonGet'].PropertyFile.Get",
    message: "Processing output name 'eval' defined in property file 'Report' not found in processing step 'P'.",
  },
  {
    name: 'Std:JsonGet without Path',
    definition: withSteps(
      processing('P', 'o'),
      condition('C', [
        {
          Type: 'Equals',
          LeftValue: { 'Std:JsonGet': { PropertyFile: get('Steps.P.PropertyFiles.Report') } },
          RightValue: 1,
        },
      ]),
    ),
    path: "$.Steps[1].Arguments.Conditions[0].LeftValue['Std:JsonGet'].Path",
    message: 'Std:JsonGet needs Path',
  },
  {
    name: 'Std:JsonGet with both PropertyFile and S3Uri',
    definition: withSteps(
      processing('P', 'o'),
      condition('C', [
        {
          Type: 'Equals',
          LeftValue: {
            'Std:JsonGet': { PropertyFile: get('Steps.P.PropertyFiles.Report'), S3Uri: 's3://b/k', Path: 'a' },
          },
          RightValue: 1,
        },
      ]),
    ),
    path: "$.Steps[1].Arguments.Conditions[0].LeftValue['Std:JsonGet']",
    message: 'exactly one of PropertyFile and S3Uri',
  },
  {
    name: 'Std:JsonGet with an invalid json path',
    definition: withSteps(
      makeTrainingStep('A', { Arguments: { x: { 'Std:JsonGet': { S3Uri: 's3://b/k', Path: 'a[x]' } } } }),
    ),
    path: "$.Steps[0].Arguments.x['Std:JsonGet'].Path",
    message: "Invalid json path 'a[x]'",
  },
  {
    name: 'Std:Join without Values',
    definition: withSteps(makeTrainingStep('A', { Arguments: { x: { 'Std:Join': { On: '/' } } } })),
    path: "$.Steps[0].Arguments.x['Std:Join'].Values",
    message: 'Std:Join needs Values',
  },
  {
    name: 'Std:Join with a non-string On',
    definition: withSteps(makeTrainingStep('A', { Arguments: { x: { 'Std:Join': { On: 1, Values: [] } } } })),
    path: "$.Steps[0].Arguments.x['Std:Join'].On",
    message: 'Std:Join On must be a string',
  },
  {
    name: 'Std:Join with an object value',
    definition: withSteps(makeTrainingStep('A', { Arguments: { x: { 'Std:Join': { Values: [{ a: 1 }] } } } })),
    path: "$.Steps[0].Arguments.x['Std:Join'].Values[0]",
    message: 'Values items must be strings, numbers, booleans or expressions',
  },
  // Conditions
  {
    name: 'an unknown condition type',
    definition: withSteps(condition('C', [{ Type: 'Equal', LeftValue: 1, RightValue: 1 }])),
    path: '$.Steps[0].Arguments.Conditions[0].Type',
    step: 'C',
    message: 'Condition of type [Equal] is not supported.',
    hint: "Did you mean 'Equals'?",
  },
  {
    name: 'a comparison without RightValue',
    definition: withSteps(condition('C', [{ Type: 'GreaterThan', LeftValue: 1 }])),
    path: '$.Steps[0].Arguments.Conditions[0].RightValue',
    message: 'RightValue is required in a GreaterThan condition.',
  },
  {
    name: 'an In condition whose Values is not a list',
    definition: withSteps(condition('C', [{ Type: 'In', QueryValue: 1, Values: 1 }])),
    path: '$.Steps[0].Arguments.Conditions[0].Values',
    message: 'Values of an In condition must be an array',
  },
  {
    name: 'a Not around an invalid condition',
    definition: withSteps(
      condition('C', [{ Type: 'Not', Condition: { Type: 'Or', Conditions: [{ Type: 'Maybe' }] } }]),
    ),
    path: '$.Steps[0].Arguments.Conditions[0].Condition.Conditions[0].Type',
    message: 'Condition of type [Maybe] is not supported.',
  },
  {
    name: 'an empty Or',
    definition: withSteps(condition('C', [{ Type: 'Or', Conditions: [] }])),
    path: '$.Steps[0].Arguments.Conditions[0].Conditions',
    message: 'An Or condition needs at least one condition.',
  },
  {
    name: 'an operand that is a literal object',
    definition: withSteps(condition('C', [{ Type: 'Equals', LeftValue: { a: 1 }, RightValue: 1 }])),
    path: '$.Steps[0].Arguments.Conditions[0].LeftValue',
    message: 'A condition operand must be a string, number, boolean or an expression',
  },
  {
    name: 'an unknown key in a condition',
    definition: withSteps(condition('C', [{ Type: 'Equals', LeftValue: 1, RigthValue: 1 }])),
    path: '$.Steps[0].Arguments.Conditions[0].RigthValue',
    message: "Unknown field 'RigthValue' in a Equals condition",
    hint: "Did you mean 'RightValue'?",
  },
  {
    name: 'a Condition reading its own Outcome',
    definition: withSteps(condition('C', [{ Type: 'Equals', LeftValue: get('Steps.C.Outcome'), RightValue: true }])),
    path: '$.Steps[0].Arguments.Conditions[0].LeftValue.Get',
    message: "Step 'C' cannot reference its own properties.",
  },
  // DependsOn
  {
    name: 'DependsOn an unknown step',
    definition: withSteps(makeTrainingStep('Train'), makeTrainingStep('Eval', { DependsOn: ['Trian'] })),
    path: '$.Steps[1].DependsOn[0]',
    step: 'Eval',
    message: "Step 'Trian' is undefined.",
    hint: "Did you mean 'Train'?",
  },
  {
    name: 'DependsOn itself',
    definition: withSteps(makeTrainingStep('A', { DependsOn: ['A'] })),
    path: '$.Steps[0].DependsOn[0]',
    message: "Step 'A' cannot depend on itself.",
  },
  {
    name: 'DependsOn a Fail step',
    definition: withSteps(fail('F'), makeTrainingStep('A', { DependsOn: ['F'] })),
    path: '$.Steps[1].DependsOn[0]',
    message: "Step 'F' is a Fail step",
  },
  {
    name: 'DependsOn that is a string',
    definition: withSteps(makeTrainingStep('B'), makeTrainingStep('A', { DependsOn: 'B' })),
    path: '$.Steps[1].DependsOn',
    message: 'DependsOn must be an array of step names.',
  },
  // Graph
  {
    name: 'two steps depending on each other',
    definition: withSteps(makeTrainingStep('A', { DependsOn: ['B'] }), makeTrainingStep('B', { DependsOn: ['A'] })),
    path: '$.Steps[0]',
    step: 'A',
    message: "Cycle detected in pipeline step graph. 'A' depends on 'B' (DependsOn), 'B' depends on 'A' (DependsOn).",
  },
];

describe('rejected definitions', () => {
  it('covers at least 25 cases', () => {
    assert.ok(CASES.length >= 25);
  });

  for (const testCase of CASES) {
    it(`rejects ${testCase.name}`, () => {
      const text = typeof testCase.definition === 'string' ? testCase.definition : JSON.stringify(testCase.definition);
      const result = parseDefinition(text);
      assert.ok(!result.ok, `expected ${testCase.name} to be rejected`);
      const match = result.problems.find((p) => p.path === testCase.path && p.message.includes(testCase.message));
      assert.ok(
        match,
        `no problem at ${testCase.path} containing "${testCase.message}" in:\n${JSON.stringify(result.problems, null, 2)}`,
      );
      if (testCase.step !== undefined) assert.equal(match.step, testCase.step);
      if (testCase.hint !== undefined) assert.equal(match.hint, testCase.hint);
    });
  }
});
