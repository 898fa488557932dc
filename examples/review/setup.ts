/**
 * Creates the review example's resources, or brings them up to date when they exist, through the public APIs:
 * the Lambda function (its package zipped from score.mjs), the reviewer's queue and the pipeline.
 */
import { readFile } from 'node:fs/promises';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateFunctionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} from '@aws-sdk/client-lambda';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { CreatePipelineCommand, DescribePipelineCommand, UpdatePipelineCommand } from '@aws-sdk/client-sagemaker';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { storedZip } from '../../src/shared/stored-zip.js';
import { REVIEW_EXAMPLE } from './resources.js';

/** Whether a resource was made or changed. */
export type Upserted = 'created' | 'updated';

/** How long the Lambda waiters may wait (Sluice is ready at once; AWS takes seconds). */
const WAITER = { maxWaitTime: 120, minDelay: 1 } as const;

/** The function's settings (all but its code), shared by create and update. */
function functionSettings(timeoutSeconds: number) {
  return {
    FunctionName: REVIEW_EXAMPLE.functionName,
    Runtime: REVIEW_EXAMPLE.functionRuntime,
    Handler: REVIEW_EXAMPLE.functionHandler,
    Role: REVIEW_EXAMPLE.roleArn,
    Timeout: timeoutSeconds,
  };
}

/** CreateFunction, or UpdateFunctionCode and UpdateFunctionConfiguration when the function exists. */
export async function upsertFunction(lambda: LambdaClient): Promise<Upserted> {
  const source = await readFile(new URL(`./${REVIEW_EXAMPLE.functionFile}`, import.meta.url), 'utf8');
  const zip = storedZip([{ name: REVIEW_EXAMPLE.functionFile, content: source }]);
  const settings = functionSettings(REVIEW_EXAMPLE.functionTimeoutSeconds);
  const FunctionName = settings.FunctionName;
  try {
    await lambda.send(new CreateFunctionCommand({ ...settings, Code: { ZipFile: zip } }));
    await waitUntilFunctionActiveV2({ client: lambda, ...WAITER }, { FunctionName });
    return 'created';
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceConflictException')) throw error;
  }
  // Lambda refuses a second update while one is in progress, hence the waits.
  await lambda.send(new UpdateFunctionCodeCommand({ FunctionName, ZipFile: zip }));
  await waitUntilFunctionUpdatedV2({ client: lambda, ...WAITER }, { FunctionName });
  await setFunctionTimeout(lambda, REVIEW_EXAMPLE.functionTimeoutSeconds);
  return 'updated';
}

/** UpdateFunctionConfiguration with the example's settings and this timeout. */
export async function setFunctionTimeout(lambda: LambdaClient, seconds: number): Promise<void> {
  const settings = functionSettings(seconds);
  await lambda.send(new UpdateFunctionConfigurationCommand(settings));
  await waitUntilFunctionUpdatedV2({ client: lambda, ...WAITER }, { FunctionName: settings.FunctionName });
}

/** CreateQueue, which answers the existing queue's URL when it exists with the same attributes. */
export async function ensureQueue(sqs: SQSClient): Promise<string> {
  const created = await sqs.send(new CreateQueueCommand({ QueueName: REVIEW_EXAMPLE.queueName }));
  return created.QueueUrl ?? '';
}

/** The same JSON, whatever its formatting. */
function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/**
 * CreatePipeline, or UpdatePipeline when the pipeline exists with another definition (an update always makes a new
 * version, so an unchanged definition is left alone).
 */
export async function upsertPipeline(sm: SageMakerClient): Promise<{ upserted: Upserted | 'unchanged' }> {
  const definition = await readFile(new URL('./pipeline.json', import.meta.url), 'utf8');
  const pipeline = {
    PipelineName: REVIEW_EXAMPLE.pipelineName,
    PipelineDescription: REVIEW_EXAMPLE.pipelineDescription,
    PipelineDefinition: definition,
    RoleArn: REVIEW_EXAMPLE.roleArn,
  };
  let current: string | undefined;
  try {
    current = (await sm.send(new DescribePipelineCommand({ PipelineName: pipeline.PipelineName }))).PipelineDefinition;
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceNotFound')) throw error;
    await sm.send(new CreatePipelineCommand(pipeline));
    return { upserted: 'created' };
  }
  if (current !== undefined && sameJson(current, definition)) return { upserted: 'unchanged' };
  await sm.send(new UpdatePipelineCommand(pipeline));
  return { upserted: 'updated' };
}
