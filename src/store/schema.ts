/**
 * Table types for Kysely. Conventions (style.md §6.5): snake_case plural tables, timestamps are epoch-ms
 * integers named `*_at`, JSON is text named `*_json`, ids are text.
 */
import type { Generated } from 'kysely';

/** A pipeline, unique per (account, region, lower-cased name). */
export interface PipelinesTable {
  id: string;
  account_id: string;
  region: string;
  /** The name as the user created it; ARNs keep this case. */
  name: string;
  /** Lower-cased name: lookups and uniqueness are case-insensitive, as AWS keys pipelines. */
  name_key: string;
  arn: string;
  display_name: string;
  description: string | null;
  role_arn: string;
  max_parallel_steps: number | null;
  status: string;
  latest_version: number;
  created_at: number;
  last_modified_at: number;
  last_run_at: number | null;
}

/** One definition version of a pipeline: 1 on create, +1 per UpdatePipeline that carries a definition. */
export interface PipelineVersionsTable {
  pipeline_id: string;
  version_id: number;
  definition: string;
  display_name: string | null;
  description: string | null;
  created_at: number;
  last_execution_arn: string | null;
}

/** Tags by resource ARN (lower-cased, so lookups match the case-insensitive pipeline keys). */
export interface TagsTable {
  resource_key: string;
  tag_key: string;
  tag_value: string;
  /** Insertion order, so ListTags answers in the order tags were added. */
  position: number;
}

/** Answers already given to idempotent calls, keyed by the client's token. */
export interface IdempotencyTokensTable {
  account_id: string;
  region: string;
  operation: string;
  token: string;
  /** Hash of the request without its token: a reuse with other parameters is refused. */
  request_hash: string;
  response_json: string;
  created_at: number;
}

/** A run of a pipeline (see migration 0002 for the concurrency model). */
export interface ExecutionsTable {
  arn: string;
  /** The 12-character id at the end of the ARN. */
  id: string;
  pipeline_id: string;
  /** The pipeline version whose definition this execution runs. */
  pipeline_version: number;
  account_id: string;
  region: string;
  pipeline_name: string;
  pipeline_arn: string;
  status: string;
  display_name: string;
  description: string | null;
  failure_reason: string | null;
  /** Effective parameters `[{Name, Value}]` (strings, defaults filled in), in definition order. */
  parameters_json: string;
  /** The effective MaxParallelExecutionSteps; null for unlimited. */
  max_parallel_steps: number | null;
  selective_json: string | null;
  /** The resolved PipelineExperimentConfig; null when disabled. */
  experiment_json: string | null;
  created_at: number;
  last_modified_at: number;
  ended_at: number | null;
  /** When the scheduler should advance this execution; null while it waits on nothing it owns. */
  wake_at: number | null;
}

/** A step of an execution that has started (steps never reached have no row, as AWS lists none). */
export interface ExecutionStepsTable {
  execution_arn: string;
  step_name: string;
  step_type: string;
  status: string;
  attempt: number;
  sequence: number;
  started_at: number;
  ended_at: number | null;
  failure_reason: string | null;
  /** The `Metadata` member of PipelineExecutionStep, e.g. `{"Condition":{"Outcome":"True"}}`. */
  metadata_json: string;
  /** What later `Get Steps.X.…` resolve against; set once the step succeeded. */
  properties_json: string | null;
  /** Contents of the step's PropertyFiles (name → parsed JSON), captured when it succeeded, for Std:JsonGet. */
  property_files_json: string | null;
  /** The step's resolved inputs (arguments), for display and for cache keys. */
  inputs_json: string | null;
  cache_hit_json: string | null;
  selective_json: string | null;
  callback_token: string | null;
  /** The exception type of a failed attempt until the retry policies have been applied to it. */
  error_type: string | null;
  /** Hash of the step's cache signature, set when it started with CacheConfig enabled. */
  cache_key: string | null;
  /** 1 when the attempt failed by hitting its time limit. */
  timed_out: number;
}

/** Work done outside the engine, claimed by lease. */
export interface TasksTable {
  id: string;
  execution_arn: string;
  step_name: string;
  /** The step attempt the task belongs to: a result for an older attempt is ignored. */
  attempt: number;
  kind: string;
  payload_json: string;
  due_at: number;
  tries: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  last_error: string | null;
  created_at: number;
}

