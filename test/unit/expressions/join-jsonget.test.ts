import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonValue } from '../../../src/shared/json.js';
import {
  EvaluationError,
  evaluateTypedValue,
  evaluateValue,
  formatDateTime,
  renderForJoin,
} from '../../../src/engine/expressions/evaluate.js';
import { makeContext, makeDefinition } from './make-context.js';
import type { ContextSpec } from './make-context.js';

const get = (path: string): JsonValue => ({ Get: path });
const join = (on: string | undefined, values: JsonValue[]): JsonValue => ({
  'Std:Join': on === undefined ? { Values: values } : { On: on, Values: values },
});
const jsonGetFile = (step: string, file: string, path: string): JsonValue => ({
  'Std:JsonGet': { PropertyFile: get(`Steps.${step}.PropertyFiles.${file}`), Path: path },
});
const jsonGetUri = (uri: JsonValue, path: string): JsonValue => ({ 'Std:JsonGet': { S3Uri: uri, Path: path } });

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

const definition = makeDefinition({
  parameters: { Count: ['Integer', 2], Threshold: ['Float', 6], Ratio: ['Float', 0.5], Flag: ['Boolean', true] },
  steps: [
    { name: 'Check', type: 'Condition' },
    { name: 'Lambda', type: 'Lambda', outputs: { score: 'Float', n: 'Integer' } },
    {
      name: 'Eval',
      type: 'Processing',
      propertyFiles: [{ name: 'Report', outputName: 'evaluation', filePath: 'evaluation.json' }],
    },
    { name: 'Fn' },
    { name: 'Pending', type: 'Processing', propertyFiles: [{ name: 'Report', outputName: 'o', filePath: 'r.json' }] },
  ],
});

const report: JsonValue = { regression_metrics: { mse: { value: 4.25, standard_deviation: 1 } }, labels: ['a', 'b'] };

const spec: ContextSpec = {
  definition,
  steps: {
    Check: { Outcome: false },
    Lambda: {
      OutputParameters: [
        { Name: 'score', Value: '3' },
        { Name: 'n', Value: '7' },
      ],
    },
    Eval: { ProcessingOutputConfig: { Outputs: [{ OutputName: 'evaluation', S3Output: { S3Uri: 's3://b/eval' } }] } },
    Fn: { OutputDataConfig: { S3OutputPath: 's3://b/fn/output' } },
  },
  propertyFiles: { Eval: { Report: report } },
  objects: {
    's3://b/fn/output/results.json': '{"Result": [1, {"k": "v"}, 2.5]}',
    's3://b/broken.json': '{"Result": ',
  },
};

describe('renderForJoin', () => {
  it('renders strings as-is, booleans lower case, null as null and containers as JSON', () => {
    assert.equal(renderForJoin('abc'), 'abc');
    assert.equal(renderForJoin(true), 'true');
    assert.equal(renderForJoin(false), 'false');
    assert.equal(renderForJoin(null), 'null');
    assert.equal(renderForJoin([1, 'a', { b: null }]), '[1,"a",{"b":null}]');
    assert.equal(renderForJoin({ k: [true] }), '{"k":[true]}');
  });

  it('renders integers as digits and Float-typed numbers with a decimal point', () => {
    assert.equal(renderForJoin(6), '6');
    assert.equal(renderForJoin(6, 'integer'), '6');
    assert.equal(renderForJoin(0.5), '0.5');
    assert.equal(renderForJoin(6, 'float'), '6.0');
    assert.equal(renderForJoin(-2, 'float'), '-2.0');
    assert.equal(renderForJoin(0.5, 'float'), '0.5');
    assert.equal(renderForJoin(1e15, 'float'), '1000000000000000.0');
    assert.equal(renderForJoin(1e21, 'float'), '1e+21');
  });
});

