/**
 * Shared machinery of `npm run bench`: child processes (Sluice, a bare Node server, moto) that are always
 * cleaned up, a tiny AWS JSON client, load generators (autocannon in-process, wrk as a child), and the
 * results every benchmark reports into for the final summary.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Options every benchmark receives from bench/run.ts. */
export interface BenchOptions {
  /** Seconds of each measured load run. */
  readonly durationS: number;
  /** Seconds of the warm-up run before a measured one. */
  readonly warmupS: number;
  /** Concurrent connections of each load run. */
  readonly connections: number;
  /**
   * How Sluice is started: `bundle` (default) compiles src/ with esbuild into one temp file, so the process
   * runs plain JavaScript as in production without a loader; `tsx` runs src/ through the tsx loader (which
   * adds its own memory); `dist` runs dist/ as built by `npm run build`.
   */
  readonly sluiceFrom: 'bundle' | 'tsx' | 'dist';
}

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: every child and temp folder is registered here and removed on exit, normal or not.

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();

function cleanupNow(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

process.on('exit', cleanupNow);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\nbench: ${signal}, cleaning up\n`);
    cleanupNow();
    process.exit(130);
  });
}

/** A fresh temp folder, removed on exit. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Removes a temp folder now. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A child process we started, with the tail of its output for error messages. */
export interface Child {
  readonly pid: number;
  readonly process: ChildProcess;
  /** The last few KB of stdout+stderr. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns a registered child whose output is kept (tail only). */
export function spawnChild(command: string, args: readonly string[], cwd = REPO_ROOT): Child {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  children.add(child);
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.once('exit', () => children.delete(child));
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  return {
    pid: child.pid,
    process: child,
    output: () => tail,
    stop: async (graceMs = 5000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves when `predicate` is true of the child's output, rejects if it exits or `timeoutMs` passes. */
async function waitForOutput(child: Child, predicate: (out: string) => boolean, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(child.output())) {
    if (child.process.exitCode !== null) throw new Error(`${what} exited early:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs} ms:\n${child.output()}`);
    await sleep(20);
  }
}

/** Resolves once GET `url` answers at all (any status), or throws after `timeoutMs`. */
async function waitForHttp(url: string, what: string, child: Child, timeoutMs: number, okOnly: boolean) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`${what} exited early:\n${child.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (!okOnly || response.status === 200) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The processes under test.

/** A Sluice server in its own process. */
export interface SluiceProcess extends Child {
  readonly url: string;
  readonly dataDir: string;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

let bundled: Promise<string> | undefined;

/**
 * src/cli/index.ts bundled by esbuild (tsx's own compiler, so no new dependency) into a temp folder whose
 * node_modules links to the repository's, once per run. No type check: that is `npm run typecheck`'s job.
 */
function bundleSluice(): Promise<string> {
  return (bundled ??= (async () => {
    const { build } = await import('esbuild');
    const dir = tempDir('sluice-bench-build-');
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const outfile = join(dir, 'sluice.mjs');
    await build({
      entryPoints: [join(REPO_ROOT, 'src', 'cli', 'index.ts')],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
    });
    return outfile;
  })());
}

/** The node arguments that run the `sluice` command, as `options.sluiceFrom` asks. */
export async function sluiceEntry(options: BenchOptions): Promise<string[]> {
  switch (options.sluiceFrom) {
    case 'bundle':
      return [await bundleSluice()];
    case 'tsx':
      return ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli', 'index.ts')];
    case 'dist':
      return [join(REPO_ROOT, 'dist', 'cli', 'index.js')];
  }
}

/** Starts `sluice serve` on a free port with a fresh SQLite store; resolves once /_sluice/health is 200. */
export async function startSluiceProcess(
  options: BenchOptions,
  extraArgs: readonly string[] = [],
): Promise<SluiceProcess> {
  const entry = await sluiceEntry(options);
  const dataDir = tempDir('sluice-bench-');
  const port = await freePort();
  const serveArgs = ['serve', '--port', String(port), '--data-dir', dataDir, '--log-level', 'warn', ...extraArgs];
  const child = spawnChild(process.execPath, [...entry, ...serveArgs]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOutput(child, (out) => out.includes('listening on'), 'sluice', 60_000);
    await waitForHttp(`${url}/_sluice/health`, 'sluice', child, 10_000, true);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    ...child,
    url,
    dataDir,
    close: async () => {
      await child.stop();
      removeTempDir(dataDir);
    },
  };
}

/** A bare Node http server (bench/bare-server.ts) that answers every request with fixed bytes. */
export async function startBareServer(body: Buffer, contentType: string): Promise<Child & { url: string }> {
  const dir = tempDir('sluice-bench-bare-');
  const bodyFile = join(dir, 'body');
  writeFileSync(bodyFile, body);
  const port = await freePort();
  const script = join(REPO_ROOT, 'bench', 'bare-server.ts');
  const child = spawnChild(process.execPath, ['--import', 'tsx', script, String(port), bodyFile, contentType]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOutput(child, (out) => out.includes('bare server listening'), 'bare server', 30_000);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { ...child, url };
}

/** moto_server on a free port, or undefined (with the reason) when it is not installed or does not start. */
export async function startMoto(): Promise<{ child: Child & { url: string } } | { missing: string }> {
  if (!commandExists('moto_server')) return { missing: 'moto_server is not on PATH' };
  const port = await freePort();
  const child = spawnChild('moto_server', ['-H', '127.0.0.1', '-p', String(port)]);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/moto-api/`, 'moto_server', child, 30_000, false);
  } catch (error) {
    await child.stop();
    return { missing: error instanceof Error ? error.message : String(error) };
  }
  return { child: { ...child, url } };
}

/** Whether `name` is an executable on PATH. */
export function commandExists(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

const CLOCK_TICKS_PER_S = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** CPU time (user + system, and system alone) a process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMsOf(pid: number): { cpuMs: number; sysMs: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [user, sys] = [Number(fields[11]), Number(fields[12])].map((ticks) => (ticks * 1000) / CLOCK_TICKS_PER_S);
  return { cpuMs: (user ?? NaN) + (sys ?? NaN), sysMs: sys ?? NaN };
}

/** The 1-minute load average and the number of CPUs, to tell a busy machine from a slow server. */
export function machineLoad(): { load1: number; cpus: number } {
  return { load1: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]), cpus: availableParallelism() };
}

/** VmRSS and VmHWM (peak) of a process, in MiB, from /proc. */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

// ---------------------------------------------------------------------------------------------------------------
// Talking to Sluice (and moto).

/** Headers of every AWS JSON request; the Authorization carries the region (neither server checks signatures). */
export function awsHeaders(operation: string): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `SageMaker.${operation}`,
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDBENCH/20240101/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=0',
  };
}

/** An AWS error answer. */
export class AwsCallError extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${operation} answered ${status}: ${body.slice(0, 500)}`);
  }
}

/** The raw answer of one operation. */
export async function callRaw(
  url: string,
  operation: string,
  input: object,
): Promise<{ status: number; contentType: string; body: Buffer }> {
  const response = await fetch(`${url}/`, {
    method: 'POST',
    headers: awsHeaders(operation),
    body: JSON.stringify(input),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** Calls one operation and returns its parsed answer; throws AwsCallError on a non-200. */
export async function call<T = Record<string, unknown>>(url: string, operation: string, input: object): Promise<T> {
  const { status, body } = await callRaw(url, operation, input);
  if (status !== 200) throw new AwsCallError(operation, status, body.toString('utf8'));
  return JSON.parse(body.toString('utf8')) as T;
}

export const ROLE_ARN = 'arn:aws:iam::000000000000:role/SluiceBenchRole';

/** Creates a pipeline with this definition text. */
export async function createPipeline(url: string, name: string, definition: string): Promise<void> {
  await call(url, 'CreatePipeline', {
    PipelineName: name,
    PipelineDefinition: definition,
    RoleArn: ROLE_ARN,
    ClientRequestToken: crypto.randomUUID(),
  });
}

/** Every item of a paginated list operation. */
export async function paginate<T>(
  url: string,
  operation: string,
  input: object,
  itemsKey: string,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await call<Record<string, unknown>>(url, operation, {
      ...input,
      MaxResults: 100,
      ...(token && { NextToken: token }),
    });
    pages++;
    items.push(...((page[itemsKey] as T[] | undefined) ?? []));
    token = page['NextToken'] as string | undefined;
  } while (token);
  return { items, pages };
}

// ---------------------------------------------------------------------------------------------------------------
// Load generators.

/** What one load run measured. */
export interface LoadResult {
  readonly tool: 'autocannon' | 'wrk';
  /** Successful (2xx) responses per second. */
  readonly okPerS: number;
  readonly ok: number;
  /** Non-2xx responses and socket errors. */
  readonly failed: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly seconds: number;
}

/** A POST load run with autocannon (in this process; the server under test must be another process). */
export async function runAutocannon(
  url: string,
  request: { headers: Record<string, string>; body: string },
  durationS: number,
  connections: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url: `${url}/`,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    connections,
    duration: durationS,
  });
  const ok = result['2xx'];
  return {
    tool: 'autocannon',
    ok,
    okPerS: ok / result.duration,
    failed: result.non2xx + result.errors,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    seconds: result.duration,
  };
}

/** A POST load run with wrk (2 threads); needs `wrk` on PATH. */
export async function runWrk(
  url: string,
  request: { headers: Record<string, string>; body: string },
  durationS: number,
  connections: number,
): Promise<LoadResult> {
  const dir = tempDir('sluice-bench-wrk-');
  const script = join(dir, 'post.lua');
  const lua = (s: string): string => JSON.stringify(s); // a JSON string literal is a valid Lua string literal here
  writeFileSync(
    script,
    [
      'wrk.method = "POST"',
      `wrk.body = ${lua(request.body)}`,
      ...Object.entries(request.headers).map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`),
      'done = function(summary, latency, requests)',
      '  local e = summary.errors',
      '  io.write(string.format("WRKRESULT %d %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,',
      '    e.connect, e.read, e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))',
      'end',
      '',
    ].join('\n'),
  );
  const args = ['-t2', `-c${connections}`, `-d${durationS}s`, '--timeout', '10s', '-s', script, `${url}/`];
  const child = spawnChild('wrk', args);
  await new Promise<void>((r) => child.process.once('exit', () => r()));
  removeTempDir(dir);
  const match = /WRKRESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(child.output());
  if (!match) throw new Error(`wrk printed no result:\n${child.output()}`);
  const [requests, durationUs, connect, , write, status, timeout, p50Us, p99Us] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Read errors are not counted as failures: wrk counts a server's close after a `Connection: close` answer
  // (moto closes every connection) as one even though the response was complete.
  const ok = requests - status - timeout;
  return {
    tool: 'wrk',
    ok,
    okPerS: ok / (durationUs / 1e6),
    failed: status + timeout + connect + write,
    p50Ms: p50Us / 1000,
    p99Ms: p99Us / 1000,
    seconds: durationUs / 1e6,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reporting.

/** One reported figure. */
export interface Figure {
  readonly benchmark: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** e.g. "≥ 8,000"; undefined for an informative figure. */
  readonly target?: string;
  readonly pass?: boolean;
  /** Ratio to the peer/baseline, with what it is relative to. */
  readonly ratio?: string;
  readonly note?: string;
}

export const figures: Figure[] = [];

/** Formats a number for humans: thousands separators, sensible decimals. */
export function fmt(value: number, decimals?: number): string {
  if (!Number.isFinite(value)) return String(value);
  const d = decimals ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** Records a figure and prints its line. */
export function report(figure: Figure): void {
  figures.push(figure);
  const verdict = figure.pass === undefined ? '' : figure.pass ? '  PASS' : '  MISS';
  const target = figure.target ? `  target ${figure.target} ${figure.unit}` : '';
  const ratio = figure.ratio ? `  ratio ${figure.ratio}` : '';
  const note = figure.note ? `  (${figure.note})` : '';
  console.log(`  ${figure.name}: ${fmt(figure.value)} ${figure.unit}${target}${verdict}${ratio}${note}`);
}

/** Prints an informative line that is not a figure of the summary. */
export function info(line: string): void {
  console.log(`    · ${line}`);
}

/** Runs `work` and returns its result with the CPU ms (and system-time ms) process `pid` used meanwhile. */
export async function withCpuOf<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuMs: number; sysMs: number }> {
  const before = cpuMsOf(pid);
  const result = await work();
  const after = cpuMsOf(pid);
  return { result, cpuMs: after.cpuMs - before.cpuMs, sysMs: after.sysMs - before.sysMs };
}

/** One load result as a line. */
export function describeLoad(label: string, r: LoadResult): string {
  const failed = r.failed > 0 ? `, ${fmt(r.failed, 0)} failed` : '';
  return `${label} [${r.tool}]: ${fmt(r.okPerS, 0)} req/s ok, p50 ${fmt(r.p50Ms, 2)} ms, p99 ${fmt(r.p99Ms, 2)} ms (${fmt(r.ok, 0)} ok in ${fmt(r.seconds, 1)} s${failed})`;
}

/** Prints the table of every figure. */
export function printSummary(): void {
  const rows = figures.map((f) => [
    f.benchmark,
    f.name,
    `${fmt(f.value)} ${f.unit}`,
    f.target ? `${f.target} ${f.unit}` : '',
    f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS',
    f.ratio ?? '',
  ]);
  const header = ['benchmark', 'figure', 'value', 'target', '', 'ratio'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
