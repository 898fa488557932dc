/**
 * Lambda benchmark: Invoke through Sluice's Lambda endpoint (raw HTTP with keep-alive, as an SDK sends it) on a
 * Sluice process of its own with a fresh SQLite store.
 *
 * - warm p50, Node.js and Python: sequential invocations of a trivial handler on a warm worker.
 *   Targets < 5 ms (Node.js) and < 10 ms (Python).
 * - cold p50: each round changes the function's configuration (a new revision, so the warm workers are dropped)
 *   and times the next invocation: a worker process starts and loads the handler. Target < 300 ms.
 * - throughput: a trivial Node.js handler invoked by `connections` concurrent callers. Target ≥ 500/s.
 *
 * Runs alone with `node --import tsx bench/lambda.bench.ts [--duration=S] [--connections=N]`; `run()` is what a
 * runner calls.
 */
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeZip } from '../test/support/zip.js';
import {
  fmt,
  freePort,
  info,
  median,
  printSummary,
  REPO_ROOT,
  removeTempDir,
  report,
  sleep,
  spawnChild,
  tempDir,
} from './support.js';

/** Options of the Lambda benchmark. */
export interface LambdaBenchOptions {
  /** Seconds of the throughput run. */
  readonly durationS: number;
  /** Concurrent callers of the throughput run. */
  readonly connections: number;
  /** Sequential warm invocations measured per runtime. */
  readonly warmInvocations: number;
  /** Cold starts measured per runtime. */
  readonly coldRounds: number;
}

const DEFAULTS: LambdaBenchOptions = { durationS: 5, connections: 16, warmInvocations: 1000, coldRounds: 15 };
const ROLE = 'arn:aws:iam::000000000000:role/bench';
const NAME = 'lambda';

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** Runs the benchmark and reports its figures. */
export async function run(options: Partial<LambdaBenchOptions> = {}): Promise<void> {
  const o = { ...DEFAULTS, ...options };
  console.log(
    `\n[${NAME}] Invoke latency and throughput — ${o.warmInvocations} warm calls per runtime, ${o.coldRounds} cold ` +
      `starts, ${o.connections} callers for ${o.durationS} s`,
  );
  const dataDir = tempDir('sluice-bench-lambda-');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnChild(process.execPath, [
    '--import',
    'tsx',
    join(REPO_ROOT, 'src', 'cli', 'index.ts'),
    'serve',
    '--port',
    String(port),
    '--data-dir',
    dataDir,
    '--log-level',
    'warn',
  ]);
  const agent = new Agent({ keepAlive: true, maxSockets: Math.max(o.connections, 1) });
  try {
    await waitHealthy(url, () => child.output());
    await createFunction(agent, url, 'bench-node', 'nodejs20.x', 'index.handler', {
      'index.mjs': 'export const handler = async (event) => event;\n',
    });
    await createFunction(agent, url, 'bench-python', 'python3.12', 'app.handler', {
      'app.py': 'def handler(event, context):\n    return event\n',
    });

    // Sluice's own code must be JIT-warm before any figure is taken: 300 calls of each function first.
    for (let i = 0; i < 300; i++) {
      await invokeOnce(agent, url, 'bench-node', '{}');
      await invokeOnce(agent, url, 'bench-python', '{}');
    }
    for (const [label, fn, target] of [
      ['Node.js', 'bench-node', 5],
      ['Python', 'bench-python', 10],
    ] as const) {
      const times = await warmLatencies(agent, url, fn, o.warmInvocations);
      report({
        benchmark: NAME,
        name: `warm Invoke p50, ${label}`,
        value: percentile(times, 50),
        unit: 'ms',
        target: `< ${target}`,
        pass: percentile(times, 50) < target,
        note: `p99 ${fmt(percentile(times, 99))} ms, ${times.length} sequential calls`,
      });
    }

    const cold: number[] = [];
    for (const [label, fn] of [
      ['Node.js', 'bench-node'],
      ['Python', 'bench-python'],
    ] as const) {
      const times = await coldLatencies(agent, url, fn, o.coldRounds);
      cold.push(...times);
      info(`cold ${label}: p50 ${fmt(median(times))} ms, max ${fmt(Math.max(...times))} ms`);
    }
    report({
      benchmark: NAME,
      name: 'cold Invoke p50 (Node.js and Python)',
      value: median(cold),
      unit: 'ms',
      target: '< 300',
      pass: median(cold) < 300,
      note: `${cold.length} cold starts, worst ${fmt(Math.max(...cold))} ms`,
    });

    const { perSecond, p50 } = await throughput(agent, url, 'bench-node', o.connections, o.durationS);
    report({
      benchmark: NAME,
      name: 'trivial Node.js handler, invocations/s',
      value: perSecond,
      unit: '/s',
      target: '≥ 500',
      pass: perSecond >= 500,
      note: `${o.connections} concurrent callers, p50 ${fmt(p50)} ms`,
    });
  } finally {
    agent.destroy();
    await child.stop();
    removeTempDir(dataDir);
  }
}

