import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { DependencyKind, PipelineDefinition } from '../../../src/engine/definition/types.js';
import { expectValid, makeDefinition, makeTrainingStep, parseObject, sharedDefinitionsDir } from './helpers.js';

type Edge = [step: string, dependsOn: string, kinds: DependencyKind[]];

function loadShared(file: string): PipelineDefinition {
  return expectValid(readFileSync(path.join(sharedDefinitionsDir, file), 'utf8'));
}

function edgesOf(definition: PipelineDefinition): Edge[] {
  return definition.graph.edges.map((edge) => [edge.step, edge.dependsOn, [...edge.kinds]]);
}

function assertTopologicalOrder(definition: PipelineDefinition): void {
  const { topologicalOrder, dependencies } = definition.graph;
  assert.equal(new Set(topologicalOrder).size, definition.steps.length);
  const position = new Map(topologicalOrder.map((name, i) => [name, i]));
  for (const [step, deps] of dependencies) {
    for (const dep of deps) assert.ok((position.get(dep) ?? -1) < (position.get(step) ?? -1), `${dep} before ${step}`);
  }
}

describe('dependency graph of the example definitions', () => {
  it('abalone train/eval/condition/fail: data references, and branch edges to the nearest Condition', () => {
    const definition = loadShared('ex-abalone-train-eval-condition-fail.json');
    assert.deepEqual(edgesOf(definition), [
      ['AbaloneTrain', 'AbaloneProcess', ['data']],
      ['AbaloneEval', 'AbaloneTrain', ['data']],
      ['AbaloneEval', 'AbaloneProcess', ['data']],
      ['AbaloneMSECond', 'AbaloneEval', ['data']],
      ['AbaloneRegisterModel-RegisterModel', 'AbaloneTrain', ['data']],
      ['AbaloneRegisterModel-RegisterModel', 'AbaloneMSECond', ['branch']],
      ['AbaloneCreateModel-CreateModel', 'AbaloneTrain', ['data']],
      ['AbaloneCreateModel-CreateModel', 'AbaloneMSECond', ['branch']],
      ['AbaloneTransform', 'AbaloneCreateModel-CreateModel', ['data']],
      ['AbaloneTransform', 'AbaloneMSECond', ['branch']],
      ['AbaloneMSEFail', 'AbaloneMSECond', ['branch']],
    ]);
    assert.deepEqual([...(definition.graph.dependents.get('AbaloneMSECond') ?? [])].sort(), [
      'AbaloneCreateModel-CreateModel',
      'AbaloneMSEFail',
      'AbaloneRegisterModel-RegisterModel',
      'AbaloneTransform',
    ]);
    assertTopologicalOrder(definition);
  });

  it('the Condition does not inherit the references of its branch steps', () => {
    const definition = loadShared('ex-abalone-train-eval-condition-fail.json');
    assert.deepEqual([...(definition.graph.dependencies.get('AbaloneMSECond') ?? [])], ['AbaloneEval']);
  });

  it('a top-level step may depend on a step inside a branch', () => {
    const definition = loadShared('sdk-compiler-depends-on-branch-step.json');
    assert.deepEqual(edgesOf(definition), [
      ['custom-step-1', 'custom-step-0', ['explicit']],
      ['custom-step-0', 'condition-step', ['branch']],
    ]);
    assert.deepEqual(definition.graph.topologicalOrder, ['condition-step', 'custom-step-0', 'custom-step-1']);
    assert.deepEqual(definition.stepsByName.get('custom-step-0')?.parent, {
      condition: 'condition-step',
      branch: 'if',
    });
  });

  it('nested conditions: each branch step depends on its nearest Condition only', () => {
    const definition = loadShared('sdk-compiler-nested-conditions.json');
    assert.deepEqual(edgesOf(definition), [
      ['custom-step-2', 'custom-step-1', ['explicit']],
      ['custom-step-2', 'condition-step', ['branch']],
      ['nested-condition-step', 'condition-step', ['branch']],
      ['custom-step-1', 'custom-step-0', ['explicit']],
      ['custom-step-1', 'nested-condition-step', ['branch']],
    ]);
    assertTopologicalOrder(definition);
    const outer = definition.stepsByName.get('condition-step');
    assert.ok(outer?.type === 'Condition');
    assert.deepEqual(outer.ifSteps, ['custom-step-2', 'nested-condition-step']);
    assert.deepEqual(outer.elseSteps, []);
    assert.deepEqual(
      definition.steps.map((s) => s.name),
      ['condition-step', 'custom-step-2', 'nested-condition-step', 'custom-step-1', 'custom-step-0'],
    );
  });

  it('merges an explicit DependsOn and a data reference to the same step into one edge', () => {
    const definition = expectValid(
      makeDefinition([
        makeTrainingStep('A'),
        makeTrainingStep('B', { DependsOn: ['A', 'A'], Arguments: { x: { Get: 'Steps.A.TrainingJobName' } } }),
      ]),
    );
    assert.deepEqual(edgesOf(definition), [['B', 'A', ['explicit', 'data']]]);
    assert.deepEqual(definition.stepsByName.get('B')?.dependsOn, ['A']);
  });

  it('orders steps after their dependencies, otherwise in document order', () => {
    const definition = expectValid(
      makeDefinition([
        makeTrainingStep('C', { DependsOn: ['B'] }),
        makeTrainingStep('X'),
        makeTrainingStep('B', { DependsOn: ['A'] }),
        makeTrainingStep('A'),
      ]),
    );
    assert.deepEqual(definition.graph.topologicalOrder, ['A', 'B', 'C', 'X']);
  });

  it('reports a cycle with the steps and the reasons of each edge', () => {
    const result = parseObject(
      makeDefinition([
        makeTrainingStep('A', { DependsOn: ['C'] }),
        makeTrainingStep('B', { Arguments: { x: { Get: 'Steps.A.TrainingJobName' } } }),
        makeTrainingStep('C', { DependsOn: ['B'] }),
      ]),
    );
    assert.ok(!result.ok);
    assert.equal(result.problems.length, 1);
    assert.deepEqual(result.problems[0], {
      path: '$.Steps[0]',
      step: 'A',
      message:
        "Cycle detected in pipeline step graph. 'A' depends on 'C' (DependsOn), 'C' depends on 'B' (DependsOn), " +
        "'B' depends on 'A' (property reference).",
    });
  });

  it('finds a cycle through a branch edge: a Condition reading a property of its own branch step', () => {
    const result = parseObject(
      makeDefinition([
        {
          Name: 'Cond',
          Type: 'Condition',
          Arguments: {
            Conditions: [{ Type: 'Equals', LeftValue: { Get: 'Steps.Inner.TrainingJobStatus' }, RightValue: 'x' }],
            IfSteps: [makeTrainingStep('Inner')],
            ElseSteps: [],
          },
        },
      ]),
    );
    assert.ok(!result.ok);
    assert.match(
      result.problems[0]?.message ?? '',
      /Cycle detected in pipeline step graph\..*branch step of the Condition/,
    );
  });

  it('warns when a step depends on a step in the opposite branch of the same Condition', () => {
    const result = parseObject(
      makeDefinition([
        {
          Name: 'Cond',
          Type: 'Condition',
          Arguments: {
            Conditions: [],
            IfSteps: [makeTrainingStep('Yes')],
            ElseSteps: [makeTrainingStep('No', { DependsOn: ['Yes'] })],
          },
        },
      ]),
    );
    assert.ok(result.ok);
    assert.equal(result.warnings.length, 1);
    assert.equal(result.warnings[0]?.path, '$.Steps[0].Arguments.ElseSteps[0]');
    assert.equal(result.warnings[0]?.step, 'No');
    assert.match(result.warnings[0]?.message ?? '', /'No' can never run/);
  });

  it('warns for opposite branches of an outer Condition, once, not again downstream', () => {
    const nested = {
      Name: 'Inner',
      Type: 'Condition',
      Arguments: { Conditions: [], IfSteps: [makeTrainingStep('Deep', { DependsOn: ['Other'] })], ElseSteps: [] },
    };
    const result = parseObject(
      makeDefinition([
        {
          Name: 'Outer',
          Type: 'Condition',
          Arguments: { Conditions: [], IfSteps: [nested], ElseSteps: [makeTrainingStep('Other')] },
        },
        makeTrainingStep('After', { DependsOn: ['Deep'] }),
      ]),
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.warnings.map((w) => w.message),
      [
        "Step 'Deep' can never run: it is in the IfSteps of Condition 'Outer' but also needs 'Other' in the " +
          "ElseSteps of Condition 'Outer', and only one branch runs.",
      ],
    );
  });

  it('warns when a top-level step needs steps from both branches', () => {
    const result = parseObject(
      makeDefinition([
        {
          Name: 'Cond',
          Type: 'Condition',
          Arguments: { Conditions: [], IfSteps: [makeTrainingStep('Yes')], ElseSteps: [makeTrainingStep('No')] },
        },
        makeTrainingStep('Join', { Arguments: { a: { Get: 'Steps.Yes.TrainingJobName' } }, DependsOn: ['No'] }),
        makeTrainingStep('Either', { DependsOn: ['Cond'] }),
      ]),
    );
    assert.ok(result.ok);
    assert.equal(result.warnings.length, 1);
    assert.equal(result.warnings[0]?.step, 'Join');
    assert.match(result.warnings[0]?.message ?? '', /needs 'No' in the ElseSteps .* also needs 'Yes' in the IfSteps/);
  });
});
