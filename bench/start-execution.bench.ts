/**
 * Benchmark 2 — durable StartPipelineExecution/s on SQLite, and benchmark 5 — Sluice's memory after it.
 *
 * The pipeline is one Condition step, so every execution is finished by the scheduler at once while the load
 * runs: the figure includes the scheduler's work, not only the insert. Requests carry no ClientRequestToken
 * (the server fills one), so every request is a new execution. Sluice is measured with autocannon and with
 * wrk; the peer, moto, only with wrk because it closes every connection. Afterwards every execution is
 * listed to show that the starts were real and reached Succeeded. Target: ≥ 2,000 starts/s.
 */
import { singleConditionDefinition } from './definitions.js';
import type { BenchOptions, LoadResult, SluiceProcess } from './support.js';
import {
  awsHeaders,
  call,
  commandExists,
  createPipeline,
  describeLoad,
  fmt,
  info,
  memoryOf,
  paginate,
  report,
  runAutocannon,
  runWrk,
  sleep,
  startMoto,
  startSluiceProcess,
  withCpuOf,
} from './support.js';

const TARGET_STARTS_S = 2_000;
const PIPELINE = 'bench-starts';
/** Longest wait for the scheduler to finish the executions started under load. */
const DRAIN_TIMEOUT_MS = 120_000;

export async function startExecutionBench(options: BenchOptions): Promise<void> {
  console.log(
    `\n[starts] StartPipelineExecution on SQLite (1 Condition step each) — ${options.connections} connections, ${options.durationS} s`,
  );
  const hasWrk = commandExists('wrk');
  if (!hasWrk) info('wrk is not on PATH (apt-get install -y wrk): the wrk runs and the moto peer are skipped');
  const request = { headers: awsHeaders('StartPipelineExecution'), body: JSON.stringify({ PipelineName: PIPELINE }) };

  const sluice = await startSluiceProcess(options);
  const idle = memoryOf(sluice.pid);
  const runs: { load: LoadResult; cpuMs: number; sysMs: number }[] = [];
  try {
    await createPipeline(sluice.url, PIPELINE, singleConditionDefinition());
    await runAutocannon(sluice.url, request, options.warmupS, options.connections);
    await drain(sluice, 'after the warm-up');
    const tools: ((url: string) => Promise<LoadResult>)[] = [
      (url) => runAutocannon(url, request, options.durationS, options.connections),
    ];
    if (hasWrk) tools.push((url) => runWrk(url, request, options.durationS, options.connections));
    for (const tool of tools) {
      // The CPU of a run counts until the scheduler has finished every execution the run started.
      const { result, cpuMs, sysMs } = await withCpuOf(sluice.pid, async () => {
        const load = await tool(sluice.url);
        info(describeLoad('Sluice', load));
        await drain(sluice, `after the ${load.tool} run`);
        return load;
      });
      runs.push({ load: result, cpuMs, sysMs });
    }
    const counted = await countExecutions(sluice.url);
    const memory = memoryOf(sluice.pid);
    for (const { load, cpuMs, sysMs } of runs) {
      if (load.tool === 'wrk') continue; // reported beside moto below
      report({
        benchmark: 'starts',
        name: `Sluice starts (${load.tool})`,
        value: load.okPerS,
        unit: 'starts/s',
        target: `≥ ${fmt(TARGET_STARTS_S)}`,
        pass: load.okPerS >= TARGET_STARTS_S && load.failed === 0,
        note: `p50 ${fmt(load.p50Ms, 2)} ms, p99 ${fmt(load.p99Ms, 2)} ms; ${cpuNote(cpuMs, sysMs, load)}`,
      });
    }
    report({
      benchmark: 'starts',
      name: 'executions that reached Succeeded',
      value: counted.succeeded,
      unit: `of ${fmt(counted.listed, 0)}`,
      pass: counted.succeeded === counted.listed && counted.listed >= counted.accepted(runs),
      note: `${fmt(counted.accepted(runs), 0)} starts answered 200 under measured load; other statuses: ${counted.others || 'none'}`,
    });
    report({
      benchmark: 'memory',
      name: 'Sluice RSS after starts',
      value: memory.rssMiB,
      unit: 'MiB',
      note: `peak ${fmt(memory.peakMiB)} MiB; idle after start ${fmt(idle.rssMiB)} MiB; ${fmt(counted.listed, 0)} executions stored`,
    });
  } finally {
    await sluice.close();
  }
  const viaWrk = runs.find((r) => r.load.tool === 'wrk');
  if (viaWrk) await compareWithMoto(options, request, viaWrk);
}

/** CPU per start (request plus the scheduler's work on it) and what one core could do at that cost. */
function cpuNote(cpuMs: number, sysMs: number, load: LoadResult): string {
  const perStartMs = cpuMs / Math.max(1, load.ok);
  const sysPerStartMs = sysMs / Math.max(1, load.ok);
  return `server CPU ${fmt(perStartMs, 2)} ms/start incl. scheduler (kernel ${fmt(sysPerStartMs, 2)}) = ${fmt(1000 / perStartMs, 0)} starts/s per core`;
}

