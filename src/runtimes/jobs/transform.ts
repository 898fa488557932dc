/** Transform steps (definition-spec §4.3): a batch transform job, DescribeTransformJob as the step's properties. */
import type { JsonObject } from '../../shared/json.js';
import { joinS3Uri } from '../s3/local-s3.js';
import type { Job } from './job.js';
import { compactObject, objectAt, omit, seconds, stringAt } from './job.js';
import type { JobFamily, JobSpec } from './job-spec.js';
import { defaultBucket, jobName, sagemakerArn } from './job-spec.js';

/** The DescribeTransformJob answer; `TransformOutput.S3OutputPath` defaults to `s3://<default bucket>/<job name>`. */
export function describeTransformJob(job: Job): JsonObject {
  const output = objectAt(job.request, 'TransformOutput');
  return compactObject({
    ...omit(job.request, ['TransformJobName', 'Tags']),
    TransformJobName: job.name,
    TransformJobArn: job.arn,
    TransformJobStatus: job.status,
    FailureReason: job.failureReason,
    TransformOutput: compactObject({
      ...output,
      S3OutputPath: stringAt(output, 'S3OutputPath') ?? joinS3Uri(defaultBucket(job), job.name),
    }),
    CreationTime: seconds(job.createdAt),
    TransformStartTime: seconds(job.startedAt),
    TransformEndTime: seconds(job.endedAt),
  });
}

/** Transform steps. */
export const transformSpec: JobSpec = {
  stepType: 'Transform',
  kind: 'TransformJob',
  plan: (request, ctx) => {
    const name = jobName(request, 'TransformJobName', ctx);
    return { name, arn: sagemakerArn(ctx, 'transform-job', name) };
  },
  describe: describeTransformJob,
  metadata: (job) => ({ TransformJob: { Arn: job.arn } }),
};

/** The worker family of Transform steps. */
export const transformFamily: JobFamily = { name: 'transform', specs: [transformSpec] };
