import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../../../src/shared/json.js';
import type { ComparisonOperator, ConditionNode } from '../../../src/engine/definition/types.js';
import { EvaluationError, evaluateConditions } from '../../../src/engine/expressions/evaluate.js';
import { makeContext, makeDefinition } from './make-context.js';
import type { ContextSpec } from './make-context.js';

const get = (path: string): JsonValue => ({ Get: path });
const cmp = (operator: ComparisonOperator, left: JsonValue, right: JsonValue): ConditionNode => ({
  kind: 'comparison',
  operator,
  left,
  right,
});
const inList = (query: JsonValue, values: JsonValue[]): ConditionNode => ({ kind: 'in', query, values });
const not = (condition: ConditionNode): ConditionNode => ({ kind: 'not', condition });
const or = (...conditions: ConditionNode[]): ConditionNode => ({ kind: 'or', conditions });

const spec: ContextSpec = {
  definition: makeDefinition({
    parameters: { Count: ['Integer', 3], Threshold: ['Float', 6], Name: ['String', 'abc'], Flag: ['Boolean', true] },
    steps: [{ name: 'Check', type: 'Condition' }, { name: 'Pending' }],
  }),
  steps: { Check: { Outcome: true } },
  startTimeMs: Date.UTC(2026, 0, 1),
};

function holds(...conditions: ConditionNode[]): boolean {
  return evaluateConditions(conditions, makeContext(spec));
}

function assertFails(condition: ConditionNode, message: string): void {
  assert.throws(
    () => holds(condition),
    (error: unknown) => {
      assert.ok(error instanceof EvaluationError, `expected an EvaluationError, got ${String(error)}`);
      assert.equal(error.message, message);
      return true;
    },
  );
}

describe('Equals', () => {
  it('compares numbers numerically whatever their int/float origin', () => {
    assert.equal(holds(cmp('Equals', get('Parameters.Count'), 3)), true);
    assert.equal(holds(cmp('Equals', get('Parameters.Threshold'), 6)), true);
    assert.equal(holds(cmp('Equals', 3, 3.0)), true);
    assert.equal(holds(cmp('Equals', get('Parameters.Count'), 4)), false);
  });

  it('compares strings, booleans, null and containers strictly', () => {
    assert.equal(holds(cmp('Equals', get('Parameters.Name'), 'abc')), true);
    assert.equal(holds(cmp('Equals', get('Parameters.Name'), 'ABC')), false);
    assert.equal(holds(cmp('Equals', get('Steps.Check.Outcome'), true)), true);
    assert.equal(holds(cmp('Equals', get('Parameters.Flag'), false)), false);
    assert.equal(holds(cmp('Equals', null, null)), true);
    assert.equal(holds(cmp('Equals', { a: [1, { b: 2 }], c: 'x' }, { c: 'x', a: [1, { b: 2 }] })), true);
    assert.equal(holds(cmp('Equals', [1, 2], [2, 1])), false);
  });

  it('fails when the operands have different types, even a numeric string against a number', () => {
    assertFails(
      cmp('Equals', get('Parameters.Name'), 3),
      'LeftValue [abc] of type [string] and RightValue [3] of type [number] are not of the same type.',
    );
    assertFails(
      cmp('Equals', '3', get('Parameters.Count')),
      'LeftValue [3] of type [string] and RightValue [3] of type [number] are not of the same type.',
    );
    assertFails(
      cmp('Equals', true, 1),
      'LeftValue [true] of type [boolean] and RightValue [1] of type [number] are not of the same type.',
    );
  });
});

