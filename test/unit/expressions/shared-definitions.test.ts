import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PipelineDefinition } from '../../../src/engine/definition/types.js';
import { parseDefinition } from '../../../src/engine/definition/parse.js';
import { evaluateConditions, evaluateValue } from '../../../src/engine/expressions/evaluate.js';
import { readSharedDefinition } from '../../support/definitions.js';
import { makeContext } from './make-context.js';

function load(file: string): PipelineDefinition {
  const result = parseDefinition(readSharedDefinition(file));
  assert.ok(result.ok, `${file} should parse`);
  return result.definition;
}

function step<T extends PipelineDefinition['steps'][number]['type']>(
  definition: PipelineDefinition,
  name: string,
  type: T,
): Extract<PipelineDefinition['steps'][number], { type: T }> {
  const node = definition.stepsByName.get(name);
  assert.equal(node?.type, type);
  return node as Extract<PipelineDefinition['steps'][number], { type: T }>;
}

describe('shared definition sdk-fail-join-outcome.json', () => {
  const definition = load('sdk-fail-join-outcome.json');

  it('evaluates the condition MyInt == 1 with the default MyInt = 2 to false', () => {
    const condition = step(definition, 'CondStep', 'Condition');
    assert.equal(evaluateConditions(condition.conditions, makeContext({ definition })), false);
    assert.equal(evaluateConditions(condition.conditions, makeContext({ definition, parameters: { MyInt: 1 } })), true);
  });

  it('renders the Fail message with the Outcome in lower case, as the SDK integ test expects', () => {
    const fail = step(definition, 'FailStep', 'Fail');
    const ctx = makeContext({ definition, steps: { CondStep: { Outcome: false } } });
    assert.equal(evaluateValue(fail.errorMessage, ctx), 'Failed due to xxx == yyy returns: false');
  });
});

describe('shared definition ex-abalone-train-eval-condition-fail.json', () => {
  const definition = load('ex-abalone-train-eval-condition-fail.json');
  const condition = step(definition, 'AbaloneMSECond', 'Condition');
  const withMse = (mse: number) =>
    makeContext({
      definition,
      steps: { AbaloneEval: { ProcessingJobName: 'eval' } },
      propertyFiles: { AbaloneEval: { EvaluationReport: { regression_metrics: { mse: { value: mse } } } } },
    });

  it('compares the evaluation report MSE with the Float threshold', () => {
    assert.equal(evaluateConditions(condition.conditions, withMse(4.2)), true);
    assert.equal(evaluateConditions(condition.conditions, withMse(6)), true);
    assert.equal(evaluateConditions(condition.conditions, withMse(6.01)), false);
  });

  it('renders the Float threshold as 6.0 in the Fail message', () => {
    const fail = step(definition, 'AbaloneMSEFail', 'Fail');
    assert.equal(evaluateValue(fail.errorMessage, withMse(7)), 'Execution failed due to MSE > 6.0');
  });
});
