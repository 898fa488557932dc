/**
 * Resolves step fields outside `Arguments` that may hold expressions (the check steps' CheckType, SkipCheck,
 * ModelPackageGroupName…). The engine hands workers only the resolved Arguments, so these are resolved here,
 * against the same stored state the engine used, with the engine's own evaluator.
 */
import { evaluationContext } from '../../engine/execution/evaluation-context.js';
import { evaluateValue } from '../../engine/expressions/evaluate.js';
import type { DefinitionCache } from '../../runner/definition-cache.js';
import { toSnapshot } from '../../runner/records.js';
import type { StepWork } from '../../runner/step-worker.js';
import type { JsonObject, JsonValue } from '../../shared/json.js';
import { findExecution, listStepRows } from '../../store/executions.js';
import type { Db } from '../../store/pipelines.js';

/** Resolves `fields` (raw values of the step's definition) for a step attempt. */
export type FieldResolver = (
  work: StepWork,
  fields: Readonly<Record<string, JsonValue | undefined>>,
) => Promise<JsonObject>;

/** A resolver reading the execution from `db`. Throws the engine's EvaluationError on an unresolvable value. */
export function createFieldResolver(
  db: Db,
  definitions: DefinitionCache,
  now: () => number,
  readObject: (uri: string) => string | undefined,
): FieldResolver {
  return async (work, fields) => {
    const raw = Object.entries(fields).filter((e): e is [string, JsonValue] => e[1] !== undefined);
    const out: JsonObject = {};
    // Literals need no execution: most definitions write the check fields as plain values.
    if (raw.every(([, v]) => v === null || typeof v !== 'object')) {
      for (const [k, v] of raw) out[k] = v;
      return out;
    }
    const execution = await findExecution(db, work.executionArn);
    if (!execution) throw new Error(`execution ${work.executionArn} is gone`);
    const definition = await definitions.get(db, execution.pipeline_id, execution.pipeline_version);
    const snapshot = toSnapshot(execution, await listStepRows(db, work.executionArn), definition);
    const ctx = evaluationContext(snapshot, snapshot.steps, now(), readObject, { name: work.step.name });
    for (const [k, v] of raw) out[k] = evaluateValue(v, ctx);
    return out;
  };
}
