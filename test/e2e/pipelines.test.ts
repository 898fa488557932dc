/**
 * Pipeline resource operations through @aws-sdk/client-sagemaker against a real Sluice over HTTP, on every
 * store (api-spec §2.1–2.7, §2.19).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddTagsCommand,
  CreatePipelineCommand,
  DeletePipelineCommand,
  DeleteTagsCommand,
  DescribePipelineCommand,
  ListPipelinesCommand,
  ListPipelineVersionsCommand,
  ListTagsCommand,
  paginateListPipelines,
  ResourceNotFound,
  UpdatePipelineCommand,
  UpdatePipelineVersionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { messages } from '../../src/services/sagemaker/messages.js';
import { conditionDefinition, readSharedDefinition, ROLE_ARN, sharedDefinitionFiles } from '../support/definitions.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { errorOf } from '../support/errors.js';

for (const kind of await storeKinds()) {
  describe(`pipelines (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    before(async () => {
      server = await startTestServer(kind);
      sm = sagemakerClient(server.url);
    });
    after(async () => {
      sm.destroy();
      await server.stop();
    });

    const create = (name: string, extra: Record<string, unknown> = {}) =>
      sm.send(
        new CreatePipelineCommand({
          PipelineName: name,
          PipelineDefinition: conditionDefinition(),
          RoleArn: ROLE_ARN,
          ...extra,
        }),
      );

    it('creates a pipeline and describes it with the definition unchanged', async () => {
      const definition = readSharedDefinition('ex-abalone-train-eval-condition-fail.json');
      const created = await sm.send(
        new CreatePipelineCommand({ PipelineName: 'Abalone', PipelineDefinition: definition, RoleArn: ROLE_ARN }),
      );
      assert.equal(created.PipelineArn, 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/Abalone');
      const described = await sm.send(new DescribePipelineCommand({ PipelineName: 'Abalone' }));
      assert.equal(described.PipelineDefinition, definition);
      assert.equal(described.PipelineDisplayName, 'Abalone');
      assert.equal(described.PipelineStatus, 'Active');
      assert.equal(described.RoleArn, ROLE_ARN);
      assert.ok(described.CreationTime instanceof Date);
      assert.ok(Math.abs(described.CreationTime.getTime() - Date.now()) < 60_000);
      assert.deepEqual(described.CreatedBy, {});
      const byArn = await sm.send(new DescribePipelineCommand({ PipelineName: created.PipelineArn }));
      assert.equal(byArn.PipelineName, 'Abalone');
    });

    it('accepts every shared definition', async () => {
      for (const [i, file] of sharedDefinitionFiles().entries()) {
        const created = await create(`shared-${i}`, { PipelineDefinition: readSharedDefinition(file) });
        assert.ok(created.PipelineArn, file);
      }
    });

    it('refuses a duplicate name, in any case, with the text SDKs match on', async () => {
      await create('dup-pipeline');
      for (const name of ['dup-pipeline', 'DUP-Pipeline']) {
        const error = await errorOf(() => create(name));
        assert.equal(error.name, 'ValidationException');
        assert.match(error.message, /Pipeline names must be unique within an AWS account and region/);
        assert.match(error.message, /already exists/);
      }
    });

    it('replays CreatePipeline for the same ClientRequestToken and refuses it with other parameters', async () => {
      const token = 'token-0123456789-0123456789-0123456789';
      const first = await create('idem-pipeline', { ClientRequestToken: token });
      const again = await create('idem-pipeline', { ClientRequestToken: token });
      assert.equal(again.PipelineArn, first.PipelineArn);
      const error = await errorOf(() => create('idem-other', { ClientRequestToken: token }));
      assert.equal(error.name, 'ValidationException');
      assert.match(error.message, /already used/);
    });

    it('answers ResourceNotFound for unknown pipelines, ending in "does not exist."', async () => {
      const error = await errorOf(() => sm.send(new DescribePipelineCommand({ PipelineName: 'nope' })));
      assert.ok(error instanceof ResourceNotFound);
      assert.equal(error.message, messages.pipelineNotFound('nope'));
      assert.match(error.message, /does not exist\.$/);
      const other = 'arn:aws:sagemaker:eu-west-1:000000000000:pipeline/Abalone';
      const byForeignArn = await errorOf(() => sm.send(new DescribePipelineCommand({ PipelineName: other })));
      assert.equal(byForeignArn.name, 'ResourceNotFound');
      const del = await errorOf(() => sm.send(new DeletePipelineCommand({ PipelineName: 'nope' })));
      assert.equal(del.name, 'ResourceNotFound');
    });

    it('versions definitions on update and keeps each version readable', async () => {
      await create('versioned', { PipelineDescription: 'first' });
      const updated = await sm.send(
        new UpdatePipelineCommand({ PipelineName: 'versioned', PipelineDefinition: conditionDefinition(['A', 'B']) }),
      );
      assert.equal(updated.PipelineVersionId, 2);
      const meta = await sm.send(
        new UpdatePipelineCommand({ PipelineName: 'versioned', PipelineDescription: 'second' }),
      );
      assert.equal(meta.PipelineVersionId, 2, 'a metadata-only update makes no version');
      const latest = await sm.send(new DescribePipelineCommand({ PipelineName: 'versioned' }));
      assert.equal(JSON.parse(latest.PipelineDefinition ?? '').Steps.length, 2);
      assert.equal(latest.PipelineDescription, 'second');
      const v1 = await sm.send(new DescribePipelineCommand({ PipelineName: 'versioned', PipelineVersionId: 1 }));
      assert.equal(JSON.parse(v1.PipelineDefinition ?? '').Steps.length, 1);
      const versions = await sm.send(new ListPipelineVersionsCommand({ PipelineName: 'versioned', MaxResults: 1 }));
      assert.equal(versions.PipelineVersionSummaries?.[0]?.PipelineVersionId, 2, 'newest first');
      assert.ok(versions.NextToken);
      await sm.send(
        new UpdatePipelineVersionCommand({
          PipelineArn: latest.PipelineArn,
          PipelineVersionId: 1,
          PipelineVersionDisplayName: 'baseline',
          PipelineVersionDescription: 'the first one',
        }),
      );
      const renamed = await sm.send(new DescribePipelineCommand({ PipelineName: 'versioned', PipelineVersionId: 1 }));
      assert.equal(renamed.PipelineVersionDisplayName, 'baseline');
      const missing = await errorOf(() =>
        sm.send(new DescribePipelineCommand({ PipelineName: 'versioned', PipelineVersionId: 9 })),
      );
      assert.equal(missing.name, 'ResourceNotFound');
    });

    it('keeps a pipeline unchanged when an update carries a broken definition', async () => {
      await create('guarded');
      const broken = JSON.stringify({
        Version: '2020-12-01',
        Steps: [{ Name: 'A', Type: 'Fail', Arguments: {}, DependsOn: ['Ghost'] }],
      });
      const error = await errorOf(() =>
        sm.send(
          new UpdatePipelineCommand({ PipelineName: 'guarded', PipelineDefinition: broken, PipelineDescription: 'x' }),
        ),
      );
      assert.equal(error.name, 'ValidationException');
      assert.match(error.message, /Ghost/);
      const described = await sm.send(new DescribePipelineCommand({ PipelineName: 'guarded' }));
      assert.equal(described.PipelineDefinition, conditionDefinition());
      assert.equal(described.PipelineDescription, undefined);
    });

    it('lists with a true prefix match, sorting and pagination', async () => {
      for (const name of ['lst-b', 'lst-a', 'LST-c', 'xlst-d']) await create(name);
      const byName = await sm.send(
        new ListPipelinesCommand({ PipelineNamePrefix: 'lst', SortBy: 'Name', SortOrder: 'Ascending' }),
      );
      assert.deepEqual(
        byName.PipelineSummaries?.map((p) => p.PipelineName),
        ['lst-a', 'lst-b', 'LST-c'],
      );
      const newest = await sm.send(new ListPipelinesCommand({ PipelineNamePrefix: 'lst' }));
      assert.equal(newest.PipelineSummaries?.[0]?.PipelineName, 'LST-c', 'newest first by default');
      const names: string[] = [];
      for await (const page of paginateListPipelines({ client: sm, pageSize: 2 }, { PipelineNamePrefix: 'lst' })) {
        assert.ok((page.PipelineSummaries?.length ?? 0) <= 2);
        names.push(...(page.PipelineSummaries ?? []).map((p) => p.PipelineName ?? ''));
      }
      assert.deepEqual(names.sort(), ['LST-c', 'lst-a', 'lst-b']);
      const future = await sm.send(new ListPipelinesCommand({ CreatedAfter: new Date(Date.now() + 3_600_000) }));
      assert.deepEqual(future.PipelineSummaries, []);
      assert.equal(future.NextToken, undefined);
      const badToken = await errorOf(() => sm.send(new ListPipelinesCommand({ NextToken: 'garbage' })));
      assert.equal(badToken.name, 'ValidationException');
    });

    it('deletes a pipeline idempotently', async () => {
      await create('doomed');
      const token = 'delete-token-0123456789-0123456789';
      const first = await sm.send(new DeletePipelineCommand({ PipelineName: 'doomed', ClientRequestToken: token }));
      const replay = await sm.send(new DeletePipelineCommand({ PipelineName: 'doomed', ClientRequestToken: token }));
      assert.equal(replay.PipelineArn, first.PipelineArn);
      const error = await errorOf(() => sm.send(new DescribePipelineCommand({ PipelineName: 'doomed' })));
      assert.equal(error.name, 'ResourceNotFound');
      await create('doomed');
      assert.deepEqual((await sm.send(new ListTagsCommand({ ResourceArn: first.PipelineArn }))).Tags, []);
    });

    it('tags pipelines', async () => {
      const { PipelineArn } = await create('tagged', { Tags: [{ Key: 'team', Value: 'ml' }] });
      await sm.send(
        new AddTagsCommand({
          ResourceArn: PipelineArn,
          Tags: [
            { Key: 'team', Value: 'platform' },
            { Key: 'env', Value: 'dev' },
          ],
        }),
      );
      const listed = await sm.send(new ListTagsCommand({ ResourceArn: PipelineArn }));
      assert.deepEqual(listed.Tags, [
        { Key: 'team', Value: 'platform' },
        { Key: 'env', Value: 'dev' },
      ]);
      await sm.send(new DeleteTagsCommand({ ResourceArn: PipelineArn, TagKeys: ['team', 'absent'] }));
      assert.deepEqual((await sm.send(new ListTagsCommand({ ResourceArn: PipelineArn }))).Tags, [
        { Key: 'env', Value: 'dev' },
      ]);
      const reserved = await errorOf(() =>
        sm.send(new AddTagsCommand({ ResourceArn: PipelineArn, Tags: [{ Key: 'aws:x', Value: '1' }] })),
      );
      assert.equal(reserved.name, 'ValidationException');
      const tooMany = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      const overLimit = await errorOf(() => sm.send(new AddTagsCommand({ ResourceArn: PipelineArn, Tags: tooMany })));
      assert.equal(overLimit.name, 'ValidationException');
      const unknown = await errorOf(() =>
        sm.send(new ListTagsCommand({ ResourceArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/ghost' })),
      );
      assert.equal(unknown.name, 'ValidationException');
    });

    it('keeps regions apart', async () => {
      const west = sagemakerClient(server.url, 'eu-west-1');
      try {
        const created = await west.send(
          new CreatePipelineCommand({
            PipelineName: 'regional',
            PipelineDefinition: conditionDefinition(),
            RoleArn: ROLE_ARN,
          }),
        );
        assert.equal(created.PipelineArn, 'arn:aws:sagemaker:eu-west-1:000000000000:pipeline/regional');
        const error = await errorOf(() => sm.send(new DescribePipelineCommand({ PipelineName: 'regional' })));
        assert.equal(error.name, 'ResourceNotFound');
      } finally {
        west.destroy();
      }
    });

    it('rejects invalid definitions with the step and JSON path, and stores nothing', async () => {
      const cyclic = JSON.stringify({
        Version: '2020-12-01',
        Steps: [
          {
            Name: 'A',
            Type: 'Lambda',
            FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
            Arguments: {},
            DependsOn: ['B'],
          },
          {
            Name: 'B',
            Type: 'Lambda',
            FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
            Arguments: {},
            DependsOn: ['A'],
          },
        ],
      });
      const cases: Array<[string, RegExp]> = [
        ['{"Version": ', /Unable to parse pipeline definition/],
        [cyclic, /Cycle detected/],
        [
          JSON.stringify({ Version: '2020-12-01', Steps: [{ Name: 'A', Type: 'Teleport', Arguments: {} }] }),
          /\$\.Steps\[0\]/,
        ],
      ];
      for (const [definition, expected] of cases) {
        const error = await errorOf(() => create('invalid-def', { PipelineDefinition: definition }));
        assert.equal(error.name, 'ValidationException');
        assert.match(error.message, expected);
      }
      const s3 = await errorOf(() =>
        create('invalid-def', {
          PipelineDefinition: undefined,
          PipelineDefinitionS3Location: { Bucket: 'bucket', ObjectKey: 'missing.json' },
        }),
      );
      assert.equal(s3.name, 'ResourceNotFound');
      assert.match(s3.message, /s3:\/\/bucket\/missing\.json does not exist/);
      const both = await errorOf(() =>
        create('invalid-def', { PipelineDefinitionS3Location: { Bucket: 'bucket', ObjectKey: 'k' } }),
      );
      assert.equal(both.name, 'ValidationException');
      const none = await errorOf(() => create('invalid-def', { PipelineDefinition: undefined }));
      assert.equal(none.name, 'ValidationException');
      const listed = await sm.send(new ListPipelinesCommand({ PipelineNamePrefix: 'invalid-def' }));
      assert.deepEqual(listed.PipelineSummaries, []);
    });

    it('checks members against the model', async () => {
      const longName = await errorOf(() => create('x'.repeat(257)));
      assert.equal(longName.name, 'ValidationException');
      assert.match(
        longName.message,
        /^2 validation errors detected: Value 'x+…' at 'pipelineName' failed to satisfy constraint: Member must have length less than or equal to 256; /,
      );
      const badRole = await errorOf(() => create('bad-role', { RoleArn: 'not-an-arn-but-long-enough' }));
      assert.match(
        badRole.message,
        /at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      );
      const badSort = await errorOf(() => sm.send(new ListPipelinesCommand({ SortBy: 'Size' as 'Name' })));
      assert.match(badSort.message, /Member must satisfy enum value set: \[Name, CreationTime\]/);
    });
  });
}
