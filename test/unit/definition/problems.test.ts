import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_JSON_DEPTH, findSyntaxError, parseJsonText } from '../../../src/engine/definition/json-text.js';
import { MAX_DEFINITION_LENGTH, describeProblems, parseDefinition } from '../../../src/engine/definition/parse.js';
import type { DefinitionProblem } from '../../../src/engine/definition/problems.js';
import { closestName, editDistance } from '../../../src/engine/definition/suggest.js';
import { makeDefinition, makeTrainingStep, parseObject } from './helpers.js';

function syntaxError(text: string): string {
  const result = parseJsonText(text);
  assert.ok(!result.ok);
  return result.error;
}

describe('JSON syntax errors', () => {
  const cases: Array<[string, string]> = [
    ['', 'Unexpected end of input, expected a value at line 1, column 1.'],
    ['{"a": 1,}', "Expected a double-quoted property name but found '}' at line 1, column 9."],
    ['{"a" 1}', "Expected ':' after property name but found '1' at line 1, column 6."],
    ['{\n  "a": 1\n  "b": 2\n}', "Expected ',' or '}' after property value but found '\"' at line 3, column 3."],
    ['[1, 2', "Expected ',' or ']' after array element but found the end of input at line 1, column 6."],
    ['{"a": tru}', "Expected a value but found 'tru' at line 1, column 7."],
    ['{"a": "x\ny"}', 'Unescaped control character (such as a line break) in string at line 1, column 9.'],
    ['{"a": "\\q"}', "Invalid escape '\\q' in string at line 1, column 8."],
    ['{"a": 01}', "Expected a value but found '01' at line 1, column 7."],
    ['{"a": 1}}', 'Unexpected content after the end of the JSON document at line 1, column 9.'],
    ['{"a": "open', 'Unterminated string at line 1, column 7.'],
  ];
  for (const [text, message] of cases) {
    it(`locates ${JSON.stringify(text)}`, () => assert.equal(syntaxError(text), message));
  }

  it('finds no error in valid JSON', () => {
    assert.equal(findSyntaxError('{"a": [1, -2.5e3, true, null, "\\u00e9"], "b": {}}'), undefined);
  });

  it('rejects nesting deeper than Jackson allows', () => {
    const deep = '['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1);
    assert.match(syntaxError(deep), /nested more than 1000 levels/);
    assert.ok(parseJsonText('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)).ok);
  });

  it('prefixes the service wording in parseDefinition', () => {
    const result = parseDefinition('{"Version": "2020-12-01", "Steps": [}');
    assert.ok(!result.ok);
    assert.deepEqual(result.problems, [
      {
        path: '$',
        message: "Unable to parse pipeline definition. Expected a value but found '}' at line 1, column 37.",
      },
    ]);
    assert.equal(describeProblems(result.problems), result.problems[0]?.message);
  });

  it('rejects text over the API size limit', () => {
    const result = parseDefinition(' '.repeat(MAX_DEFINITION_LENGTH + 1));
    assert.ok(!result.ok);
    assert.match(result.problems[0]?.message ?? '', /the limit is 1048576/);
  });
});

describe('describeProblems', () => {
  const problem = (n: number): DefinitionProblem => ({
    path: `$.Steps[${n}].DependsOn[0]`,
    step: `S${n}`,
    message: `Step 'X${n}' is undefined.`,
    hint: 'Did you mean it?',
  });

  it('renders one problem with path and step, without the hint', () => {
    assert.equal(
      describeProblems([problem(1)]),
      "Invalid pipeline definition: $.Steps[1].DependsOn[0] (step 'S1'): Step 'X1' is undefined.",
    );
  });

  it('renders pipeline-level problems without a step', () => {
    assert.equal(
      describeProblems([{ path: '$.Version', message: 'bad.' }]),
      'Invalid pipeline definition: $.Version: bad.',
    );
  });

  it("joins problems with '; ' and counts the ones left out", () => {
    const text = describeProblems([1, 2, 3, 4, 5, 6, 7].map(problem));
    assert.match(
      text,
      /^Invalid pipeline definition: \$\.Steps\[1\]\.DependsOn\[0\] \(step 'S1'\): Step 'X1' is undefined\.; \$\.Steps\[2\]/,
    );
    assert.match(text, /\(and 2 more\)$/);
  });

  it('keeps long messages to a sane length', () => {
    const long = { path: '$', message: 'x'.repeat(5000) };
    assert.ok(describeProblems([long, long]).length < 2100);
  });

  it('orders problems by step in document order', () => {
    const result = parseObject(
      makeDefinition([
        makeTrainingStep('A', { DependsOn: ['Nope'] }),
        { Name: 'B', Type: 'Bogus', Arguments: {} },
        makeTrainingStep('C', { Arguments: { x: { Get: 'Parameters.Missing' } } }),
      ]),
    );
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.step),
      ['A', 'B', 'C'],
    );
  });
});

describe('name suggestions', () => {
  it('computes edit distances', () => {
    assert.equal(editDistance('Trian', 'Train'), 2);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('offers the closest name within distance 2, preferring a case-only difference', () => {
    assert.equal(closestName('train', ['Trains', 'Train']), 'Train');
    assert.equal(closestName('Trian', ['Train', 'Eval']), 'Train');
    assert.equal(closestName('Completely', ['Train']), undefined);
    assert.equal(closestName('A', ['B']), undefined);
  });
});
