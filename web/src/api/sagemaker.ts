/** The SageMaker operations the console uses, typed with the members it reads. */
import { awsJson } from './aws';

/** Timestamps are epoch seconds on the wire. */
export type EpochSeconds = number;

export interface PipelineSummary {
  PipelineArn: string;
  PipelineName: string;
  PipelineDisplayName?: string;
  PipelineDescription?: string;
  CreationTime?: EpochSeconds;
  LastModifiedTime?: EpochSeconds;
  LastExecutionTime?: EpochSeconds;
}

export interface DescribePipelineResponse {
  PipelineArn: string;
  PipelineName: string;
  PipelineDisplayName?: string;
  PipelineDefinition: string;
  PipelineDescription?: string;
  RoleArn?: string;
  PipelineStatus?: string;
  CreationTime?: EpochSeconds;
  LastModifiedTime?: EpochSeconds;
  LastRunTime?: EpochSeconds;
  ParallelismConfiguration?: { MaxParallelExecutionSteps: number };
}

export interface PipelineVersionSummary {
  PipelineVersionId: number;
  CreationTime?: EpochSeconds;
  PipelineVersionDisplayName?: string;
}

export type ExecutionStatus = 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';
export type StepStatus = 'Starting' | 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';

export interface ExecutionSummary {
  PipelineExecutionArn: string;
  StartTime?: EpochSeconds;
  PipelineExecutionStatus?: ExecutionStatus;
  PipelineExecutionDisplayName?: string;
  PipelineExecutionDescription?: string;
  PipelineExecutionFailureReason?: string;
}

export interface DescribeExecutionResponse {
  PipelineArn: string;
  PipelineExecutionArn: string;
  PipelineExecutionDisplayName?: string;
  PipelineExecutionStatus: ExecutionStatus;
  PipelineExecutionDescription?: string;
  FailureReason?: string;
  CreationTime?: EpochSeconds;
  LastModifiedTime?: EpochSeconds;
  PipelineVersionId?: number;
  ParallelismConfiguration?: { MaxParallelExecutionSteps: number };
}

export interface ExecutionStep {
  StepName: string;
  StepDisplayName?: string;
  StepDescription?: string;
  StartTime?: EpochSeconds;
  EndTime?: EpochSeconds;
  StepStatus: StepStatus;
  FailureReason?: string;
  Metadata?: Record<string, unknown>;
  AttemptCount?: number;
  CacheHitResult?: { SourcePipelineExecutionArn?: string };
  SelectiveExecutionResult?: { SourcePipelineExecutionArn?: string };
}

export interface Parameter {
  Name: string;
  Value: string;
}

/** The members of CreatePipeline and UpdatePipeline the console sends. */
export interface PipelineInput {
  PipelineName: string;
  PipelineDefinition: string;
  PipelineDescription?: string;
  RoleArn: string;
}

const call = <T>(operation: string, input: object): Promise<T> =>
  awsJson<T>(`SageMaker.${operation}`, input, '1.1', 'sagemaker');

