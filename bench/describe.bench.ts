/**
 * Benchmark 1 — DescribePipeline throughput: autocannon against a Sluice process, then against a bare Node
 * server answering the very bytes Sluice answered. Target: ≥ 8,000 req/s and ≥ 50% of the bare server.
 */
import { singleConditionDefinition } from './definitions.js';
import type { BenchOptions } from './support.js';
import {
  awsHeaders,
  callRaw,
  createPipeline,
  describeLoad,
  fmt,
  info,
  report,
  runAutocannon,
  startBareServer,
  startSluiceProcess,
  withCpuOf,
} from './support.js';

const TARGET_REQ_S = 8_000;
const TARGET_RATIO = 0.5;

export async function describeBench(options: BenchOptions): Promise<void> {
  console.log(
    `\n[describe] DescribePipeline throughput — autocannon, ${options.connections} connections, ${options.durationS} s`,
  );
  const request = { headers: awsHeaders('DescribePipeline'), body: JSON.stringify({ PipelineName: 'bench' }) };

  const sluice = await startSluiceProcess(options);
  let captured;
  let sluiceLoad;
  let sluiceCpuMs;
  let sluiceSysMs;
  try {
    await createPipeline(sluice.url, 'bench', singleConditionDefinition());
    captured = await callRaw(sluice.url, 'DescribePipeline', { PipelineName: 'bench' });
    if (captured.status !== 200) throw new Error(`DescribePipeline answered ${captured.status}`);
    info(`response: ${captured.body.length} bytes of ${captured.contentType}`);
    await runAutocannon(sluice.url, request, options.warmupS, options.connections);
    ({
      result: sluiceLoad,
      cpuMs: sluiceCpuMs,
      sysMs: sluiceSysMs,
    } = await withCpuOf(sluice.pid, () => runAutocannon(sluice.url, request, options.durationS, options.connections)));
  } finally {
    await sluice.close();
  }

  const bare = await startBareServer(captured.body, captured.contentType);
  let bareLoad;
  let bareCpuMs;
  let bareSysMs;
  try {
    await runAutocannon(bare.url, request, options.warmupS, options.connections);
    ({
      result: bareLoad,
      cpuMs: bareCpuMs,
      sysMs: bareSysMs,
    } = await withCpuOf(bare.pid, () => runAutocannon(bare.url, request, options.durationS, options.connections)));
  } finally {
    await bare.stop();
  }

  info(describeLoad('Sluice     ', sluiceLoad));
  info(describeLoad('bare server', bareLoad));
  // CPU per request does not depend on what else the machine runs, unlike req/s on 2 shared cores.
  const sluiceUs = (sluiceCpuMs * 1000) / Math.max(1, sluiceLoad.ok);
  const bareUs = (bareCpuMs * 1000) / Math.max(1, bareLoad.ok);
  const sluiceSysUs = (sluiceSysMs * 1000) / Math.max(1, sluiceLoad.ok);
  const bareSysUs = (bareSysMs * 1000) / Math.max(1, bareLoad.ok);
  info(
    `server CPU: Sluice ${fmt((sluiceCpuMs / 1000 / sluiceLoad.seconds) * 100, 0)}% of a core, bare ${fmt((bareCpuMs / 1000 / bareLoad.seconds) * 100, 0)}% of a core`,
  );
  const ratio = sluiceLoad.okPerS / bareLoad.okPerS;
  report({
    benchmark: 'describe',
    name: 'Sluice DescribePipeline',
    value: sluiceLoad.okPerS,
    unit: 'req/s',
    target: `≥ ${fmt(TARGET_REQ_S)}`,
    pass: sluiceLoad.okPerS >= TARGET_REQ_S && sluiceLoad.failed === 0,
    ratio: `${fmt(ratio * 100, 0)}% of bare (target ≥ ${fmt(TARGET_RATIO * 100, 0)}%)${ratio >= TARGET_RATIO ? ' PASS' : ' MISS'}`,
    note: `p50 ${fmt(sluiceLoad.p50Ms, 2)} ms, p99 ${fmt(sluiceLoad.p99Ms, 2)} ms`,
  });
  report({
    benchmark: 'describe',
    name: 'bare Node http, same bytes',
    value: bareLoad.okPerS,
    unit: 'req/s',
    note: `p50 ${fmt(bareLoad.p50Ms, 2)} ms, p99 ${fmt(bareLoad.p99Ms, 2)} ms`,
  });
  report({
    benchmark: 'describe',
    name: 'Sluice CPU per DescribePipeline',
    value: sluiceUs,
    unit: 'µs',
    ratio: `${fmt(sluiceUs / bareUs, 1)}× bare (${fmt(bareUs)} µs)`,
    note: `of which kernel ${fmt(sluiceSysUs)} µs (bare ${fmt(bareSysUs)} µs); 1 core at this cost: ${fmt(1e6 / sluiceUs, 0)} req/s`,
  });
}
