/**
 * Request shapes of the pipeline resource operations, named exactly as in the SageMaker model
 * (api-spec §2.1–2.7, §2.19). Handlers receive input already checked against the model by validateInput,
 * so these types describe what can arrive. Timestamps arrive as epoch seconds (or text; see wire.ts).
 */

export interface Tag {
  Key: string;
  Value: string;
}
export interface ParallelismConfiguration {
  MaxParallelExecutionSteps: number;
}
export interface PipelineDefinitionS3Location {
  Bucket: string;
  ObjectKey: string;
  VersionId?: string;
}
export type SortOrder = 'Ascending' | 'Descending';
export type Timestamp = number | string;

export interface CreatePipelineRequest {
  PipelineName: string;
  PipelineDisplayName?: string;
  PipelineDefinition?: string;
  PipelineDefinitionS3Location?: PipelineDefinitionS3Location;
  PipelineDescription?: string;
  ClientRequestToken: string;
  RoleArn: string;
  Tags?: Tag[];
  ParallelismConfiguration?: ParallelismConfiguration;
}
export interface DescribePipelineRequest {
  PipelineName: string;
  PipelineVersionId?: number;
}
export interface UpdatePipelineRequest {
  PipelineName: string;
  PipelineDisplayName?: string;
  PipelineDefinition?: string;
  PipelineDefinitionS3Location?: PipelineDefinitionS3Location;
  PipelineDescription?: string;
  RoleArn?: string;
  ParallelismConfiguration?: ParallelismConfiguration;
}
export interface DeletePipelineRequest {
  PipelineName: string;
  ClientRequestToken: string;
}
export interface ListPipelinesRequest {
  PipelineNamePrefix?: string;
  CreatedAfter?: Timestamp;
  CreatedBefore?: Timestamp;
  SortBy?: 'Name' | 'CreationTime';
  SortOrder?: SortOrder;
  NextToken?: string;
  MaxResults?: number;
}
export interface ListPipelineVersionsRequest {
  PipelineName: string;
  CreatedAfter?: Timestamp;
  CreatedBefore?: Timestamp;
  SortOrder?: SortOrder;
  NextToken?: string;
  MaxResults?: number;
}
export interface UpdatePipelineVersionRequest {
  PipelineArn: string;
  PipelineVersionId: number;
  PipelineVersionDisplayName?: string;
  PipelineVersionDescription?: string;
}
export interface AddTagsInput {
  ResourceArn: string;
  Tags: Tag[];
}
export interface ListTagsInput {
  ResourceArn: string;
  NextToken?: string;
  MaxResults?: number;
}
export interface DeleteTagsInput {
  ResourceArn: string;
  TagKeys: string[];
}

export interface Parameter {
  Name: string;
  Value: string;
}
export interface SelectedStep {
  StepName: string;
}
export interface SelectiveExecutionConfig {
  SourcePipelineExecutionArn?: string;
  SelectedSteps: SelectedStep[];
}
export interface StartPipelineExecutionRequest {
  PipelineName: string;
  PipelineExecutionDisplayName?: string;
  PipelineParameters?: Parameter[];
  PipelineExecutionDescription?: string;
  ClientRequestToken: string;
  ParallelismConfiguration?: ParallelismConfiguration;
  SelectiveExecutionConfig?: SelectiveExecutionConfig;
  PipelineVersionId?: number;
}
export interface PipelineExecutionArnRequest {
  PipelineExecutionArn: string;
}
export interface StopPipelineExecutionRequest {
  PipelineExecutionArn: string;
  ClientRequestToken: string;
}
export interface UpdatePipelineExecutionRequest {
  PipelineExecutionArn: string;
  PipelineExecutionDescription?: string;
  PipelineExecutionDisplayName?: string;
  ParallelismConfiguration?: ParallelismConfiguration;
}
export interface ListPipelineExecutionsRequest {
  PipelineName: string;
  CreatedAfter?: Timestamp;
  CreatedBefore?: Timestamp;
  SortBy?: 'CreationTime' | 'PipelineExecutionArn';
  SortOrder?: SortOrder;
  NextToken?: string;
  MaxResults?: number;
}
export interface ListPipelineExecutionStepsRequest {
  PipelineExecutionArn?: string;
  NextToken?: string;
  MaxResults?: number;
  SortOrder?: SortOrder;
}
export interface ListPipelineParametersForExecutionRequest {
  PipelineExecutionArn: string;
  NextToken?: string;
  MaxResults?: number;
}

export interface OutputParameter {
  Name: string;
  Value: string;
}
export interface SendPipelineExecutionStepSuccessRequest {
  CallbackToken: string;
  OutputParameters?: OutputParameter[];
  ClientRequestToken?: string;
}
export interface SendPipelineExecutionStepFailureRequest {
  CallbackToken: string;
  FailureReason?: string;
  ClientRequestToken?: string;
}

export interface RetryPipelineExecutionRequest {
  PipelineExecutionArn: string;
  ClientRequestToken: string;
  ParallelismConfiguration?: ParallelismConfiguration;
}