export const sagemaker = {
  listPipelines: (input: { PipelineNamePrefix?: string; NextToken?: string; MaxResults?: number }) =>
    call<{ PipelineSummaries?: PipelineSummary[]; NextToken?: string }>('ListPipelines', input),
  describePipeline: (PipelineName: string) => call<DescribePipelineResponse>('DescribePipeline', { PipelineName }),
  createPipeline: (input: PipelineInput) =>
    call<{ PipelineArn: string }>('CreatePipeline', { ...input, ClientRequestToken: newToken() }),
  updatePipeline: (input: PipelineInput) => call<{ PipelineArn: string }>('UpdatePipeline', input),
  /** The newest version; `pipeline` is a name or an ARN (the member is PipelineName, which takes both). */
  latestVersion: async (pipeline: string): Promise<PipelineVersionSummary | undefined> =>
    (
      await call<{ PipelineVersionSummaries?: PipelineVersionSummary[] }>('ListPipelineVersions', {
        PipelineName: pipeline,
        MaxResults: 1,
        SortOrder: 'Descending',
      })
    ).PipelineVersionSummaries?.[0],
  listExecutions: (input: { PipelineName: string; NextToken?: string; MaxResults?: number }) =>
    call<{ PipelineExecutionSummaries?: ExecutionSummary[]; NextToken?: string }>('ListPipelineExecutions', {
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      ...input,
    }),
  startExecution: (input: {
    PipelineName: string;
    PipelineParameters?: Parameter[];
    PipelineExecutionDisplayName?: string;
    ClientRequestToken: string;
  }) => call<{ PipelineExecutionArn: string }>('StartPipelineExecution', input),
  describeExecution: (PipelineExecutionArn: string) =>
    call<DescribeExecutionResponse>('DescribePipelineExecution', { PipelineExecutionArn }),
  /** Every step of an execution, all pages, oldest first. */
  listSteps: async (PipelineExecutionArn: string): Promise<ExecutionStep[]> => {
    const steps: ExecutionStep[] = [];
    let NextToken: string | undefined;
    do {
      const page: { PipelineExecutionSteps?: ExecutionStep[]; NextToken?: string } = await call(
        'ListPipelineExecutionSteps',
        { PipelineExecutionArn, SortOrder: 'Ascending', MaxResults: 100, ...(NextToken && { NextToken }) },
      );
      steps.push(...(page.PipelineExecutionSteps ?? []));
      NextToken = page.NextToken;
    } while (NextToken);
    return steps;
  },
  listExecutionParameters: async (PipelineExecutionArn: string): Promise<Parameter[]> =>
    (
      await call<{ PipelineParameters?: Parameter[] }>('ListPipelineParametersForExecution', {
        PipelineExecutionArn,
        MaxResults: 100,
      })
    ).PipelineParameters ?? [],
  definitionForExecution: async (PipelineExecutionArn: string): Promise<string> =>
    (await call<{ PipelineDefinition: string }>('DescribePipelineDefinitionForExecution', { PipelineExecutionArn }))
      .PipelineDefinition,
  /** A Describe* of a step's job or resource (`DescribeTrainingJob` with `TrainingJobName`…): its properties. */
  describeResource: (operation: string, member: string, name: string) =>
    call<Record<string, unknown>>(operation, { [member]: name }),
  stopExecution: (PipelineExecutionArn: string) =>
    call<object>('StopPipelineExecution', { PipelineExecutionArn, ClientRequestToken: newToken() }),
  retryExecution: (PipelineExecutionArn: string) =>
    call<object>('RetryPipelineExecution', { PipelineExecutionArn, ClientRequestToken: newToken() }),
  sendStepSuccess: (CallbackToken: string, OutputParameters: Parameter[]) =>
    call<object>('SendPipelineExecutionStepSuccess', {
      CallbackToken,
      OutputParameters,
      ClientRequestToken: newToken(),
    }),
  sendStepFailure: (CallbackToken: string, FailureReason: string) =>
    call<object>('SendPipelineExecutionStepFailure', { CallbackToken, FailureReason, ClientRequestToken: newToken() }),
};

/** A fresh idempotency token, so that a click repeated by a flaky network is done once. */
export function newToken(): string {
  return crypto.randomUUID();
}

/** The execution ARN of `id` under a pipeline ARN. */
export function executionArnOf(pipelineArn: string, executionId: string): string {
  return `${pipelineArn}/execution/${executionId}`;
}

/** The id at the end of an execution ARN. */
export function executionIdOf(executionArn: string): string {
  return executionArn.slice(executionArn.lastIndexOf('/') + 1);
}

/** The pipeline name inside an execution ARN (`…:pipeline/<name>/execution/<id>`). */
export function pipelineNameOf(executionArn: string): string {
  const match = /:pipeline\/([^/]+)\/execution\//.exec(executionArn);
  return match?.[1] ?? '';
}
