/**
 * Benchmark 3 — large pipelines end to end through a Sluice process: a chain of 1,000 Condition steps (each
 * depends on the one before) and a fan-out of 200 independent Condition steps joined by one more. Time runs
 * from sending StartPipelineExecution to the first DescribePipelineExecution (polled every ~2 ms) that shows
 * Succeeded. The first run is cold (definition parse, JIT); the figure is the median of the warm runs.
 * ListPipelineExecutionSteps must then list every step as Succeeded. Target: chain < 1 s.
 */
import { chainDefinition, fanOutDefinition } from './definitions.js';
import type { BenchOptions } from './support.js';
import { call, createPipeline, fmt, info, median, paginate, report, sleep, startSluiceProcess } from './support.js';

const CHAIN_STEPS = 1_000;
const FAN_OUT_WIDTH = 200;
const TARGET_CHAIN_MS = 1_000;
const WARM_RUNS = 3;
const POLL_MS = 2;

/** What benchmark 4 compares the pure engine with: end-to-end ms of the 1,000-step chain (warm median). */
export const largeResults: { chainMs?: number; chainSteps?: number } = {};

export async function largePipelineBench(options: BenchOptions): Promise<void> {
  console.log(
    `\n[large] ${fmt(CHAIN_STEPS, 0)}-step chain and ${FAN_OUT_WIDTH}-wide fan-out end to end (poll every ${POLL_MS} ms)`,
  );
  const sluice = await startSluiceProcess(options);
  try {
    const chain = await measure(sluice.url, 'bench-chain', chainDefinition(CHAIN_STEPS), CHAIN_STEPS);
    largeResults.chainMs = chain.warmMs;
    largeResults.chainSteps = CHAIN_STEPS;
    report({
      benchmark: 'large',
      name: `${fmt(CHAIN_STEPS, 0)}-step chain, start → Succeeded`,
      value: chain.warmMs,
      unit: 'ms',
      target: `< ${fmt(TARGET_CHAIN_MS)}`,
      pass: chain.warmMs < TARGET_CHAIN_MS && chain.verified,
      note: `cold ${fmt(chain.coldMs)} ms; warm runs ${chain.runs.map((ms) => fmt(ms)).join(', ')} ms; ${chain.stepsNote}`,
    });
    const fanOut = await measure(sluice.url, 'bench-fanout', fanOutDefinition(FAN_OUT_WIDTH), FAN_OUT_WIDTH + 1);
    report({
      benchmark: 'large',
      name: `${FAN_OUT_WIDTH}-wide fan-out + join, start → Succeeded`,
      value: fanOut.warmMs,
      unit: 'ms',
      pass: fanOut.verified,
      note: `cold ${fmt(fanOut.coldMs)} ms; warm runs ${fanOut.runs.map((ms) => fmt(ms)).join(', ')} ms; ${fanOut.stepsNote}`,
    });
  } finally {
    await sluice.close();
  }
}

async function measure(url: string, name: string, definition: string, steps: number) {
  const created = performance.now();
  await createPipeline(url, name, definition);
  info(
    `${name}: ${fmt(definition.length / 1024, 0)} KiB definition, CreatePipeline ${fmt(performance.now() - created)} ms`,
  );
  const times: number[] = [];
  let lastArn = '';
  for (let run = 0; run <= WARM_RUNS; run++) {
    const { ms, arn } = await runOnce(url, name);
    times.push(ms);
    lastArn = arn;
  }
  const listed = performance.now();
  const { items, pages } = await paginate<{ StepName: string; StepStatus: string }>(
    url,
    'ListPipelineExecutionSteps',
    { PipelineExecutionArn: lastArn },
    'PipelineExecutionSteps',
  );
  const listMs = performance.now() - listed;
  const succeeded = items.filter((s) => s.StepStatus === 'Succeeded').length;
  const distinct = new Set(items.map((s) => s.StepName)).size;
  const verified = items.length === steps && succeeded === steps && distinct === steps;
  const stepsNote = `ListPipelineExecutionSteps: ${succeeded}/${steps} Succeeded in ${pages} pages (${fmt(listMs)} ms)${verified ? '' : ` — MISMATCH: ${items.length} listed, ${distinct} distinct`}`;
  const [coldMs, ...runs] = times as [number, ...number[]];
  return { coldMs, runs, warmMs: median(runs), verified, stepsNote };
}

/** One execution: ms from sending the start to seeing Succeeded. */
async function runOnce(url: string, name: string): Promise<{ ms: number; arn: string }> {
  const started = performance.now();
  const { PipelineExecutionArn: arn } = await call<{ PipelineExecutionArn: string }>(url, 'StartPipelineExecution', {
    PipelineName: name,
  });
  for (;;) {
    const answer = await call<{ PipelineExecutionStatus: string; FailureReason?: string }>(
      url,
      'DescribePipelineExecution',
      { PipelineExecutionArn: arn },
    );
    const status = answer.PipelineExecutionStatus;
    if (status === 'Succeeded') return { ms: performance.now() - started, arn };
    if (status !== 'Executing') throw new Error(`${name} execution ended ${status}: ${answer.FailureReason ?? ''}`);
    if (performance.now() - started > 60_000) throw new Error(`${name} execution still Executing after 60 s`);
    await sleep(POLL_MS);
  }
}