describe('formatDateTime', () => {
  it('prints ISO-8601 UTC with milliseconds, as Date#toISOString does', () => {
    const samples = [
      0,
      -1,
      Date.UTC(2026, 0, 1),
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29, 12),
      Date.UTC(1900, 2, 1),
      Date.UTC(2100, 11, 31, 1, 2, 3, 4),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    ];
    for (const ms of samples) assert.equal(formatDateTime(ms), new Date(ms).toISOString(), `for ${ms}`);
    assert.equal(formatDateTime(Date.UTC(2026, 0, 1)), '2026-01-01T00:00:00.000Z');
  });

  it('drops sub-millisecond fractions', () => {
    assert.equal(formatDateTime(Date.UTC(2026, 0, 1) + 1.9), '2026-01-01T00:00:00.001Z');
  });
});

describe('Std:Join', () => {
  it('joins rendered values with On, and with "" when On is missing', () => {
    assert.equal(
      evaluate(join('/', ['s3:/', 'bucket', get('Execution.PipelineExecutionId'), 'out']), spec),
      's3://bucket/7pinimwddh3a/out',
    );
    assert.equal(evaluate(join(undefined, ['a', 1, true]), spec), 'a1true');
    assert.equal(evaluate(join(',', []), spec), '');
  });

  it('renders booleans, integers and Float parameters the documented way', () => {
    assert.equal(evaluate(join(' ', [get('Parameters.Flag'), get('Parameters.Count')]), spec), 'true 2');
    assert.equal(evaluate(join('', [get('Parameters.Threshold')]), spec), '6.0');
    assert.equal(
      evaluate(join('', [get('Parameters.Threshold')]), { ...spec, parameters: { Threshold: 7.25 } }),
      '7.25',
    );
    assert.equal(evaluate(join('', [get('Parameters.Ratio')]), spec), '0.5');
  });

  it('renders a Float output parameter with a decimal point and an Integer one as digits', () => {
    assert.equal(
      evaluate(
        join('|', [get("Steps.Lambda.OutputParameters['score']"), get("Steps.Lambda.OutputParameters['n']")]),
        spec,
      ),
      '3.0|7',
    );
  });

  it('renders a Condition Outcome as lower-case true/false, as in the SDK Fail-message test', () => {
    assert.equal(
      evaluate(join(': ', ['Failed due to xxx == yyy returns', get('Steps.Check.Outcome')]), spec),
      'Failed due to xxx == yyy returns: false',
    );
  });

  it('nests Joins and joins JsonGet results', () => {
    const inner = join('-', ['a', get('Parameters.Count')]);
    assert.equal(evaluate(join('/', [inner, 'c']), spec), 'a-2/c');
    assert.equal(
      evaluate(join(' ', ['mse', jsonGetFile('Eval', 'Report', 'regression_metrics.mse.value')]), spec),
      'mse 4.25',
    );
    assert.equal(evaluate(join(' ', [jsonGetFile('Eval', 'Report', 'labels')]), spec), '["a","b"]');
  });

  it('renders null values as null', () => {
    assert.equal(evaluate(join('+', ['a', null]), spec), 'a+null');
  });

  it('fails when Values is not a list', () => {
    assertFails({ 'Std:Join': { On: ',' } }, spec, 'Std:Join Values must be a list, not a null [null].');
  });

  it('reports the float kind of a typed Get through evaluateTypedValue', () => {
    assert.deepEqual(evaluateTypedValue(get('Parameters.Threshold'), makeContext(spec)), { value: 6, kind: 'float' });
    assert.deepEqual(evaluateTypedValue('x', makeContext(spec)), { value: 'x' });
  });
});

