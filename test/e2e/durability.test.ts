/**
 * A Sluice killed with SIGKILL in the middle of executions continues them after a restart on the same store,
 * to the same end state, with no completed step run again (issue: "every state change is committed before it
 * is acted upon").
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CreatePipelineCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { ROLE_ARN } from '../support/definitions.js';
import { startChildSluice } from '../support/child-server.js';
import { allSteps, chainDefinition, waitForExecution } from '../support/executions.js';
import { createPostgresDatabase, storeKinds } from '../support/stores.js';
import { sagemakerClient } from '../support/test-server.js';

const STEPS = 300;
const EXECUTIONS = 24;

for (const kind of await storeKinds()) {
  describe(`durability (${kind})`, () => {
    it('continues every execution after SIGKILL and restart, running each step once', async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'sluice-kill-'));
      const database = kind === 'postgres' ? await createPostgresDatabase() : undefined;
      const flags = database ? ['--database-url', database.url] : ['--data-dir', dataDir];
      let sluice = await startChildSluice(flags);
      try {
        let sm = sagemakerClient(sluice.url);
        await sm.send(
          new CreatePipelineCommand({
            PipelineName: 'chain',
            PipelineDefinition: chainDefinition(STEPS),
            RoleArn: ROLE_ARN,
          }),
        );
        const started = await Promise.all(
          Array.from({ length: EXECUTIONS }, () =>
            sm.send(new StartPipelineExecutionCommand({ PipelineName: 'chain' })),
          ),
        );
        const arns = started.map((s) => s.PipelineExecutionArn ?? '');
        // Every start was acknowledged, so every execution must survive; the kill lands while they run.
        await sluice.kill('SIGKILL');
        sm.destroy();

        sluice = await startChildSluice(flags);
        sm = sagemakerClient(sluice.url);
        for (const arn of arns) {
          assert.equal((await waitForExecution(sm, arn, undefined, 60_000)).status, 'Succeeded', sluice.stderr());
          const steps = await allSteps(sm, arn);
          assert.equal(steps.length, STEPS);
          assert.ok(steps.every((s) => s.StepStatus === 'Succeeded' && s.AttemptCount === 1));
          assert.equal(new Set(steps.map((s) => s.StepName)).size, STEPS, 'each step listed once');
        }
        sm.destroy();
      } finally {
        await sluice.kill('SIGTERM');
        await database?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