/** Starts one more execution and waits until it has Succeeded: the scheduler has then caught up. */
async function drain(sluice: SluiceProcess, when: string): Promise<void> {
  const started = performance.now();
  const { PipelineExecutionArn: arn } = await call<{ PipelineExecutionArn: string }>(
    sluice.url,
    'StartPipelineExecution',
    { PipelineName: PIPELINE },
  );
  for (;;) {
    const { PipelineExecutionStatus: status } = await call<{ PipelineExecutionStatus: string }>(
      sluice.url,
      'DescribePipelineExecution',
      { PipelineExecutionArn: arn },
    );
    if (status !== 'Executing') break;
    if (performance.now() - started > DRAIN_TIMEOUT_MS) {
      info(`scheduler did not catch up within ${DRAIN_TIMEOUT_MS / 1000} s ${when}`);
      return;
    }
    await sleep(10);
  }
  info(`scheduler caught up ${fmt((performance.now() - started) / 1000, 2)} s ${when}`);
}

/**
 * Lists every execution of the pipeline and counts them by status. There are more executions than 200
 * answers under measured load: the warm-up's, the drain probes', and those in flight when a run's clock
 * stopped (the tools drop their answers).
 */
async function countExecutions(url: string) {
  const started = performance.now();
  const { items, pages } = await paginate<{ PipelineExecutionStatus: string }>(
    url,
    'ListPipelineExecutions',
    { PipelineName: PIPELINE },
    'PipelineExecutionSummaries',
  );
  const byStatus = new Map<string, number>();
  for (const item of items) {
    byStatus.set(item.PipelineExecutionStatus, (byStatus.get(item.PipelineExecutionStatus) ?? 0) + 1);
  }
  const succeeded = byStatus.get('Succeeded') ?? 0;
  byStatus.delete('Succeeded');
  info(
    `ListPipelineExecutions: ${fmt(items.length, 0)} executions in ${pages} pages, ${fmt((performance.now() - started) / 1000, 2)} s`,
  );
  return {
    succeeded,
    listed: items.length,
    accepted: (runs: readonly { load: LoadResult }[]) => runs.reduce((sum, r) => sum + r.load.ok, 0),
    others: [...byStatus].map(([s, n]) => `${s} ${n}`).join(', '),
  };
}

/** Runs the same wrk load against moto and reports the ratio. */
async function compareWithMoto(
  options: BenchOptions,
  request: { headers: Record<string, string>; body: string },
  sluice: { load: LoadResult; cpuMs: number; sysMs: number },
): Promise<void> {
  const sluiceFigure = (ratio?: string): void =>
    report({
      benchmark: 'starts',
      name: 'Sluice starts (wrk)',
      value: sluice.load.okPerS,
      unit: 'starts/s',
      target: `≥ ${fmt(TARGET_STARTS_S)}`,
      pass: sluice.load.okPerS >= TARGET_STARTS_S && sluice.load.failed === 0,
      ...(ratio && { ratio }),
      note: `p50 ${fmt(sluice.load.p50Ms, 2)} ms, p99 ${fmt(sluice.load.p99Ms, 2)} ms; ${cpuNote(sluice.cpuMs, sluice.sysMs, sluice.load)}`,
    });
  const moto = await startMoto();
  if ('missing' in moto) {
    info(`moto peer skipped: ${moto.missing}`);
    sluiceFigure();
    return;
  }
  let measured;
  try {
    await createPipeline(moto.child.url, PIPELINE, singleConditionDefinition());
    const probe = await call<{ PipelineExecutionArn: string }>(moto.child.url, 'StartPipelineExecution', {
      PipelineName: PIPELINE,
    });
    if (!probe.PipelineExecutionArn) throw new Error('moto StartPipelineExecution answered no ARN');
    measured = await withCpuOf(moto.child.pid, () =>
      runWrk(moto.child.url, request, options.durationS, options.connections),
    );
  } catch (error) {
    // The peer failing must not lose Sluice's own figure.
    info(`moto peer failed: ${error instanceof Error ? error.message : String(error)}`);
    sluiceFigure('moto failed');
    return;
  } finally {
    await moto.child.stop();
  }
  const { result: motoLoad, cpuMs: motoCpuMs, sysMs: motoSysMs } = measured;
  info(describeLoad('moto 5.2', motoLoad));
  sluiceFigure(`${fmt(sluice.load.okPerS / motoLoad.okPerS, 1)}× moto`);
  report({
    benchmark: 'starts',
    name: 'moto starts (wrk)',
    value: motoLoad.okPerS,
    unit: 'starts/s',
    // moto keeps executions in memory and runs no steps: it only records the start.
    note: `p50 ${fmt(motoLoad.p50Ms, 2)} ms, p99 ${fmt(motoLoad.p99Ms, 2)} ms; server CPU ${fmt(motoCpuMs / Math.max(1, motoLoad.ok), 2)} ms/start (kernel ${fmt(motoSysMs / Math.max(1, motoLoad.ok), 2)}); in memory, runs no steps`,
  });
}
