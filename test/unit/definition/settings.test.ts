import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDuration } from '../../../src/engine/definition/durations.js';
import type { RetryPolicy } from '../../../src/engine/definition/types.js';
import { expectValid, makeDefinition, makeTrainingStep, parseObject, sharedDefinitionsDir } from './helpers.js';
import type { JsonObject } from '../../../src/shared/json.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('cache durations', () => {
  const accepted: Array<[string, number]> = [
    ['PT1H', HOUR],
    ['P30D', 30 * DAY],
    ['p30d', 30 * DAY],
    ['P4DT12H', 4 * DAY + 12 * HOUR],
    ['T12H', 12 * HOUR],
    ['30d', 30 * DAY],
    ['10d', 10 * DAY],
    ['5y', 5 * 365 * DAY],
    ['T16m', 16 * MINUTE],
    ['30dT5h', 30 * DAY + 5 * HOUR],
    ['P2W', 14 * DAY],
    ['P1M', 30 * DAY],
    ['PT30S', 30_000],
    ['PT1H30M', HOUR + 30 * MINUTE],
    ['PT0.5H', 30 * MINUTE],
    ['P1Y2M3W4DT5H6M7S', 365 * DAY + 60 * DAY + 21 * DAY + 4 * DAY + 5 * HOUR + 6 * MINUTE + 7000],
  ];
  for (const [text, ms] of accepted) {
    it(`parses ${text}`, () => assert.deepEqual(parseDuration(text), { ms }));
  }

  for (const text of ['', 'P', 'T', 'PT', '1H2D', 'P1D1Y', '12 hours', 'PT1X', 'P-1D', 'P1DT']) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const result = parseDuration(text);
      assert.ok('error' in result);
      assert.match(result.error, /is not a duration/);
    });
  }

  it('suggests the T for a bare hour count', () => {
    const result = parseDuration('12h');
    assert.ok('error' in result);
    assert.match(result.error, /Did you mean 'PT12H'\?$/);
  });
});

describe('CacheConfig on steps', () => {
  it('parses ExpireAfter to milliseconds and keeps the text', () => {
    const definition = expectValid(
      makeDefinition([makeTrainingStep('A', { CacheConfig: { Enabled: true, ExpireAfter: 'T12H' } })]),
    );
    assert.deepEqual(definition.stepsByName.get('A')?.cacheConfig, {
      enabled: true,
      expireAfterMs: 12 * HOUR,
      expireAfter: 'T12H',
    });
  });

  it('accepts Enabled without ExpireAfter (the SDK omits it)', () => {
    const definition = expectValid(makeDefinition([makeTrainingStep('A', { CacheConfig: { Enabled: true } })]));
    assert.deepEqual(definition.stepsByName.get('A')?.cacheConfig, { enabled: true });
  });

  it('only warns about a bad ExpireAfter when caching is disabled', () => {
    const result = parseObject(
      makeDefinition([makeTrainingStep('A', { CacheConfig: { Enabled: false, ExpireAfter: 'soon' } })]),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.definition.stepsByName.get('A')?.cacheConfig, { enabled: false });
    assert.equal(result.warnings[0]?.path, '$.Steps[0].CacheConfig.ExpireAfter');
    assert.match(result.warnings[0]?.message ?? '', /ignored because caching is disabled/);
  });

  it('is absent on steps without CacheConfig', () => {
    const definition = expectValid(makeDefinition([makeTrainingStep('A')]));
    assert.equal(definition.stepsByName.get('A')?.cacheConfig, undefined);
  });
});

describe('retry policy normalisation', () => {
  function policiesOf(policies: JsonObject[], type = 'Training'): readonly RetryPolicy[] {
    const definition = expectValid(makeDefinition([{ Name: 'S', Type: type, Arguments: {}, RetryPolicies: policies }]));
    return definition.stepsByName.get('S')?.retryPolicies ?? [];
  }

  it('applies the documented defaults: interval 1, backoff 2.0, MaxAttempts 5', () => {
    assert.deepEqual(policiesOf([{ ExceptionType: ['Step.SERVICE_FAULT'] }]), [
      {
        exceptionTypes: ['Step.SERVICE_FAULT'],
        intervalSeconds: 1,
        backoffRate: 2,
        limit: { kind: 'maxAttempts', maxAttempts: 5 },
      },
    ]);
  });

  it('accepts ExceptionType as a single string (SCHEMA form)', () => {
    assert.deepEqual(policiesOf([{ ExceptionType: 'SageMaker.RESOURCE_LIMIT', MaxAttempts: 0 }])[0]?.exceptionTypes, [
      'SageMaker.RESOURCE_LIMIT',
    ]);
  });

  it('keeps ExpireAfterMin as the limit when given', () => {
    assert.deepEqual(
      policiesOf([{ ExceptionType: ['Step.THROTTLING'], ExpireAfterMin: 30, BackoffRate: 1.5, IntervalSeconds: 10 }]),
      [
        {
          exceptionTypes: ['Step.THROTTLING'],
          intervalSeconds: 10,
          backoffRate: 1.5,
          limit: { kind: 'expireAfterMin', expireAfterMin: 30 },
        },
      ],
    );
  });

  it('accepts Emr.RESOURCE_LIMIT on an EMR step and Step.* on a Model step', () => {
    const emr = expectValid(
      makeDefinition([
        {
          Name: 'E',
          Type: 'EMR',
          Arguments: { ClusterId: 'j-1', StepConfig: {} },
          RetryPolicies: [{ ExceptionType: ['Emr.RESOURCE_LIMIT'] }],
        },
      ]),
    );
    assert.deepEqual(emr.stepsByName.get('E')?.retryPolicies[0]?.exceptionTypes, ['Emr.RESOURCE_LIMIT']);
    assert.equal(policiesOf([{ ExceptionType: ['Step.THROTTLING'] }], 'Model').length, 1);
  });

  it('normalises the SDK fixture sdk-retry-policies.json', () => {
    const definition = expectValid(readFileSync(path.join(sharedDefinitionsDir, 'sdk-retry-policies.json'), 'utf8'));
    assert.deepEqual(definition.stepsByName.get('MyStep')?.retryPolicies, [
      {
        exceptionTypes: ['Step.SERVICE_FAULT', 'Step.THROTTLING'],
        intervalSeconds: 1,
        backoffRate: 2,
        limit: { kind: 'expireAfterMin', expireAfterMin: 1 },
      },
      {
        exceptionTypes: ['SageMaker.CAPACITY_ERROR'],
        intervalSeconds: 1,
        backoffRate: 2,
        limit: { kind: 'maxAttempts', maxAttempts: 3 },
      },
      {
        exceptionTypes: ['SageMaker.JOB_INTERNAL_ERROR'],
        intervalSeconds: 5,
        backoffRate: 2,
        limit: { kind: 'expireAfterMin', expireAfterMin: 5 },
      },
    ]);
  });

  it('gives steps without policies an empty list', () => {
    const definition = expectValid(makeDefinition([makeTrainingStep('A')]));
    assert.deepEqual(definition.stepsByName.get('A')?.retryPolicies, []);
  });
});
