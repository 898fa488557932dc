/** FunctionName in every form Lambda accepts. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionArn, parseFunctionReference } from '../../../src/runtimes/lambda/function-names.js';
import { handlerLocation } from '../../../src/runtimes/lambda/runtimes.js';

describe('function references', () => {
  it('reads names, partial and full ARNs, with and without a qualifier', () => {
    assert.deepEqual(parseFunctionReference('my-fn'), { name: 'my-fn' });
    assert.deepEqual(parseFunctionReference('my-fn:$LATEST'), { name: 'my-fn', qualifier: '$LATEST' });
    assert.deepEqual(parseFunctionReference('123456789012:function:my-fn'), {
      name: 'my-fn',
      accountId: '123456789012',
    });
    assert.deepEqual(parseFunctionReference('arn:aws:lambda:eu-west-1:123456789012:function:my_fn:prod'), {
      name: 'my_fn',
      region: 'eu-west-1',
      accountId: '123456789012',
      qualifier: 'prod',
    });
    assert.equal(parseFunctionReference('not a name'), undefined);
    assert.equal(functionArn('us-east-1', '000000000000', 'f'), 'arn:aws:lambda:us-east-1:000000000000:function:f');
  });

  it('splits handlers as each runtime does', () => {
    assert.deepEqual(handlerLocation('python', 'pkg.mod.handler'), {
      module: 'pkg.mod',
      exportName: 'handler',
      candidates: ['pkg/mod.py', 'pkg/mod/__init__.py'],
    });
    assert.deepEqual(handlerLocation('node', 'src/index.handlers.main'), {
      module: 'src/index',
      exportName: 'handlers.main',
      candidates: ['src/index.js', 'src/index.mjs', 'src/index.cjs'],
    });
    assert.equal(handlerLocation('python', 'handler'), undefined);
    assert.equal(handlerLocation('node', 'index.'), undefined);
  });
});
