/**
 * The names the review example is built from, shared by its command-line demo (examples/review/demo.ts) and the
 * web console's "Try the example" (which creates the same resources through the public APIs).
 *
 * pipeline.json names the function and the queue with the default account (000000000000) and region
 * (us-east-1); a Sluice started with another --account-id, or clients in another region, need those ARNs edited.
 */
export const REVIEW_EXAMPLE = {
  pipelineName: 'sluice-example',
  pipelineDescription: 'Scores a dataset in a Lambda step, waits for a reviewer in a Callback step, then trains.',
  roleArn: 'arn:aws:iam::000000000000:role/sluice-example',
  functionName: 'sluice-example-score',
  functionRuntime: 'nodejs20.x',
  functionHandler: 'score.handler',
  /** Longer than ScoreSeconds' default (5), so the step succeeds unless an execution asks for more. */
  functionTimeoutSeconds: 30,
  /** The file of the function's package, beside this one. */
  functionFile: 'score.mjs',
  queueName: 'sluice-example-review',
} as const;
