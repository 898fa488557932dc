/**
 * RetryPipelineExecution (api-spec §2.10, §6.7): a Failed or Stopped execution runs again under the same ARN.
 * Succeeded steps are kept; each failed or stopped step is set to Starting with its AttemptCount continued and its
 * times reset, and the scheduler starts it again when it reaches it; steps that never ran start as usual. Any other
 * status is refused with ConflictException (declared on the operation from the start), and an execution that
 * ended in a Fail step with ValidationException (definition-spec §4.13).
 */
import type { RetryPipelineExecutionRequest } from '../../api/sagemaker/pipeline-shapes.js';
import type { StepRecord } from '../../engine/execution/types.js';
import type { RequestContext } from '../../protocol/context.js';
import { ConflictException, ResourceNotFound, ValidationException } from '../../protocol/errors.js';
import { toStepRecord, toStepRow } from '../../runner/records.js';
import type { JsonObject } from '../../shared/json.js';
import { listStepRows, lockExecution, updateExecution, upsertStepRows } from '../../store/executions.js';
import { changesOf, publishChanges } from '../../store/change-feed.js';
import type { SageMakerDeps } from './context.js';
import { requireExecution } from './executions.js';
import { runIdempotent } from './idempotency.js';
import { executionMessages, retryMessages } from './messages.js';

/** Builds the RetryPipelineExecution handler. */
export function retryExecutionHandler(deps: SageMakerDeps) {
  const { db, clock } = deps;
  return async function retryPipelineExecution(raw: JsonObject, ctx: RequestContext): Promise<object> {
    const input = raw as unknown as RetryPipelineExecutionRequest;
    const found = await requireExecution(db, ctx, input.PipelineExecutionArn);
    const now = clock.now();
    const answer = await runIdempotent(
      db,
      ctx,
      { operation: 'RetryPipelineExecution', input: raw, now },
      async (trx) => {
        const row = await lockExecution(trx, deps.dialect, input.PipelineExecutionArn);
        if (!row) throw new ResourceNotFound(executionMessages.executionNotFound(input.PipelineExecutionArn));
        if (row.status !== 'Failed' && row.status !== 'Stopped') {
          throw new ConflictException(retryMessages.notRetryable(row.arn, row.status));
        }
        const records = (await listStepRows(trx, row.arn)).map(toStepRecord);
        const failStep = records.find((r) => r.type === 'Fail' && r.status === 'Failed');
        if (failStep) throw new ValidationException(retryMessages.endedInFailStep(row.arn, failStep.name));
        const again = records.filter((r) => r.status === 'Failed' || r.status === 'Stopped').map((r) => rerun(r, now));
        await upsertStepRows(
          trx,
          again.map((r) => toStepRow(row.arn, r)),
        );
        await updateExecution(trx, row.arn, {
          status: 'Executing',
          failure_reason: null,
          ended_at: null,
          last_modified_at: now,
          wake_at: now,
          ...(input.ParallelismConfiguration && {
            max_parallel_steps: input.ParallelismConfiguration.MaxParallelExecutionSteps,
          }),
        });
        return { PipelineExecutionArn: row.arn };
      },
    );
    publishChanges(db, changesOf(found.arn, found.pipeline_name, [], 'Executing'));
    deps.wakeScheduler();
    return answer;
  };
}

/** A failed or stopped step, ready to run again. */
function rerun(record: StepRecord, now: number): StepRecord {
  return {
    name: record.name,
    type: record.type,
    status: 'Starting',
    attempt: record.attempt + 1,
    sequence: record.sequence,
    startedAt: now,
    metadata: {},
  };
}
