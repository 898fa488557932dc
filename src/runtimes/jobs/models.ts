/**
 * Steps that create resources rather than run code (definition-spec §4.5, §4.6, §4.15): Model (CreateModel),
 * RegisterModel (CreateModelPackage in a group: versions 1, 2, … per group, ARN `…:model-package/<group>/<n>`),
 * EndpointConfig and Endpoint. They still take the simulated duration, as a real step takes a few seconds.
 */
import type { JsonObject } from '../../shared/json.js';
import type { Job } from './job.js';
import { compactObject, omit, seconds, stringAt } from './job.js';
import type { JobFamily, JobSpec } from './job-spec.js';
import { jobName, pipelineJobName, sagemakerArn } from './job-spec.js';

/** The ModelApprovalStatus of a package when the request gives none. */
export const DEFAULT_APPROVAL_STATUS = 'PendingManualApproval';

/** The DescribeModel answer. */
export function describeModel(job: Job): JsonObject {
  return compactObject({
    EnableNetworkIsolation: false,
    ...omit(job.request, ['ModelName', 'Tags']),
    ModelName: job.name,
    ModelArn: job.arn,
    CreationTime: seconds(job.createdAt),
  });
}

/** ModelPackageStatus for a stored status. */
function packageStatus(job: Job): string {
  switch (job.status) {
    case 'InProgress':
      return 'InProgress';
    case 'Completed':
      return 'Completed';
    case 'Failed':
    case 'Stopping':
    case 'Stopped':
      return 'Failed';
  }
}

/** The DescribeModelPackage answer. */
export function describeModelPackage(job: Job): JsonObject {
  return compactObject({
    ...omit(job.request, ['ModelPackageName', 'Tags', 'ClientToken']),
    ModelPackageName: job.name,
    ModelPackageGroupName: job.groupName,
    ModelPackageVersion: job.version,
    ModelPackageArn: job.arn,
    CreationTime: seconds(job.createdAt),
    ModelPackageStatus: packageStatus(job),
    ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
    CertifyForMarketplace: false,
    ModelApprovalStatus: job.secondaryStatus ?? DEFAULT_APPROVAL_STATUS,
    LastModifiedTime: seconds(job.lastModifiedAt),
  });
}

/** Model steps. */
export const modelSpec: JobSpec = {
  stepType: 'Model',
  kind: 'Model',
  plan: (request, ctx) => {
    const name = jobName(request, 'ModelName', ctx);
    return { name, arn: sagemakerArn(ctx, 'model', name) };
  },
  describe: describeModel,
  metadata: (job) => ({ Model: { Arn: job.arn } }),
};

/**
 * RegisterModel steps. With a ModelPackageGroupName the package is the group's next version (the group is made
 * on first use, as the pipeline service does); without one it is an unversioned package with a generated name.
 */
export const registerModelSpec: JobSpec = {
  stepType: 'RegisterModel',
  kind: 'ModelPackage',
  plan: (request, ctx) => {
    const approval = stringAt(request, 'ModelApprovalStatus') ?? DEFAULT_APPROVAL_STATUS;
    const group = stringAt(request, 'ModelPackageGroupName');
    if (group === undefined) {
      const name = jobName(request, 'ModelPackageName', ctx);
      return { name, arn: sagemakerArn(ctx, 'model-package', name), secondaryStatus: approval };
    }
    const version = ctx.packageVersion ?? 1;
    return {
      name: group,
      nameKey: `${group}/${version}`.toLowerCase(),
      arn: sagemakerArn(ctx, 'model-package', `${group}/${version}`),
      groupName: group,
      version,
      secondaryStatus: approval,
    };
  },
  describe: describeModelPackage,
  metadata: (job) => ({ RegisterModel: { Arn: job.arn } }),
};

/** EndpointConfig steps: the name comes from the request (CreateEndpointConfig requires it) or is generated. */
export const endpointConfigSpec: JobSpec = {
  stepType: 'EndpointConfig',
  kind: 'EndpointConfig',
  plan: (request, ctx) => {
    const name = stringAt(request, 'EndpointConfigName') ?? pipelineJobName(ctx);
    // A pipeline may create "the same" config in every execution: each attempt gets a record of its own.
    return {
      name,
      nameKey: `${name}#${ctx.executionId}#${ctx.stepName}#${ctx.random(6)}`.toLowerCase(),
      arn: sagemakerArn(ctx, 'endpoint-config', name),
    };
  },
  describe: (job) =>
    compactObject({
      ...omit(job.request, ['Tags']),
      EndpointConfigName: job.name,
      EndpointConfigArn: job.arn,
      CreationTime: seconds(job.createdAt),
    }),
  metadata: (job) => ({ EndpointConfig: { Arn: job.arn } }),
};

/** Endpoint steps: create-or-update of the named endpoint (simulated: it is InService at the end). */
export const endpointSpec: JobSpec = {
  stepType: 'Endpoint',
  kind: 'Endpoint',
  plan: (request, ctx) => {
    const name = stringAt(request, 'EndpointName') ?? pipelineJobName(ctx);
    return {
      name,
      nameKey: `${name}#${ctx.executionId}#${ctx.stepName}#${ctx.random(6)}`.toLowerCase(),
      arn: sagemakerArn(ctx, 'endpoint', name),
    };
  },
  describe: (job) =>
    compactObject({
      ...omit(job.request, [
        'Tags',
        'DeploymentConfig',
        'RetainAllVariantProperties',
        'ExcludeRetainedVariantProperties',
      ]),
      EndpointName: job.name,
      EndpointArn: job.arn,
      EndpointStatus: {
        InProgress: 'Creating',
        Completed: 'InService',
        Failed: 'Failed',
        Stopping: 'Failed',
        Stopped: 'Failed',
      }[job.status],
      FailureReason: job.failureReason,
      CreationTime: seconds(job.createdAt),
      LastModifiedTime: seconds(job.lastModifiedAt),
    }),
  metadata: (job) => ({ Endpoint: { Arn: job.arn } }),
};

/** The worker family of Model and RegisterModel steps. */
export const modelFamily: JobFamily = { name: 'models', specs: [modelSpec, registerModelSpec] };

/** The worker family of EndpointConfig and Endpoint steps. */
export const endpointFamily: JobFamily = { name: 'endpoints', specs: [endpointConfigSpec, endpointSpec] };
