/**
 * EMR steps (definition-spec §4.11): a step on an existing cluster (`ClusterId`) or on a cluster made for it
 * (`ClusterConfig`). The properties are EMR DescribeStep's `Step` shape; the metadata is `EMR {ClusterId, StepId,
 * StepName, LogFilePath}`. Ids look like EMR's: `j-` / `s-` and 13 upper-case alphanumerics.
 */
import type { JsonObject } from '../../shared/json.js';
import { joinS3Uri } from '../s3/local-s3.js';
import type { Job } from './job.js';
import { compactObject, objectAt, objectsAt, seconds, stringAt } from './job.js';
import type { JobFamily, JobSpec } from './job-spec.js';
import { pipelineJobName } from './job-spec.js';

const EMR_STATES = {
  InProgress: 'RUNNING',
  Completed: 'COMPLETED',
  Failed: 'FAILED',
  Stopping: 'CANCEL_PENDING',
  Stopped: 'CANCELLED',
} as const;

function ids(job: Job): { clusterId: string; stepId: string; logFilePath: string } {
  return {
    clusterId: stringAt(job.result, 'ClusterId') ?? '',
    stepId: stringAt(job.result, 'StepId') ?? '',
    logFilePath: stringAt(job.result, 'LogFilePath') ?? '',
  };
}

/** EMR DescribeStep's Step. `HadoopJarStep.Properties` (a list of Key/Value) becomes the map EMR answers with. */
export function describeEmrStep(job: Job): JsonObject {
  const jar = objectAt(objectAt(job.request, 'StepConfig'), 'HadoopJarStep');
  const properties: JsonObject = {};
  for (const p of objectsAt(jar, 'Properties')) {
    if (typeof p['Key'] === 'string') properties[p['Key']] = p['Value'] ?? '';
  }
  return compactObject({
    Id: ids(job).stepId,
    Name: job.name,
    Config: compactObject({
      Jar: jar['Jar'],
      Properties: properties,
      MainClass: jar['MainClass'],
      Args: Array.isArray(jar['Args']) ? jar['Args'] : [],
    }),
    ActionOnFailure: stringAt(objectAt(job.request, 'StepConfig'), 'ActionOnFailure') ?? 'CONTINUE',
    Status: compactObject({
      State: EMR_STATES[job.status],
      StateChangeReason: {},
      FailureDetails:
        job.status === 'Failed'
          ? { Reason: 'Unknown Error.', Message: job.failureReason ?? '', LogFile: ids(job).logFilePath }
          : undefined,
      Timeline: compactObject({
        CreationDateTime: seconds(job.createdAt),
        StartDateTime: seconds(job.startedAt),
        EndDateTime: seconds(job.endedAt),
      }),
    }),
    ExecutionRoleArn: job.request['ExecutionRoleArn'],
  });
}

/** EMR steps. */
export const emrSpec: JobSpec = {
  stepType: 'EMR',
  kind: 'EMRStep',
  plan: (request, ctx) => {
    const upper = (n: number): string => ctx.random(n).toUpperCase();
    const clusterId = stringAt(request, 'ClusterId') ?? `j-${upper(13)}`;
    const stepId = `s-${upper(13)}`;
    const logUri = stringAt(objectAt(request, 'ClusterConfig'), 'LogUri');
    const logFilePath = logUri
      ? joinS3Uri(logUri, clusterId, 'steps', stepId)
      : `s3://aws-logs-${ctx.accountId}-${ctx.region}/elasticmapreduce/${clusterId}/steps/${stepId}`;
    const name = pipelineJobName(ctx, 256);
    return {
      name,
      arn: `arn:aws:elasticmapreduce:${ctx.region}:${ctx.accountId}:cluster/${clusterId}/step/${stepId}`,
      result: { ClusterId: clusterId, StepId: stepId, LogFilePath: logFilePath },
    };
  },
  describe: describeEmrStep,
  metadata: (job) => {
    const { clusterId, stepId, logFilePath } = ids(job);
    return { EMR: { ClusterId: clusterId, StepId: stepId, StepName: job.name, LogFilePath: logFilePath } };
  },
};

/** The worker family of EMR steps. */
export const emrFamily: JobFamily = { name: 'emr', specs: [emrSpec] };
