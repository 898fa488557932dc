/**
 * SendPipelineExecutionStepSuccess and SendPipelineExecutionStepFailure (api-spec §2.17–2.18, §6.4–6.5).
 *
 * Choices where AWS documents nothing (api-spec §9.3): a token never issued → ResourceNotFound; a token whose
 * step no longer waits (answered already, or its execution ended) → ConflictException, declared on both
 * operations since 2023; the same call repeated with the same ClientRequestToken → the first answer. A step
 * answered while its execution is Stopping ends Stopped whichever the answer, and nothing after it starts.
 */
import type {
  SendPipelineExecutionStepFailureRequest,
  SendPipelineExecutionStepSuccessRequest,
} from '../../api/sagemaker/pipeline-shapes.js';
import type { OutputParameter } from '../../engine/execution/outputs.js';
import { outputProblem } from '../../engine/execution/outputs.js';
import type { StepRecord } from '../../engine/execution/types.js';
import type { RequestContext } from '../../protocol/context.js';
import { ConflictException, ResourceNotFound, ValidationException } from '../../protocol/errors.js';
import { toStepRecord, toStepRow } from '../../runner/records.js';
import type { JsonObject } from '../../shared/json.js';
import { isJsonObject } from '../../shared/json.js';
import {
  findStepByCallbackToken,
  lockExecution,
  listStepRows,
  upsertStepRows,
  wakeExecution,
} from '../../store/executions.js';
import { changesOf, publishChanges } from '../../store/change-feed.js';
import type { SageMakerDeps } from './context.js';
import { runIdempotentThen } from './idempotency.js';
import { callbackMessages } from './messages.js';

/** An answer of a callback consumer. */
type Answer = { kind: 'success'; outputs: readonly OutputParameter[] } | { kind: 'failure'; reason: string };

/** Builds the callback handlers. */
export function callbackHandlers(deps: SageMakerDeps) {
  const { db, clock } = deps;

  async function answer(operation: string, raw: JsonObject, ctx: RequestContext, token: string, given: Answer) {
    const now = clock.now();
    return runIdempotentThen(db, ctx, { operation, input: raw, now }, async (trx) => {
      const found = await findStepByCallbackToken(trx, token);
      const execution = found && (await lockExecution(trx, deps.dialect, found.execution_arn));
      if (!found || !execution || execution.account_id !== ctx.accountId || execution.region !== ctx.region) {
        throw new ResourceNotFound(callbackMessages.tokenNotFound(token));
      }
      // Read again under the execution's lock: another answer may have committed meanwhile.
      const row = (await listStepRows(trx, execution.arn)).find((r) => r.step_name === found.step_name);
      if (!row) throw new ResourceNotFound(callbackMessages.tokenNotFound(token));
      const record = toStepRecord(row);
      if (record.status !== 'Executing' && record.status !== 'Starting' && record.status !== 'Stopping') {
        throw new ConflictException(callbackMessages.notWaiting(token, record.name, record.status));
      }
      if (given.kind === 'success') {
        const definition = await deps.definitions.get(trx, execution.pipeline_id, execution.pipeline_version);
        const step = definition.stepsByName.get(record.name);
        const problem = step && outputProblem(step, given.outputs);
        if (problem) throw new ValidationException(problem);
      }
      const next = answered(record, given, now);
      await upsertStepRows(trx, [toStepRow(execution.arn, next)]);
      await wakeExecution(trx, execution.arn, now);
      // The next steps start in this same transaction (the scheduler's decision, committed with the answer).
      const advanced = await deps.advanceWithin(trx, execution.arn);
      const committed = changesOf(execution.arn, execution.pipeline_name, [next]);
      return {
        answer: { PipelineExecutionArn: execution.arn },
        afterCommit: () => {
          publishChanges(db, committed);
          advanced();
        },
      };
    });
  }

  function sendPipelineExecutionStepSuccess(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as SendPipelineExecutionStepSuccessRequest;
    const outputs = input.OutputParameters ?? [];
    return answer('SendPipelineExecutionStepSuccess', raw, ctx, input.CallbackToken, { kind: 'success', outputs });
  }

  function sendPipelineExecutionStepFailure(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as SendPipelineExecutionStepFailureRequest;
    const reason = input.FailureReason ?? '';
    return answer('SendPipelineExecutionStepFailure', raw, ctx, input.CallbackToken, { kind: 'failure', reason });
  }

  return { sendPipelineExecutionStepSuccess, sendPipelineExecutionStepFailure };
}

/** The step after its consumer answered. */
function answered(record: StepRecord, answer: Answer, now: number): StepRecord {
  const callback = isJsonObject(record.metadata['Callback']) ? record.metadata['Callback'] : {};
  const outputs = answer.kind === 'success' ? answer.outputs.map((o) => ({ Name: o.Name, Value: o.Value })) : [];
  if (record.status === 'Stopping') {
    const metadata = { Callback: { ...callback, ...(outputs.length > 0 && { OutputParameters: outputs }) } };
    return { ...record, status: 'Stopped', endedAt: now, metadata };
  }
  if (answer.kind === 'failure') {
    return { ...record, status: 'Failed', endedAt: now, failureReason: answer.reason };
  }
  return {
    ...record,
    status: 'Succeeded',
    endedAt: now,
    metadata: { Callback: { ...callback, OutputParameters: outputs } },
    properties: { OutputParameters: outputs },
  };
}
