/**
 * CloudWatch Logs through @aws-sdk/client-cloudwatch-logs, on every store: a Lambda invocation's log in
 * `/aws/lambda/<name>` under its worker's stream, a Lambda step's, a simulated job's and a process job's in
 * `/aws/sagemaker/…`; GetLogEvents' forward and backward tokens, the list and filter tokens, filter patterns, the
 * errors a client sees, and the bound on each group's events.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  type FilteredLogEvent,
  GetLogEventsCommand,
  type OutputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateFunctionCommand, InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CreatePipelineCommand, type SageMakerClient, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { parseSluiceConfig } from '../../src/sluice-config.js';
import { ROLE_ARN } from '../support/definitions.js';
import { errorOf } from '../support/errors.js';
import { allSteps, definitionOf, waitForExecution } from '../support/executions.js';
import { LAMBDA_ROLE, lambdaClient } from '../support/lambda.js';
import { storeKinds } from '../support/stores.js';
import { sagemakerClient, startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/test-server.js';
import { makeZip } from '../support/zip.js';

const APP = `def handler(event, context):
    print("says " + event.get("word", "hello"))
    print("second line")
    return {"ok": True}
`;
const PYTHON = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
const CONFIG = parseSluiceConfig({ executors: { Processing: 'process' }, simulate: { durationMs: 5 } });
const STREAM_NAME = /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/;

function logsClient(url: string): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}

async function createFunction(lambda: LambdaClient, name: string): Promise<void> {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Role: LAMBDA_ROLE,
      Code: { ZipFile: makeZip({ 'app.py': APP }) },
    }),
  );
}

async function invoke(lambda: LambdaClient, name: string, word: string): Promise<string> {
  const answer = await lambda.send(
    new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify({ word })) }),
  );
  assert.equal(answer.StatusCode, 200);
  return answer.$metadata.requestId ?? '';
}

/** Every event of a stream, read forward until the token comes back unchanged (as AWS tells readers to). */
async function readForward(logs: CloudWatchLogsClient, group: string, stream: string, limit: number) {
  const events: OutputLogEvent[] = [];
  let nextToken: string | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, limit, nextToken }),
    );
    events.push(...(page.events ?? []));
    if (page.nextForwardToken === nextToken) return events;
    nextToken = page.nextForwardToken;
  }
  assert.fail('GetLogEvents never returned the same forward token');
}

