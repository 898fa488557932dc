/**
 * `npm run bench [-- NAME… [--duration=S] [--warmup=S] [--connections=N] [--tsx|--dist]]`: runs the benchmarks and
 * prints each figure with its target and its ratio to the peer measured in the same run, then a summary table.
 * Names: describe, starts (includes memory), memory (alias of starts), large, callbacks, lambda, engine. No name
 * runs them all.
 * Exit code: 0 when every benchmark ran (a missed target is reported, not an error), 1 when one failed to run.
 */
import { callbacksBench } from './callbacks.bench.js';
import { describeBench } from './describe.bench.js';
import { engineBench } from './engine.bench.js';
import { run as lambdaBench } from './lambda.bench.js';
import { largePipelineBench } from './large-pipeline.bench.js';
import { startExecutionBench } from './start-execution.bench.js';
import type { BenchOptions } from './support.js';
import { fmt, machineLoad, printSummary } from './support.js';

const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<void> | void> = {
  describe: describeBench,
  starts: startExecutionBench,
  large: largePipelineBench,
  callbacks: callbacksBench,
  lambda: () => lambdaBench(),
  // After "large", so that it can show the DB-included figure next to the pure one.
  engine: () => engineBench(),
};
const SLUICE_FROM: Record<BenchOptions['sluiceFrom'], string> = {
  bundle: 'src/ bundled by esbuild',
  tsx: 'src/ through tsx',
  dist: 'dist/',
};
const ALIASES: Record<string, string> = { memory: 'starts', start: 'starts', 'start-execution': 'starts' };

function parse(argv: readonly string[]): { names: string[]; options: BenchOptions } {
  const names: string[] = [];
  const options: { -readonly [K in keyof BenchOptions]: BenchOptions[K] } = {
    durationS: 10,
    warmupS: 2,
    connections: 32,
    sluiceFrom: 'bundle',
  };
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2);
    const number = (): number => {
      const n = Number(value);
      if (!value || !Number.isFinite(n) || n <= 0) throw new Error(`${flag} needs a positive number, e.g. ${flag}=5`);
      return n;
    };
    if (flag === '--duration') options.durationS = number();
    else if (flag === '--warmup') options.warmupS = number();
    else if (flag === '--connections') options.connections = Math.round(number());
    else if (arg === '--dist') options.sluiceFrom = 'dist';
    else if (arg === '--tsx') options.sluiceFrom = 'tsx';
    else if (arg === '--help' || arg === '-h') {
      console.log(`Usage: npm run bench [-- NAME… [--duration=10] [--warmup=2] [--connections=32] [--tsx|--dist]]
Names: ${[...Object.keys(BENCHMARKS), ...Object.keys(ALIASES)].join(', ')} (none: all). See bench/README.md.`);
      process.exit(0);
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else {
      const name = ALIASES[arg] ?? arg;
      if (!(name in BENCHMARKS))
        throw new Error(`unknown benchmark '${arg}'; known: ${Object.keys(BENCHMARKS).join(', ')}`);
      if (!names.includes(name)) names.push(name);
    }
  }
  const ordered = Object.keys(BENCHMARKS).filter((n) => names.length === 0 || names.includes(n));
  return { names: ordered, options };
}

async function main(): Promise<number> {
  const { names, options } = parse(process.argv.slice(2));
  const started = performance.now();
  console.log(
    `Sluice benchmarks: ${names.join(', ')} — node ${process.version}, Sluice from ${SLUICE_FROM[options.sluiceFrom]}, ` +
      `${options.connections} connections, ${options.durationS} s runs (+${options.warmupS} s warm-up)`,
  );
  const before = machineLoad();
  console.log(
    `Machine: ${before.cpus} CPUs, load average ${fmt(before.load1, 2)} at start` +
      (before.load1 > 0.5 ? ' — other work is running; req/s figures will be low, CPU-per-request ones hold' : ''),
  );
  let failures = 0;
  for (const name of names) {
    try {
      await BENCHMARKS[name]?.(options);
    } catch (error) {
      failures++;
      console.log(`  [${name}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  printSummary();
  console.log(
    `Load average ${fmt(before.load1, 2)} at start, ${fmt(machineLoad().load1, 2)} at end (${before.cpus} CPUs)`,
  );
  console.log(
    `\nTotal ${fmt((performance.now() - started) / 1000, 1)} s${failures ? `; ${failures} benchmark(s) failed to run` : ''}`,
  );
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
