/** The HTTP edge over raw HTTP: routing, error format, limits, health (api-spec §1.2–1.7). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ROLE_ARN, conditionDefinition } from '../support/definitions.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('HTTP edge', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite', { maxBodyBytes: 64 * 1024 });
  });
  after(() => server.stop());

  async function call(target: string | undefined, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(server.url + '/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        ...(target === undefined ? {} : { 'x-amz-target': target }),
        ...headers,
      },
      body,
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  it('answers health once ready', async () => {
    const response = await fetch(server.url + '/_sluice/health');
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, 'ok');
  });

  it('gives malformed JSON a SerializationException, not a 500', async () => {
    const r = await call('SageMaker.ListPipelines', '{not json');
    assert.equal(r.status, 400);
    assert.equal(r.body['__type'], 'SerializationException');
    assert.equal(r.headers.get('x-amzn-errortype'), 'SerializationException');
    assert.ok(r.headers.get('x-amzn-requestid'));
  });

  it('gives a member of the wrong JSON type a SerializationException', async () => {
    const r = await call('SageMaker.DescribePipeline', JSON.stringify({ PipelineName: 42 }));
    assert.equal(r.status, 400);
    assert.equal(r.body['__type'], 'SerializationException');
    assert.match(String(r.body['message']), /PipelineName/);
  });

  it('names a missing required member', async () => {
    const r = await call(
      'SageMaker.CreatePipeline',
      JSON.stringify({ PipelineName: 'p', PipelineDefinition: conditionDefinition() }),
    );
    assert.equal(r.status, 400);
    assert.equal(r.body['__type'], 'ValidationException');
    assert.match(
      String(r.body['message']),
      /Value null at 'roleArn' failed to satisfy constraint: Member must not be null/,
    );
  });

  it('fills a missing ClientRequestToken for raw callers', async () => {
    const r = await call(
      'SageMaker.CreatePipeline',
      JSON.stringify({ PipelineName: 'raw', PipelineDefinition: conditionDefinition(), RoleArn: ROLE_ARN }),
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.headers.get('content-type'), 'application/x-amz-json-1.1');
  });

  it('names an operation it does not serve', async () => {
    const r = await call('SageMaker.CreateTrainingJob', '{}');
    assert.equal(r.status, 400);
    assert.equal(r.body['__type'], 'UnknownOperationException');
    assert.match(String(r.body['message']), /SageMaker\.CreateTrainingJob/);
    const other = await call('Foo.Bar', '{}');
    assert.equal(other.body['__type'], 'UnknownOperationException');
    assert.match(String(other.body['message']), /Foo\.Bar/);
  });

  it('refuses a body over the limit with a clear error', async () => {
    const r = await call('SageMaker.ListPipelines', JSON.stringify({ PipelineNamePrefix: 'x'.repeat(100_000) }));
    assert.equal(r.status, 413);
    assert.equal(r.body['__type'], 'RequestEntityTooLargeException');
    assert.match(String(r.body['message']), /--max-body-bytes/);
  });

  it('takes the region from the SigV4 credential scope', async () => {
    const auth =
      'AWS4-HMAC-SHA256 Credential=AKID/20260101/ap-south-1/sagemaker/aws4_request, SignedHeaders=host, Signature=x';
    const r = await call(
      'SageMaker.CreatePipeline',
      JSON.stringify({ PipelineName: 'signed', PipelineDefinition: conditionDefinition(), RoleArn: ROLE_ARN }),
      { authorization: auth },
    );
    assert.equal(r.body['PipelineArn'], 'arn:aws:sagemaker:ap-south-1:000000000000:pipeline/signed');
  });
});
