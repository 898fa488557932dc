/** How the web console reads a definition into the graph it draws (web/src/graph/model.ts, pure). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDefinition, referencedSteps } from '../../web/src/graph/model.js';
import { readSharedDefinition, sharedDefinitionFiles } from '../support/definitions.js';

const definition = JSON.stringify({
  Version: '2020-12-01',
  Parameters: [
    { Name: 'Threshold', Type: 'Float', DefaultValue: 0.5 },
    { Name: 'Mode', Type: 'String', EnumValues: ['fast', 'slow'] },
  ],
  Steps: [
    { Name: 'Train', Type: 'Training', Arguments: {} },
    {
      Name: 'Evaluate',
      Type: 'Processing',
      DependsOn: ['Train'],
      Arguments: { Model: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' } },
    },
    {
      Name: 'Check',
      Type: 'Condition',
      Arguments: {
        Conditions: [
          {
            Type: 'GreaterThan',
            LeftValue: {
              'Std:JsonGet': { PropertyFile: { Get: 'Steps.Evaluate.PropertyFiles.Report' }, Path: 'accuracy' },
            },
            RightValue: { Get: 'Parameters.Threshold' },
          },
        ],
        IfSteps: [
          {
            Name: 'Register',
            Type: 'RegisterModel',
            Arguments: { ModelUrl: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' } },
          },
        ],
        ElseSteps: [{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'too weak' } }],
      },
    },
    {
      Name: 'Notify',
      Type: 'Callback',
      DependsOn: ['Check'],
      SqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q',
      Arguments: {},
      OutputParameters: [{ OutputName: 'ok', OutputType: 'Boolean' }],
    },
  ],
});

describe('console graph model', () => {
  it('collects nested branch steps and every kind of edge', () => {
    const model = readDefinition(definition);
    assert.deepEqual(
      model.steps.map((s) => s.name),
      ['Train', 'Evaluate', 'Check', 'Register', 'Stop', 'Notify'],
    );
    assert.deepEqual(model.byName.get('Register')?.branch, { condition: 'Check', outcome: 'true' });
    assert.deepEqual(model.byName.get('Stop')?.branch, { condition: 'Check', outcome: 'false' });
    const edges = Object.fromEntries(model.edges.map((e) => [`${e.from}->${e.to}`, e.kinds]));
    assert.deepEqual(edges, {
      'Train->Evaluate': ['dependsOn', 'data'],
      'Evaluate->Check': ['data'],
      'Check->Register': ['true'],
      'Train->Register': ['data'],
      'Check->Stop': ['false'],
      'Check->Notify': ['dependsOn'],
    });
    assert.deepEqual(model.byName.get('Notify')?.outputParameters, [{ name: 'ok', type: 'Boolean' }]);
    assert.deepEqual(model.parameters, [
      { name: 'Threshold', type: 'Float', defaultValue: 0.5 },
      { name: 'Mode', type: 'String', enumValues: ['fast', 'slow'] },
    ]);
    assert.deepEqual(model.problems, []);
  });

  it("keeps a Condition's own JSON free of its branch steps' references", () => {
    const check = readDefinition(definition).byName.get('Check');
    assert.deepEqual((check?.json['Arguments'] as Record<string, unknown>)['IfSteps'], ['Register']);
    assert.deepEqual([...referencedSteps(check?.json)], ['Evaluate']);
  });

  it('reads a broken definition as an empty graph with the reason', () => {
    const model = readDefinition('{"Steps": [');
    assert.equal(model.steps.length, 0);
    assert.match(model.problems[0] ?? '', /not JSON/);
  });

  it('reads every shared real-world definition without problems', () => {
    for (const file of sharedDefinitionFiles()) {
      const model = readDefinition(readSharedDefinition(file));
      assert.deepEqual(model.problems, [], file);
      assert.ok(model.steps.length > 0, file);
      for (const edge of model.edges) assert.ok(model.byName.has(edge.from) && model.byName.has(edge.to), file);
    }
  });
});
