/**
 * The function host on real worker processes (the host's python3 and node), without a server: warm reuse, the
 * timeout kill, crashes, init failures, bounded logs and results, concurrency limits, revisions and reaping.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { FunctionHostOptions, HostFunction, HostInvocation } from '../../../src/runtimes/lambda/function-host.js';
import { FunctionHost } from '../../../src/runtimes/lambda/function-host.js';

const scratch = mkdtempSync(join(tmpdir(), 'sluice-host-'));
const hosts: FunctionHost[] = [];
after(() => {
  for (const host of hosts) host.close();
  rmSync(scratch, { recursive: true, force: true });
});

let counter = 0;

/** Writes `files` into a fresh folder and describes a function running `handler` from it. */
function makeFunction(
  runtime: string,
  handler: string,
  files: Record<string, string>,
  overrides: Partial<HostFunction> = {},
): HostFunction {
  const dir = join(scratch, `fn-${++counter}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const name = `fn-${counter}`;
  return {
    arn: `arn:aws:lambda:us-east-1:000000000000:function:${name}`,
    revisionId: 'r1',
    name,
    accountId: '000000000000',
    region: 'us-east-1',
    runtime,
    handler,
    timeoutSeconds: 3,
    memorySize: 128,
    environment: { GREETING: 'hello' },
    codeDir: () => Promise.resolve(dir),
    ...overrides,
  };
}

function newHost(options: Partial<FunctionHostOptions> = {}): FunctionHost {
  const host = new FunctionHost(options);
  hosts.push(host);
  return host;
}

const PYTHON = `import os, sys, time
calls = 0
def handler(event, context):
    global calls
    calls += 1
    action = event.get("do")
    if action == "sleep": time.sleep(event["seconds"])
    if action == "exit": os._exit(3)
    if action == "big": return "y" * 7000000
    if action == "print":
        for _ in range(event["lines"]): sys.stdout.write("z" * 99 + "\\n")
    if action == "raise": raise KeyError("missing")
    return {"calls": calls, "pid": os.getpid(), "greeting": os.environ.get("GREETING")}
`;

const NODE = `let calls = 0;
export async function handler(event) {
  calls++;
  if (event.do === 'sleep') await new Promise((r) => setTimeout(r, event.seconds * 1000));
  if (event.do === 'exit') process.exit(2);
  if (event.do === 'spin') for (;;);
  if (event.do === 'raise') throw new TypeError('bad type');
  return { calls, pid: process.pid, greeting: process.env.GREETING };
}
`;

let requests = 0;
async function call(host: FunctionHost, fn: HostFunction, event: unknown, extra = {}): Promise<HostInvocation> {
  return host.invoke(fn, Buffer.from(JSON.stringify(event)), { requestId: `req-${++requests}`, ...extra });
}

function json(result: HostInvocation): Record<string, unknown> {
  return JSON.parse(result.payload.toString()) as Record<string, unknown>;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const runtimes = [
  { label: 'Python', fn: () => makeFunction('python3.12', 'app.handler', { 'app.py': PYTHON }) },
  { label: 'Node.js', fn: () => makeFunction('nodejs20.x', 'index.handler', { 'index.mjs': NODE }) },
];

describe('function host', { concurrency: 4 }, () => {
  for (const { label, fn: make } of runtimes) {
    it(`${label}: reuses a warm worker, whose module state persists, with the function's environment`, async () => {
      const host = newHost();
      const fn = make();
      const first = json(await call(host, fn, {}));
      const second = json(await call(host, fn, {}));
      assert.equal(first['calls'], 1);
      assert.equal(second['calls'], 2);
      assert.equal(second['pid'], first['pid']);
      assert.equal(first['greeting'], 'hello');
      assert.equal(host.idleWorkers(fn.arn), 1);
    });

    it(`${label}: kills a worker at the timeout and starts afresh`, async () => {
      const host = newHost();
      const fn = { ...make(), timeoutSeconds: 1 };
      const { pid } = json(await call(host, fn, {}));
      const started = Date.now();
      const result = await call(host, fn, { do: 'sleep', seconds: 30 });
      assert.ok(Date.now() - started < 5000);
      assert.equal(result.timedOut, true);
      assert.equal(result.functionError, 'Unhandled');
      assert.match(
        String(json(result)['errorMessage']),
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z req-\d+ Task timed out after 1\.00 seconds$/,
      );
      assert.match(result.log.toString(), /Task timed out after 1\.00 seconds\nEND RequestId: req-\d+\nREPORT/);
      assert.equal(pidAlive(pid as number), false);
      assert.equal(json(await call(host, fn, {}))['calls'], 1);
    });

    it(`${label}: caps the timeout at the caller's limit`, async () => {
      const host = newHost();
      const result = await call(host, make(), { do: 'sleep', seconds: 10 }, { timeoutCapMs: 400 });
      assert.equal(result.timedOut, true);
      assert.match(String(json(result)['errorMessage']), /Task timed out after 0\.40 seconds$/);
    });

    it(`${label}: reports a crashed runtime as Runtime.ExitError`, async () => {
      const host = newHost();
      const fn = make();
      const result = await call(host, fn, { do: 'exit' });
      assert.equal(result.functionError, 'Unhandled');
      const payload = json(result);
      assert.equal(payload['errorType'], 'Runtime.ExitError');
      assert.match(
        String(payload['errorMessage']),
        /^RequestId: req-\d+ Error: Runtime exited with error: exit status [23]$/,
      );
      assert.equal(json(await call(host, fn, {}))['calls'], 1);
    });

    it(`${label}: moves to a new revision with new workers`, async () => {
      const host = newHost();
      const fn = make();
      await call(host, fn, {});
      assert.equal(json(await call(host, fn, {}))['calls'], 2);
      assert.equal(json(await call(host, { ...fn, revisionId: 'r2' }, {}))['calls'], 1);
    });
  }

  it('Python: formats errors as the AWS Python runtime does', async () => {
    const host = newHost();
    const result = await call(host, runtimes[0]!.fn(), { do: 'raise' });
    assert.equal(result.functionError, 'Unhandled');
    const payload = json(result);
    assert.deepEqual(Object.keys(payload), ['errorMessage', 'errorType', 'requestId', 'stackTrace']);
    assert.equal(payload['errorMessage'], "'missing'");
    assert.equal(payload['errorType'], 'KeyError');
    assert.match(String((payload['stackTrace'] as string[])[0]), /^ {2}File ".*app\.py", line \d+, in handler\n/);
    assert.match(result.log.toString(), /\[ERROR\] KeyError: 'missing'\nTraceback \(most recent call last\):/);
  });

  it('Node.js: formats errors as the AWS Node.js runtime does', async () => {
    const host = newHost();
    const payload = json(await call(host, runtimes[1]!.fn(), { do: 'raise' }));
    assert.equal(payload['errorType'], 'TypeError');
    assert.equal(payload['errorMessage'], 'bad type');
    assert.equal((payload['trace'] as string[])[0], 'TypeError: bad type');
  });

  it('Node.js: kills a handler that never yields the event loop', async () => {
    const host = newHost();
    const fn = { ...runtimes[1]!.fn(), timeoutSeconds: 1 };
    const result = await call(host, fn, { do: 'spin' });
    assert.equal(result.timedOut, true);
  });

  it('Node.js: runs callback-style, synchronous and context.succeed handlers', async () => {
    const host = newHost();
    const fn = makeFunction('nodejs18.x', 'lib/handlers.main', {
      'lib/handlers.cjs': `
exports.main = (event, context, callback) => setTimeout(() => callback(null, { via: 'callback', n: event.n }), 10);
exports.sync = (event) => ({ via: 'sync', n: event.n });
exports.legacy = (event, context) => { context.succeed({ via: 'succeed' }); };
exports.fails = (event, context, callback) => callback(new RangeError('out of range'));
exports.nothing = async () => undefined;
`,
    });
    assert.deepEqual(json(await call(host, fn, { n: 1 })), { via: 'callback', n: 1 });
    assert.deepEqual(json(await call(host, { ...fn, handler: 'lib/handlers.sync', revisionId: 'b' }, { n: 2 })), {
      via: 'sync',
      n: 2,
    });
    assert.deepEqual(json(await call(host, { ...fn, handler: 'lib/handlers.legacy', revisionId: 'c' }, {})), {
      via: 'succeed',
    });
    const failed = await call(host, { ...fn, handler: 'lib/handlers.fails', revisionId: 'd' }, {});
    assert.equal(json(failed)['errorType'], 'RangeError');
    const nothing = await call(host, { ...fn, handler: 'lib/handlers.nothing', revisionId: 'e' }, {});
    assert.equal(nothing.payload.toString(), 'null');
  });

  it('reports handlers that cannot load with the runtimes own error types', async () => {
    const host = newHost();
    const cases: [HostFunction, string, RegExp][] = [
      [
        makeFunction('python3.12', 'nope.handler', { 'app.py': PYTHON }),
        'Runtime.ImportModuleError',
        /^Unable to import module 'nope': No module named 'nope'$/,
      ],
      [
        makeFunction('python3.12', 'app.missing', { 'app.py': PYTHON }),
        'Runtime.HandlerNotFound',
        /^Handler 'missing' missing on module 'app'$/,
      ],
      [
        makeFunction('python3.12', 'app.handler', { 'app.py': 'def handler(:\n' }),
        'Runtime.UserCodeSyntaxError',
        /^Syntax error in module 'app'/,
      ],
      [
        makeFunction('python3.12', 'app.handler', { 'app.py': 'raise RuntimeError("init failed")\n' }),
        'RuntimeError',
        /^init failed$/,
      ],
      [
        makeFunction('nodejs20.x', 'nope.handler', { 'index.mjs': NODE }),
        'Runtime.ImportModuleError',
        /^Error: Cannot find module 'nope'/,
      ],
      [
        makeFunction('nodejs20.x', 'index.missing', { 'index.mjs': NODE }),
        'Runtime.HandlerNotFound',
        /^index\.missing is undefined or not exported$/,
      ],
      [
        makeFunction('nodejs20.x', 'index.handler', { 'index.mjs': 'export const handler = (;\n' }),
        'Runtime.UserCodeSyntaxError',
        /^SyntaxError: /,
      ],
      [
        makeFunction('nodejs20.x', 'index.handler', { 'index.mjs': 'throw new Error("init failed");\n' }),
        'Error',
        /^init failed$/,
      ],
    ];
    for (const [fn, errorType, message] of cases) {
      const result = await call(host, fn, {});
      assert.equal(result.functionError, 'Unhandled', fn.handler);
      const payload = json(result);
      assert.equal(payload['errorType'], errorType, JSON.stringify(payload));
      assert.match(String(payload['errorMessage']), message);
      assert.match(result.log.toString(), /START RequestId: .*\nEND RequestId: .*\nREPORT RequestId: /);
    }
  });

  it('keeps only the tail of a huge log, and a warm worker after it', async () => {
    const host = newHost({ logCapacityBytes: 16 * 1024 });
    const fn = { ...runtimes[0]!.fn(), timeoutSeconds: 30 };
    const result = await call(host, fn, { do: 'print', lines: 50_000 }); // 5 MB of output
    assert.equal(result.functionError, undefined);
    assert.ok(result.log.length < 17 * 1024, `log of ${result.log.length} bytes`);
    assert.match(result.log.toString(), /z{99}\nEND RequestId/);
    assert.equal(json(await call(host, fn, {}))['calls'], 2);
  });

  it('answers a result over 6 MB with Function.ResponseSizeTooLarge and keeps the worker', async () => {
    const host = newHost();
    const fn = runtimes[0]!.fn();
    const result = await call(host, fn, { do: 'big' });
    assert.equal(result.functionError, 'Unhandled');
    assert.deepEqual(json(result), {
      errorMessage: 'Response payload size (7000002 bytes) exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
    assert.equal(json(await call(host, fn, {}))['calls'], 2);
  });

  it('runs at most maxWorkersPerFunction at once and keeps maxIdleWorkersPerFunction after a burst', async () => {
    const host = newHost({ maxWorkersPerFunction: 2, maxIdleWorkersPerFunction: 1, surplusIdleTimeoutMs: 200 });
    const fn = runtimes[1]!.fn();
    const started = Date.now();
    const results = await Promise.all([1, 2, 3, 4].map(() => call(host, fn, { do: 'sleep', seconds: 0.3 })));
    assert.ok(Date.now() - started >= 600, 'four 0.3 s invocations on two workers take two rounds');
    assert.equal(new Set(results.map((r) => json(r)['pid'])).size, 2);
    assert.equal(host.idleWorkers(fn.arn), 2, 'both stay warm right after the burst');
    for (let i = 0; i < 40 && host.idleWorkers(fn.arn) > 1; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(host.idleWorkers(fn.arn), 1);
  });

  it('runs a quick handler on few workers and gives a slow one its concurrency', async () => {
    const host = newHost({ maxWorkersPerFunction: 8, eagerWorkersPerFunction: 1, spawnDelayMs: 50 });
    const quick = runtimes[1]!.fn();
    const pids = new Set<unknown>();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 25; i++) pids.add(json(await call(host, quick, {}))['pid']);
      }),
    );
    assert.ok(pids.size < 8, `${pids.size} workers for 8 callers of a quick handler`);
    const slow = runtimes[1]!.fn();
    const started = Date.now();
    const results = await Promise.all([1, 2, 3, 4].map(() => call(host, slow, { do: 'sleep', seconds: 1 })));
    assert.equal(new Set(results.map((r) => json(r)['pid'])).size, 4);
    assert.ok(Date.now() - started < 3500, 'the four sleeps overlap');
  });

  it('kills the worker and rejects when the caller aborts', async () => {
    const host = newHost();
    const fn = runtimes[1]!.fn();
    const { pid } = json(await call(host, fn, {}));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop requested')), 100);
    await assert.rejects(call(host, fn, { do: 'sleep', seconds: 10 }, { signal: controller.signal }), /stop requested/);
    assert.equal(pidAlive(pid as number), false);
  });

  it('stops idle workers after the idle timeout', async () => {
    const host = newHost({ idleTimeoutMs: 300 });
    const fn = runtimes[1]!.fn();
    const { pid } = json(await call(host, fn, {}));
    assert.equal(host.idleWorkers(fn.arn), 1);
    for (let i = 0; i < 40 && pidAlive(pid as number); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(pidAlive(pid as number), false);
    assert.equal(host.idleWorkers(fn.arn), 0);
  });
});
