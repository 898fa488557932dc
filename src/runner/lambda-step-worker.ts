/**
 * Lambda steps (definition-spec §4.9, api-spec §6.6): the function is invoked synchronously with the step's
 * resolved Arguments as its event; its declared OutputParameters are read from the top-level keys of the object it
 * returns (nested values as JSON text) and converted to their OutputType for later `Get`s.
 *
 * The step's limit is the function's own Timeout, capped at 10 minutes. A running invocation cannot be stopped:
 * on StopPipelineExecution the step waits in Stopping until the function returns (the execution then ends
 * Stopped) or times out (the execution ends Failed). If Sluice dies during an invocation, the task's lease runs
 * out and the function is invoked again (at least once, as AWS's own retries are).
 */
import type { LambdaStepNode } from '../engine/definition/types.js';
import type { OutputParameter } from '../engine/execution/outputs.js';
import { outputProblem } from '../engine/execution/outputs.js';
import type { LambdaInvoker } from '../runtimes/lambda/invoker.js';
import { LambdaNotFoundError } from '../runtimes/lambda/invoker.js';
import type { JsonValue } from '../shared/json.js';
import { isJsonObject } from '../shared/json.js';
import type { StepOutcome, StepWork, StepWorker } from './step-worker.js';

/** The longest a Lambda step waits for its function (DG: "maximum value of 10 minutes"). */
export const LAMBDA_STEP_TIMEOUT_CAP_MS = 10 * 60 * 1000;

/** Runs Lambda steps through an invoker (the built-in function host or a real Lambda endpoint). */
export class LambdaStepWorker implements StepWorker {
  readonly stepTypes = ['Lambda'] as const;

  constructor(private readonly invoker: LambdaInvoker) {}

  async run(work: StepWork, signal: AbortSignal): Promise<StepOutcome> {
    const step = work.step as LambdaStepNode;
    const arn = step.functionArn;
    let result;
    try {
      result = await this.invoker.invoke(arn, JSON.stringify(work.inputs), {
        accountId: work.accountId,
        region: work.region,
        timeoutCapMs: LAMBDA_STEP_TIMEOUT_CAP_MS,
        signal,
      });
    } catch (error) {
      if (error instanceof LambdaNotFoundError) {
        return {
          status: 'Failed',
          failureReason: `Lambda function ${arn} does not exist.`,
          metadata: { Lambda: { Arn: arn } },
        };
      }
      throw error;
    }
    const metadata = { Lambda: { Arn: arn } };
    if (result.timedOut) {
      return {
        status: 'Failed',
        failureReason: `Lambda function ${arn} timed out: ${errorText(result.payload)}`,
        metadata,
        timedOut: true,
      };
    }
    if (result.functionError) {
      return {
        status: 'Failed',
        failureReason: `Lambda function ${arn} failed: ${errorText(result.payload)}`,
        metadata,
      };
    }
    const read = readOutputs(step, result.payload);
    if (typeof read === 'string') return { status: 'Failed', failureReason: read, metadata };
    const outputs = read.map((o) => ({ Name: o.Name, Value: o.Value }));
    return {
      status: 'Succeeded',
      metadata: { Lambda: { Arn: arn, OutputParameters: outputs } },
      properties: { OutputParameters: outputs },
    };
  }

  /** An invocation cannot be interrupted: the step settles when the function returns or times out. */
  stop(): Promise<StepOutcome | undefined> {
    return Promise.resolve(undefined);
  }
}

/** The declared outputs from a function's result, or why they cannot be read. */
function readOutputs(step: LambdaStepNode, payload: string): OutputParameter[] | string {
  if (step.outputParameters.length === 0) return [];
  let result: JsonValue;
  try {
    result = JSON.parse(payload) as JsonValue;
  } catch {
    return `Lambda function ${step.functionArn} returned ${preview(payload)}, which is not JSON; step '${step.name}' declares output parameters.`;
  }
  if (!isJsonObject(result)) {
    return `Lambda function ${step.functionArn} returned ${preview(payload)}; step '${step.name}' needs an object with keys ${step.outputParameters.map((o) => `'${o.name}'`).join(', ')}.`;
  }
  const outputs: OutputParameter[] = [];
  for (const declared of step.outputParameters) {
    const value = result[declared.name];
    if (value === undefined) {
      return `Lambda function ${step.functionArn} returned no value for output parameter '${declared.name}' of step '${step.name}'.`;
    }
    outputs.push({ Name: declared.name, Value: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  return outputProblem(step, outputs) ?? outputs;
}

/** `ErrorType: message` from a Lambda error payload, or the payload itself. */
function errorText(payload: string): string {
  try {
    const parsed = JSON.parse(payload) as JsonValue;
    if (isJsonObject(parsed) && typeof parsed['errorMessage'] === 'string') {
      const type = typeof parsed['errorType'] === 'string' ? `${parsed['errorType']}: ` : '';
      return `${type}${parsed['errorMessage']}`.slice(0, 800);
    }
  } catch {
    // not JSON: show it as it is
  }
  return preview(payload);
}

function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
