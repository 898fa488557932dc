/** The config file format (docs/config.md): parsing, precedence and the JSON paths of problems. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  failureFor,
  imageRuleFor,
  parseSluiceConfig,
  readSluiceConfigFile,
  SluiceConfigError,
  stepSettings,
} from '../../../src/sluice-config.js';
import { REPO_ROOT } from '../../support/definitions.js';

/** The first ```json block of docs/config.md after `heading`. */
function docExample(heading: string): unknown {
  const doc = readFileSync(join(REPO_ROOT, 'docs/config.md'), 'utf8');
  const from = doc.indexOf(heading);
  const block = /```json\n([\s\S]*?)```/.exec(doc.slice(from));
  return JSON.parse(block?.[1] ?? 'null');
}

function problem(json: unknown): string {
  try {
    parseSluiceConfig(json);
  } catch (error) {
    assert.ok(error instanceof SluiceConfigError);
    return error.message;
  }
  assert.fail('expected a SluiceConfigError');
}

describe('the config file', () => {
  it('parses the complete example of docs/config.md', () => {
    const config = parseSluiceConfig(docExample('## A complete example'));
    const settings = stepSettings(config, 'abalonepipeline', 'AbaloneEval', 'Processing');
    assert.equal(settings.executor, 'simulate');
    assert.deepEqual(settings.propertyFiles, { EvaluationReport: { regression_metrics: { mse: { value: 3.2 } } } });
    assert.equal(stepSettings(config, 'Other', 'Train', 'Training').executor, 'process');
  });

  it('takes the step entry over the pipeline entry over the type over the default', () => {
    const config = parseSluiceConfig({
      executors: { Training: 'process' },
      simulate: { durationMs: 7 },
      pipelines: {
        P: {
          durationMs: 3,
          executors: { Processing: 'process' },
          steps: { S: { executor: 'simulate', durationMs: 0 } },
        },
      },
    });
    assert.deepEqual(
      [stepSettings(config, 'p', 'S', 'Training').executor, stepSettings(config, 'p', 'S', 'Training').durationMs],
      ['simulate', 0],
    );
    assert.equal(stepSettings(config, 'P', 'T', 'Processing').executor, 'process');
    assert.equal(stepSettings(config, 'P', 'T', 'Training').executor, 'process');
    assert.equal(stepSettings(config, 'P', 'T', 'Model').durationMs, 3);
    assert.equal(stepSettings(config, 'Q', 'T', 'Model').durationMs, 7);
    assert.equal(stepSettings(config, 'Q', 'T', 'Model').executor, 'simulate');
  });

  it('scripts a failure for the first attempts only when asked', () => {
    const config = parseSluiceConfig({
      pipelines: {
        P: { steps: { S: { fail: { errorType: 'SageMaker.CAPACITY_ERROR', attempts: 2 } }, T: { fail: {} } } },
      },
    });
    const s = stepSettings(config, 'P', 'S', 'Training');
    assert.deepEqual(
      [1, 2, 3].map((n) => failureFor(s, n)?.errorType),
      ['SageMaker.CAPACITY_ERROR', 'SageMaker.CAPACITY_ERROR', undefined],
    );
    assert.equal(failureFor(stepSettings(config, 'P', 'T', 'Training'), 9)?.errorType, 'ClientError');
  });

  it('matches images exactly or by /regex/, first match first', () => {
    const config = parseSluiceConfig({
      images: { 'a/b:1': { command: ['x'] }, '/sklearn/': { command: ['y'], environment: { K: 'v' } } },
    });
    assert.deepEqual(imageRuleFor(config, 'a/b:1')?.command, ['x']);
    assert.equal(imageRuleFor(config, 'a/b:2'), undefined);
    assert.deepEqual(imageRuleFor(config, '1.dkr.ecr/sklearn:1.2')?.environment, { K: 'v' });
  });

  it('names the JSON path of each problem', () => {
    assert.equal(problem([]), '$ must be an object, got []');
    assert.match(problem({ executor: {} }), /^\$\.executor is not a known setting here; expected one of executors, /);
    assert.match(problem({ executors: { Lambda: 'simulate' } }), /^\$\.executors\.Lambda is not a job step type/);
    assert.match(problem({ executors: { Model: 'process' } }), /^\$\.executors\.Model the process executor runs only/);
    assert.match(problem({ simulate: { durationMs: -1 } }), /^\$\.simulate\.durationMs must be a whole number/);
    assert.match(problem({ images: { '/(/': {} } }), /^\$\.images\["\/\(\/"\] is not a valid regular expression/);
    assert.match(problem({ images: { x: { command: [] } } }), /^\$\.images\.x\.command must be a non-empty array/);
    assert.match(
      problem({ pipelines: { 'my-pipe': { steps: { 'Eval-1': { fail: { attempts: 0 } } } } } }),
      /^\$\.pipelines\["my-pipe"\]\.steps\["Eval-1"\]\.fail\.attempts must be a whole number of at least 1, got 0$/,
    );
    assert.match(
      problem({ pipelines: { P: { steps: { S: { metrics: { m: '1' } } } } } }),
      /\.metrics\.m must be a number/,
    );
    assert.match(problem({ pipelines: { P: {}, p: {} } }), /^\$\.pipelines\.p names a pipeline already configured/);
  });

  it('names the file when it cannot be read or is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-config-unit-'));
    try {
      const file = join(dir, 'c.json');
      writeFileSync(file, '{"simulate": ');
      assert.throws(
        () => readSluiceConfigFile(file),
        new RegExp(`^SluiceConfigError: config file ${file}: not valid JSON`),
      );
      writeFileSync(file, '{"simulate": {"durationMs": "5"}}');
      assert.throws(() => readSluiceConfigFile(file), /config file .*: \$\.simulate\.durationMs must be/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
