/** The SageMaker service as the edge sees it: its model and one handler per operation Sluice serves. */
import { sagemakerModel } from '../../api/sagemaker/model.js';
import type { JsonService, OperationHandler } from '../../protocol/json-service.js';
import type { SageMakerDeps } from './context.js';
import { callbackHandlers } from './callbacks.js';
import { executionDetailHandlers } from './execution-details.js';
import { executionHandlers } from './executions.js';
import { jobHandlers } from './jobs.js';
import { jobListHandlers } from './jobs-list.js';
import { pipelineVersionHandlers } from './pipeline-versions.js';
import { pipelineHandlers } from './pipelines.js';
import { retryExecutionHandler } from './retry-execution.js';
import { tagHandlers } from './tags.js';

/** Builds the SageMaker JSON service. */
export function createSageMakerService(deps: SageMakerDeps): JsonService {
  const pipelines = pipelineHandlers(deps);
  const versions = pipelineVersionHandlers(deps);
  const tags = tagHandlers(deps);
  const executions = executionHandlers(deps);
  const details = executionDetailHandlers(deps);
  const callbacks = callbackHandlers(deps);
  const jobs = jobHandlers(deps);
  const jobLists = jobListHandlers(deps);
  const handlers: Record<string, OperationHandler> = {
    CreatePipeline: pipelines.createPipeline,
    DescribePipeline: pipelines.describePipeline,
    UpdatePipeline: pipelines.updatePipeline,
    DeletePipeline: pipelines.deletePipeline,
    ListPipelines: pipelines.listPipelines,
    ListPipelineVersions: versions.listPipelineVersions,
    UpdatePipelineVersion: versions.updatePipelineVersion,
    StartPipelineExecution: executions.startPipelineExecution,
    DescribePipelineExecution: executions.describePipelineExecution,
    ListPipelineExecutions: executions.listPipelineExecutions,
    UpdatePipelineExecution: executions.updatePipelineExecution,
    StopPipelineExecution: executions.stopPipelineExecution,
    RetryPipelineExecution: retryExecutionHandler(deps),
    ListPipelineExecutionSteps: details.listPipelineExecutionSteps,
    ListPipelineParametersForExecution: details.listPipelineParametersForExecution,
    DescribePipelineDefinitionForExecution: details.describePipelineDefinitionForExecution,
    SendPipelineExecutionStepSuccess: callbacks.sendPipelineExecutionStepSuccess,
    SendPipelineExecutionStepFailure: callbacks.sendPipelineExecutionStepFailure,
    AddTags: tags.addTags,
    ListTags: tags.listTags,
    DeleteTags: tags.deleteTags,
    DescribeTrainingJob: jobs.describeTrainingJob,
    ListTrainingJobs: jobLists.listTrainingJobs,
    StopTrainingJob: jobs.stopTrainingJob,
    DescribeProcessingJob: jobs.describeProcessingJob,
    ListProcessingJobs: jobLists.listProcessingJobs,
    StopProcessingJob: jobs.stopProcessingJob,
    DescribeTransformJob: jobs.describeTransformJob,
    ListTransformJobs: jobLists.listTransformJobs,
    StopTransformJob: jobs.stopTransformJob,
    DescribeHyperParameterTuningJob: jobs.describeHyperParameterTuningJob,
    ListHyperParameterTuningJobs: jobLists.listHyperParameterTuningJobs,
    StopHyperParameterTuningJob: jobs.stopHyperParameterTuningJob,
    ListTrainingJobsForHyperParameterTuningJob: jobLists.listTrainingJobsForHyperParameterTuningJob,
    DescribeAutoMLJob: jobs.describeAutoMLJob,
    ListAutoMLJobs: jobLists.listAutoMLJobs,
    StopAutoMLJob: jobs.stopAutoMLJob,
    DescribeModel: jobs.describeModel,
    ListModels: jobLists.listModels,
    DescribeModelPackage: jobs.describeModelPackage,
    ListModelPackages: jobLists.listModelPackages,
  };
  return {
    targetPrefix: 'SageMaker',
    contentType: 'application/x-amz-json-1.1',
    model: sagemakerModel,
    handlers: new Map(Object.entries(handlers)),
  };
}
