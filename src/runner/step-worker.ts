/** The contract between the scheduler and whatever carries out external steps (Lambda, Callback, jobs…). */
import type { StepNode, StepType } from '../engine/definition/types.js';
import type { JsonObject, JsonValue } from '../shared/json.js';

/** One attempt of one step, as handed to a worker. */
export interface StepWork {
  readonly executionArn: string;
  readonly executionId: string;
  readonly pipelineName: string;
  /** The execution's account and region (where the step's resources are looked up). */
  readonly accountId: string;
  readonly region: string;
  readonly step: StepNode;
  readonly attempt: number;
  /** The step's resolved Arguments. */
  readonly inputs: JsonValue;
  readonly callbackToken?: string;
}

/** How an attempt ended, or that it now waits for something outside (a callback answer). */
export type StepOutcome =
  | {
      readonly status: 'Succeeded';
      readonly metadata: JsonObject;
      readonly properties: JsonObject;
      readonly propertyFiles?: Readonly<Record<string, JsonValue>>;
    }
  | {
      readonly status: 'Failed';
      readonly failureReason: string;
      readonly metadata?: JsonObject;
      /** For retry policies: `Step.SERVICE_FAULT`, `SageMaker.JOB_INTERNAL_ERROR`, …; absent when not retryable. */
      readonly errorType?: string;
      /** The attempt hit its time limit (a Lambda step that times out while stopping fails the execution). */
      readonly timedOut?: boolean;
    }
  | { readonly status: 'Stopped'; readonly metadata?: JsonObject }
  | { readonly status: 'Waiting'; readonly metadata?: JsonObject };

/** Carries out the steps of some types. */
export interface StepWorker {
  readonly stepTypes: readonly StepType[];
  /** Runs the attempt. Throwing means "try again later" (the task is retried with backoff). */
  run(work: StepWork, signal: AbortSignal): Promise<StepOutcome>;
  /** Asks a running attempt to stop; answers the outcome when it settles the step at once. */
  stop(work: StepWork): Promise<StepOutcome | undefined>;
}