describe('Std:JsonGet with a PropertyFile', () => {
  it('selects the value at Path, of the JSON type found there', () => {
    assert.equal(evaluate(jsonGetFile('Eval', 'Report', 'regression_metrics.mse.value'), spec), 4.25);
    assert.equal(evaluate(jsonGetFile('Eval', 'Report', 'labels[1]'), spec), 'b');
    assert.equal(evaluate(jsonGetFile('Eval', 'Report', "regression_metrics['mse'].standard_deviation"), spec), 1);
    assert.deepEqual(evaluate(jsonGetFile('Eval', 'Report', 'regression_metrics.mse'), spec), {
      value: 4.25,
      standard_deviation: 1,
    });
  });

  it('fails naming the path and the file when the path is missing', () => {
    assertFails(
      jsonGetFile('Eval', 'Report', 'regression_metrics.rmse.value'),
      spec,
      "Std:JsonGet path 'regression_metrics.rmse.value' is undefined in property file 'Report' of step 'Eval': 'regression_metrics' has no member 'rmse'.",
    );
    assertFails(
      jsonGetFile('Eval', 'Report', 'nope'),
      spec,
      "Std:JsonGet path 'nope' is undefined in property file 'Report' of step 'Eval': the file has no member 'nope'.",
    );
    assertFails(
      jsonGetFile('Eval', 'Report', 'labels[5]'),
      spec,
      /'labels' has 2 element\(s\), so \[5\] is out of range\.$/,
    );
    assertFails(
      jsonGetFile('Eval', 'Report', "labels['a']"),
      spec,
      /'labels' is a list, so it cannot be indexed by the key \['a'\]\.$/,
    );
  });

  it('fails for an invalid path, an undeclared file, a step that has not succeeded, or an absent file', () => {
    assertFails(jsonGetFile('Eval', 'Report', 'a..b'), spec, /^Invalid json path 'a\.\.b': /);
    assertFails(
      jsonGetFile('Eval', 'Other', 'x'),
      spec,
      "Property file reference 'Other' is undefined in step 'Eval'.",
    );
    assertFails(
      jsonGetFile('Pending', 'Report', 'x'),
      spec,
      "Step 'Pending' has not succeeded, so 'Steps.Pending.PropertyFiles.Report' cannot be resolved.",
    );
    assertFails(
      jsonGetFile('Eval', 'Report', 'x'),
      { ...spec, propertyFiles: {} },
      "Property file 'Report' of step 'Eval' is absent: the step wrote no JSON file 'evaluation.json' to its output 'evaluation'.",
    );
    assertFails(
      { 'Std:JsonGet': { PropertyFile: get('Steps.Eval.ProcessingOutputConfig'), Path: 'x' } },
      spec,
      /^Std:JsonGet PropertyFile must be \{"Get": "Steps.<ProcessingStep>.PropertyFiles.<Name>"\}, not/,
    );
  });
});

describe('Std:JsonGet with an S3Uri', () => {
  const resultsUri = join('/', [get('Steps.Fn.OutputDataConfig.S3OutputPath'), 'results.json']);

  it('reads the object named by the evaluated S3Uri and selects Path', () => {
    assert.deepEqual(evaluate(jsonGetUri(resultsUri, 'Result'), spec), [1, { k: 'v' }, 2.5]);
    assert.equal(evaluate(jsonGetUri(resultsUri, 'Result[2]'), spec), 2.5);
    assert.equal(evaluate(jsonGetUri(resultsUri, "Result[1]['k']"), spec), 'v');
    const ctx = makeContext(spec);
    evaluateValue(jsonGetUri(resultsUri, 'Result[0]'), ctx);
    assert.deepEqual(ctx.reads, ['step:Fn', 'object:s3://b/fn/output/results.json']);
  });

  it('fails on invalid JSON, a missing object, a non-string S3Uri or a missing path', () => {
    assertFails(
      jsonGetUri('s3://b/broken.json', 'Result'),
      spec,
      'Contents of file s3://b/broken.json are not in valid JSON format.',
    );
    assertFails(
      jsonGetUri('s3://b/none.json', 'Result'),
      spec,
      'Std:JsonGet cannot read s3://b/none.json: the object does not exist.',
    );
    assertFails(
      jsonGetUri(get('Parameters.Count'), 'Result'),
      spec,
      'Std:JsonGet S3Uri must resolve to a string, not a number [2].',
    );
    assertFails(
      jsonGetUri(resultsUri, 'Missing'),
      spec,
      "Std:JsonGet path 'Missing' is undefined in file s3://b/fn/output/results.json: the file has no member 'Missing'.",
    );
  });
});
