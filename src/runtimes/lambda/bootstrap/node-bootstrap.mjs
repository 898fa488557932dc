// Sluice's Node.js worker: loads a Lambda handler once, then serves invocations one at a time.
//
// Started by src/runtimes/lambda/worker.ts as `node node-bootstrap.mjs <nonce>` with the package folder as working
// directory and LAMBDA_TASK_ROOT, _HANDLER and the AWS_LAMBDA_* variables in the environment. The control channel
// is file descriptor 3 (see frames.ts): stdout and stderr belong to the function and are its log. After loading
// the handler and after each invocation the bootstrap writes a marker holding <nonce> to both, so Sluice can tell
// which output belongs to which invocation.
//
// Handlers, `context`, console lines and error payloads follow the AWS Node.js runtime: a handler may be async or
// take a callback; errors are `{"errorType", "errorMessage", "trace"}`.
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const MARKER = `\0SLUICE-END-${process.argv[process.argv.length - 1]}\0`;
const EXTENSIONS = ['.js', '.mjs', '.cjs'];
const channel = new Socket({ fd: 3, readable: true, writable: true });
let currentRequestId = undefined;

class FaultError extends Error {
  constructor(errorType, errorMessage) {
    super(errorMessage);
    this.payload = { errorType, errorMessage };
  }
}

function send(header, payload = Buffer.alloc(0)) {
  const head = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.allocUnsafe(8);
  prefix.writeUInt32BE(head.length, 0);
  prefix.writeUInt32BE(payload.length, 4);
  channel.write(Buffer.concat([prefix, head, payload]));
}

/** Console lines as the AWS runtime writes them: `<time>\t<request id>\t<LEVEL>\t<message>`. */
function patchConsole() {
  const line = (level) =>
    function (...args) {
      process.stdout.write(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(...args)}\n`);
    };
  console.log = line('INFO');
  console.info = line('INFO');
  console.warn = line('WARN');
  console.error = line('ERROR');
  console.debug = line('DEBUG');
  console.trace = line('TRACE');
}

/** Flushes both streams, then marks the end of this phase on them. */
async function endPhase() {
  await Promise.all(
    [process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write(MARKER, () => resolve()))),
  );
}

function toRuntimeResponse(error) {
  try {
    if (error instanceof Error || (error && typeof error.stack === 'string' && typeof error.message === 'string')) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack).split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch {
    return {
      errorType: 'handled',
      errorMessage:
        'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}

function logError(label, payload) {
  const { trace, ...rest } = payload;
  const shown = trace === undefined ? rest : { ...rest, stack: trace };
  process.stdout.write(
    `${new Date().toISOString()}\t${currentRequestId}\tERROR\t${label} \t${JSON.stringify(shown)}\n`,
  );
}

async function loadHandler(handler, taskRoot) {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const base = handler.slice(slash + 1);
  const dot = base.indexOf('.');
  if (dot <= 0 || dot === base.length - 1) {
    throw new FaultError('Runtime.MalformedHandlerName', `Bad handler ${handler}`);
  }
  const moduleName = base.slice(0, dot);
  const exportPath = base.slice(dot + 1);
  const stem = path.resolve(taskRoot, dir, moduleName);
  const file = EXTENSIONS.map((ext) => stem + ext).find((candidate) => existsSync(candidate));
  if (file === undefined) {
    throw new FaultError(
      'Runtime.ImportModuleError',
      `Error: Cannot find module '${moduleName}'\nRequire stack:\n- ${path.join(taskRoot, 'index.mjs')}`,
    );
  }
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError)
      throw new FaultError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}`);
    throw error;
  }
  const find = (root) => exportPath.split('.').reduce((value, key) => (value == null ? undefined : value[key]), root);
  const fn = find(mod) ?? find(mod.default);
  if (typeof fn !== 'function') {
    throw new FaultError('Runtime.HandlerNotFound', `${moduleName}.${exportPath} is undefined or not exported`);
  }
  return fn;
}

function makeContext(header, callback) {
  const deadline = header.deadlineMs;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: header.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: header.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: header.clientContext ?? undefined,
    getRemainingTimeInMillis: () => Math.max(deadline - Date.now(), 0),
    // The legacy completion methods, still present in the AWS runtime.
    done: (error, result) => callback(error, result),
    succeed: (result) => callback(null, result),
    fail: (error) => callback(error ?? 'handled'),
  };
  return context;
}

