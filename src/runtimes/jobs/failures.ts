/**
 * Failure reasons and exception types of job steps, worded as SageMaker words them (api-spec §6.2 quotes a real
 * one: "ClientError: Failed to invoke sagemaker:CreateTrainingJob. Error Details: …"). The exception type is
 * what retry policies match (definition-spec §9); non-retryable failures carry 'ClientError'.
 */
import type { ScriptedFailure } from '../../sluice-config.js';
import type { JobKind } from './job.js';

/** A failure of a step attempt. */
export interface JobFailure {
  readonly failureReason: string;
  readonly errorType: string;
  /** False when the failure happened while creating the job, which then does not exist (Metadata stays {}). */
  readonly jobCreated: boolean;
}

/** The API call that creates each kind of job. */
const CREATE_CALLS: Readonly<Record<JobKind, string>> = {
  TrainingJob: 'sagemaker:CreateTrainingJob',
  ProcessingJob: 'sagemaker:CreateProcessingJob',
  TransformJob: 'sagemaker:CreateTransformJob',
  HyperParameterTuningJob: 'sagemaker:CreateHyperParameterTuningJob',
  Model: 'sagemaker:CreateModel',
  ModelPackage: 'sagemaker:CreateModelPackage',
  AutoMLJob: 'sagemaker:CreateAutoMLJob',
  EMRStep: 'elasticmapreduce:AddJobFlowSteps',
  EndpointConfig: 'sagemaker:CreateEndpointConfig',
  Endpoint: 'sagemaker:CreateEndpoint',
};

/** A request the service refused at creation: the step fails with a ClientError and no job exists. */
export function createFailure(kind: JobKind, details: string): JobFailure {
  return {
    failureReason: `ClientError: Failed to invoke ${CREATE_CALLS[kind]}. Error Details: ${details}`,
    errorType: 'ClientError',
    jobCreated: false,
  };
}

/** The failure a config file scripts for a step. */
export function scriptedFailure(kind: JobKind, fail: ScriptedFailure): JobFailure {
  const m = fail.message;
  switch (fail.errorType) {
    case 'Step.SERVICE_FAULT':
      return {
        failureReason: `InternalServerError: ${m ?? `We encountered an internal error calling ${CREATE_CALLS[kind]}. Please try again.`}`,
        errorType: fail.errorType,
        jobCreated: false,
      };
    case 'Step.THROTTLING':
      return {
        failureReason: `ThrottlingException: ${m ?? `Rate exceeded calling ${CREATE_CALLS[kind]}.`}`,
        errorType: fail.errorType,
        jobCreated: false,
      };
    case 'SageMaker.RESOURCE_LIMIT':
      return {
        ...createFailure(
          kind,
          m ?? 'The account-level service limit for this resource has been exceeded (ResourceLimitExceeded).',
        ),
        errorType: fail.errorType,
      };
    case 'Emr.RESOURCE_LIMIT':
      return {
        ...createFailure(
          kind,
          m ?? 'Maximum number of active steps (State = Running and Pending) for cluster exceeded.',
        ),
        errorType: fail.errorType,
      };
    case 'SageMaker.JOB_INTERNAL_ERROR':
      return {
        failureReason: `InternalServerError: ${m ?? 'An internal error occurred while running the job. Please try again.'}`,
        errorType: fail.errorType,
        jobCreated: true,
      };
    case 'SageMaker.CAPACITY_ERROR':
      return {
        failureReason: `CapacityError: ${m ?? 'Unable to provision requested ML compute capacity. Please retry using a different ML instance type.'}`,
        errorType: fail.errorType,
        jobCreated: true,
      };
    case 'AlgorithmError':
      return {
        failureReason: `AlgorithmError: ${m ?? 'The algorithm failed (scripted in the Sluice config file).'}`,
        errorType: 'ClientError',
        jobCreated: true,
      };
    case 'ClientError':
      return {
        failureReason: `ClientError: ${m ?? 'The job failed (scripted in the Sluice config file).'}`,
        errorType: 'ClientError',
        jobCreated: true,
      };
  }
}

/** Words for a kind in messages ("Training job", "Model package"…). */
export const KIND_LABELS: Readonly<Record<JobKind, string>> = {
  TrainingJob: 'Training job',
  ProcessingJob: 'Processing job',
  TransformJob: 'Transform job',
  HyperParameterTuningJob: 'Hyperparameter tuning job',
  Model: 'Model',
  ModelPackage: 'Model package',
  AutoMLJob: 'AutoML job',
  EMRStep: 'EMR step',
  EndpointConfig: 'Endpoint config',
  Endpoint: 'Endpoint',
};

/** The step failure of a job a user stopped with Stop*Job while its pipeline step waited on it. */
export function stoppedByUserReason(kind: JobKind, name: string): string {
  return `ClientError: ${KIND_LABELS[kind]} ${name} was stopped by user.`;
}
