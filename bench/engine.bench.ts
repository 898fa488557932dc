/**
 * Benchmark 4 — engine overhead per step: the pure advanceExecution on a fresh snapshot of the 1,000-step
 * chain (one call settles every step, as the scheduler's first pass does), without store or HTTP. Also the
 * 200-wide fan-out, and the DB-included figure from benchmark 3 when it ran. Target: < 500 µs per step.
 */
import { parseDefinition } from '../src/engine/definition/parse.js';
import type { PipelineDefinition } from '../src/engine/definition/types.js';
import { advanceExecution } from '../src/engine/execution/advance.js';
import { effectiveParameters, typedParameters } from '../src/engine/execution/parameters.js';
import type { ExecutionSnapshot } from '../src/engine/execution/types.js';
import { chainDefinition, fanOutDefinition } from './definitions.js';
import { largeResults } from './large-pipeline.bench.js';
import { fmt, info, median, report } from './support.js';

const TARGET_US_PER_STEP = 500;
/** Measured calls per shape, after as many warm-up calls. */
const ITERATIONS = 30;

export function engineBench(): void {
  console.log('\n[engine] advanceExecution, pure (no store, no HTTP)');
  const chain = measure('1,000-step chain', chainDefinition(1_000));
  report({
    benchmark: 'engine',
    name: 'advanceExecution, 1,000-step chain',
    value: chain.usPerStep,
    unit: 'µs/step',
    target: `< ${fmt(TARGET_US_PER_STEP)}`,
    pass: chain.usPerStep < TARGET_US_PER_STEP,
    note: `${fmt(chain.callMs)} ms per call settling ${chain.steps} steps; parseDefinition ${fmt(chain.parseMs)} ms`,
  });
  const fanOut = measure('200-wide fan-out', fanOutDefinition(200));
  report({
    benchmark: 'engine',
    name: 'advanceExecution, 200-wide fan-out',
    value: fanOut.usPerStep,
    unit: 'µs/step',
    target: `< ${fmt(TARGET_US_PER_STEP)}`,
    pass: fanOut.usPerStep < TARGET_US_PER_STEP,
    note: `${fmt(fanOut.callMs)} ms per call settling ${fanOut.steps} steps; parseDefinition ${fmt(fanOut.parseMs)} ms`,
  });
  if (largeResults.chainMs !== undefined && largeResults.chainSteps !== undefined) {
    const usPerStep = (largeResults.chainMs * 1000) / largeResults.chainSteps;
    report({
      benchmark: 'engine',
      name: 'DB-included (end to end chain / 1,000)',
      value: usPerStep,
      unit: 'µs/step',
      target: `< ${fmt(TARGET_US_PER_STEP)}`,
      pass: usPerStep < TARGET_US_PER_STEP,
      ratio: `${fmt(usPerStep / chain.usPerStep, 1)}× the pure engine`,
    });
  } else {
    info('DB-included figure: run the "large" benchmark in the same run to get it');
  }
}

function measure(label: string, text: string): { usPerStep: number; callMs: number; parseMs: number; steps: number } {
  const parseStarted = performance.now();
  const parsed = parseDefinition(text);
  const parseMs = performance.now() - parseStarted;
  if (!parsed.ok) throw new Error(`${label}: definition does not parse: ${JSON.stringify(parsed.problems[0])}`);
  const { definition } = parsed;
  const snapshot = freshSnapshot(definition);
  const env = {
    nowMs: 1_700_000_000_000,
    unsupportedReason: () => undefined,
    readObject: () => undefined,
    callbackToken: () => 'benchtoken',
  };
  const steps = definition.stepsByName.size;

  const times: number[] = [];
  let firstMs = NaN;
  for (let i = 0; i < ITERATIONS * 2; i++) {
    const started = performance.now();
    const decision = advanceExecution(snapshot, env);
    const ms = performance.now() - started;
    if (decision.steps.length !== steps || decision.execution?.status !== 'Succeeded') {
      throw new Error(
        `${label}: one call settled ${decision.steps.length}/${steps} steps, execution ${decision.execution?.status ?? 'unsettled'}`,
      );
    }
    if (i === 0) firstMs = ms;
    if (i >= ITERATIONS) times.push(ms);
  }
  const callMs = median(times);
  info(
    `${label}: median of ${ITERATIONS} calls after ${ITERATIONS} warm-up calls; first (cold) call ${fmt(firstMs)} ms`,
  );
  return { usPerStep: (callMs * 1000) / steps, callMs, parseMs, steps };
}

/** A snapshot as the scheduler builds it (runner/records.ts toSnapshot) for a just-started execution. */
function freshSnapshot(definition: PipelineDefinition): ExecutionSnapshot {
  const pipelineArn = 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/bench-engine';
  return {
    arn: `${pipelineArn}/execution/abcdef123456`,
    id: 'abcdef123456',
    pipelineName: 'bench-engine',
    pipelineArn,
    status: 'Executing',
    createdAt: 1_700_000_000_000,
    definition,
    parameters: typedParameters(definition, effectiveParameters(definition, [])),
    steps: new Map(),
  };
}
