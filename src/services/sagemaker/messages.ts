/**
 * Message texts of SageMaker errors, worded as AWS words them where known (api-spec §1.8, §2) because SDKs and
 * tools match on them: the SageMaker Python SDK's upsert() looks for "already exists" (older versions for
 * "Pipeline names must be unique within"), and ACK treats ResourceNotFound as gone only when the message ends
 * with "does not exist." (pipelines) or "does not exist" (executions). Tests import these same functions.
 */

/** Messages of the pipeline operations. */
export const messages = {
  pipelineNotFound: (nameOrArn: string): string => `Pipeline '${nameOrArn}' does not exist.`,
  duplicatePipeline: (name: string): string =>
    `Pipeline names must be unique within an AWS account and region. Pipeline with name (${name}) already exists.`,
  pipelineVersionNotFound: (nameOrArn: string, versionId: number): string =>
    `Pipeline version ${versionId} of pipeline '${nameOrArn}' does not exist.`,
  definitionSourceMissing: (): string => 'Either PipelineDefinition or PipelineDefinitionS3Location must be specified.',
  definitionSourceTwice: (): string => 'Specify either PipelineDefinition or PipelineDefinitionS3Location, not both.',
  s3DefinitionUnsupported: (): string =>
    'PipelineDefinitionS3Location is not supported by Sluice yet; pass the definition inline in PipelineDefinition.',
  taggedResourceNotFound: (arn: string): string => `Resource '${arn}' does not exist or cannot be tagged.`,
  tooManyTags: (arn: string, count: number): string =>
    `Resource '${arn}' would have ${count} tags; a resource can have at most 50.`,
  reservedTagKey: (key: string): string => `Tag key '${key}' is reserved: keys may not start with 'aws:'.`,
} as const;

/** Messages of the execution operations. */
export const executionMessages = {
  /** ACK requires executions' not-found messages to end with "does not exist" (no period). */
  executionNotFound: (arn: string): string => `Pipeline execution ${arn} does not exist`,
  notStoppable: (): string => "Only pipelines with 'Executing' status can be stopped.",
  runningExecutions: (name: string): string =>
    `Pipeline '${name}' has executions that are still running; stop them before deleting the pipeline.`,
  missingExecutionArn: (): string => 'PipelineExecutionArn is required.',
} as const;

/** Messages of SendPipelineExecutionStepSuccess / SendPipelineExecutionStepFailure. */
export const callbackMessages = {
  tokenNotFound: (token: string): string => `Callback token '${token}' does not exist.`,
  notWaiting: (token: string, step: string, status: string): string =>
    `Callback token '${token}' belongs to step '${step}', which is no longer waiting for a callback (its status is ${status}).`,
} as const;

/** Messages of RetryPipelineExecution and SelectiveExecutionConfig. */
export const retryMessages = {
  notRetryable: (arn: string, status: string): string =>
    `Pipeline execution ${arn} is ${status}; only Failed or Stopped executions can be retried.`,
  endedInFailStep: (arn: string, step: string): string =>
    `Pipeline execution ${arn} ended in Fail step '${step}' and cannot be retried.`,
  sourceMissing: (selected: readonly string[], upstream: readonly string[]): string =>
    `Invalid SourcePipelineExecutionArn: null. The selected steps [${selected.join(', ')}] have dependencies on [${upstream.join(', ')}].`,
  sourceOtherPipeline: (arn: string): string =>
    `Invalid SourcePipelineExecutionArn: ${arn} is an execution of another pipeline.`,
  sourceStatus: (arn: string, status: string): string =>
    `Invalid SourcePipelineExecutionArn: ${arn} is ${status}; it must be Succeeded or Failed.`,
  sourceStepMissing: (arn: string, step: string): string =>
    `Invalid SourcePipelineExecutionArn: step '${step}' did not succeed in ${arn}, so its results cannot be reused.`,
} as const;
