/** The state of an execution as the engine sees it, and what the engine decides about it. */
import type { JsonObject, JsonValue } from '../../shared/json.js';
import type { PipelineDefinition, StepType } from '../definition/types.js';
import type { ParameterValue } from './parameters.js';

/** PipelineExecutionStatus (api-spec §6.2). */
export type ExecutionStatus = 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';
/** StepStatus (api-spec §6.2). */
export type StepStatus = 'Starting' | 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';

/** Step statuses that hold a slot of MaxParallelExecutionSteps and keep an execution from settling. */
export const ACTIVE_STEP_STATUSES: ReadonlySet<StepStatus> = new Set(['Starting', 'Executing', 'Stopping']);
/** Execution statuses after which nothing changes (until RetryPipelineExecution). */
export const TERMINAL_EXECUTION_STATUSES: ReadonlySet<ExecutionStatus> = new Set(['Stopped', 'Failed', 'Succeeded']);

/** A step that has started, as stored. */
export interface StepRecord {
  readonly name: string;
  readonly type: StepType;
  readonly status: StepStatus;
  readonly attempt: number;
  /** Order of starting within the execution. */
  readonly sequence: number;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly failureReason?: string;
  /** The `Metadata` member of the API's PipelineExecutionStep. */
  readonly metadata: JsonObject;
  /** What `Get Steps.<name>.…` resolves against, once the step succeeded. */
  readonly properties?: JsonObject;
  /** Parsed contents of the step's PropertyFiles, by name. */
  readonly propertyFiles?: Readonly<Record<string, JsonValue>>;
  /** Resolved inputs (Arguments) the step ran with. */
  readonly inputs?: JsonValue;
  readonly callbackToken?: string;
  /** The exception type of a failed attempt, until the retry policies have been applied to it. */
  readonly errorType?: string;
  /** The execution whose result a CacheConfig hit reused. */
  readonly cacheHit?: { readonly SourcePipelineExecutionArn: string };
  /** The execution a selective execution copied this step from. */
  readonly selectiveSource?: string;
  /** Hash of the step's cache signature (set by the runner). */
  readonly cacheKey?: string;
  /** The attempt failed by hitting its time limit: a stopping execution that waits on it ends Failed. */
  readonly timedOut?: boolean;
}

/** Resolved PipelineExperimentConfig. */
export interface ExperimentConfig {
  readonly ExperimentName?: string;
  readonly TrialName?: string;
}

/** Everything the engine needs to decide about one execution. */
export interface ExecutionSnapshot {
  readonly arn: string;
  readonly id: string;
  readonly pipelineName: string;
  readonly pipelineArn: string;
  readonly status: ExecutionStatus;
  readonly createdAt: number;
  readonly definition: PipelineDefinition;
  readonly parameters: ReadonlyMap<string, ParameterValue>;
  /** Undefined for no limit. */
  readonly maxParallelSteps?: number;
  readonly experimentConfig?: ExperimentConfig;
  /** A selective execution runs only these steps (the others are copied from the source, or not run). */
  readonly selectedSteps?: ReadonlySet<string>;
  readonly steps: ReadonlyMap<string, StepRecord>;
}

/** Work the runner must carry out after committing a decision. */
export type Command =
  /** Run an external step (Lambda, Callback, job…) for this attempt, at `dueAt` (a retry's delay) or now. */
  | {
      readonly type: 'StartStepWork';
      readonly step: string;
      readonly stepType: StepType;
      readonly attempt: number;
      readonly dueAt?: number;
      /** With CacheConfig enabled: what identifies an equivalent earlier run, and for how long one counts. */
      readonly cache?: { readonly signature: string; readonly expireAfterMs?: number };
    }
  /** Stop an external step because the execution is stopping. */
  | { readonly type: 'StopStepWork'; readonly step: string; readonly stepType: StepType; readonly attempt: number };

/** What changed: step records to write, the execution's new status, commands to carry out. */
export interface Decision {
  /** New or changed step records (unchanged ones are not repeated). */
  readonly steps: readonly StepRecord[];
  readonly execution?: {
    readonly status: ExecutionStatus;
    readonly failureReason?: string;
    readonly endedAt?: number;
  };
  readonly commands: readonly Command[];
}