/** A queue of the built-in SQS endpoint, unique per (account, region, name); names are case-sensitive. */
export interface SqsQueuesTable {
  id: string;
  account_id: string;
  region: string;
  name: string;
  arn: string;
  /** The settable queue attributes (`VisibilityTimeout`, …) as SQS spells them, defaults filled in. */
  attributes_json: string;
  /** Queue tags, `{key: value}`. */
  tags_json: string;
  created_at: number;
  last_modified_at: number;
}

/** A message in an SQS queue (see migration 0003 for how receives claim them). */
export interface SqsMessagesTable {
  /** The MessageId (a UUID). */
  id: string;
  queue_id: string;
  body: string;
  md5_of_body: string;
  /** Message attributes `{name: {DataType, StringValue | BinaryValue}}`; null when none were sent. */
  attributes_json: string | null;
  /** Message system attributes (`AWSTraceHeader`) as sent, and the `MessageGroupId` if any; null when none. */
  system_attributes_json: string | null;
  sent_at: number;
  visible_at: number;
  expires_at: number;
  receive_count: number;
  first_received_at: number | null;
  /** Token of the latest receive; a receipt handle is valid only while it carries this token. */
  receipt_token: string | null;
}

/** A function of the built-in Lambda endpoint, unique per (account, region, name); names are case-sensitive. */
export interface LambdaFunctionsTable {
  id: string;
  account_id: string;
  region: string;
  name: string;
  arn: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  timeout_seconds: number;
  memory_size: number;
  /** `Environment.Variables` as JSON; null when none were given. */
  environment_json: string | null;
  /** Function tags, `{key: value}`. */
  tags_json: string;
  /** Base64 of the SHA-256 of the deployment package. */
  code_sha256: string;
  code_size: number;
  /** A new UUID on every change of code or configuration. */
  revision_id: string;
  created_at: number;
  last_modified_at: number;
}

/** The deployment package (zip bytes) of a function; one row per function. */
export interface LambdaCodeTable {
  function_id: string;
  code_sha256: string;
  zip: Buffer;
}

/** A job or resource created by a job step (see migration 0005). */
export interface JobsTable {
  arn: string;
  /** TrainingJob, ProcessingJob, TransformJob, HyperParameterTuningJob, Model, ModelPackage, AutoMLJob, … */
  kind: string;
  account_id: string;
  region: string;
  name: string;
  /** Lower-cased name: lookups are case-insensitive. */
  name_key: string;
  /** InProgress, Completed, Failed, Stopping, Stopped. */
  status: string;
  secondary_status: string | null;
  failure_reason: string | null;
  /** The exception type of a failure, for retry policies. */
  error_type: string | null;
  /** The execution, step and attempt that created it; null for jobs a tuning job launched. */
  execution_arn: string | null;
  step_name: string | null;
  attempt: number | null;
  parent_arn: string | null;
  /** The resolved request (the step's Arguments). */
  request_json: string;
  /** What the run produced (metrics, best candidate, property files…). */
  result_json: string | null;
  /** 'pipeline' or 'user' once a stop was asked for. */
  stop_requested: string | null;
  /** Model packages: their group and version. */
  group_name: string | null;
  version: number | null;
  /** Training jobs: SecondaryStatusTransitions. */
  transitions_json: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
  last_modified_at: number;
}

/** A CloudWatch Logs group (migration 0006); `id` is assigned by the database. */
export interface LogGroupsTable {
  id: Generated<number>;
  account_id: string;
  region: string;
  name: string;
  created_at: number;
}

/** A stream of a log group, with the times DescribeLogStreams reports. */
export interface LogStreamsTable {
  id: Generated<number>;
  group_id: number;
  name: string;
  created_at: number;
  first_event_at: number | null;
  last_event_at: number | null;
  last_ingestion_at: number | null;
}

/** One log event; `id` orders events of the same millisecond. */
export interface LogEventsTable {
  id: Generated<number>;
  group_id: number;
  stream_id: number;
  /** The event's own timestamp (when the line was written). */
  event_at: number;
  ingested_at: number;
  message: string;
}

/** The whole database, for Kysely. */
export interface Database {
  executions: ExecutionsTable;
  execution_steps: ExecutionStepsTable;
  tasks: TasksTable;
  pipelines: PipelinesTable;
  pipeline_versions: PipelineVersionsTable;
  tags: TagsTable;
  idempotency_tokens: IdempotencyTokensTable;
  sqs_queues: SqsQueuesTable;
  sqs_messages: SqsMessagesTable;
  lambda_functions: LambdaFunctionsTable;
  lambda_code: LambdaCodeTable;
  jobs: JobsTable;
  log_groups: LogGroupsTable;
  log_streams: LogStreamsTable;
  log_events: LogEventsTable;
}