describe('ordering comparisons', () => {
  it('compare numbers numerically', () => {
    assert.equal(holds(cmp('GreaterThan', get('Parameters.Count'), 2.5)), true);
    assert.equal(holds(cmp('GreaterThan', 3, 3)), false);
    assert.equal(holds(cmp('GreaterThanOrEqualTo', 3, 3.0)), true);
    assert.equal(holds(cmp('LessThan', -1, 0)), true);
    assert.equal(holds(cmp('LessThan', 2, 2)), false);
    assert.equal(holds(cmp('LessThanOrEqualTo', get('Parameters.Threshold'), 6)), true);
    assert.equal(holds(cmp('LessThanOrEqualTo', 6.5, get('Parameters.Threshold'))), false);
  });

  it('compare strings lexicographically, so ISO datetimes order by time', () => {
    assert.equal(holds(cmp('GreaterThan', get('Execution.StartDateTime'), '2020-12-01')), true);
    assert.equal(holds(cmp('LessThan', get('Execution.StartDateTime'), '2026-01-01T00:00:00.001Z')), true);
    assert.equal(holds(cmp('GreaterThanOrEqualTo', 'b', 'abc')), true);
    assert.equal(holds(cmp('LessThanOrEqualTo', 'abc', 'abc')), true);
  });

  it('fail for booleans, mixed types, null and containers', () => {
    assertFails(
      cmp('GreaterThan', get('Parameters.Name'), 3),
      'Condition of type [GreaterThan] not supported between [abc] of type [string] and [3] of type [number].',
    );
    assertFails(
      cmp('LessThan', get('Steps.Check.Outcome'), false),
      'Condition of type [LessThan] not supported between [true] of type [boolean] and [false] of type [boolean].',
    );
    assertFails(
      cmp('GreaterThanOrEqualTo', null, 1),
      'Condition of type [GreaterThanOrEqualTo] not supported between [null] of type [null] and [1] of type [number].',
    );
    assertFails(
      cmp('LessThanOrEqualTo', [1], [2]),
      'Condition of type [LessThanOrEqualTo] not supported between [[1]] of type [list] and [[2]] of type [list].',
    );
  });
});

describe('In', () => {
  it('is true when the query equals any value, each of which may be an expression', () => {
    assert.equal(holds(inList(get('Parameters.Name'), ['x', get('Execution.PipelineName'), 'abc'])), true);
    assert.equal(holds(inList(get('Parameters.Count'), [1, 2, 3.0])), true);
    assert.equal(holds(inList(get('Parameters.Count'), [1, 2])), false);
    assert.equal(holds(inList('a', [])), false);
  });

  it('treats values of another type as not equal instead of failing', () => {
    assert.equal(holds(inList(get('Parameters.Count'), ['3', true, null])), false);
    assert.equal(holds(inList(get('Parameters.Count'), ['3', 3])), true);
  });
});

describe('Not, Or and the conjunction', () => {
  it('negate and disjoin, nested at any depth', () => {
    assert.equal(holds(not(cmp('Equals', 1, 2))), true);
    assert.equal(holds(not(not(cmp('Equals', 1, 2)))), false);
    assert.equal(holds(or(cmp('Equals', 1, 2), cmp('Equals', 'a', 'a'))), true);
    assert.equal(holds(or(cmp('Equals', 1, 2), cmp('GreaterThan', 1, 2))), false);
    assert.equal(holds(or()), false);
    assert.equal(holds(not(or(cmp('Equals', 1, 2), or(not(inList('a', ['b'])))))), false);
    assert.equal(holds(or(not(or(cmp('LessThan', 1, 0))), cmp('Equals', 1, 2))), true);
  });

  it('is true for an empty list and requires every condition', () => {
    assert.equal(evaluateConditions([], makeContext(spec)), true);
    assert.equal(holds(cmp('Equals', 1, 1), cmp('Equals', 'a', 'a')), true);
    assert.equal(holds(cmp('Equals', 1, 1), cmp('Equals', 'a', 'b')), false);
  });

  it('stops at the first false condition and at the first true Or member', () => {
    const failing = cmp('Equals', get('Steps.Pending.Outcome'), true);
    assert.equal(holds(cmp('Equals', 1, 2), failing), false);
    assert.equal(holds(or(cmp('Equals', 1, 1), failing)), true);
    assert.equal(holds(inList(1, [1, get('Steps.Pending.Outcome')])), true);
  });

  it('fails the evaluation when an operand cannot be resolved', () => {
    assertFails(
      cmp('Equals', get('Steps.Pending.Outcome'), true),
      "Step 'Pending' has not succeeded, so 'Steps.Pending.Outcome' cannot be resolved.",
    );
  });
});

describe('large definitions', () => {
  it('evaluates the conditions of every step of a 1,000-step pipeline', () => {
    const steps = Array.from({ length: 1000 }, (_, i) => ({ name: `Step${i}`, type: 'Condition' as const }));
    const ctx = makeContext({
      definition: makeDefinition({ parameters: { Count: ['Integer', 3] }, steps }),
      steps: Object.fromEntries(steps.map((s) => [s.name, { Outcome: true }])),
    });
    const conditions = steps.map((s, i) => [
      cmp('Equals', get(`Steps.${s.name}.Outcome`), true),
      or(cmp('GreaterThan', get('Parameters.Count'), i), inList(get('Execution.PipelineName'), ['x', 'my-pipeline'])),
    ]);
    // Speed is measured by `npm run bench`, never in a test.
    for (const list of conditions) assert.equal(evaluateConditions(list, ctx), true);
  });
});
