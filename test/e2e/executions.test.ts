/**
 * Executions through @aws-sdk/client-sagemaker against a real Sluice over HTTP, on every store
 * (api-spec §2.8–2.16, definition-spec §5–8).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePipelineCommand,
  DescribePipelineCommand,
  DescribePipelineDefinitionForExecutionCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  ListPipelineParametersForExecutionCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  UpdatePipelineCommand,
  UpdatePipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { executionMessages } from '../../src/services/sagemaker/messages.js';
import { readSharedDefinition, ROLE_ARN } from '../support/definitions.js';
import { allSteps, chainDefinition, conditionStep, definitionOf, waitForExecution } from '../support/executions.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, type TestServer } from '../support/test-server.js';
import { errorOf } from '../support/errors.js';

/** Condition on Size > 5: if → a nested Condition on Size > 50 (whose else is a Fail), else → a Fail. */
const BRANCHING = definitionOf(
  [
    conditionStep('Big', {
      greaterThan: 5,
      ifSteps: [
        conditionStep('Huge', {
          greaterThan: 50,
          elseSteps: [{ Name: 'NotHuge', Type: 'Fail', Arguments: { ErrorMessage: 'not huge' } }],
        }),
      ],
      elseSteps: [
        {
          Name: 'TooSmall',
          Type: 'Fail',
          Arguments: {
            ErrorMessage: {
              'Std:Join': {
                On: ' ',
                Values: ['size', { Get: 'Parameters.Size' }, 'in', { Get: 'Execution.PipelineExecutionId' }],
              },
            },
          },
        },
      ],
    }),
    conditionStep('AfterBig', { dependsOn: ['Huge'] }),
  ],
  [
    { Name: 'Size', Type: 'Integer', DefaultValue: 10 },
    { Name: 'Mode', Type: 'String', DefaultValue: 'fast', EnumValues: ['fast', 'slow'] },
    { Name: 'Ratio', Type: 'Float', DefaultValue: 0.5 },
    { Name: 'Verbose', Type: 'Boolean', DefaultValue: false },
  ],
);

