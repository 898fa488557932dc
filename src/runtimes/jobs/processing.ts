/**
 * Processing steps (definition-spec §4.2): a processing job whose DescribeProcessingJob answer is the step's
 * properties. Outputs are addressed by name (`ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri`); a
 * PropertyFile lives at `<that output's S3Uri>/<FilePath>` (§3).
 */
import type { StepNode } from '../../engine/definition/types.js';
import type { JsonObject, JsonValue } from '../../shared/json.js';
import type { LocalS3 } from '../s3/local-s3.js';
import { joinS3Uri } from '../s3/local-s3.js';
import type { Job } from './job.js';
import { compactObject, objectAt, objectsAt, omit, seconds, stringAt } from './job.js';
import type { JobFamily, JobSpec, SimulateContext, SimulatedObject, SimulatedOutput } from './job-spec.js';
import { defaultBucket, JobRequestError, jobName, sagemakerArn } from './job-spec.js';

/** The outputs of a processing request, each with its S3Uri (SageMaker's default when the request gives none). */
export function processingOutputs(job: Pick<Job, 'request' | 'region' | 'accountId' | 'name'>): JsonObject[] {
  return objectsAt(objectAt(job.request, 'ProcessingOutputConfig'), 'Outputs').map((output) => {
    const s3 = objectAt(output, 'S3Output');
    if (output['AppManaged'] === true && Object.keys(s3).length === 0) return output;
    const name = stringAt(output, 'OutputName') ?? 'output';
    const uri = stringAt(s3, 'S3Uri') ?? joinS3Uri(defaultBucket(job), job.name, 'output', name);
    return { ...output, S3Output: { ...s3, S3Uri: uri } };
  });
}

/** Where each declared PropertyFile of a processing step lives, by PropertyFileName (absent: no such output). */
export function propertyFileUris(step: StepNode, job: Job): Map<string, string> {
  const outputs = processingOutputs(job);
  const uris = new Map<string, string>();
  for (const file of step.propertyFiles) {
    const output = outputs.find((o) => o['OutputName'] === file.outputName);
    const base = stringAt(objectAt(output, 'S3Output'), 'S3Uri');
    if (base !== undefined) uris.set(file.name, joinS3Uri(base, file.filePath));
  }
  return uris;
}

/**
 * The contents of a processing step's PropertyFiles, read from local S3 after the job: files that are absent or
 * not JSON are left out, and the consuming `Std:JsonGet` then fails with a message naming the file.
 */
export function readPropertyFiles(step: StepNode, job: Job, s3: LocalS3): Record<string, JsonValue> | undefined {
  if (step.propertyFiles.length === 0) return undefined;
  const files: Record<string, JsonValue> = {};
  for (const [name, uri] of propertyFileUris(step, job)) {
    const text = s3.readObject(uri);
    if (text === undefined) continue;
    try {
      files[name] = JSON.parse(text) as JsonValue;
    } catch {
      // Not JSON: left out (see above).
    }
  }
  return files;
}

/** The DescribeProcessingJob answer. */
export function describeProcessingJob(job: Job): JsonObject {
  const request = omit(job.request, ['ProcessingJobName', 'Tags']);
  const outputs = processingOutputs(job);
  return compactObject({
    ...request,
    ProcessingOutputConfig:
      outputs.length > 0 || request['ProcessingOutputConfig'] !== undefined
        ? { ...objectAt(request, 'ProcessingOutputConfig'), Outputs: outputs }
        : undefined,
    ProcessingJobName: job.name,
    ProcessingJobArn: job.arn,
    ProcessingJobStatus: job.status,
    ExitMessage: job.status === 'Failed' ? job.failureReason : undefined,
    FailureReason: job.failureReason,
    CreationTime: seconds(job.createdAt),
    ProcessingStartTime: seconds(job.startedAt),
    ProcessingEndTime: seconds(job.endedAt),
    LastModifiedTime: seconds(job.lastModifiedAt),
  });
}

/** Writes the property files the config scripts for this step to where the step declares them. */
export function scriptedPropertyFiles(job: Job, ctx: SimulateContext): SimulatedObject[] {
  const scripted = ctx.settings.propertyFiles ?? {};
  const uris = propertyFileUris(ctx.step, job);
  const objects: SimulatedObject[] = [];
  for (const [name, content] of Object.entries(scripted)) {
    const uri = uris.get(name);
    if (uri === undefined) {
      const declared = ctx.step.propertyFiles.map((f) => f.name);
      throw new JobRequestError(
        `the config file scripts property file '${name}', which step '${ctx.step.name}' ` +
          (declared.length === 0
            ? 'does not declare (it has no PropertyFiles).'
            : `does not declare or whose output is missing (it declares ${declared.join(', ')}).`),
      );
    }
    objects.push({ uri, body: JSON.stringify(content, null, 2) });
  }
  return objects;
}

function simulateProcessing(job: Job, ctx: SimulateContext): SimulatedOutput {
  return { objects: scriptedPropertyFiles(job, ctx) };
}

/** Processing steps. */
export const processingSpec: JobSpec = {
  stepType: 'Processing',
  kind: 'ProcessingJob',
  plan: (request, ctx) => {
    const name = jobName(request, 'ProcessingJobName', ctx);
    return { name, arn: sagemakerArn(ctx, 'processing-job', name) };
  },
  describe: describeProcessingJob,
  metadata: (job) => ({ ProcessingJob: { Arn: job.arn } }),
  simulate: simulateProcessing,
};

/** The worker family of Processing steps. */
export const processingFamily: JobFamily = { name: 'processing', specs: [processingSpec] };