async function waitHealthy(url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/_sluice/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`sluice did not start:\n${output()}`);
    await sleep(50);
  }
}

function call(agent: Agent, url: string, method: string, path: string, body: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const req = request(
      `${url}${path}`,
      { method, agent, headers: { 'content-type': 'application/json', 'content-length': String(bytes.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(bytes);
  });
}

async function createFunction(
  agent: Agent,
  url: string,
  name: string,
  runtime: string,
  handler: string,
  files: Record<string, string>,
): Promise<void> {
  const body = JSON.stringify({
    FunctionName: name,
    Runtime: runtime,
    Handler: handler,
    Role: ROLE,
    Code: { ZipFile: makeZip(files).toString('base64') },
  });
  const answer = await call(agent, url, 'POST', '/2015-03-31/functions', body);
  if (answer.status !== 201) throw new Error(`CreateFunction ${name}: ${answer.status} ${answer.body}`);
}

async function invokeOnce(agent: Agent, url: string, fn: string, payload: string): Promise<number> {
  const started = performance.now();
  const answer = await call(agent, url, 'POST', `/2015-03-31/functions/${fn}/invocations`, payload);
  const elapsed = performance.now() - started;
  if (answer.status !== 200 || answer.body.includes('errorMessage')) {
    throw new Error(`Invoke ${fn}: ${answer.status} ${answer.body}`);
  }
  return elapsed;
}

async function warmLatencies(agent: Agent, url: string, fn: string, count: number): Promise<number[]> {
  for (let i = 0; i < 50; i++) await invokeOnce(agent, url, fn, `{"warmup":${i}}`);
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push(await invokeOnce(agent, url, fn, `{"i":${i}}`));
  return times;
}

async function coldLatencies(agent: Agent, url: string, fn: string, rounds: number): Promise<number[]> {
  await invokeOnce(agent, url, fn, '{}'); // the first start also finds python3; not a cold start's cost
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const body = JSON.stringify({ Description: `round ${i}` });
    const answer = await call(agent, url, 'PUT', `/2015-03-31/functions/${fn}/configuration`, body);
    if (answer.status !== 200) throw new Error(`UpdateFunctionConfiguration: ${answer.status} ${answer.body}`);
    times.push(await invokeOnce(agent, url, fn, `{"cold":${i}}`));
  }
  return times;
}

async function throughput(
  agent: Agent,
  url: string,
  fn: string,
  connections: number,
  durationS: number,
): Promise<{ perSecond: number; p50: number }> {
  const load = async (ms: number, times: number[]): Promise<void> => {
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: connections }, async (_, c) => {
        for (let i = 0; performance.now() < until; i++) {
          times.push(await invokeOnce(agent, url, fn, `{"c":${c},"i":${i}}`));
        }
      }),
    );
  };
  await load(1000, []); // the pool settles on its workers
  const times: number[] = [];
  const started = performance.now();
  await load(durationS * 1000, times);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: times.length / seconds, p50: percentile(times, 50) };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function parseArgs(argv: readonly string[]): Partial<LambdaBenchOptions> {
  const options: { durationS?: number; connections?: number } = {};
  for (const arg of argv) {
    const [flag, value] = arg.split('=', 2);
    const n = Number(value);
    if (flag === '--duration' && n > 0) options.durationS = n;
    else if (flag === '--connections' && n > 0) options.connections = Math.round(n);
    else throw new Error(`unknown option ${arg} (known: --duration=S, --connections=N)`);
  }
  return options;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(parseArgs(process.argv.slice(2))).then(
    () => {
      printSummary();
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`lambda bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}
