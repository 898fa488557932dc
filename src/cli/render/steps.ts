/** What a step's ListPipelineExecutionSteps entry says beyond its status, as short lines for people. */
import type { OutputParameter, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';

/** The callback token of a Callback step that still waits for its answer, if it is one. */
export function waitingCallbackToken(step: PipelineExecutionStep): string | undefined {
  if (step.StepStatus !== 'Executing' && step.StepStatus !== 'Stopping') return undefined;
  return step.Metadata?.Callback?.CallbackToken;
}

/** `sum=5, note=hi`. */
export function formatOutputs(outputs: readonly OutputParameter[] | undefined): string | undefined {
  if (!outputs || outputs.length === 0) return undefined;
  return outputs.map((o) => `${o.Name ?? ''}=${o.Value ?? ''}`).join(', ');
}

/** Metadata members that name a job or resource by ARN, with the label shown for each. */
const ARN_MEMBERS: readonly (readonly [string, string])[] = [
  ['TrainingJob', 'training job'],
  ['ProcessingJob', 'processing job'],
  ['TransformJob', 'transform job'],
  ['TuningJob', 'tuning job'],
  ['AutoMLJob', 'AutoML job'],
  ['Model', 'model'],
  ['RegisterModel', 'model package'],
  ['Lambda', 'lambda'],
  ['Endpoint', 'endpoint'],
  ['EndpointConfig', 'endpoint config'],
  ['InferenceComponent', 'inference component'],
  ['Job', 'job'],
];

/**
 * Lines describing a step: failure reason, condition outcome, waiting callback token, output parameters, the job
 * or resource ARNs it made, the cache hit it reused. Unknown metadata is left to `--json`.
 */
export function stepDetails(step: PipelineExecutionStep, options: { failure?: boolean } = {}): string[] {
  const lines: string[] = [];
  const metadata = step.Metadata ?? {};
  if (options.failure !== false && step.FailureReason) lines.push(`failure: ${step.FailureReason}`);
  if (metadata.Condition?.Outcome !== undefined) lines.push(`outcome: ${metadata.Condition.Outcome}`);
  const token = waitingCallbackToken(step);
  if (token !== undefined) lines.push(`callback token: ${token}`);
  const outputs = formatOutputs(metadata.Callback?.OutputParameters ?? metadata.Lambda?.OutputParameters);
  if (outputs !== undefined) lines.push(`outputs: ${outputs}`);
  const members = metadata as Record<string, { Arn?: unknown } | undefined>;
  for (const [member, label] of ARN_MEMBERS) {
    const arn = members[member]?.Arn;
    if (typeof arn === 'string') lines.push(`${label}: ${arn}`);
  }
  if (metadata.EMR?.ClusterId !== undefined) {
    lines.push(`EMR cluster: ${metadata.EMR.ClusterId}${metadata.EMR.StepId ? `, step ${metadata.EMR.StepId}` : ''}`);
  }
  const source = step.CacheHitResult?.SourcePipelineExecutionArn;
  if (source !== undefined) lines.push(`cache hit: reused ${source}`);
  return lines;
}
