/** Helpers for tests that run executions. */
import {
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  type PipelineExecutionStep,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';

/** Execution statuses after which nothing changes. */
export const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

/** Polls until the execution's status is in `statuses` (terminal by default); fails after `timeoutMs`. */
export async function waitForExecution(
  sm: SageMakerClient,
  arn: string,
  statuses: ReadonlySet<string> = TERMINAL,
  timeoutMs = 15_000,
): Promise<{ status: string; failureReason: string | undefined }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await sm.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    const status = described.PipelineExecutionStatus ?? '';
    if (statuses.has(status)) return { status, failureReason: described.FailureReason };
    if (Date.now() > deadline) throw new Error(`execution ${arn} still ${status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every step of an execution, following NextToken, in the server's order (newest first by default). */
export async function allSteps(sm: SageMakerClient, arn: string): Promise<PipelineExecutionStep[]> {
  const steps: PipelineExecutionStep[] = [];
  let NextToken: string | undefined;
  do {
    const page = await sm.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, NextToken }));
    steps.push(...(page.PipelineExecutionSteps ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return steps;
}

/** A definition with `Parameters` and `Steps` as given. */
export function definitionOf(steps: unknown[], parameters: unknown[] = []): string {
  return JSON.stringify({
    Version: '2020-12-01',
    Metadata: {},
    Parameters: parameters,
    PipelineExperimentConfig: null,
    Steps: steps,
  });
}

/** A Condition step comparing an Integer parameter with a number. */
export function conditionStep(
  name: string,
  options: {
    parameter?: string;
    greaterThan?: number;
    dependsOn?: string[];
    ifSteps?: unknown[];
    elseSteps?: unknown[];
  } = {},
): Record<string, unknown> {
  return {
    Name: name,
    Type: 'Condition',
    ...(options.dependsOn && { DependsOn: options.dependsOn }),
    Arguments: {
      Conditions: [
        {
          Type: 'GreaterThan',
          LeftValue: { Get: `Parameters.${options.parameter ?? 'Size'}` },
          RightValue: options.greaterThan ?? 0,
        },
      ],
      IfSteps: options.ifSteps ?? [],
      ElseSteps: options.elseSteps ?? [],
    },
  };
}

/** A chain of `length` Condition steps, each after the previous one. */
export function chainDefinition(length: number): string {
  const steps = Array.from({ length }, (_, i) =>
    conditionStep(`Step${i}`, i === 0 ? {} : { dependsOn: [`Step${i - 1}`] }),
  );
  return definitionOf(steps, [{ Name: 'Size', Type: 'Integer', DefaultValue: 1 }]);
}
