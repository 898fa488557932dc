/**
 * The config file at start (`sluice serve --config FILE` / SLUICE_CONFIG): a problem stops the start with exit
 * code 2 and a message naming the file and the JSON path; and definitions stored in local S3 are accepted as
 * PipelineDefinitionS3Location, on every store.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  type SageMakerClient,
  UpdatePipelineCommand,
} from '@aws-sdk/client-sagemaker';
import { LocalS3 } from '../../src/runtimes/s3/local-s3.js';
import { definitionObjectMissing } from '../../src/services/sagemaker/definitions.js';
import { readSharedDefinition, REPO_ROOT, ROLE_ARN } from '../support/definitions.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';

/** Runs `sluice serve` until it exits; answers its exit code and stderr. */
function serve(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'src/cli/index.ts'), 'serve', '--port', '0', ...args],
      { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A start that gets past the config would listen forever: give up after a while.
    const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('config file problems at start', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a bad value with exit code 2, naming the file and the JSON path', async () => {
    const file = join(dir, 'bad.json');
    const config = { pipelines: { Abalone: { steps: { Eval: { fail: { errorType: 'SageMaker.OOPS' } } } } } };
    writeFileSync(file, JSON.stringify(config));
    const missing = join(dir, 'missing.json');
    const [bad, absent] = await Promise.all([serve(['--config', file]), serve([], { SLUICE_CONFIG: missing })]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      new RegExp(
        `config file ${file}: \\$\\.pipelines\\.Abalone\\.steps\\.Eval\\.fail\\.errorType must be one of .*got "SageMaker\\.OOPS"`,
      ),
    );
    assert.equal(absent.code, 2);
    assert.match(absent.stderr, new RegExp(`config file ${missing}: cannot read it: no such file`));
  });
});

for (const kind of await storeKinds()) {
  describe(`PipelineDefinitionS3Location reads local S3 (${kind})`, () => {
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

    it('creates and updates a pipeline from a definition in local S3', async () => {
      const s3 = new LocalS3(join(server.config.dataDir, 's3'));
      const first = readSharedDefinition('sdk-fail-join-outcome.json');
      const second = readSharedDefinition('sdk-experiment-config-null.json');
      s3.writeObject('s3://definitions/pipelines/one.json', first);
      s3.writeObject('s3://definitions/pipelines/two.json', second);
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'from-s3',
          PipelineDefinitionS3Location: { Bucket: 'definitions', ObjectKey: 'pipelines/one.json' },
          RoleArn: ROLE_ARN,
        }),
      );
      const described = await sm.send(new DescribePipelineCommand({ PipelineName: 'from-s3' }));
      assert.equal(described.PipelineDefinition, first);
      const updated = await sm.send(
        new UpdatePipelineCommand({
          PipelineName: 'from-s3',
          PipelineDefinitionS3Location: { Bucket: 'definitions', ObjectKey: 'pipelines/two.json' },
        }),
      );
      assert.equal(updated.PipelineVersionId, 2);
      assert.equal(
        (await sm.send(new DescribePipelineCommand({ PipelineName: 'from-s3' }))).PipelineDefinition,
        second,
      );
    });

    it('answers ResourceNotFound when the object does not exist', async () => {
      try {
        await sm.send(
          new CreatePipelineCommand({
            PipelineName: 'from-nowhere',
            PipelineDefinitionS3Location: { Bucket: 'definitions', ObjectKey: 'absent.json' },
            RoleArn: ROLE_ARN,
          }),
        );
        assert.fail('expected ResourceNotFound');
      } catch (error) {
        const { name, message } = error as Error;
        assert.deepEqual(
          [name, message],
          ['ResourceNotFound', definitionObjectMissing('s3://definitions/absent.json')],
        );
      }
    });
  });
}