/**
 * Runs the handler: an async handler (or one returning a promise) settles with its promise; one that takes a
 * callback settles when it calls it. TODO(parity): AWS waits for the event loop to drain when
 * callbackWaitsForEmptyEventLoop is true; the worker's own channel keeps the loop busy, so the callback settles
 * the invocation at once. A plain synchronous handler settles with its return value (AWS answers null).
 */
function runHandler(fn, event, header) {
  return new Promise((resolve, reject) => {
    let settled = false;
    const callback = (error, result) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const context = makeContext(header, callback);
    let returned;
    try {
      returned = fn(event, context, callback);
    } catch (error) {
      callback(error ?? new Error('handler threw a nullish value'));
      return;
    }
    if (returned && typeof returned.then === 'function') {
      returned.then(
        (result) => callback(null, result),
        (error) => callback(error ?? new Error('handler rejected with a nullish value')),
      );
    } else if (fn.length < 3) callback(null, returned);
  });
}

async function invoke(fn, header, eventBytes) {
  currentRequestId = header.requestId;
  try {
    const event = eventBytes.length === 0 ? {} : JSON.parse(eventBytes.toString('utf8'));
    const result = await runHandler(fn, event, header);
    let text;
    try {
      text = JSON.stringify(result);
    } catch (error) {
      const payload = {
        errorType: 'Runtime.MarshalError',
        errorMessage: `Unable to stringify response body: ${error.message}`,
      };
      logError('Invoke Error', payload);
      return ['error', Buffer.from(JSON.stringify(payload))];
    }
    return ['result', Buffer.from(text === undefined ? 'null' : text)];
  } catch (error) {
    const payload = toRuntimeResponse(error);
    logError('Invoke Error', payload);
    return ['error', Buffer.from(JSON.stringify(payload))];
  }
}

/** Reads frames from the channel, one invocation at a time. */
function serve(fn) {
  let pending = Buffer.alloc(0);
  let busy = false;
  const next = async () => {
    if (busy || pending.length < 8) return;
    const headLength = pending.readUInt32BE(0);
    const payloadLength = pending.readUInt32BE(4);
    if (pending.length < 8 + headLength + payloadLength) return;
    const header = JSON.parse(pending.subarray(8, 8 + headLength).toString('utf8'));
    const event = pending.subarray(8 + headLength, 8 + headLength + payloadLength);
    pending = pending.subarray(8 + headLength + payloadLength);
    busy = true;
    const [type, payload] = await invoke(fn, header, event);
    await endPhase();
    currentRequestId = undefined;
    send({ type }, payload);
    busy = false;
    void next();
  };
  channel.on('data', (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    void next();
  });
  channel.on('end', () => process.exit(0));
}

/** An error nobody caught crashes the runtime, as on AWS; Sluice reports Runtime.ExitError. */
function failHard(label) {
  return (error) => {
    const payload = toRuntimeResponse(error);
    process.stdout.write(
      `${new Date().toISOString()}\t${currentRequestId}\tERROR\t${label} \t${JSON.stringify({ ...payload, stack: payload.trace })}\n`,
      () => process.exit(129),
    );
  };
}

async function main() {
  patchConsole();
  process.on('uncaughtException', failHard('Uncaught Exception'));
  process.on('unhandledRejection', failHard('Unhandled Promise Rejection'));
  // Exits when Sluice is gone (it would have killed us at the timeout had it lived).
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.exit(1);
  }, 1000).unref();
  let fn;
  try {
    fn = await loadHandler(process.env._HANDLER ?? '', process.env.LAMBDA_TASK_ROOT ?? process.cwd());
  } catch (error) {
    const payload = error instanceof FaultError ? error.payload : toRuntimeResponse(error);
    logError('Init Error', payload);
    await endPhase();
    send({ type: 'init-error' }, Buffer.from(JSON.stringify(payload)));
    channel.end(() => process.exit(1));
    return;
  }
  await endPhase();
  send({ type: 'ready' });
  serve(fn);
}

await main();