/** Every matching event of a group, following nextToken. */
async function filterAll(logs: CloudWatchLogsClient, input: ConstructorParameters<typeof FilterLogEventsCommand>[0]) {
  const events: FilteredLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await logs.send(new FilterLogEventsCommand({ ...input, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The only stream of a group whose name starts with `prefix`. */
async function onlyStream(logs: CloudWatchLogsClient, group: string, prefix?: string): Promise<string> {
  const { logStreams } = await logs.send(
    new DescribeLogStreamsCommand({
      logGroupName: group,
      ...(prefix !== undefined && { logStreamNamePrefix: prefix }),
    }),
  );
  assert.equal(logStreams?.length, 1, `one stream in ${group}${prefix ? ` starting with ${prefix}` : ''}`);
  return logStreams?.[0]?.logStreamName ?? '';
}

async function runPipeline(sm: SageMakerClient, name: string, steps: unknown[]) {
  await sm.send(
    new CreatePipelineCommand({ PipelineName: name, RoleArn: ROLE_ARN, PipelineDefinition: definitionOf(steps) }),
  );
  const { PipelineExecutionArn: arn } = await sm.send(new StartPipelineExecutionCommand({ PipelineName: name }));
  assert.ok(arn);
  const outcome = await waitForExecution(sm, arn, undefined, 30_000);
  return { arn, ...outcome };
}

/** The name of the job a job step made. */
async function jobNameOf(sm: SageMakerClient, arn: string, step: string): Promise<string> {
  const metadata = (await allSteps(sm, arn)).find((s) => s.StepName === step)?.Metadata;
  const jobArn = metadata?.TrainingJob?.Arn ?? metadata?.ProcessingJob?.Arn ?? '';
  return jobArn.slice(jobArn.indexOf('/') + 1);
}

for (const kind of await storeKinds()) {
  describe(`CloudWatch Logs (${kind})`, () => {
    let server: TestServer;
    let logs: CloudWatchLogsClient;
    let lambda: LambdaClient;
    let sm: SageMakerClient;
    before(async () => {
      server = await startTestServer(kind, { configFile: CONFIG });
      logs = logsClient(server.url);
      lambda = lambdaClient(server.url);
      sm = sagemakerClient(server.url);
      await createFunction(lambda, 'echo');
    });
    after(async () => {
      logs?.destroy();
      lambda?.destroy();
      sm?.destroy();
      await server?.stop();
    });

    it('keeps each invocation of a function in its group, under the stream of the worker that ran it', async () => {
      const ids = [];
      for (const word of ['one', 'two', 'three']) ids.push(await invoke(lambda, 'echo', word));
      const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
      assert.deepEqual(
        logGroups?.map((g) => [g.logGroupName, g.arn, g.logGroupArn]),
        [
          [
            '/aws/lambda/echo',
            'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/echo:*',
            'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/echo',
          ],
        ],
      );
      const stream = await onlyStream(logs, '/aws/lambda/echo');
      assert.match(stream, STREAM_NAME);
      const events = await readForward(logs, '/aws/lambda/echo', stream, 4);
      const messages = events.map((e) => e.message ?? '');
      assert.equal(messages.length, 15);
      ids.forEach((id, i) => {
        const [start, said, second, end, report] = messages.slice(i * 5, i * 5 + 5);
        assert.equal(start, `START RequestId: ${id} Version: $LATEST`);
        assert.equal(said, `says ${['one', 'two', 'three'][i]}`);
        assert.equal(second, 'second line');
        assert.equal(end, `END RequestId: ${id}`);
        assert.match(report ?? '', new RegExp(`^REPORT RequestId: ${id}\\tDuration: [\\d.]+ ms\\t`));
      });
      for (const e of events) assert.ok((e.ingestionTime ?? 0) >= (e.timestamp ?? 0));
    });

    it('pages a stream backward from its end, and forward again from any page', async () => {
      const stream = await onlyStream(logs, '/aws/lambda/echo');
      const group = '/aws/lambda/echo';
      const newest = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 5 }));
      assert.deepEqual(
        newest.events?.map((e) => e.message?.split(' ')[0]),
        ['START', 'says', 'second', 'END', 'REPORT'],
      );
      assert.equal(newest.events?.[1]?.message, 'says three');
      const older = await logs.send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          limit: 5,
          nextToken: newest.nextBackwardToken,
        }),
      );
      assert.equal(older.events?.[1]?.message, 'says two');
      // Forward from the older page: the newest page again, then the end (the same token back).
      const again = await logs.send(
        new GetLogEventsCommand({
          logGroupName: group,
          logStreamName: stream,
          limit: 5,
          nextToken: older.nextForwardToken,
        }),
      );
      assert.equal(again.events?.[1]?.message, 'says three');
      const end = await logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, nextToken: again.nextForwardToken }),
      );
      assert.deepEqual(end.events, []);
      assert.equal(end.nextForwardToken, again.nextForwardToken);
      // A time range: only the events at or after the newest START.
      const since = newest.events?.[0]?.timestamp ?? 0;
      const ranged = await logs.send(
        new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, startTime: since }),
      );
      assert.ok(ranged.events?.every((e) => (e.timestamp ?? 0) >= since));
      assert.ok(ranged.events?.some((e) => e.message === 'says three'));
      assert.ok(!ranged.events?.some((e) => e.message === 'says one'));
    });

    it('filters a group by terms, quoted phrases, ?optional and -excluded terms, page by page', async () => {
      const group = '/aws/lambda/echo';
      const says = await filterAll(logs, { logGroupName: group, filterPattern: 'says', limit: 1 });
      assert.deepEqual(
        says.map((e) => e.message),
        ['says one', 'says two', 'says three'],
      );
      assert.ok(says.every((e) => STREAM_NAME.test(e.logStreamName ?? '') && e.eventId));
      assert.equal(new Set(says.map((e) => e.eventId)).size, 3);
      const phrase = await filterAll(logs, { logGroupName: group, filterPattern: '"says two"' });
      assert.deepEqual(
        phrase.map((e) => e.message),
        ['says two'],
      );
      const either = await filterAll(logs, { logGroupName: group, filterPattern: '?one ?three' });
      assert.deepEqual(
        either.map((e) => e.message),
        ['says one', 'says three'],
      );
      const without = await filterAll(logs, { logGroupName: group, filterPattern: 'says -two' });
      assert.deepEqual(
        without.map((e) => e.message),
        ['says one', 'says three'],
      );
      const all = await filterAll(logs, { logGroupName: group, limit: 7 });
      assert.equal(all.length, 15);
    });

    it("writes a Lambda step's function log to the function's group", async () => {
      await createFunction(lambda, 'step-fn');
      const step = {
        Name: 'Score',
        Type: 'Lambda',
        FunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:step-fn',
        Arguments: { word: 'from-the-step' },
        OutputParameters: [],
      };
      const { status } = await runPipeline(sm, 'lambda-logs', [step]);
      assert.equal(status, 'Succeeded');
      const found = await filterAll(logs, {
        logGroupIdentifier: 'arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/step-fn',
        filterPattern: '"says from-the-step"',
      });
      assert.equal(found.length, 1);
      assert.match(found[0]?.logStreamName ?? '', STREAM_NAME);
    });

    it('gives a simulated training job a stream that says it was simulated', async () => {
      const train = {
        Name: 'Train',
        Type: 'Training',
        Arguments: {
          AlgorithmSpecification: { TrainingImage: 'local/train:latest', TrainingInputMode: 'File' },
          OutputDataConfig: { S3OutputPath: 's3://bucket/train' },
          ResourceConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
          StoppingCondition: { MaxRuntimeInSeconds: 3600 },
          RoleArn: ROLE_ARN,
        },
      };
      const { arn, status } = await runPipeline(sm, 'simulated-logs', [train]);
      assert.equal(status, 'Succeeded');
      const job = await jobNameOf(sm, arn, 'Train');
      const stream = await onlyStream(logs, '/aws/sagemaker/TrainingJobs', `${job}/`);
      assert.match(stream, new RegExp(`^${job}/algo-1-\\d{10}$`));
      const messages = (await readForward(logs, '/aws/sagemaker/TrainingJobs', stream, 100)).map((e) => e.message);
      assert.match(messages[0] ?? '', /^Sluice simulates training job .* no container runs/);
      assert.equal(messages[messages.length - 1], 'Sluice: the simulated training job completed.');
    });

    it("sends a process job's stdout and stderr, line by line, to its stream", async () => {
      const script =
        "import sys\nprint('first out', flush=True)\nprint('an error line', file=sys.stderr)\nprint('last out')";
      const prepare = {
        Name: 'Prepare',
        Type: 'Processing',
        Arguments: {
          AppSpecification: { ImageUri: 'local/python', ContainerEntrypoint: [PYTHON, '-c', script] },
          ProcessingResources: {
            ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge', VolumeSizeInGB: 30 },
          },
          RoleArn: ROLE_ARN,
        },
      };
      const { arn, status, failureReason } = await runPipeline(sm, 'process-logs', [prepare]);
      assert.equal(status, 'Succeeded', failureReason);
      const job = await jobNameOf(sm, arn, 'Prepare');
      const stream = await onlyStream(logs, '/aws/sagemaker/ProcessingJobs', `${job}/`);
      assert.match(stream, new RegExp(`^${job}/algo-1-\\d{10}$`));
      const messages = (await readForward(logs, '/aws/sagemaker/ProcessingJobs', stream, 100)).map((e) => e.message);
      assert.deepEqual([...messages].sort(), ['an error line', 'first out', 'last out']);
    });

    it('pages groups and streams with nextToken and orders streams by their last event', async () => {
      await createFunction(lambda, 'other');
      await invoke(lambda, 'other', 'x');
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await logs.send(new DescribeLogGroupsCommand({ limit: 1, nextToken }));
        assert.ok((page.logGroups?.length ?? 0) <= 1);
        names.push(...(page.logGroups ?? []).map((g) => g.logGroupName ?? ''));
        nextToken = page.nextToken;
      } while (nextToken);
      assert.deepEqual(names, [
        '/aws/lambda/echo',
        '/aws/lambda/other',
        '/aws/lambda/step-fn',
        '/aws/sagemaker/ProcessingJobs',
        '/aws/sagemaker/TrainingJobs',
      ]);
      const pattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'SAGEMAKER' }));
      assert.equal(pattern.logGroups?.length, 2);
      const byTime = await logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: '/aws/lambda/other',
          orderBy: 'LastEventTime',
          descending: true,
        }),
      );
      assert.equal(byTime.logStreams?.length, 1);
      assert.ok(
        (byTime.logStreams?.[0]?.lastEventTimestamp ?? 0) >= (byTime.logStreams?.[0]?.firstEventTimestamp ?? 0),
      );
    });

    it('answers AWS errors: unknown group or stream, bad parameters, tokens and patterns', async () => {
      const cases: [string, () => Promise<unknown>, string, RegExp][] = [
        [
          'unknown group',
          () => logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/nope' })),
          'ResourceNotFoundException',
          /The specified log group does not exist/,
        ],
        [
          'unknown stream',
          () => logs.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/echo', logStreamName: 'nope' })),
          'ResourceNotFoundException',
          /The specified log stream does not exist/,
        ],
        [
          'limit out of range',
          () => logs.send(new DescribeLogGroupsCommand({ limit: 51 })),
          'InvalidParameterException',
          /Value '51' at 'limit' failed to satisfy constraint/,
        ],
        [
          'bad token',
          () =>
            logs.send(
              new GetLogEventsCommand({ logGroupName: '/aws/lambda/echo', logStreamName: 'x', nextToken: 'garbage' }),
            ),
          'InvalidParameterException',
          /nextToken is invalid/,
        ],
        [
          'a list token replayed with other filters',
          async () => {
            const page = await logs.send(new DescribeLogGroupsCommand({ limit: 1 }));
            return logs.send(
              new DescribeLogGroupsCommand({ limit: 1, logGroupNamePrefix: '/aws', nextToken: page.nextToken }),
            );
          },
          'InvalidParameterException',
          /nextToken is invalid/,
        ],
        [
          'name and identifier',
          () =>
            logs.send(
              new DescribeLogStreamsCommand({
                logGroupName: '/aws/lambda/echo',
                logGroupIdentifier: '/aws/lambda/echo',
              }),
            ),
          'InvalidParameterException',
          /mutually exclusive/,
        ],
        [
          'LastEventTime with a prefix',
          () =>
            logs.send(
              new DescribeLogStreamsCommand({
                logGroupName: '/aws/lambda/echo',
                orderBy: 'LastEventTime',
                logStreamNamePrefix: '2',
              }),
            ),
          'InvalidParameterException',
          /Cannot order by LastEventTime with a logStreamNamePrefix/,
        ],
        [
          'a JSON filter pattern',
          () =>
            logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/echo', filterPattern: '{ $.a = 1 }' })),
          'InvalidParameterException',
          /JSON .* not supported/,
        ],
        [
          'an open quote',
          () => logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/echo', filterPattern: '"says' })),
          'InvalidParameterException',
          /not closed/,
        ],
      ];
      for (const [what, call, code, message] of cases) {
        const error = await errorOf(call);
        assert.equal(error.name, code, what);
        assert.match(error.message, message, what);
        assert.equal(error.$metadata.httpStatusCode, 400, what);
      }
    });
  });

  describe(`CloudWatch Logs keeps the newest events of each group (${kind})`, () => {
    let server: TestServer;
    let logs: CloudWatchLogsClient;
    let lambda: LambdaClient;
    before(async () => {
      server = await startTestServer(kind, {}, { logWriter: { maxEventsPerGroup: 12 } });
      logs = logsClient(server.url);
      lambda = lambdaClient(server.url);
      await createFunction(lambda, 'chatty');
    });
    after(async () => {
      logs?.destroy();
      lambda?.destroy();
      await server?.stop();
    });

    it('deletes the oldest events beyond the bound, and keeps the newest', async () => {
      const ids = [];
      for (let i = 0; i < 8; i++) ids.push(await invoke(lambda, 'chatty', `n${i}`));
      // Reading flushes the buffer, and each flush trims (the bound is checked every 12/10 → 2 events).
      const events = await filterAll(logs, { logGroupName: '/aws/lambda/chatty' });
      assert.ok(events.length <= 12, `${events.length} events kept`);
      assert.ok(events.length >= 10, `${events.length} events kept`);
      assert.equal(events[events.length - 1]?.message?.startsWith(`REPORT RequestId: ${ids[7]}`), true);
      assert.ok(!events.some((e) => e.message === 'says n0'));
    });
  });
}
