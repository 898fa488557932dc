/**
 * "Try the example pipeline": creates the review example (examples/review) through the public APIs only, as a
 * user's own client would — its SQS queue, its Lambda function (the handler zipped in the browser) and the
 * pipeline — so that a new user gets a runnable pipeline without a terminal. Running it twice updates the
 * function's code and the pipeline instead of failing.
 */
import definitionText from '../../../examples/review/pipeline.json?raw';
import { REVIEW_EXAMPLE } from '../../../examples/review/resources';
import handlerSource from '../../../examples/review/score.mjs?raw';
import { storedZip } from '../../../src/shared/stored-zip';
import { AwsCallError } from '../api/aws';
import { lambda } from '../api/lambda';
import { sagemaker } from '../api/sagemaker';
import { sqs } from '../api/sqs';
import { placeDefinition } from './example-definition';

/** The calls of an install, in order, with the words the page shows for them. */
export const EXAMPLE_STEPS = [
  { id: 'queue', label: `Create the SQS queue ${REVIEW_EXAMPLE.queueName}` },
  { id: 'function', label: `Create the Lambda function ${REVIEW_EXAMPLE.functionName}` },
  { id: 'pipeline', label: `Create the pipeline ${REVIEW_EXAMPLE.pipelineName}` },
] as const;

export type ExampleStepId = (typeof EXAMPLE_STEPS)[number]['id'];

/** What happened to one call: `detail` names the operation that did it (or the one that was refused). */
export type ExampleProgress = (id: ExampleStepId, state: 'running' | 'done' | 'failed', detail: string) => void;

export const EXAMPLE_PIPELINE = REVIEW_EXAMPLE.pipelineName;

/**
 * Creates (or updates) the example's queue, function and pipeline, telling `progress` about each call.
 * Throws the refused call's error (an AwsCallError carries the server's code and message).
 */
export async function installReviewExample(progress: ExampleProgress): Promise<void> {
  /** Runs one step's calls; `switchTo` names a fallback operation (an update when the create found it existed). */
  const step = async <T>(
    id: ExampleStepId,
    first: string,
    calls: (switchTo: (operation: string) => void) => Promise<T>,
  ): Promise<T> => {
    let operation = first;
    progress(id, 'running', operation);
    try {
      const result = await calls((next) => {
        operation = next;
        progress(id, 'running', next);
      });
      progress(id, 'done', operation);
      return result;
    } catch (error) {
      progress(id, 'failed', operation);
      throw error;
    }
  };

  await step('queue', 'CreateQueue', () => sqs.createQueue(REVIEW_EXAMPLE.queueName));

  const zip = base64(storedZip([{ name: REVIEW_EXAMPLE.functionFile, content: handlerSource }]));
  const deployed = await step('function', 'CreateFunction', async (switchTo) => {
    try {
      return await lambda.createFunction({
        FunctionName: REVIEW_EXAMPLE.functionName,
        Runtime: REVIEW_EXAMPLE.functionRuntime,
        Handler: REVIEW_EXAMPLE.functionHandler,
        Role: REVIEW_EXAMPLE.roleArn,
        Timeout: REVIEW_EXAMPLE.functionTimeoutSeconds,
        Description: 'The Score step of the example pipeline.',
        ZipFile: zip,
      });
    } catch (error) {
      if (!(error instanceof AwsCallError && error.code === 'ResourceConflictException')) throw error;
      switchTo('UpdateFunctionCode');
      return lambda.updateFunctionCode(REVIEW_EXAMPLE.functionName, zip);
    }
  });

  const pipeline = {
    PipelineName: REVIEW_EXAMPLE.pipelineName,
    PipelineDescription: REVIEW_EXAMPLE.pipelineDescription,
    RoleArn: REVIEW_EXAMPLE.roleArn,
    PipelineDefinition: placeDefinition(definitionText, deployed.FunctionArn, REVIEW_EXAMPLE),
  };
  await step('pipeline', 'CreatePipeline', async (switchTo) => {
    try {
      return await sagemaker.createPipeline(pipeline);
    } catch (error) {
      // SageMaker answers a taken name with a ValidationException that says "already exists".
      if (!(error instanceof AwsCallError && /already exists/.test(error.message))) throw error;
      switchTo('UpdatePipeline');
      return sagemaker.updatePipeline(pipeline);
    }
  });
}

/** Base64 of bytes, in slices (String.fromCharCode takes a bounded number of arguments). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}