for (const kind of await storeKinds()) {
  describe(`executions (${kind})`, () => {
    let server: TestServer;
    let sm: SageMakerClient;
    before(async () => {
      server = await startTestServer(kind);
      sm = sagemakerClient(server.url);
      await sm.send(
        new CreatePipelineCommand({ PipelineName: 'branching', PipelineDefinition: BRANCHING, RoleArn: ROLE_ARN }),
      );
    });
    after(async () => {
      sm.destroy();
      await server.stop();
    });

    const start = async (name: string, parameters: Record<string, string> = {}, extra: Record<string, unknown> = {}) =>
      (
        await sm.send(
          new StartPipelineExecutionCommand({
            PipelineName: name,
            PipelineParameters: Object.entries(parameters).map(([Name, Value]) => ({ Name, Value })),
            ...extra,
          }),
        )
      ).PipelineExecutionArn ?? '';

    it('runs the taken branch only and lists the steps that started, newest first', async () => {
      const arn = await start('branching', { Size: '100' });
      assert.match(arn, /^arn:aws:sagemaker:us-east-1:000000000000:pipeline\/branching\/execution\/[a-z0-9]{12}$/);
      assert.deepEqual(await waitForExecution(sm, arn), { status: 'Succeeded', failureReason: undefined });
      const steps = await allSteps(sm, arn);
      assert.deepEqual(
        steps.map((s) => s.StepName),
        ['AfterBig', 'Huge', 'Big'],
      );
      assert.deepEqual(
        steps.map((s) => s.StepStatus),
        ['Succeeded', 'Succeeded', 'Succeeded'],
      );
      assert.deepEqual(steps[2]?.Metadata, { Condition: { Outcome: 'True' } });
      assert.equal(steps[2]?.AttemptCount, 1);
      assert.ok(steps[2]?.StartTime instanceof Date && steps[2]?.EndTime instanceof Date);
    });

    it("fails with AWS's generic FailureReason followed by the Fail step's message", async () => {
      const arn = await start('branching', { Size: '2' });
      const id = arn.split('/').pop();
      assert.deepEqual(await waitForExecution(sm, arn), {
        status: 'Failed',
        failureReason: `Step failure: One or multiple steps failed. size 2 in ${id}`,
      });
      const steps = await allSteps(sm, arn);
      assert.deepEqual(
        steps.map((s) => [s.StepName, s.StepStatus]),
        [
          ['TooSmall', 'Failed'],
          ['Big', 'Succeeded'],
        ],
      );
      assert.equal(steps[0]?.FailureReason, `size 2 in ${id}`);
      assert.deepEqual(steps[0]?.Metadata, { Fail: { ErrorMessage: `size 2 in ${id}` } });
      assert.deepEqual(steps[1]?.Metadata, { Condition: { Outcome: 'False' } });
    });

    it('does not run steps downstream of an untaken branch step', async () => {
      const arn = await start('branching', { Size: '20' });
      assert.deepEqual(await waitForExecution(sm, arn), {
        status: 'Failed',
        failureReason: 'Step failure: One or multiple steps failed. not huge',
      });
      const names = (await allSteps(sm, arn)).map((s) => s.StepName);
      assert.deepEqual(
        names.sort(),
        ['Big', 'Huge', 'NotHuge'],
        'AfterBig depends on Huge, which took its else branch',
      );
    });

    it('runs the shared Fail-with-Join definition to its documented end', async () => {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'fail-join',
          PipelineDefinition: readSharedDefinition('sdk-fail-join-outcome.json'),
          RoleArn: ROLE_ARN,
        }),
      );
      const arn = await start('fail-join');
      const result = await waitForExecution(sm, arn);
      assert.equal(result.status, 'Failed');
      // The Condition's Outcome renders as lower-case false inside Std:Join (api-spec §6.2).
      assert.equal(
        result.failureReason,
        'Step failure: One or multiple steps failed. Failed due to xxx == yyy returns: false',
      );
    });

    it('fills defaults, converts types and lists the effective parameters', async () => {
      const arn = await start('branching', { Size: '60', Verbose: 'True', Ratio: '2.5' });
      await waitForExecution(sm, arn);
      const listed = await sm.send(new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: arn }));
      assert.deepEqual(listed.PipelineParameters, [
        { Name: 'Size', Value: '60' },
        { Name: 'Mode', Value: 'fast' },
        { Name: 'Ratio', Value: '2.5' },
        { Name: 'Verbose', Value: 'True' },
      ]);
    });

    it('refuses bad parameters and creates no execution', async () => {
      const before = (await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'branching', MaxResults: 100 })))
        .PipelineExecutionSummaries?.length;
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ Nope: '1' }, /Unknown parameter 'Nope'/],
        [{ Size: 'ten' }, /Unexpected type for parameter 'Size'\. Expected Integer/],
        [{ Ratio: 'x' }, /Expected Float/],
        [{ Verbose: 'maybe' }, /Expected Boolean/],
        [{ Mode: 'medium' }, /EnumValues/],
        [{ Size: '' }, /too short/],
      ];
      for (const [parameters, expected] of cases) {
        const error = await errorOf(() => start('branching', parameters));
        assert.equal(error.name, 'ValidationException', JSON.stringify(parameters));
        assert.match(error.message, expected);
      }
      const after = (await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'branching', MaxResults: 100 })))
        .PipelineExecutionSummaries?.length;
      assert.equal(after, before);
    });

    it('requires parameters that have no default', async () => {
      const definition = definitionOf(
        [conditionStep('C', { parameter: 'Needed' })],
        [{ Name: 'Needed', Type: 'Integer' }],
      );
      await sm.send(
        new CreatePipelineCommand({ PipelineName: 'needs-param', PipelineDefinition: definition, RoleArn: ROLE_ARN }),
      );
      const error = await errorOf(() => start('needs-param'));
      assert.match(error.message, /Parameter 'Needed' is undefined/);
      assert.equal((await waitForExecution(sm, await start('needs-param', { Needed: '3' }))).status, 'Succeeded');
    });

    it('describes an execution with its defaults and keeps the definition it started with', async () => {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'evolving',
          PipelineDefinition: chainDefinition(2),
          RoleArn: ROLE_ARN,
        }),
      );
      const startedAt = Date.now();
      const arn = await start('evolving', {}, { PipelineExecutionDescription: 'first run' });
      await waitForExecution(sm, arn);
      await sm.send(new UpdatePipelineCommand({ PipelineName: 'evolving', PipelineDefinition: chainDefinition(3) }));
      const described = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
      assert.equal(described.PipelineArn, 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/evolving');
      assert.match(described.PipelineExecutionDisplayName ?? '', /^execution-\d{13}$/);
      assert.ok(Math.abs(Number(described.PipelineExecutionDisplayName?.slice(10)) - startedAt) < 10_000);
      assert.equal(described.PipelineExecutionDescription, 'first run');
      assert.equal(described.PipelineVersionId, 1);
      const definition = await sm.send(
        new DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn: arn }),
      );
      assert.equal(definition.PipelineDefinition, chainDefinition(2));
      const pipeline = await sm.send(new DescribePipelineCommand({ PipelineName: 'evolving' }));
      assert.ok(pipeline.LastRunTime instanceof Date);
      const second = await start('evolving');
      assert.equal(
        (await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: second }))).PipelineVersionId,
        2,
      );
      await waitForExecution(sm, second);
      assert.equal((await allSteps(sm, second)).length, 3);
    });

    it('resolves the SDK default experiment config to the lower-cased pipeline name and the execution id', async () => {
      const definition = JSON.parse(chainDefinition(1)) as Record<string, unknown>;
      definition['PipelineExperimentConfig'] = {
        ExperimentName: { Get: 'Execution.PipelineName' },
        TrialName: { Get: 'Execution.PipelineExecutionId' },
      };
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'WithExperiment',
          PipelineDefinition: JSON.stringify(definition),
          RoleArn: ROLE_ARN,
        }),
      );
      const arn = await start('WithExperiment');
      const described = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
      assert.deepEqual(described.PipelineExperimentConfig, {
        ExperimentName: 'withexperiment',
        TrialName: arn.split('/').pop(),
      });
    });

    it('lists executions newest first with pagination and updates one', async () => {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'listed',
          PipelineDefinition: chainDefinition(1),
          RoleArn: ROLE_ARN,
        }),
      );
      const arns: string[] = [];
      for (let i = 0; i < 3; i++) arns.push(await start('listed', {}, { PipelineExecutionDisplayName: `run-${i}` }));
      const first = await sm.send(new ListPipelineExecutionsCommand({ PipelineName: 'listed', MaxResults: 2 }));
      assert.equal(first.PipelineExecutionSummaries?.length, 2);
      assert.ok(first.NextToken);
      const second = await sm.send(
        new ListPipelineExecutionsCommand({ PipelineName: 'listed', MaxResults: 2, NextToken: first.NextToken }),
      );
      const listed = [...(first.PipelineExecutionSummaries ?? []), ...(second.PipelineExecutionSummaries ?? [])];
      assert.equal(second.NextToken, undefined);
      assert.deepEqual(new Set(listed.map((e) => e.PipelineExecutionArn)), new Set(arns));
      assert.ok(
        listed.every((e, i) => i === 0 || (listed[i - 1]?.StartTime?.getTime() ?? 0) >= (e.StartTime?.getTime() ?? 0)),
        'newest first',
      );
      await sm.send(
        new UpdatePipelineExecutionCommand({ PipelineExecutionArn: arns[0], PipelineExecutionDisplayName: 'renamed' }),
      );
      const described = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arns[0] }));
      assert.equal(described.PipelineExecutionDisplayName, 'renamed');
    });

    it('replays StartPipelineExecution for the same ClientRequestToken', async () => {
      const token = 'start-token-0123456789-0123456789-01';
      const first = await start('branching', {}, { ClientRequestToken: token });
      const again = await start('branching', {}, { ClientRequestToken: token });
      assert.equal(again, first);
    });

    it('fails a step whose types do not compare, with a clear reason', async () => {
      const definition = definitionOf(
        [
          {
            Name: 'Mismatch',
            Type: 'Condition',
            Arguments: {
              Conditions: [{ Type: 'Equals', LeftValue: { Get: 'Parameters.Name' }, RightValue: 3 }],
              IfSteps: [],
              ElseSteps: [],
            },
          },
        ],
        [{ Name: 'Name', Type: 'String', DefaultValue: 'three' }],
      );
      await sm.send(
        new CreatePipelineCommand({ PipelineName: 'mismatch', PipelineDefinition: definition, RoleArn: ROLE_ARN }),
      );
      const arn = await start('mismatch');
      assert.equal((await waitForExecution(sm, arn)).status, 'Failed');
      const [step] = await allSteps(sm, arn);
      assert.equal(step?.StepStatus, 'Failed');
      assert.match(step?.FailureReason ?? '', /not of the same type/);
    });

    it('fails step types this build cannot run yet, saying so', async () => {
      const definition = definitionOf(
        [
          conditionStep('First'),
          { Name: 'Import', Type: 'BedrockModelImport', DependsOn: ['First'], Arguments: { JobName: 'import' } },
          conditionStep('Never', { dependsOn: ['Import'] }),
        ],
        [{ Name: 'Size', Type: 'Integer', DefaultValue: 1 }],
      );
      await sm.send(
        new CreatePipelineCommand({ PipelineName: 'unsupported', PipelineDefinition: definition, RoleArn: ROLE_ARN }),
      );
      const arn = await start('unsupported');
      const result = await waitForExecution(sm, arn);
      assert.deepEqual(result, { status: 'Failed', failureReason: 'Step failure: One or multiple steps failed.' });
      const steps = await allSteps(sm, arn);
      assert.deepEqual(
        steps.map((s) => s.StepName),
        ['Import', 'First'],
        'nothing starts after the failure',
      );
      assert.match(steps[0]?.FailureReason ?? '', /^Sluice cannot run BedrockModelImport steps yet/);
    });

    it('refuses to stop an execution that is not Executing, and unknown executions', async () => {
      const arn = await start('branching');
      await waitForExecution(sm, arn);
      const error = await errorOf(() => sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn })));
      assert.equal(error.name, 'ValidationException');
      assert.equal(error.message, executionMessages.notStoppable());
      const unknown = `${arn.slice(0, -12)}zzzzzzzzzzzz`;
      const missing = await errorOf(() =>
        sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: unknown })),
      );
      assert.equal(missing.name, 'ResourceNotFound');
      assert.match(missing.message, /does not exist$/);
      const stopMissing = await errorOf(() =>
        sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: unknown })),
      );
      assert.equal(stopMissing.name, 'ResourceNotFound');
      const malformed = await errorOf(() =>
        sm.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: 'arn:nope' })),
      );
      assert.equal(malformed.name, 'ValidationException');
    });

    it('runs a 1,000-step chain and a 200-wide fan-out', async () => {
      await sm.send(
        new CreatePipelineCommand({
          PipelineName: 'chain',
          PipelineDefinition: chainDefinition(1000),
          RoleArn: ROLE_ARN,
        }),
      );
      const chain = await start('chain');
      assert.equal((await waitForExecution(sm, chain, undefined, 60_000)).status, 'Succeeded');
      const chainSteps = await allSteps(sm, chain);
      assert.equal(chainSteps.length, 1000);
      assert.ok(chainSteps.every((s) => s.StepStatus === 'Succeeded'));
      const wide = definitionOf(
        [
          ...Array.from({ length: 200 }, (_, i) => conditionStep(`Leaf${i}`)),
          conditionStep('Join', { dependsOn: Array.from({ length: 200 }, (_, i) => `Leaf${i}`) }),
        ],
        [{ Name: 'Size', Type: 'Integer', DefaultValue: 1 }],
      );
      await sm.send(
        new CreatePipelineCommand({ PipelineName: 'fan-out', PipelineDefinition: wide, RoleArn: ROLE_ARN }),
      );
      const fan = await start('fan-out', {}, { ParallelismConfiguration: { MaxParallelExecutionSteps: 7 } });
      assert.equal((await waitForExecution(sm, fan, undefined, 60_000)).status, 'Succeeded');
      const fanSteps = await allSteps(sm, fan);
      assert.equal(fanSteps.length, 201);
      assert.equal(fanSteps[0]?.StepName, 'Join', 'the join starts last');
    });
  });
}
